"""ADX XML (IHE QRPH ADX, namespace `urn:ihe:qrph:adx:2015`) as DHIS2 exchanges it: groups of
one organisation unit, period (ISO 8601 start and duration, `2025-01-01/P3M`) and data set,
holding `dataValue`s with `dataElement`, `value` and one attribute per category (our dimension
codes, valued with category codes; no attribute for the total). A comment travels as the
value's `annotation`.

Files are parsed with defusedxml and any DTD is refused: no entity expansion (the "billion
laughs"), no external entity or DTD is ever fetched."""

import datetime
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from tipmonitor.lib.reporting_periods import parse_period_code

from ..periods import adx_period, parse_adx_period
from ._common import MAX_VALUES, DataValue, FormatError

NAMESPACE = "urn:ihe:qrph:adx:2015"
_RESERVED = {"dataElement", "value", "categoryOptionCombo"}
# An XML attribute name without a namespace (what a category attribute may be called).
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def category_attribute_problem(dimension: str) -> str | None:
    """Why a dimension code cannot be an ADX category attribute, or None."""
    if _NAME.fullmatch(dimension) and dimension not in _RESERVED:
        return None
    return _(
        "dimension “%(code)s” cannot be an ADX category attribute (an XML name that is not "
        "dataElement, value or categoryOptionCombo)."
    ) % {"code": dimension}


def write_adx(values: list[DataValue], data_set: str) -> bytes:
    exported = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    # Unqualified names under a default namespace declared on the root: what ADX files look like.
    root = ET.Element("adx", {"xmlns": NAMESPACE, "exported": exported})
    groups: dict[tuple[str, str, str], ET.Element] = {}
    for value in values:
        key = (value.org_unit, value.period, value.attribute_option_combo)
        if key not in groups:
            attributes = {
                "orgUnit": value.org_unit,
                "period": adx_period(parse_period_code(value.period)),
            }
            if data_set:
                attributes["dataSet"] = data_set
            if value.attribute_option_combo:
                attributes["attributeOptionCombo"] = value.attribute_option_combo
            groups[key] = ET.SubElement(root, "group", attributes)
        element = ET.SubElement(
            groups[key],
            "dataValue",
            {"dataElement": value.data_element, **value.categories, "value": value.value},
        )
        if value.comment:
            ET.SubElement(element, "annotation").text = value.comment
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def read_adx(data: bytes) -> list[DataValue]:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FormatError(
            _(
                "The ADX file declares a DTD or entities; they are refused (no entity expansion, "
                "nothing external is fetched). Send the file without a DOCTYPE."
            )
        ) from None
    except ET.ParseError as error:
        raise FormatError(_("The file is not XML: %(reason)s") % {"reason": error}) from None
    if root.tag != _tag("adx"):
        raise FormatError(
            _("The root element must be “adx” in the namespace %(namespace)s.")
            % {"namespace": NAMESPACE}
        )
    values: list[DataValue] = []
    for number, group in enumerate(root.findall(_tag("group")), start=1):
        values.extend(_group_values(number, group))
        if len(values) > MAX_VALUES:
            raise FormatError(_("The file has more than %(max)d values.") % {"max": MAX_VALUES})
    return values


def _group_values(number: int, group: ET.Element) -> list[DataValue]:
    for name in ("orgUnit", "period"):
        if not group.get(name):
            raise FormatError(
                _("Group %(number)d has no “%(name)s” attribute.")
                % {"number": number, "name": name}
            )
    text = group.get("period", "")
    try:
        period, problem = parse_adx_period(text).code.replace("-", ""), ""
    except ValueError as error:
        period, problem = text, str(error)
    values = []
    for element in group.findall(_tag("dataValue")):
        attributes = dict(element.attrib)
        annotation = element.find(_tag("annotation"))
        values.append(
            DataValue(
                data_element=attributes.pop("dataElement", "").strip(),
                period=period,
                period_problem=problem,
                org_unit=group.get("orgUnit", "").strip(),
                attribute_option_combo=group.get("attributeOptionCombo", "").strip(),
                value=attributes.pop("value", "").strip(),
                category_option_combo=attributes.pop("categoryOptionCombo", "").strip(),
                comment=(annotation.text or "").strip() if annotation is not None else "",
                categories={name: text.strip() for name, text in attributes.items()},
                data_set=group.get("dataSet", "").strip(),
            )
        )
    return values
