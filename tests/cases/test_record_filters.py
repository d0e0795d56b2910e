"""The citizenship filter of the case records (QA on the demo: it asked for an "ISO code"):
countries offered by name in the user's language, a name typed into a link taken too, the
filter kept as the ISO code."""

import pytest
from django.utils import translation

from cases.forms import RecordFilterForm

pytestmark = pytest.mark.django_db
URL = "/cases/"


def _record_ids(response) -> list[str]:
    return [record.record_id for record in response.context["page_obj"].object_list]


def test_it_offers_citizenships_by_name_in_the_users_language(client_of, coordinator):
    page = client_of(coordinator).get(URL, headers={"accept-language": "ru"}).content.decode()
    assert "ISO code" not in page
    assert '<select name="nationality"' in page
    assert '<option value="RUS">Российская Федерация</option>' in page

    page = client_of(coordinator).get(URL, headers={"accept-language": "en"}).content.decode()
    assert '<option value="ARM">Armenia</option>' in page


@pytest.mark.parametrize("given", ["RUS", "rus", "Russian Federation", "российская федерация"])
def test_it_filters_by_citizenship_kept_as_the_iso_code(
    client_of, records_a, records_b, coordinator, given
):
    with translation.override("ru"):
        form = RecordFilterForm({"nationality": given}, agencies=[])
        assert form.filters().nationality == "RUS"
    response = client_of(coordinator).get(
        URL, {"nationality": given}, headers={"accept-language": "ru"}
    )
    assert _record_ids(response) == ["B2"]


def test_it_says_so_when_no_country_has_the_name(client_of, records_a, coordinator):
    response = client_of(coordinator).get(URL, {"nationality": "Atlantis"})
    assert response.context["form"].errors["nationality"]
    assert _record_ids(response) == ["A1", "A2", "A3"]


def test_it_names_stateless_persons_and_refugees_after_the_countries(client_of, coordinator):
    page = client_of(coordinator).get(URL).content.decode()
    assert '<option value="XXA">Stateless person</option>' in page
    assert page.index('value="ZWE"') < page.index('value="XXA"')
