"""The columnar engine never imports pandas (importing it takes longer than checking 50,000 rows).

Regression: ``pyarrow.array``, ``Array.to_numpy``, ``numpy.asarray`` of an Arrow array and a
Python value given to an Arrow compute function each look for pandas, and importing it cost
``kyluat check`` 0.13 s on every run where pandas is installed (it is with the ``dask`` extra).
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dossiers.csv"

# Every attempt to import pandas is written down (and refused, as if it were not installed).
_WATCH = """
import sys
tried = []
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            tried.append(name)
            raise ImportError("pandas is watched")
        return None
sys.meta_path.insert(0, Watch())
from kyluat.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("PANDAS-TRIED" if tried else "PANDAS-UNTOUCHED", file=sys.stderr)
"""


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _WATCH, *args], capture_output=True, text=True, check=False
    )
    return done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz", ".jsonl"])
def test_checking_a_file_with_the_columnar_engine_never_looks_for_pandas(tmp_path, suffix):
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / f"records{suffix}"
    if suffix == ".csv.gz":
        path.write_bytes(gzip.compress(text.encode()))
    elif suffix == ".jsonl":
        import csv
        import json

        rows = list(csv.DictReader(text.splitlines()))
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    else:
        path.write_text(text, encoding="utf-8")
    assert _run("check", str(path), "--engine", "columnar", "--json") == "PANDAS-UNTOUCHED"
    assert _run("check", str(path), "--engine", "columnar") == "PANDAS-UNTOUCHED"


def test_the_watch_sees_an_import_of_pandas():
    # The test above cannot pass by accident: pyarrow.array looks for pandas, and it is seen.
    code = _WATCH.replace(
        "from kyluat.cli import main", "import pyarrow; pyarrow.array([1])\nmain = print"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "PANDAS-TRIED"
