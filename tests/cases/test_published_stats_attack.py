"""Issue 10 #3, the attack as reported: a viewer asked "Victims in figures" for presumed
victims of 2025 by age group (Child withheld, total 21), then presumed and identified (Adult 48),
then identified (Adult 28): Child presumed = 21 − (48 − 28) = 1. Whatever a viewer asks, every
number the pages show is collected here and the withheld count is solved for, as the attacker
would: it must stay undetermined."""

import datetime
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.cases.stats_data import many

pytestmark = pytest.mark.django_db

STATUS = {"Presumed victim": {"presumed"}, "Identified victim": {"identified"}}
STATUS["Total"] = {"presumed", "identified"}
AGE = {"Child (under 18)": {"child"}, "Adult (18 and over)": {"adult"}, "Not known": {"unknown"}}
AGE["Total"] = {"child", "adult", "unknown"}
UNKNOWNS = [(s, a) for s in ("presumed", "identified") for a in ("child", "adult", "unknown")]


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _value(text: str) -> int | None:
    return None if "withheld" in text or "—" in text else int(text)


def _facts(page: str, statuses: set[str]) -> list[tuple[set, set, int]]:
    """(statuses, ages, persons) for every published number about age groups on the page."""
    parser = _Tables()
    parser.feed(page)
    facts = []
    for table in parser.tables:
        header, *rows = table
        for row in rows:
            label, *values = row
            for column, text in zip(header[1:], values, strict=True):
                value = _value(text)
                if value is None:
                    continue
                if label in AGE and column == "Persons":  # one status set asked for
                    facts.append((statuses, AGE[label], value))
                elif label in STATUS and column in AGE:
                    facts.append((STATUS[label], AGE[column], value))
                elif label in STATUS and column == "Total":
                    facts.append((STATUS[label], AGE["Total"], value))
    return facts


def _determined(facts, target) -> bool:
    """Whether the facts fix `target` (exact rank test; atoms in a published zero are known to
    be zero, as counts are never negative)."""
    zero = {(s, a) for ss, aa, v in facts if v == 0 for s in ss for a in aa}
    if target in zero:
        return True
    free = [u for u in UNKNOWNS if u not in zero]
    rows = [[Fraction(int(u[0] in ss and u[1] in aa)) for u in free] for ss, aa, _v in facts]
    unit = [Fraction(int(u == target)) for u in free]
    return _rank([*rows, unit]) == _rank(rows)


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(row) for row in rows]
    rank = 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col]:
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


@pytest.fixture
def victims_2025(agency_a):
    day = datetime.date(2025, 5, 1)
    many(agency_a, 1, status="presumed", age_at_exploitation=15, identified_on=day)
    many(agency_a, 20, status="presumed", age_at_exploitation=30, identified_on=day)
    many(agency_a, 15, status="identified", age_at_exploitation=16, identified_on=day)
    many(agency_a, 28, status="identified", age_at_exploitation=40, identified_on=day)


def test_it_lets_no_viewer_recompute_a_withheld_count_by_changing_the_filter(
    client_of, viewer, victims_2025
):
    client = client_of(viewer)
    facts = []
    asked = [["presumed"], ["presumed", "identified"], ["identified"]]
    for statuses in asked:
        query = {"rows": "age_group", "year": 2025, "statuses": statuses}
        response = client.get(reverse("cases:stats"), query)
        assert response.status_code == 200
        facts += _facts(response.content.decode(), set(statuses))

    assert facts, "the viewer sees figures"
    assert not _determined(facts, ("presumed", "child"))
    assert not any(value and value <= 10 for _s, _a, value in facts)
