"""Each kind's entries as CSV for Dutch spreadsheets: ';' between cells, a byte order mark, formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from kennisbank.core.models import KINDS, Kind
from kennisbank.outputs import urls
from kennisbank.outputs.escape import csv_text
from kennisbank.outputs.output import Output

from .json import Records
from .vocabulary import LIST_SEPARATOR, DataKey, csv_keys

columns = csv_keys
"""The columns of a kind's CSV file: keys of the one vocabulary (see vocabulary.py)."""


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    """The value at a key's path in a JSON record; through a list, the list of the values in it (lists in lists
    joined into one)."""
    if not path or data is None:
        return data
    if isinstance(data, list):
        found: list[Any] = []
        for item in data:
            value = value_at(item, path)
            found.extend(value if isinstance(value, list) else [value])
        return found
    return value_at(data.get(path[0]), path[1:])


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_plain(v) for v in value)
    return str(value)


def cell(value: Any) -> str:
    """A value as the text of one CSV cell: lists joined, true/false in Dutch, text neutralised. Numbers are
    not: -1 month is a number, and an apostrophe would turn it into text in the spreadsheet."""
    text = _plain(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return csv_text(text)


def csv_table(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """Cells as CSV for Dutch spreadsheets: ';' between cells (Dutch Excel's list separator, so a double-click
    opens it in columns), UTF-8 with a byte order mark (so Excel does not read it as ANSI), and CRLF line ends
    as RFC 4180 says."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_ROWS: dict[str, dict[int, tuple[dict[str, Any], list[str]]]] = {}
"""Per kind, the row of each record of the last build: a record that is the same object again (json.py keeps
the records of unchanged entries) keeps its row."""


def csv_data(kind: Kind[Any], records: Iterable[dict[str, Any]]) -> bytes:
    """One kind as CSV: a row per record, a column per key of the vocabulary, the values of the JSON record."""
    keys = columns(kind)
    kept, made = _ROWS.get(kind.name, {}), {}
    for r in records:
        old = kept.get(id(r))
        made[id(r)] = old if old is not None and old[0] is r else (r, [cell(value_at(r, k.path)) for k in keys])
    _ROWS[kind.name] = made
    return csv_table([k.key for k in keys], (row for _, row in made.values()))


def link_keys(kind: Kind[Any]) -> tuple[DataKey, ...]:
    """The columns of a kind that hold ids of other entries: each gets a link table with a row per id."""
    return tuple(key for key in columns(kind) if key.ref is not None)


def link_rows(key: DataKey, records: Iterable[dict[str, Any]]) -> list[list[str]]:
    """(id, referenced id) per reference in one field, in order, each pair once."""
    pairs: dict[tuple[str, str], None] = {}
    for data in records:
        found = value_at(data, key.path)
        for target in found if isinstance(found, list) else [found]:
            if target:
                pairs.setdefault((data["id"], target))
    return [[csv_text(a), csv_text(b)] for a, b in pairs]


def csv_outputs(all_records: Records) -> list[Output]:
    """data/<stem>.csv per kind, and a link table per field that holds ids (data/koppelingen/<stem>-<key>.csv),
    so that tools that join tables can follow every reference."""
    outputs = []
    for kind in KINDS:
        records = all_records[kind]
        outputs.append(Output(urls.data_csv(kind), csv_data(kind, records)))
        for key in link_keys(kind):
            outputs.append(Output(urls.data_link_csv(kind, key.key), csv_table(["id", key.key], link_rows(key, records))))
    return outputs
