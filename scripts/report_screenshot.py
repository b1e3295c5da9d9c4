"""Regenerate docs/images/report-example.png: the leaders' report of the example, in Chromium.

Run from the repository root: ``python scripts/report_screenshot.py``. The report is
``examples/dossiers.csv`` by unit, judged at 30/11/2026 09:00 (Vietnam time), rendered by
``ReportData.to_html`` and photographed by headless Chromium (the Debian ``chromium`` package,
or ``chromium-browser`` / ``google-chrome``), offline, in a window 1400 pixels wide and tall
enough for the whole page. ``tests/browser/test_report_browser.py`` makes the same call.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from kyluat import VIETNAM
from kyluat.check import iter_results
from kyluat.followup import report_data

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/dossiers.csv"
OUTPUT = ROOT / "docs" / "images" / "report-example.png"
AS_OF = datetime(2026, 11, 30, 9, tzinfo=VIETNAM)


def chromium() -> str:
    """The Chromium binary, or exit with a message."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    found = found or shutil.which("google-chrome")
    if found is None:
        sys.exit("Chromium not found: apt-get install chromium")
    return found


def screenshot(page: Path, png: Path, *, width: int, height: int) -> None:
    """Photograph ``page`` with headless Chromium, offline, into ``png``."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )


def main() -> None:
    """Write the example's report and its screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1960, help="window height in pixels")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    rows = iter_results(str(ROOT / EXAMPLE))
    data = report_data(rows, by="unit", as_of=AS_OF, source=EXAMPLE)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(data.to_html(), encoding="utf-8")
        screenshot(page, args.output.resolve(), width=args.width, height=args.height)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
