"""The leaders' report in a real browser: headless Chromium draws it and reads its DOM.

Chromium runs offline (no network features, a throwaway profile). Without a Chromium binary the
tests skip on a workstation and fail in CI (``CI`` set), where ``.ci/run`` installs it. The
screenshot is decoded with ``zlib`` alone (no imaging library) to check it is not blank.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from kyluat import VIETNAM
from kyluat.check import iter_results
from kyluat.followup import ReportData, report_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dossiers.csv"
AS_OF = datetime(2026, 11, 30, 9, tzinfo=VIETNAM)
BAR_BLUE = (0x5B, 0x7E, 0xA8)  # the on-time bars' fill (svg .bar in the page's CSS)
TIMEOUT = 60


def chromium() -> str:
    found = (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    if found is None:
        message = "no Chromium (chromium, chromium-browser or google-chrome) on PATH"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run installs it")
        pytest.skip(message)
    return found


def run_chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def data() -> ReportData:
    rows = iter_results(str(EXAMPLE))
    return report_data(rows, by="unit", as_of=AS_OF, source="examples/dossiers.csv")


@pytest.fixture(scope="module")
def page(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(data.to_html(), encoding="utf-8")
    return path


# --- PNG, by hand ------------------------------------------------------------------------------


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(kind: int, line: bytearray, prior: bytearray, bpp: int) -> bytearray:
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:
        line = bytearray((x + y) & 0xFF for x, y in zip(line, prior, strict=True))
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prior[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(len(line)):
            left, upper_left = (line[i - bpp], prior[i - bpp]) if i >= bpp else (0, 0)
            line[i] = (line[i] + _paeth(left, prior[i], upper_left)) & 0xFF
    else:
        assert kind == 0, f"unknown PNG filter {kind}"
    return line


def read_png(path: Path) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and RGB pixels of an 8-bit RGB or RGBA, non-interlaced PNG."""
    blob = path.read_bytes()
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(blob):
        (size,) = struct.unpack(">I", blob[pos : pos + 4])
        kind, body = blob[pos + 4 : pos + 8], blob[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    bpp = {2: 3, 6: 4}[colour]
    raw, stride = zlib.decompress(b"".join(chunks)), width * bpp
    prior, pixels = bytearray(stride), list[tuple[int, ...]]()
    for row in range(height):
        start = row * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), prior, bpp)
        pixels.extend(tuple(line[i : i + 3]) for i in range(0, stride, bpp))
        prior = line
    return width, height, pixels


def test_png_reader_on_a_known_image(tmp_path: Path) -> None:
    """The decoder itself: a 2×2 image written with every filter type."""
    rows = [bytes([0, 10, 20, 30, 40, 50, 60]), bytes([1, 1, 2, 3, 4, 5, 6])]
    rows += [bytes([2, 1, 1, 1, 1, 1, 1]), bytes([3, 0, 0, 0, 0, 0, 0])]
    rows += [bytes([4, 0, 0, 0, 0, 0, 0])]
    png = tmp_path / "tiny.png"

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 2, 5, 8, 2, 0, 0, 0)
    png.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
    width, height, pixels = read_png(png)
    assert (width, height) == (2, 5)
    assert pixels[:2] == [(10, 20, 30), (40, 50, 60)]
    assert pixels[2:4] == [(1, 2, 3), (5, 7, 9)]  # Sub
    assert pixels[4:6] == [(2, 3, 4), (6, 8, 10)]  # Up
    assert pixels[6:8] == [(1, 1, 2), (3, 4, 6)]  # Average: (left + up) // 2
    assert pixels[8:10] == [(1, 1, 2), (3, 4, 6)]  # Paeth: up


# --- the browser -------------------------------------------------------------------------------


def test_screenshot_is_not_blank(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    run_chromium(tmp_path / "profile", f"--screenshot={shot}", page.as_uri())
    assert shot.is_file()
    width, height, pixels = read_png(shot)
    assert (width, height) == (1400, 1000)
    colours = Counter(pixels)
    assert len(colours) >= 100  # text, anti-aliasing, charts: far more than a blank page
    white = colours[(255, 255, 255)]
    assert white / len(pixels) < 0.9
    ink = sum(n for (r, g, b), n in colours.items() if r + g + b < 300)
    assert ink / len(pixels) > 0.003  # text was drawn
    assert colours[BAR_BLUE] > 5_000  # the on-time bars were drawn, in the page's colour


def test_dom_has_every_part(page: Path, data: ReportData, tmp_path: Path) -> None:
    dom = run_chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    for ident in ("chart-units", "chart-months", "chart-backlog", "table-figures", "table-ratings"):
        assert f'id="{ident}"' in dom, ident
    assert "<script" not in dom
    for unit in data.units.groups:
        assert f'data-key="{unit}"' in dom, unit
    for month in data.months.groups:
        assert f'data-key="{month}"' in dom, month
    assert "Tỷ lệ đúng hạn theo đơn vị" in dom
