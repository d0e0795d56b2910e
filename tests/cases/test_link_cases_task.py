"""The `link_cases` task (queued by the import after each commit) runs a linkage."""

import pytest

from cases.models import CaseRecord, LinkageRun
from cases.tasks import link_cases
from tests.cases.linkage_data import record_with
from tests.cases.test_link_cases_command import SAME

pytestmark = pytest.mark.django_db


def test_it_links_the_records_when_run(agency_a, agency_b):
    record_with(agency_a, "A1", **SAME)
    record_with(agency_b, "B1", **SAME)

    result = link_cases.enqueue()

    run = LinkageRun.objects.get()
    assert result.return_value == run.pk
    assert (run.engine, run.records, run.persons) == ("duckdb", 2, 1)
    assert CaseRecord.objects.values("person").distinct().count() == 1
