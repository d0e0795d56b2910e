"""The lists of an estimate and the capture histories of a year's linked persons
(cases/estimation/histories.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.estimation.histories import (
    ListSpec,
    as_list_specs,
    capture_table,
    parse_list_spec,
    table_from_json,
    table_to_json,
    validate_lists,
)
from tests.cases.estimation_data import HISTORIES, agencies, persons_with
from tests.cases.stats_data import person, record

pytestmark = pytest.mark.django_db

LISTS = [ListSpec("Police", ("POL",)), ListSpec("Shelter", ("NGO1",)), ListSpec("Labour", ("LAB",))]


@pytest.fixture
def three(agency_a, agency_b):
    return [agency_a, agency_b, *agencies("LAB")]


def _messages(specs) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        validate_lists(specs)
    return refused.value.messages


def test_it_reads_a_list_as_the_command_writes_it():
    assert parse_list_spec(" Law enforcement = POL, PRO ") == ListSpec(
        "Law enforcement", ("POL", "PRO")
    )
    for wrong in ("POL", "=POL", "Police=", "Police= , "):
        with pytest.raises(ValidationError, match="NAME=AGENCY"):
            parse_list_spec(wrong)


def test_it_takes_lists_as_the_api_sends_them():
    given = [{"name": " Police ", "agencies": ["POL", " "]}, "Shelter=NGO1"]
    assert as_list_specs(given) == [ListSpec("Police", ("POL",)), ListSpec("Shelter", ("NGO1",))]
    with pytest.raises(ValidationError, match="List 2: give a name"):
        as_list_specs([{"name": "Police", "agencies": ["POL"]}, {"name": "Shelter"}])


def test_it_accepts_three_known_agencies_in_three_lists(three):
    validate_lists(LISTS)


def test_it_refuses_fewer_than_three_or_more_than_eight_lists(three):
    assert _messages(LISTS[:2]) == ["Choose 3 to 8 lists; 2 given."]
    nine = [ListSpec(f"L{i}", (f"A{i}",)) for i in range(9)]
    agencies(*(f"A{i}" for i in range(9)))
    assert _messages(nine) == ["Choose 3 to 8 lists; 9 given."]


def test_it_names_the_list_at_fault(three):
    messages = _messages(
        [
            ListSpec("Police", ("POL", "XYZ")),
            ListSpec("police", ("NGO1",)),
            ListSpec("Labour", ()),
            ListSpec("", ("LAB",)),
            ListSpec("A:B", ("POL",)),
        ]
    )
    assert "Two lists are named “police”." in messages
    assert "List “Labour” has no agency." in messages
    assert "List 4 has no name." in messages
    assert any("“A:B”" in m and "“:”" in m for m in messages)
    assert "Agency POL is in two lists: “Police” and “A:B”." in messages
    assert "List “Police”: there is no agency XYZ." in messages


def test_it_counts_each_linked_person_once_on_every_list_that_holds_them(three):
    persons_with(HISTORIES, three)
    table = capture_table(2025, LISTS)
    assert table.lists == ("Police", "Shelter", "Labour")
    assert dict(table.counts) == HISTORIES
    assert table.observed == sum(HISTORIES.values())


def test_it_groups_agencies_into_one_list(three, secretariat):
    police, shelter, _labour = three
    someone = person()
    record(police, someone)
    record(secretariat, someone)  # police and the secretariat are one list below
    record(shelter, someone)
    lists = [ListSpec("State", ("POL", "SEC")), ListSpec("Shelter", ("NGO1",)), LISTS[2]]
    assert dict(capture_table(2025, lists).counts) == {(1, 1, 0): 1}


def test_it_counts_the_year_the_statuses_and_the_lists_agencies_only(three, secretariat):
    police, shelter, _labour = three
    in_year, other_year, not_victim, elsewhere = person(), person(), person(), person()
    record(police, in_year, identified_on=datetime.date(2025, 12, 31), status="presumed")
    # The same person's record of a later year does not put them on the shelter's list.
    record(shelter, in_year, identified_on=datetime.date(2026, 1, 1))
    record(shelter, other_year, identified_on=datetime.date(2026, 1, 1))
    record(shelter, not_victim, status="not_victim")
    # Found only by an agency in no list: on no list, so not among the persons observed.
    record(secretariat, elsewhere)
    table = capture_table(2025, LISTS)
    assert dict(table.counts) == {(1, 0, 0): 1}


def test_it_refuses_a_year_with_records_not_linked_yet(three):
    police, shelter, _labour = three
    persons_with({(1, 1, 0): 3}, three)
    record(police, None)
    record(shelter, None)
    record(police, None, identified_on=datetime.date(2024, 3, 1))  # another year: no matter
    with pytest.raises(ValidationError) as refused:
        capture_table(2025, LISTS)
    assert refused.value.code == "unlinked"
    assert refused.value.messages == [
        "2 case records of 2025 are not linked to a person yet: run the linkage first "
        "(tipmonitor link-cases, or wait for the linkage job)."
    ]


def test_it_stores_the_table_and_reads_it_back(three):
    persons_with(HISTORIES, three)
    table = capture_table(2025, LISTS)
    stored = table_to_json(table)
    assert [1, 1, 1, 7] in stored
    again = table_from_json(table.lists, stored)
    assert dict(again.counts) == dict(table.counts)
    assert again.observed == table.observed


def test_it_counts_a_person_in_the_year_first_identified_as_the_statistics_do(three):
    """The demo's 2025 lists held 52 persons where the published statistics of 2025 counted 51:
    one person first identified in 2024 was found again in 2025, and 52 − 51 told a viewer so."""
    police, shelter, labour = three
    again, first = person(), person()
    record(police, again, identified_on=datetime.date(2024, 11, 3), status="not_victim")
    record(shelter, again, identified_on=datetime.date(2025, 3, 1))
    record(shelter, first, identified_on=datetime.date(2025, 3, 1))
    record(labour, first, identified_on=datetime.date(2025, 9, 1))
    record(labour, None, identified_on=datetime.date(2024, 5, 1))  # unlinked, of 2024: no matter

    table = capture_table(2025, LISTS)

    assert dict(table.counts) == {(0, 1, 1): 1}
