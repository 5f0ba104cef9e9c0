"""Read a shop's catalog from CSV or JSON Lines; report bad rows line by line and skip them.

>>> report = read_catalog("catalog.csv")  # doctest: +SKIP
>>> report.products, report.problems, report.summary()  # doctest: +SKIP

The formats are documented in ``docs/catalog.md``. Every row is checked on its own: a row
with problems is skipped and each of its problems is reported with the row's line number
(the line where a CSV record starts), its id when it has one, a code from
:data:`PROBLEM_CODES` and a message. Good rows are kept. Over-long text is cut to the
database's column sizes (and reported as a warning); a line longer than
:data:`MAX_LINE_BYTES` is reported and skipped without being held in memory. Only a file
that cannot be read at all (missing, not CSV or JSON Lines, no usable CSV header) raises
:class:`~core.errors.CatalogError`.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import chain
from pathlib import Path
from typing import IO, Any

from core.errors import CatalogError
from core.text import ELLIPSIS
from core.text import cut as cut_text
from knowledge.catalog.currencies import KNOWN_CURRENCIES
from knowledge.catalog.pictures import is_picture_path
from knowledge.catalog.schema import (
    CATEGORY_SEPARATOR,
    LIST_SEPARATOR,
    CatalogProduct,
    StockKey,
    format_stock,
    parse_stock,
)

__all__ = [
    "CSV_COLUMNS",
    "LIMITS",
    "MAX_LINE_BYTES",
    "PROBLEM_CODES",
    "REQUIRED_COLUMNS",
    "IngestProblem",
    "IngestReport",
    "read_catalog",
    "write_catalog",
]

#: Columns of a catalog file, in the order :func:`write_catalog` writes them.
CSV_COLUMNS: tuple[str, ...] = (
    "id", "title", "description", "brand", "category_path", "price", "currency", "colours",
    "sizes", "materials", "tags", "stock", "rating", "image_url", "final_sale",
)  # fmt: skip
#: Columns a CSV header must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "title", "price")
#: Other header names accepted for a column (lower case).
_ALIASES = {"sku": "id", "name": "title", "category": "category_path", "image": "image_url",
            "colors": "colours", "brand_name": "brand"}  # fmt: skip

#: Longest physical line read; longer lines are reported and skipped.
MAX_LINE_BYTES = 16 * 1024 * 1024
#: Longest kept value per field (characters), matching the database columns.
LIMITS: dict[str, int] = {
    "id": 64, "title": 300, "description": 5000, "brand": 120, "category_path": 300,
    "image_url": 500, "colour": 60, "size": 30, "material": 120, "tag": 60, "list": 100,
}  # fmt: skip
_MAX_PRICE = Decimal("99999999.99")
_CENT = Decimal("0.01")

#: Problem codes: each skips its row. ``truncated``, ``bad_encoding`` and
#: ``unknown_column`` are warnings only (the row is kept).
PROBLEM_CODES: dict[str, str] = {
    "missing_id": "the row has no id",
    "bad_id": "the id is too long or has control characters",
    "duplicate_id": "the id was already used by an earlier row",
    "empty_title": "the title is missing or blank",
    "missing_price": "the price is missing",
    "bad_price": "the price is not a number >= 0 with at most two decimals",
    "bad_currency": "the currency is not an ISO 4217 code (three uppercase letters)",
    "bad_stock": "the stock is not colour:size:qty|... with whole numbers >= 0",
    "bad_url": "the image URL is not an https URL",
    "bad_rating": "the rating is not a number from 0 to 5",
    "bad_field": "a field has the wrong type (e.g. a list where text belongs)",
    "bad_json": "the line is not a JSON object",
    "bad_row": "the CSV record has more fields than the header, or the line is too long",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0", ""}


@dataclass(frozen=True)
class IngestProblem:
    """One problem of one row (or a warning about it)."""

    line: int
    id: str | None
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        """``{"line", "id", "problem", "message"}``."""
        return {"line": self.line, "id": self.id, "problem": self.code, "message": self.message}


@dataclass(frozen=True)
class IngestReport:
    """What :func:`read_catalog` found: the good products, the problems, the warnings."""

    path: str
    format: str
    products: tuple[CatalogProduct, ...]
    problems: tuple[IngestProblem, ...]
    rows_read: int
    warnings: tuple[IngestProblem, ...] = ()

    @property
    def skipped(self) -> int:
        """Rows left out because of problems."""
        return self.rows_read - len(self.products)

    def problem_counts(self) -> dict[str, int]:
        """Problems per code, most frequent first."""
        return dict(Counter(problem.code for problem in self.problems).most_common())

    def summary(self) -> str:
        """One line for people: rows read, kept, skipped and why."""
        text = f"{self.rows_read} rows read, {len(self.products)} kept, {self.skipped} skipped"
        counts = self.problem_counts()
        if counts:
            text += " (" + ", ".join(f"{code}: {n}" for code, n in counts.items()) + ")"
        if self.warnings:
            text += f"; {len(self.warnings)} warnings"
        return text

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (without the products)."""
        return {
            "path": self.path,
            "format": self.format,
            "rows_read": self.rows_read,
            "accepted": len(self.products),
            "skipped": self.skipped,
            "problem_counts": self.problem_counts(),
            "problems": [problem.to_json() for problem in self.problems],
            "warnings": [warning.to_json() for warning in self.warnings],
        }


