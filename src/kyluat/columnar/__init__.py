"""The columnar check engine: records checked a column at once (extra ``columnar``).

``pip install 'kyluat[columnar]'`` installs pyarrow and NumPy.
[`check_table`][kyluat.columnar.check_table] checks an Arrow table and gives one verdict per row;
[`kyluat check`](../cli.md) and [check_file][kyluat.check.check_file] use the same kernel for
CSV files (``engine="auto"``), with the same report as the row engine byte for byte. Adapters
for Polars, DuckDB and Dask are thin layers over `check_table`. ``import kyluat`` never
imports this package.
"""

from __future__ import annotations

from kyluat.columnar._adapters import check_dask, check_polars, register_duckdb
from kyluat.columnar._table import RESULT_SCHEMA, check_table

__all__ = ["RESULT_SCHEMA", "check_dask", "check_polars", "check_table", "register_duckdb"]
