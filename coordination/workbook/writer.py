"""A plan's recommendations written out as the recommendations workbook: an Instructions sheet
(which import ignores) and the Recommendations sheet, with drop-down lists on the columns that
take a fixed word. Export writes codes and fixed words, never translated labels, so a workbook
exported in any language imports back; importing it again changes nothing."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from agencies.models import Agency
from coordination.models import (
    GovernmentResponse,
    ImplementationStatus,
    Recommendation,
    RecommendationSource,
    Strength,
    Theme,
)
from plans.models import Activity, Plan, name_languages
from plans.workbook.validate.schema import name_column
from tipmonitor.lib.spreadsheet import escape_cell, strip_illegal

from .schema import SHEET, ordered_titles

Record = dict[str, Any]
# A drop-down list written into the sheet may hold at most 255 characters.
MAX_LIST_LENGTH = 255
LIST_ROWS = 2_000  # how far down the drop-down lists reach


def recommendations_xlsx(plan: Plan) -> bytes:
    records = recommendation_records(plan)
    languages = _languages(plan, records)
    columns = ordered_titles(languages)
    book = Workbook(write_only=True)
    instructions = book.create_sheet(_("Instructions"))
    for line in _instructions(plan):
        instructions.append([line])
    ws = book.create_sheet(SHEET)
    for validation in _validations(plan, columns):
        ws.data_validations.append(validation)
    ws.append(columns)
    for record in records:
        ws.append([_xlsx_value(record.get(title, "")) for title in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def recommendation_records(plan: Plan) -> list[Record]:
    """One record per recommendation, keyed by the sheet's column titles (the text in every
    language beyond the base, as `Text (hy)`, …)."""
    recommendations = (
        Recommendation.objects.filter(plan=plan)
        .select_related("area")
        .prefetch_related(
            Prefetch("activities", Activity.objects.order_by("position", "code")),
            Prefetch("agencies", Agency.objects.order_by("code")),
        )
        .order_by("source", "cycle", "code")
    )
    return [_record(r) for r in recommendations]


def _record(r: Recommendation) -> Record:
    return {
        "Code": r.code,
        "Source": r.source,
        "Round or year": r.cycle,
        "Reference": r.reference,
        "Text": r.text,
        **{name_column("Text", code): r.text_i18n.get(code, "") for code in name_languages()},
        "Date": r.issued_on,
        "Wording": r.strength,
        "Theme": r.theme,
        "Plan area": r.area.code if r.area else "",
        "Response": r.response,
        "SDG targets": ", ".join(r.sdg_target_list),
        "High priority": "yes" if r.high_priority else "no",
        "Activities": ", ".join(a.code for a in r.activities.all()),
        "Agencies": ", ".join(a.code for a in r.agencies.all()),
        "Status": r.status,
        "Status comment": r.status_comment,
    }


def _languages(plan: Plan, records: list[Record]) -> list[str]:
    """The languages to write the text in: the plan's and any a text is given in."""
    return [
        code
        for code in name_languages()
        if code in plan.language_list or any(r[name_column("Text", code)] for r in records)
    ]


def _validations(plan: Plan, columns: list[str]) -> list[DataValidation]:
    """Drop-down lists of the fixed words; a warning (not a refusal) on other text, since the
    import also reads the words in the user's language."""
    lists = {
        "Source": RecommendationSource.values,
        "Wording": Strength.values,
        "Theme": Theme.values,
        "Response": GovernmentResponse.values,
        "High priority": ["yes", "no"],
        "Status": ImplementationStatus.values,
        "Plan area": list(plan.areas.order_by("position", "code").values_list("code", flat=True)),
    }
    found = []
    for title, words in lists.items():
        formula = '"' + ",".join(str(word) for word in words) + '"'
        if not words or len(formula) > MAX_LIST_LENGTH or any("," in str(w) for w in words):
            continue
        letter = get_column_letter(columns.index(title) + 1)
        validation = DataValidation(
            type="list", formula1=formula, allow_blank=True, errorStyle="warning"
        )
        validation.error = _("Choose one of the words of the list.")
        validation.add(f"{letter}2:{letter}{LIST_ROWS}")
        found.append(validation)
    return found


def _instructions(plan: Plan) -> list[str]:
    return [
        _("TIP Monitor: recommendations workbook of plan %(code)s") % {"code": plan.code},
        _("One row per recommendation on the Recommendations sheet, from row 2."),
        _("Code, Source and Text are required; importing again updates recommendations by code."),
        _(
            "Source: greta, cop, us_tip, cedaw, upr, rapporteur, evaluation or other. "
            "Wording: urges, considers or invites. Theme: prevention, protection, prosecution "
            "or partnership. Response: accepted or noted."
        ),
        _("Date: a date cell or 2024-03-15. High priority: yes or no."),
        _("Plan area: the code of an area of the plan."),
        _("SDG targets, Activities and Agencies: codes separated by commas (5.2, 8.7)."),
        _(
            "Status: not_started, partly, largely, fully or not_applicable (empty: not yet "
            "assessed), with the Status comment."
        ),
        _("Text (hy), Text (ru): the text in Armenian and in Russian; optional."),
        _(
            "Recommendations of the plan missing from the workbook are kept; a column missing "
            "from the sheet leaves that field as it is."
        ),
        _("This sheet is ignored by the import. The full contract: docs/workbook.md."),
    ]


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return escape_cell(strip_illegal(value)) or None
    return value
