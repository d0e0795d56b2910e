"""The Agencies and Dimensions sheets."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from agencies import rules as agency_rules
from agencies.models import AgencyType
from plans.workbook import WorkbookError
from plans.workbook.reader import Sheet

from ._common import Cells, _rows, _unique, _unknown_agency
from .schema import AgencyDraft, DimensionDraft, Known

# Agencies and dimensions -----------------------------------------------------------------


def _agencies(sheet: Sheet, known: Known, errors: list[WorkbookError]) -> list[AgencyDraft]:
    drafts, seen, where = [], set[str](), {}
    for cells in _rows(sheet, errors):
        code = cells.code("Code", required=True)
        if not _unique(cells, code.casefold(), seen):
            continue
        draft = AgencyDraft(
            code=code,
            name=cells.text("Name", required=True, max_length=300),
            short_name=cells.text("Short name", max_length=60),
            type=cells.choice("Type", AgencyType, AgencyType.STATE),
            parent=cells.code("Parent").casefold() or None,
            email=_email(cells),
        )
        drafts.append(draft)
        where[code.casefold()] = cells
    parents = dict(known.agency_parents) | {d.code.casefold(): d.parent for d in drafts}
    for draft in drafts:
        cells = where[draft.code.casefold()]
        if draft.parent and draft.parent not in parents:
            cells.error("Parent", _unknown_agency(cells.text("Parent")))
        elif error := agency_rules.parent_error(draft.code.casefold(), draft.parent, parents):
            cells.error("Parent", error)
    return drafts


def _email(cells: Cells) -> str:
    email = cells.text("Email", max_length=254)
    try:
        if email:
            validate_email(email)
    except ValidationError:
        cells.error("Email", _("“%(email)s” is not an e-mail address.") % {"email": email})
    return email


def _dimensions(sheet: Sheet, known: Known, errors: list[WorkbookError]) -> list[DimensionDraft]:
    drafts: dict[str, DimensionDraft] = {}
    seen: set[tuple[str, str]] = set()
    for cells in _rows(sheet, errors):
        code = cells.code("Dimension", required=True)
        if not code:
            continue
        draft = drafts.setdefault(code, DimensionDraft(code, ""))
        draft.name = draft.name or cells.text("Dimension name", max_length=200)
        for language, text in cells.names("Dimension name", max_length=200).items():
            draft.name_i18n[language] = draft.name_i18n.get(language) or text
        if not draft.name and code not in known.dimensions:
            cells.error("Dimension name", _("required for a dimension new to TIP Monitor."))
        category = cells.code("Category")
        if category and _unique(cells, (code, category), seen, "Category"):  # type: ignore[arg-type]
            name = cells.text("Category name", max_length=200) or category
            names = cells.names("Category name", max_length=200)
            draft.categories.append((category, name, names))
    return list(drafts.values())