class _Bad(Exception):
    """A field cannot be used; ``code`` and ``message`` say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _show(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, shortened: messages never carry huge fields."""
    text = _CONTROL.sub("", str(value)[: limit * 4])
    return repr(cut_text(text, limit, marker=ELLIPSIS, at_word=False))


class _Row:
    """Checks the fields of one row, collecting problems and warnings."""

    def __init__(self, data: Mapping[str, Any], line: int, default_currency: str | None) -> None:
        self.data = data
        self.line = line
        self.default_currency = default_currency
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []

    def _field(self, name: str, parse: Any, **options: Any) -> Any:
        try:
            return parse(self.data.get(name), name, **options)
        except _Bad as bad:
            self.problems.append((bad.code, bad.message))
            return None

    # --- single values ---------------------------------------------------------------------

    def text(self, value: Any, name: str, *, keep_lines: bool = False) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise _Bad("bad_field", f"{name} must be text, not {type(value).__name__}")
        text = _CONTROL.sub("", str(value)).strip()
        if not keep_lines:
            text = _SPACES.sub(" ", text)
        return self.cut(text, name)

    def cut(self, text: str, name: str, limit_name: str | None = None) -> str:
        limit = LIMITS[limit_name or name]
        if len(text) <= limit:
            return text
        self.warnings.append(
            ("truncated", f"{name} was {len(text)} characters; kept the first {limit}")
        )
        return cut_text(text, limit, marker=ELLIPSIS, min_kept=limit // 2)

    def product_id(self, value: Any, _name: str) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise _Bad("missing_id", "the row has no id")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _Bad("bad_id", f"id must be text, not {type(value).__name__}")
        text = str(value).strip()
        if len(text) > LIMITS["id"]:
            raise _Bad("bad_id", f"id is {len(text)} characters long; at most {LIMITS['id']}")
        if _CONTROL.search(text) or "\n" in text or "\t" in text:
            raise _Bad("bad_id", "id contains control characters")
        return text

    def title(self, value: Any, name: str) -> str:
        title = self.text(value, name)
        if not title:
            raise _Bad("empty_title", "the title is empty")
        return title

    def category(self, value: Any, name: str) -> str:
        path = self.text(value, name)
        parts = [part.strip() for part in path.split(">") if part.strip()]
        return self.cut(CATEGORY_SEPARATOR.join(parts), name)

    def price(self, value: Any, _name: str) -> Decimal:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise _Bad("missing_price", "the price is missing")
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise _Bad("bad_price", f"price must be a number, not {type(value).__name__}")
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if "," in text and "." in text:  # the last separator is the decimal one
            thousands = "," if text.rindex(",") < text.rindex(".") else "."
            text = text.replace(thousands, "").replace(",", ".")
        elif "," in text:
            text = text.replace(",", "") if _THOUSANDS.match(text) else text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _Bad("bad_price", f"price {_show(value)} is not a number") from None
        if not number.is_finite():
            raise _Bad("bad_price", f"price {_show(value)} is not a number")
        if number < 0:
            raise _Bad("bad_price", f"price {_show(value)} is negative")
        if number > _MAX_PRICE:
            raise _Bad("bad_price", f"price {_show(value)} is too large")
        if number != number.quantize(_CENT):
            raise _Bad("bad_price", f"price {_show(value)} needs at most two decimals")
        return number

    def currency(self, value: Any, _name: str) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.default_currency:
                return self.default_currency
            raise _Bad("bad_currency", "the currency is missing")
        text = str(value).strip()
        if text not in KNOWN_CURRENCIES:
            hint = " (use upper case)" if text.upper() in KNOWN_CURRENCIES else ""
            raise _Bad("bad_currency", f"currency {_show(value)} is not an ISO 4217 code{hint}")
        return text

    def rating(self, value: Any, _name: str) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise _Bad("bad_rating", "rating must be a number")
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise _Bad("bad_rating", f"rating {_show(value)} is not a number") from None
        if not number.is_finite() or not 0 <= number <= 5:
            raise _Bad("bad_rating", f"rating {_show(value)} is not between 0 and 5")
        return float(number)

    def url(self, value: Any, name: str) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise _Bad("bad_url", f"{name} must be text")
        url = value.strip()
        if len(url) > LIMITS["image_url"]:
            raise _Bad("bad_url", f"{name} is longer than {LIMITS['image_url']} characters")
        if is_picture_path(url):  # a demo picture (a generated demo catalog's file)
            return url
        host = url[len("https://") :].split("/", 1)[0]
        if not url.lower().startswith("https://") or not host or re.search(r"[\s<>\"']", url):
            raise _Bad("bad_url", f"{name} {_show(url)} is not an https URL")
        return "https://" + url[len("https://") :]

    def flag(self, value: Any, name: str) -> bool:
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise _Bad("bad_field", f"{name} {_show(value)} is not true or false")

    # --- lists and stock -------------------------------------------------------------------

    def values(self, value: Any, name: str, *, limit_name: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            items: Sequence[Any] = value.split(LIST_SEPARATOR)
        elif isinstance(value, list):
            items = value
        else:
            raise _Bad("bad_field", f"{name} must be a list or text separated by '|'")
        if any(not isinstance(item, str | int | float | Decimal) for item in items):
            raise _Bad("bad_field", f"{name} must hold text values only")
        kept = [self.cut(_SPACES.sub(" ", str(item)).strip(), name, limit_name) for item in items]
        kept = [item for item in dict.fromkeys(kept) if item]
        if len(kept) > LIMITS["list"]:
            self.warnings.append(("truncated", f"{name} had {len(kept)} values; kept 100"))
        return tuple(kept[: LIMITS["list"]])

    def stock(self, value: Any, _name: str) -> dict[StockKey, int]:
        if value is None or (isinstance(value, str) and not value.strip()):
            return {}
        if isinstance(value, str):
            try:
                stock = parse_stock(value)
            except ValueError as error:
                raise _Bad("bad_stock", str(error)[:120]) from None
        elif isinstance(value, list):
            stock = {}
            for entry in value:
                if not isinstance(entry, dict):
                    raise _Bad("bad_stock", "stock entries must be objects with colour, size, qty")
                key = (_stock_part(entry.get("colour")), _stock_part(entry.get("size")))
                units = entry.get("qty")
                if isinstance(units, str) and units.strip().isdigit():
                    units = int(units)
                if isinstance(units, bool) or not isinstance(units, int) or units < 0:
                    raise _Bad("bad_stock", f"stock quantity {_show(units)} is not a whole number")
                if key in stock:
                    raise _Bad("bad_stock", "stock repeats a variant")
                stock[key] = units
        else:
            raise _Bad("bad_stock", "stock must be colour:size:qty|... or a list of objects")
        return {
            (
                None if colour is None else self.cut(colour, "stock colour", "colour"),
                None if size is None else self.cut(size, "stock size", "size"),
            ): units
            for (colour, size), units in stock.items()
        }

    # --- the whole row ---------------------------------------------------------------------

    def product(self) -> CatalogProduct | None:
        product_id = self._field("id", self.product_id)
        title = self._field("title", self.title)
        description = self._field("description", self.text, keep_lines=True)
        brand = self._field("brand", self.text)
        category = self._field("category_path", self.category)
        price = self._field("price", self.price)
        currency = self._field("currency", self.currency)
        colours = self._field("colours", self.values, limit_name="colour")
        sizes = self._field("sizes", self.values, limit_name="size")
        materials = self._field("materials", self.values, limit_name="material")
        tags = self._field("tags", self.values, limit_name="tag")
        stock = self._field("stock", self.stock)
        rating = self._field("rating", self.rating)
        image_url = self._field("image_url", self.url)
        final_sale = self._field("final_sale", self.flag)
        if self.problems:
            return None
        colours += tuple(c for c, _ in stock if c is not None and c not in colours)
        sizes += tuple(s for _, s in stock if s is not None and s not in sizes)
        return CatalogProduct(
            id=product_id,
            title=title,
            description=description,
            brand=brand,
            category_path=category,
            price=price,
            currency=currency,
            colours=colours,
            sizes=sizes,
            materials=materials,
            tags=tuple(tag.lower() for tag in tags),
            stock=stock,
            rating=rating,
            image_url=image_url,
            final_sale=final_sale,
        )


def _stock_part(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise _Bad("bad_stock", "stock colour and size must be text")
    return str(value).strip() or None


class _Lines:
    """Physical lines of a binary file as text, at most :data:`MAX_LINE_BYTES` each.

    Longer lines are skipped (their numbers kept in ``too_long``); lines that are not
    UTF-8 are decoded with replacement characters (numbers in ``bad_encoding``).
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.number = 0
        self.too_long: list[int] = []
        self.bad_encoding: list[int] = []

    def __iter__(self) -> Iterator[str]:
        while True:
            raw = self.stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            self.number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest, chunk by chunk
                    raw = self.stream.readline(1024 * 1024)
                self.too_long.append(self.number)
                yield "\n"
                continue
            if self.number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self.bad_encoding.append(self.number)
                yield raw.decode("utf-8", errors="replace")


class _Reader:
    """Turns rows into products and problems, in file order."""

    def __init__(self, default_currency: str | None) -> None:
        self.default_currency = default_currency
        self.products: list[CatalogProduct] = []
        self.problems: list[IngestProblem] = []
        self.warnings: list[IngestProblem] = []
        self.rows = 0
        self.first_line: dict[str, int] = {}

    def problem(self, line: int, product_id: str | None, code: str, message: str) -> None:
        self.problems.append(IngestProblem(line, product_id, code, message))

    def line_problems(self, lines: _Lines, code: str) -> None:
        for number in lines.too_long:
            self.rows += 1
            self.problem(number, None, code, f"line is longer than {MAX_LINE_BYTES} bytes")
        for number in lines.bad_encoding:
            self.warnings.append(
                IngestProblem(number, None, "bad_encoding", "line is not UTF-8; bad bytes replaced")
            )
        lines.too_long.clear()
        lines.bad_encoding.clear()

    def row(self, data: Mapping[str, Any], line: int) -> None:
        self.rows += 1
        checker = _Row(data, line, self.default_currency)
        product = checker.product()
        raw_id = data.get("id")
        product_id = str(raw_id).strip()[: LIMITS["id"]] if raw_id not in (None, "") else None
        if product_id:
            first = self.first_line.setdefault(product_id, line)
            if first != line:
                checker.problems.append(("duplicate_id", f"id already used on line {first}"))
                product = None
        for code, message in checker.problems:
            self.problem(line, product_id or None, code, message)
        for code, message in checker.warnings:
            self.warnings.append(IngestProblem(line, product_id or None, code, message))
        if product is not None:
            self.products.append(product)


def _header_name(name: str) -> str:
    key = _SPACES.sub("_", name.strip().lower())
    return _ALIASES.get(key, key)


def _read_csv(stream: IO[bytes], reader: _Reader) -> None:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    lines = _Lines(stream)
    line_iter = iter(lines)
    first = next(line_iter, None)
    if first is None or not first.strip():
        raise CatalogError("The CSV file is empty or has no header line.")
    delimiter = max((",", ";", "\t"), key=first.count)
    records = csv.reader(chain([first], line_iter), delimiter=delimiter)
    header = [_header_name(name) for name in next(records)]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise CatalogError(f"The CSV header lacks the column(s): {', '.join(missing)}.")
    unknown = sorted({name for name in header if name not in CSV_COLUMNS})
    if unknown:
        shown = ", ".join(_show(name, 30) for name in unknown[:10])
        reader.warnings.append(IngestProblem(1, None, "unknown_column", f"ignored: {shown}"))
    consumed = lines.number
    while True:
        start = consumed + 1
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as error:
            reader.rows += 1
            reader.problem(start, None, "bad_row", f"unreadable CSV: {str(error)[:80]}")
            consumed = lines.number
            continue
        consumed = lines.number
        reader.line_problems(lines, "bad_row")
        if not record or all(not cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            reader.rows += 1
            reader.problem(
                start,
                record[0].strip()[: LIMITS["id"]] or None,
                "bad_row",
                f"the record has {len(record)} fields, the header {len(header)}",
            )
            continue
        reader.row(dict(zip(header, record, strict=False)), start)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _read_jsonl(stream: IO[bytes], reader: _Reader) -> None:
    lines = _Lines(stream)
    for text in lines:
        reader.line_problems(lines, "bad_json")
        if not text.strip():
            continue
        try:
            data = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
        except (ValueError, ArithmeticError, RecursionError) as error:
            reader.rows += 1
            reader.problem(lines.number, None, "bad_json", f"not valid JSON: {str(error)[:80]}")
            continue
        if not isinstance(data, dict):
            reader.rows += 1
            reader.problem(lines.number, None, "bad_json", "the line is not a JSON object")
            continue
        reader.row(data, lines.number)


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    raise CatalogError(f"Unsupported catalog file type {suffix or '(none)'}: use .csv or .jsonl.")


def read_catalog(path: str | Path, *, default_currency: str | None = None) -> IngestReport:
    """Read and check a ``.csv`` or ``.jsonl`` (``.json``, ``.ndjson``) catalog file.

    ``default_currency`` fills rows without a currency (otherwise ``bad_currency``).
    """
    path = Path(path)
    kind = _format_of(path)
    if default_currency is not None and default_currency not in KNOWN_CURRENCIES:
        raise CatalogError(f"Default currency {_show(default_currency)} is not ISO 4217.")
    reader = _Reader(default_currency)
    try:
        with path.open("rb") as stream:
            (_read_csv if kind == "csv" else _read_jsonl)(stream, reader)
    except OSError as error:
        raise CatalogError(f"Cannot read {path.name}: {error.strerror or error}") from None
    return IngestReport(
        path=str(path),
        format=kind,
        products=tuple(reader.products),
        problems=tuple(reader.problems),
        rows_read=reader.rows,
        warnings=tuple(reader.warnings),
    )


def _csv_row(product: CatalogProduct) -> list[str]:
    data = product.to_json()
    row = []
    for column in CSV_COLUMNS:
        value = data[column]
        if column == "stock":
            row.append(format_stock(product.stock))
        elif isinstance(value, list):
            row.append(LIST_SEPARATOR.join(value))
        elif isinstance(value, bool):
            row.append("true" if value else "false")
        else:
            row.append("" if value is None else str(value))
    return row


def write_catalog(path: str | Path, products: Iterable[CatalogProduct]) -> int:
    """Write products as ``.csv`` or ``.jsonl`` (by the suffix); returns how many."""
    path = Path(path)
    kind = _format_of(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        if kind == "csv":
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for product in products:
                writer.writerow(_csv_row(product))
                count += 1
        else:
            for product in products:
                stream.write(json.dumps(product.to_json(), ensure_ascii=False) + "\n")
                count += 1
    return count
