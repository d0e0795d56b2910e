"""The lists of a multiple systems estimate and the capture histories they give (docs/cases.md,
issue 13): which agencies' records make up each list, and for every linked person of a year,
which lists hold them.

A list is an agency or agencies grouped under one name (police and prosecution as "Law
enforcement"): sparse lists make estimates unstable, so the coordinator groups them. 3 to 8
lists; an agency is in one list at most.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.models import CODE_VALIDATOR, Agency
from cases.models import CaseRecord, TraffickingStatus
from reporting.validation import check_characters
from tipmonitor.lib.mse import CaptureTable

MIN_LISTS, MAX_LISTS = 3, 8
NAME_LENGTH = 60
# What counts: presumed and identified victims, not persons found not to be victims.
COUNTED_STATUSES = (TraffickingStatus.PRESUMED, TraffickingStatus.IDENTIFIED)


@dataclass(frozen=True)
class ListSpec:
    """One list: its name and the codes of the agencies whose records make it up."""

    name: str
    agencies: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "agencies": list(self.agencies)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ListSpec:
        return cls(name=str(data["name"]), agencies=tuple(str(a) for a in data["agencies"]))


def as_list_specs(lists: Iterable[ListSpec | Mapping[str, Any] | str]) -> list[ListSpec]:
    """Lists as given by a form, the API (`{"name": …, "agencies": […]}`) or the command
    (`NAME=POL,PRO`), as ListSpecs with names and codes stripped. ValidationError naming the
    list whose shape is wrong."""
    specs = []
    for number, item in enumerate(lists, start=1):
        if isinstance(item, ListSpec):
            specs.append(item)
        elif isinstance(item, str):
            specs.append(parse_list_spec(item))
        else:
            name = item.get("name") if isinstance(item, Mapping) else None
            agencies = item.get("agencies") if isinstance(item, Mapping) else None
            if not isinstance(name, str) or not isinstance(agencies, list | tuple):
                raise ValidationError(
                    _("List %(number)d: give a name and a list of agency codes.")
                    % {"number": number},
                    code="list_shape",
                )
            codes = tuple(str(code).strip() for code in agencies if str(code).strip())
            specs.append(ListSpec(name=name.strip(), agencies=codes))
    return specs


def parse_list_spec(text: str) -> ListSpec:
    """`NAME=AGENCY[,AGENCY…]` (the command's `--list`), e.g. `Law enforcement=POL,PRO`."""
    name, sep, codes = text.partition("=")
    agencies = tuple(code.strip() for code in codes.split(",") if code.strip())
    if not sep or not name.strip() or not agencies:
        raise ValidationError(
            _("“%(text)s”: write a list as NAME=AGENCY[,AGENCY…].") % {"text": text},
            code="list_syntax",
        )
    return ListSpec(name=name.strip(), agencies=agencies)


# The agency codes there can be (agencies.models.CODE_VALIDATOR, the one home of the rule).
AGENCY_CODE = cast("re.Pattern[str]", CODE_VALIDATOR.regex)


def validate_lists(specs: Sequence[ListSpec]) -> None:
    """3 to 8 lists, each with a name of its own (at most 60 characters) and at least one
    agency; every agency known and in one list only. ValidationError with one message per
    problem, each naming the list."""
    errors: list[str] = []
    if not MIN_LISTS <= len(specs) <= MAX_LISTS:
        errors.append(
            _("Choose %(min)d to %(max)d lists; %(count)d given.")
            % {"min": MIN_LISTS, "max": MAX_LISTS, "count": len(specs)}
        )
    seen_names: set[str] = set()
    owner: dict[str, str] = {}
    unknown: list[tuple[str, str]] = []
    for number, spec in enumerate(specs, start=1):
        label = spec.name or _("List %(number)d") % {"number": number}
        if not spec.name:
            errors.append(_("List %(number)d has no name.") % {"number": number})
        elif problem := check_characters(spec.name):
            label = _("List %(number)d") % {"number": number}
            errors.append(f"{label}: {problem}")
        elif len(spec.name) > NAME_LENGTH:
            errors.append(
                _("List “%(name)s”: a name is at most %(max)d characters.")
                % {"name": spec.name[:NAME_LENGTH], "max": NAME_LENGTH}
            )
        elif ":" in spec.name:
            errors.append(
                _("List “%(name)s”: a name cannot hold “:”, which joins the lists of a model term.")
                % {"name": spec.name}
            )
        elif spec.name.casefold() in seen_names:
            errors.append(_("Two lists are named “%(name)s”.") % {"name": spec.name})
        seen_names.add(spec.name.casefold())
        if not spec.agencies:
            errors.append(_("List “%(name)s” has no agency.") % {"name": label})
        for code in spec.agencies:
            if not AGENCY_CODE.fullmatch(code):
                # Not a code any agency can have (nor one a database can be asked about: a NUL,
                # a lone surrogate): said as unknown, below, shown escaped, and not queried.
                unknown.append((code.encode("unicode_escape").decode("ascii"), label))
                continue
            if code in owner:
                errors.append(
                    _("Agency %(code)s is in two lists: “%(first)s” and “%(second)s”.")
                    % {"code": code, "first": owner[code], "second": label}
                )
            owner.setdefault(code, label)
    known = set(Agency.objects.filter(code__in=owner).values_list("code", flat=True))
    unknown += [(code, label) for code, label in owner.items() if code not in known]
    for code, label in unknown:
        errors.append(
            _("List “%(name)s”: there is no agency %(code)s.") % {"name": label, "code": code}
        )
    if errors:
        raise ValidationError(errors)


def _year_records(year: int, specs: Sequence[ListSpec]) -> Any:
    """The lists' records of counted status identified in `year`, of persons first identified
    in it: a person with a record of an earlier year, of any agency and status, counts in that
    year, as the published statistics count them (docs/disclosure.md, "What is counted")."""
    codes = [code for spec in specs for code in spec.agencies]
    first = datetime.date(year, 1, 1)
    earlier = CaseRecord.objects.filter(identified_on__lt=first, person__isnull=False)
    return CaseRecord.objects.filter(
        identified_on__gte=first,
        identified_on__lte=datetime.date(year, 12, 31),
        status__in=COUNTED_STATUSES,
        agency__code__in=codes,
    ).exclude(person__in=earlier.values("person"))


def unlinked_records(year: int, specs: Sequence[ListSpec]) -> int:
    """How many of the lists' records of the year have no person yet (not linked)."""
    return _year_records(year, specs).filter(person__isnull=True).count()


def capture_table(year: int, specs: Sequence[ListSpec]) -> CaptureTable:
    """The capture histories of `year`: every person first identified in the year (no record
    of theirs is of an earlier year, as the published statistics count persons) with at least
    one record of status presumed or identified whose date of identification is in the year,
    and for each list whether one of those records comes from one of its agencies.

    Persons are what linkage made of the records (CaseRecord.person). Only the lists' agencies
    are read: a person whose records of the year all come from agencies in no list is not
    counted (they are on no list, so they belong to the unobserved part the estimate is about).
    A record not linked yet would be a person of its own, and a duplicate of someone counts
    twice, inflating the estimate: so when any record of the year is unlinked, ValidationError
    (code "unlinked") saying how many, and that linkage must run first. `validate_lists` first."""
    unlinked = unlinked_records(year, specs)
    if unlinked:
        raise ValidationError(
            ngettext(
                "%(count)d case record of %(year)d is not linked to a person yet: run the "
                "linkage first (tipmonitor link-cases, or wait for the linkage job).",
                "%(count)d case records of %(year)d are not linked to a person yet: run the "
                "linkage first (tipmonitor link-cases, or wait for the linkage job).",
                unlinked,
            )
            % {"count": unlinked, "year": year},
            code="unlinked",
        )
    list_of = {code: index for index, spec in enumerate(specs) for code in spec.agencies}
    held: dict[int, set[int]] = {}
    for person_id, code in _year_records(year, specs).values_list("person_id", "agency__code"):
        held.setdefault(person_id, set()).add(list_of[code])
    width = len(specs)
    histories = [
        tuple(1 if index in lists else 0 for index in range(width)) for lists in held.values()
    ]
    return CaptureTable.from_histories(tuple(spec.name for spec in specs), histories)


def table_to_json(table: CaptureTable) -> list[list[int]]:
    """The histories as PopulationEstimate.table stores them: [[0/1 per list…, persons], …],
    in a stable order."""
    return [[*history, count] for history, count in sorted(table.counts.items()) if count]


def table_from_json(lists: Sequence[str], rows: Iterable[Sequence[int]]) -> CaptureTable:
    """The table PopulationEstimate.table holds, back as a CaptureTable."""
    counts = {tuple(int(v) for v in row[:-1]): int(row[-1]) for row in rows}
    return CaptureTable(lists=tuple(lists), counts=counts)
