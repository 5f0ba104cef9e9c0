"""The public CDNOW transaction data, read from the ``lifetimes`` package that ships it.

``lifetimes`` 0.11.3 (a development dependency) carries ``lifetimes/datasets/CDNOW_sample.txt``:
the 2,357 customers (a tenth of the cohort that first bought in the first quarter of 1997)
of Fader, Hardie and Lee (2005), their purchases to the end of June 1998, one line each:
master id, sample id, date (YYYYMMDD), CDs bought, dollars. The file is located through
the package's installed metadata, without importing it (its code needs pandas).
"""

from __future__ import annotations

from datetime import date
from importlib import metadata
from pathlib import Path

from core.errors import CustomerValueError
from shop.customer_value.features import Purchase

__all__ = ["CALIBRATION_END", "HOLDOUT_END", "START", "cdnow_file", "load_cdnow"]

START = date(1997, 1, 1)
#: The paper's split: 39 weeks of calibration (to 30 September 1997), 39 of holdout.
CALIBRATION_END = date(1997, 9, 30)
HOLDOUT_END = date(1998, 6, 30)
_FILE = "lifetimes/datasets/CDNOW_sample.txt"


def cdnow_file() -> Path:
    """Where the installed ``lifetimes`` keeps the CDNOW sample; CustomerValueError when it
    is not installed (``pip install -e '.[dev]'``)."""
    try:
        located = Path(str(metadata.distribution("lifetimes").locate_file(_FILE)))
    except metadata.PackageNotFoundError:
        located = None
    if located is None or not located.is_file():
        raise CustomerValueError(
            "the CDNOW data comes with the lifetimes package: install the development "
            "dependencies (pip install -e '.[dev]')"
        )
    return located


def load_cdnow(path: Path | None = None) -> list[Purchase]:
    """Every purchase of the sample; the day is counted from 1 January 1997."""
    purchases = []
    for number, line in enumerate((path or cdnow_file()).read_text().splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        try:
            _, customer, day, _, dollars = parts
            moment = date(int(day[:4]), int(day[4:6]), int(day[6:8]))
            purchases.append(Purchase(int(customer), (moment - START).days, float(dollars)))
        except ValueError as error:
            raise CustomerValueError(f"CDNOW line {number} is not a purchase") from error
    return purchases
