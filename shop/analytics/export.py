"""A measure's numbers as CSV, safe to open in a spreadsheet.

The header is the columns' names; empty cells are figures that do not exist (a rate of a
day without conversations). Text that a spreadsheet would run as a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return: shoppers' search words can) gets a
leading apostrophe, as OWASP advises for CSV injection; numbers are written as they are.
"""

from __future__ import annotations

import csv
import io

from shop.analytics.views import Cell, MeasureResult

__all__ = ["FORMULA_STARTS", "csv_cell", "to_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Cell) -> str | int | float:
    """A cell as written: None empty, text defused, numbers unchanged."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(result: MeasureResult) -> str:
    """The measure's table as CSV (header line, then one line per row; CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(name) for name in result.columns])
    for row in result.rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()
