"""Linked case records for the estimation tests: persons made directly with one record per
agency that holds them (the import and linkage are tested on their own)."""

import dataclasses
import datetime
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from cases.models import CaseRecord, EstimateStatus, Person, PopulationEstimate
from tests import factories
from tipmonitor.lib.mse import CaptureTable, estimate_population

_numbers = itertools.count(1)

# Three lists' overlaps with a finite estimate: every pair of lists shares persons, and the
# table has small cells (the triple, 7) and larger ones.
HISTORIES: dict[tuple[int, ...], int] = {
    (1, 0, 0): 60,
    (0, 1, 0): 48,
    (0, 0, 1): 35,
    (1, 1, 0): 22,
    (1, 0, 1): 14,
    (0, 1, 1): 12,
    (1, 1, 1): 7,
}


def agencies(*codes: str) -> list[Agency]:
    return [factories.AgencyFactory.create(code=code, name=f"Agency {code}") for code in codes]


def persons_with(
    histories: Mapping[tuple[int, ...], int],
    lists: Sequence[Agency],
    *,
    year: int = 2025,
    status: str = "identified",
) -> None:
    """For each history, that many persons, each with one record, identified in `year`, from
    every agency (one per list, in order) whose list holds them."""
    now = timezone.now()
    records = []
    for history, count in histories.items():
        people = Person.objects.bulk_create(
            Person(label=f"P-test-{next(_numbers)}") for _ in range(count)
        )
        for person in people:
            for agency, on in zip(lists, history, strict=True):
                if on:
                    records.append(
                        CaseRecord(
                            agency=agency,
                            record_id=f"R{next(_numbers)}",
                            person=person,
                            status=status,
                            identified_on=datetime.date(year, 6, 1),
                            imported_at=now,
                        )
                    )
    CaseRecord.objects.bulk_create(records)


# `done_estimate`'s lists and a table of theirs with small overlaps (7, 4) and large ones.
ESTIMATE_NAMES = ("Law enforcement", "Shelters", "Labour inspectorate")
SMALL_CELL_HISTORIES: dict[tuple[int, ...], int] = {
    (1, 0, 0): 150,
    (0, 1, 0): 120,
    (0, 0, 1): 90,
    (1, 1, 0): 40,
    (1, 0, 1): 30,
    (0, 1, 1): 7,
    (1, 1, 1): 4,
}

# The agencies of `done_estimate`'s three lists: agency A and B of the shared personas, and a
# labour inspectorate the caller creates.
ESTIMATE_AGENCIES = ("POL", "NGO1", "LAB")


def done_estimate(
    *,
    coordinator: User,
    names: Sequence[str],
    histories: Mapping[tuple[int, ...], int],
    year: int,
    published: bool = False,
    **result: Any,
) -> PopulationEstimate:
    """A done estimate of `histories` by BIC without bootstrap, one list per agency of
    ESTIMATE_AGENCIES named `names`, its result's fields replaced by `result` (a distinctive
    estimate, say); published by the coordinator when `published`."""
    computed = estimate_population(CaptureTable(lists=tuple(names), counts=histories), method="bic")
    computed = dataclasses.replace(computed, **result)
    now = timezone.now()
    return PopulationEstimate.objects.create(
        year=year,
        lists=[
            {"name": name, "agencies": [code]}
            for name, code in zip(names, ESTIMATE_AGENCIES, strict=True)
        ],
        method="bic",
        bootstrap=0,
        seed=1,
        status=EstimateStatus.DONE,
        table=[[*history, count] for history, count in histories.items()],
        result=computed.to_dict(),
        requested_by=coordinator,
        requested_at=now,
        finished_at=now,
        published_at=now if published else None,
        published_by=coordinator if published else None,
    )
