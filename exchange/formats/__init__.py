"""The three DHIS2 exchange formats (docs/exchange.md): `dataValueSets` JSON, DHIS2's CSV and
ADX XML. Each reads a file into `DataValue`s and writes `DataValue`s into a file; what the
identifiers mean (which indicator, agency, breakdown) is the services' business."""

from collections.abc import Callable

from ._common import MAX_VALUES, DataValue, FormatError
from .adx import read_adx, write_adx
from .csv import read_csv, write_csv
from .json import read_json, write_json

FORMATS = ("dhis2-json", "dhis2-csv", "adx")

READERS: dict[str, Callable[[bytes], list[DataValue]]] = {
    "dhis2-json": read_json,
    "dhis2-csv": read_csv,
    "adx": read_adx,
}
WRITERS: dict[str, Callable[[list[DataValue], str], bytes]] = {
    "dhis2-json": write_json,
    "dhis2-csv": write_csv,
    "adx": write_adx,
}
SUFFIXES = {"dhis2-json": "json", "dhis2-csv": "csv", "adx": "xml"}
CONTENT_TYPES = {
    "dhis2-json": "application/json",
    "dhis2-csv": "application/csv",
    "adx": "application/adx+xml",
}

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "MAX_VALUES",
    "READERS",
    "SUFFIXES",
    "WRITERS",
    "DataValue",
    "FormatError",
]
