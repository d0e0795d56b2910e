"""`cases.stats.person_counts`: persons, not records, by any dimensions, over a period, by
status, in two queries."""

import datetime

import pytest

from cases.stats import (
    STANDARD_TABLES,
    StatsQuery,
    anonymised_persons,
    notes,
    output_cells,
    person_counts,
)
from tests.cases.stats_data import many, person, record
from tipmonitor.lib.disclosure import TOTAL

pytestmark = pytest.mark.django_db

T = TOTAL


def test_it_counts_a_person_reported_by_two_agencies_once(agency_a, agency_b):
    someone = person()
    record(agency_a, someone, status="presumed", sex="F", age_at_exploitation=16)
    record(agency_b, someone, status="identified", sex="F", age_at_exploitation=17)
    record(agency_b, sex="M")
    table = person_counts(StatsQuery(by=("sex",)))
    assert table.counts[("F",)] == 1
    assert table.counts[("M",)] == 1
    assert table.total == 2


def test_it_counts_unlinked_records_as_persons_of_their_own(agency_a):
    record(agency_a)
    record(agency_a)
    assert person_counts(StatsQuery()).total == 2


def test_it_takes_attributes_from_the_most_authoritative_record(agency_a, agency_b):
    someone = person()
    record(agency_a, someone, status="presumed", sex="M", age_at_exploitation=20)
    record(
        agency_b,
        someone,
        status="identified",
        sex="F",
        age_at_exploitation=None,
        identified_on=datetime.date(2025, 6, 1),
    )
    table = person_counts(StatsQuery(by=("status", "sex", "age_group")))
    # Identified (any record), sex of the identified record, age from the other record.
    assert table.counts[("identified", "F", "adult")] == 1
    assert table.total == 1


def test_it_places_a_person_in_the_period_of_their_first_identification(agency_a, agency_b):
    someone = person()
    record(agency_a, someone, identified_on=datetime.date(2024, 12, 20))
    record(agency_b, someone, identified_on=datetime.date(2025, 3, 1))
    record(agency_b, identified_on=datetime.date(2025, 5, 1))
    in_2025 = StatsQuery(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    assert person_counts(in_2025).total == 1
    by_quarter = person_counts(StatsQuery(by=("quarter",)))
    assert by_quarter.counts[("2024-Q4",)] == 1
    assert by_quarter.counts[("2025-Q2",)] == 1


def test_it_filters_by_status_and_leaves_out_non_victims_by_default(agency_a):
    record(agency_a, status="presumed")
    record(agency_a, status="identified")
    record(agency_a, status="not_victim")
    assert person_counts(StatsQuery()).total == 2
    assert person_counts(StatsQuery(statuses=("identified",))).total == 1


def test_it_counts_a_person_in_each_of_their_forms_and_says_so(agency_a, agency_b):
    someone = person()
    record(agency_a, someone, exploitation=["sexual"])
    record(agency_b, someone, exploitation=["labour", "sexual"])
    table = person_counts(StatsQuery(by=("exploitation",)))
    assert table.counts[("sexual",)] == 1
    assert table.counts[("labour",)] == 1
    assert table.total == 1
    assert table.multiple == ("exploitation",)
    assert any("several categories" in note for note in notes(table))


def test_it_filters_on_any_dimension(agency_a):
    record(agency_a, exploitation=["labour"], sex="M")
    record(agency_a, exploitation=["sexual"], sex="F")
    query = StatsQuery(by=("sex",), filters={"exploitation": ("labour",)})
    assert person_counts(query).counts == {("M",): 1, (T,): 1}


def test_it_builds_the_unodc_and_eurostat_tables(agency_a, settings):
    settings.CASES_HOME_COUNTRY = "ARM"
    record(agency_a, sex="F", age_at_exploitation=15, nationality="ARM", exploitation=["sexual"])
    record(agency_a, sex="M", age_at_exploitation=40, nationality="DEU", exploitation=["labour"])
    record(agency_a, sex="M", age_at_exploitation=41, nationality="IND", exploitation=["labour"])
    unodc = person_counts(StatsQuery(by=STANDARD_TABLES["unodc"]))
    assert unodc.counts[("girls", "sexual")] == 1
    assert unodc.counts[("men", "labour")] == 2
    assert unodc.categories[0] == ("women", "men", "girls", "boys", "other")
    eurostat = person_counts(StatsQuery(by=STANDARD_TABLES["eurostat"]))
    assert eurostat.counts[("F", "child", "national")] == 1
    assert eurostat.counts[("M", "adult", "eu")] == 1
    assert eurostat.counts[("M", "adult", "non_eu")] == 1


def test_it_refuses_an_unknown_dimension_or_status():
    with pytest.raises(ValueError, match="colour"):
        StatsQuery(by=("colour",))
    with pytest.raises(ValueError, match="rescued"):
        StatsQuery(statuses=("rescued",))


def test_it_withholds_small_counts_in_public_output(agency_a):
    many(agency_a, 30, sex="F")
    many(agency_a, 4, sex="M")
    many(agency_a, 20, sex="X")
    table = person_counts(StatsQuery(by=("sex",)))
    public = {cell.key: cell.persons for cell in output_cells(table, public=True, threshold=10)}
    assert public[("M",)] is None
    assert public[("X",)] is None  # the complement: else M = total - F - X
    assert public[("F",)] == 30
    assert public[(T,)] == 54
    private = {cell.key: cell.persons for cell in output_cells(table, public=False, threshold=10)}
    assert private[("M",)] == 4


def test_it_counts_in_two_queries_whatever_the_number_of_records(
    agency_a, agency_b, django_assert_num_queries
):
    for _ in range(20):
        someone = person()
        record(agency_a, someone)
        record(agency_b, someone)
    many(agency_a, 30)
    with django_assert_num_queries(2):
        table = person_counts(StatsQuery(by=("sex", "agency", "year")))
    assert table.total == 50


def test_it_exports_persons_in_groups_of_at_least_k(agency_a, agency_b):
    many(agency_a, 12, sex="F", age_at_exploitation=25, region="capital")
    many(agency_a, 11, sex="M", age_at_exploitation=33, region="north")
    many(agency_b, 1, sex="M", age_at_exploitation=70, region="south")
    export = anonymised_persons(k=10)
    quasi = ["yearOfRegistration", "prs_Gender", "ageBroad", "majorityStatus"]
    quasi += ["prs_Citizenship", "hte_State"]
    groups: dict[tuple, int] = {}
    for row in export.rows:
        combination = tuple(row[name] for name in quasi)
        groups[combination] = groups.get(combination, 0) + 1
    assert groups
    assert min(groups.values()) >= 10
    assert export.dropped == 1
    assert len(export.rows) == 23
