"""One case record: categories and which keys it has, never a key's value; another agency's
record is not found; roles without case access are refused; every view is audited."""

import pytest

from cases.models import CaseAccess, CaseRecord
from tipmonitor.lib.pseudonyms import KEY_FIELDS

pytestmark = pytest.mark.django_db


def _url(record_id: str) -> str:
    return f"/cases/records/{CaseRecord.objects.get(record_id=record_id).pk}/"


def test_it_shows_the_categories_and_which_keys_are_present(client_of, records_a, case_officer_a):
    response = client_of(case_officer_a).get(_url("A2"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Forced labour" in page
    assert "Shirak" in page
    assert page.count("present</span>") == 6 + 1  # six name keys and the birth year
    record = CaseRecord.objects.get(record_id="A2")
    for name in KEY_FIELDS:
        value = getattr(record, name)
        assert not value or value not in page


def test_it_hides_other_agencies_records_and_refuses_other_roles(
    client_of, anonymous, records_a, case_officer_b, viewer, administrator, coordinator
):
    url = _url("A1")

    assert client_of(case_officer_b).get(url).status_code == 404
    assert client_of(viewer).get(url).status_code == 403
    assert client_of(administrator).get(url).status_code == 403
    assert anonymous.get(url).status_code == 302
    assert client_of(coordinator).get(url).status_code == 200
    assert client_of(coordinator).get("/cases/records/999999/").status_code == 404


def test_it_audits_the_view(client_of, records_a, coordinator):
    client_of(coordinator).get(_url("A1"))

    entry = CaseAccess.objects.filter(action="detail").get()
    assert (entry.user, entry.target, entry.records) == (coordinator, "POL/A1", 1)
