"""Retention (`cases.retention`, `tipmonitor purge-cases`, `cases.jobs.purge_expired`): the
records of persons last identified more than the retention period ago go, with their pairs
and the persons left empty; what was published and the values written from case queries stay;
every run is audited with counts only."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.jobs import purge_expired
from cases.models import (
    CandidatePair,
    CaseAccess,
    CaseQuery,
    CaseRecord,
    FrozenPublishedYear,
    Person,
)
from cases.retention import cases_purge, purge_plan, retention_cutoff
from cases.stats.services import case_query_sync
from plans.models import Frequency
from reporting.models import IndicatorValue
from tests import factories
from tests.cases.stats_data import many, person, record

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)  # five years: records last identified before 2021-06-01 go
LONG_AGO = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)


def _day(year: int, month: int = 1, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


@pytest.fixture
def cases(agency_a, agency_b):
    gone = person()
    first = record(agency_a, gone, record_id="OLD-1", identified_on=_day(2019, 3, 1))
    second = record(agency_b, gone, record_id="OLD-2", identified_on=_day(2020, 1, 10))
    CandidatePair.objects.create(record_a=first, record_b=second, match_probability=0.8)
    kept = person()
    old = record(agency_a, kept, record_id="KEEP-1", identified_on=_day(2018, 5, 1))
    recent = record(agency_b, kept, record_id="KEEP-2", identified_on=_day(2024, 2, 2))
    CandidatePair.objects.create(record_a=old, record_b=recent, match_probability=0.7)
    record(agency_a, record_id="ALONE-OLD", identified_on=_day(2019, 7, 7))
    record(agency_a, record_id="ALONE-NEW", identified_on=_day(2025, 1, 1))
    record(agency_a, record_id="UNDATED-OLD", identified_on=None, imported_at=LONG_AGO)
    record(agency_a, record_id="UNDATED-NEW", identified_on=None)
    many(agency_a, 12, identified_on=_day(2019, 5, 5))
    many(agency_b, 11, sex="M", identified_on=_day(2020, 2, 2))
    return {"gone": gone, "kept": kept}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _published(year: int, *extra: str) -> dict:
    return json.loads(
        _run("case_stats", "--published", "--year", str(year), "--format", "json", *extra)
    )


def _ids() -> set[str]:
    return set(CaseRecord.objects.values_list("record_id", flat=True))


def test_it_purges_whole_persons_last_identified_before_the_cutoff(cases):
    result = cases_purge(today=TODAY, years=5)

    assert result.cutoff == _day(2021, 6, 1)
    assert _ids() == {"KEEP-1", "KEEP-2", "ALONE-NEW", "UNDATED-NEW"}
    assert result.records == 2 + 1 + 1 + 12 + 11
    assert not Person.objects.filter(pk=cases["gone"].pk).exists()
    assert Person.objects.filter(pk=cases["kept"].pk).exists()  # one recent record keeps all
    assert result.persons == 1
    assert result.pairs == 1
    assert CandidatePair.objects.count() == 1


def test_it_lists_what_would_go_in_a_dry_run_and_changes_nothing(cases, settings):
    settings.CASE_RETENTION_YEARS = 5
    before = CaseRecord.objects.count()

    said = _run("purge_cases", "--dry-run", "--today", "2026-06-01", "--ids")

    assert CaseRecord.objects.count() == before
    assert "before 2021-06-01" in said
    assert "POL\t2019\t14\n" in said  # OLD-1, ALONE-OLD and the twelve
    assert "POL\t-\t1\n" in said  # UNDATED-OLD, counted from its import
    assert "NGO1\t2020\t12\n" in said
    assert "Total: 27 records, of 1 linked persons." in said
    assert "OLD-1" in said
    assert "KEEP-1" not in said
    assert "Nothing was changed" in said


def test_it_audits_the_purge_with_counts_only(cases, settings):
    settings.CASE_RETENTION_YEARS = 5
    _run("purge_cases", "--today", "2026-06-01")
    audit = CaseAccess.objects.get(action="purge")
    assert audit.records == 27
    assert audit.user is None
    assert "2021-06-01" in audit.target
    assert "OLD" not in audit.target
    assert "R" not in audit.target.replace("purge", "")  # no record id of any kind


def test_it_keeps_the_published_tables_of_the_years_it_purges_from(cases):
    before = {year: _published(year) for year in (2019, 2020)}
    protected_at_5 = _published(2019, "--threshold", "5")

    result = cases_purge(today=TODAY, years=5)

    assert result.frozen == [2019, 2020]
    assert set(FrozenPublishedYear.objects.values_list("year", flat=True)) == {2019, 2020}
    assert {year: _published(year) for year in (2019, 2020)} == before
    assert _published(2019, "--threshold", "5") == protected_at_5
    # The records themselves are gone: the free-form statistics count nobody in 2019.
    free = json.loads(_run("case_stats", "--by", "sex", "--year", "2019", "--format", "json"))
    assert sum(cell["persons"] for cell in free["cells"] if cell["sex"] == "total") == 0
    assert before[2019]["cells"]  # the comparison compared something


def test_it_freezes_no_year_twice_and_purges_nothing_more_on_a_second_run(cases):
    cases_purge(today=TODAY, years=5)
    again = cases_purge(today=TODAY, years=5)
    assert again.records == 0
    assert again.frozen == []
    assert FrozenPublishedYear.objects.count() == 2
    assert CaseAccess.objects.filter(action="purge").count() == 2


def test_it_leaves_values_written_from_case_queries_as_they_were(cases, agency_a, coordinator):
    plan = factories.PlanFactory.create(
        code="NAP-R", starts_on=_day(2019), ends_on=_day(2026, 12, 31)
    )
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    indicator = factories.IndicatorFactory.create(
        objective=objective,
        code="V1",
        responsible=[agency_a],
        baseline=Decimal(0),
        end_target=Decimal(40),
        midterm_target=None,
        frequency=Frequency.ANNUAL,
    )
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])

    def values() -> dict[str, Decimal]:
        current = IndicatorValue.objects.filter(indicator=indicator, report__is_current=True)
        return {v.period: v.value for v in current.filter(breakdown="")}

    case_query_sync(plan=plan, user=coordinator, today=TODAY)
    written = values()
    cases_purge(today=TODAY, years=5)
    record(agency_a, identified_on=_day(2024, 9, 9))  # found after the purge
    case_query_sync(plan=plan, user=coordinator, today=TODAY)

    after = values()
    assert written["2019"] == 14  # OLD's person, ALONE-OLD and the twelve (2018's is KEEP's)
    assert after["2019"] == written["2019"]
    assert after["2020"] == written["2020"]
    assert after["2021"] == written["2021"]  # began before the cutoff: left as it was
    assert after["2024"] == written["2024"] + 1  # later periods are still counted


def test_it_runs_as_the_scheduled_job(cases, settings):
    settings.CASE_RETENTION_YEARS = 5
    result = purge_expired()
    json.dumps(result)  # what the job stores must be JSON
    assert result["records"] == 27
    assert str(retention_cutoff(timezone.localdate(), 5)) in str(result["message"])


def test_it_keeps_everything_within_a_longer_retention(cases):
    assert purge_plan(today=TODAY, years=10).record_pks == []
    assert cases_purge(today=TODAY, years=10).records == 0


def test_it_counts_years_back_from_a_leap_day():
    assert retention_cutoff(_day(2028, 2, 29), 5) == _day(2023, 2, 28)
    with pytest.raises(ValueError, match="at least 1 year"):
        retention_cutoff(_day(2026), 0)
