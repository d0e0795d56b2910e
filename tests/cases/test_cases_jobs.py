"""The linkage's job functions (cases/jobs.py), as the worker runs them: the incremental link
queued after an import, the full re-linkage, and the catch-up of decisions."""

import pytest

from cases import jobs
from cases.models import CaseRecord, LinkageRun
from tests.cases.linkage_data import record_with
from tests.cases.test_link_cases_command import SAME
from tests.cases.test_link_new import OTHER

pytestmark = pytest.mark.django_db


def test_it_links_new_records_and_tells_no_count(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_a, "A2", **OTHER)

    first = jobs.link_new(agency_code="POL")  # no full run yet: one is made
    record_with(agency_b, "B1", **SAME)
    second = jobs.link_new(agency_code="NGO1")

    # The requester may be an agency's case officer: no count of persons or matches.
    assert first == second == {"message": "The imported records are linked."}
    assert LinkageRun.objects.count() == 1
    assert CaseRecord.objects.get(record_id="B1").person_id == (
        CaseRecord.objects.get(record_id="A1").person_id
    )
    assert not CaseRecord.objects.filter(person=None).exists()


def test_it_relinks_all_records_with_a_new_model(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_b, "B1", **SAME)

    assert jobs.relink_all() == {"message": "All 2 records linked afresh into 1 persons."}
    jobs.relink_all()
    assert LinkageRun.objects.count() == 2
