"""Case records for the statistics tests: made directly (the import is tested on its own), with
persons formed the way linkage forms them."""

import datetime
import itertools

from django.utils import timezone

from agencies.models import Agency
from cases.models import CaseRecord, Person

_numbers = itertools.count(1)


def record(agency: Agency, person: Person | None = None, **fields: object) -> CaseRecord:
    values: dict[str, object] = {
        "record_id": f"R{next(_numbers)}",
        "status": "identified",
        "sex": "F",
        "age_at_exploitation": 30,
        "nationality": "ARM",
        "region": "capital",
        "exploitation": ["sexual"],
        "identified_on": datetime.date(2025, 2, 1),
        "imported_at": timezone.now(),
    }
    values.update(fields)
    return CaseRecord.objects.create(agency=agency, person=person, **values)


def person(label: str | None = None) -> Person:
    return Person.objects.create(label=label or f"P{next(_numbers)}")


def many(agency: Agency, count: int, **fields: object) -> list[CaseRecord]:
    """`count` persons of one record each, all alike."""
    return [record(agency, None, **fields) for _ in range(count)]
