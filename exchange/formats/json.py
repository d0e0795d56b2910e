"""DHIS2's `dataValueSets` JSON: `{"dataSet", "period", "orgUnit", "attributeOptionCombo",
"dataValues": [{"dataElement", "period", "orgUnit", "categoryOptionCombo",
"attributeOptionCombo", "value", "comment", …}]}`; what a value leaves out it takes from the set."""

import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ._common import MAX_VALUES, DataValue, FormatError

_SET_DEFAULTS = ("dataSet", "period", "orgUnit", "attributeOptionCombo")


def write_json(values: list[DataValue], data_set: str) -> bytes:
    document: dict[str, Any] = {"dataSet": data_set} if data_set else {}
    document["dataValues"] = [_value_json(value) for value in values]
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _value_json(value: DataValue) -> dict[str, str]:
    item = {
        "dataElement": value.data_element,
        "period": value.period,
        "orgUnit": value.org_unit,
        "categoryOptionCombo": value.category_option_combo,
        "attributeOptionCombo": value.attribute_option_combo,
        "value": value.value,
        "comment": value.comment,
        "lastUpdated": value.last_updated,
    }
    return {key: text for key, text in item.items() if text}


def read_json(data: bytes) -> list[DataValue]:
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise FormatError(_("The file is not JSON: %(reason)s") % {"reason": error}) from None
    if not isinstance(document, dict) or not isinstance(document.get("dataValues"), list):
        raise FormatError(_("The JSON must be an object with a list “dataValues”."))
    defaults = {key: _text(document.get(key)) for key in _SET_DEFAULTS}
    items = document["dataValues"]
    if len(items) > MAX_VALUES:
        raise FormatError(_("The file has more than %(max)d values.") % {"max": MAX_VALUES})
    values = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise FormatError(
                _("dataValues[%(number)d] is not an object.") % {"number": number - 1}
            )
        values.append(
            DataValue(
                data_element=_text(item.get("dataElement")),
                period=_text(item.get("period")) or defaults["period"],
                org_unit=_text(item.get("orgUnit")) or defaults["orgUnit"],
                value=_text(item.get("value")),
                category_option_combo=_text(item.get("categoryOptionCombo")),
                attribute_option_combo=_text(item.get("attributeOptionCombo"))
                or defaults["attributeOptionCombo"],
                comment=_text(item.get("comment")),
                deleted=item.get("deleted") in (True, "true"),
                data_set=defaults["dataSet"],
            )
        )
    return values


def _text(value: object) -> str:
    """A JSON field as text: a number as written (DHIS2 sends values as strings, scripts often
    as numbers), nothing for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()
