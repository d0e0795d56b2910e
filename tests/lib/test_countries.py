"""`tipmonitor.lib.countries`: ISO 3166 codes as names in the user's language, from pycountry;
and the places that show case records' citizenships and regions by it (issue 9 #10)."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cases.models import CaseRecord
from cases.services import cases_import
from cases.stats import category_label
from tests.cases.conftest import csv_file
from tipmonitor.lib.countries import (
    country_name,
    is_place_code,
    place_name,
    subdivision_name,
    translated_place_name,
)


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("LKA", "en", "Sri Lanka"),
        ("LKA", "hy", "Շրի Լանկա"),
        ("LKA", "ru", "Шри-Ланка"),
        ("lk", "ru", "Шри-Ланка"),
        ("ARM", "hy", "Հայաստան"),
        ("BGD", "ru", "Бангладеш"),
    ],
)
def test_it_names_a_country_by_its_alpha_2_or_alpha_3_code(code, language, name):
    assert country_name(code, language) == name


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("AE-DU", "en", "Dubayy"),
        ("AE-DU", "ru", "Дубай"),
        ("AM-ER", "ru", "Ереван"),
        ("RU-MOW", "ru", "Москва"),
        # pycountry ships no Armenian catalog of regions: the English name.
        ("AM-ER", "hy", "Erevan"),
    ],
)
def test_it_names_a_region_by_its_iso_3166_2_code(code, language, name):
    assert subdivision_name(code, language) == name


@pytest.mark.parametrize("code", ["XXA", "QQ", "ZZ-99", "capital", ""])
def test_it_falls_back_to_the_code_when_the_code_is_unknown(code):
    assert place_name(code, "ru") == code
    assert translated_place_name(code, "ru") is None


def test_it_falls_back_to_english_for_a_language_without_a_catalog():
    assert country_name("LKA", "xx") == "Sri Lanka"


def test_it_uses_the_active_language_by_default():
    with translation.override("ru"):
        assert place_name("LKA") == "Шри-Ланка"
        assert place_name("AE-DU") == "Дубай"
    with translation.override("en"):
        assert place_name("LKA") == "Sri Lanka"


def test_it_says_when_a_language_has_no_translation_of_a_name():
    assert translated_place_name("AM-ER", "ru") == "Ереван"
    assert translated_place_name("AM-ER", "hy") is None
    assert translated_place_name("AM-ER", "en") == "Erevan"


def test_it_takes_only_upper_case_known_codes_for_places():
    assert is_place_code("LKA")
    assert is_place_code("AM-ER")
    assert not is_place_code("am")
    assert not is_place_code("female")
    assert not is_place_code("XX-99")


# --- Where case records show places ------------------------------------------------------------


def test_it_labels_case_statistics_by_citizenship_and_region_in_the_users_language():
    with translation.override("ru"):
        assert category_label("nationality", "LKA") == "Шри-Ланка"
        assert category_label("region", "AE-DU") == "Дубай"
        assert category_label("region", "Northern province") == "Northern province"
    with translation.override("hy"):
        assert category_label("nationality", "LKA") == "Շրի Լանկա"


def test_it_offers_templates_a_filter_for_places():
    template = Template("{% load plan_format %}{{ code|place }}|{{ empty|place }}")

    with translation.override("ru"):
        shown = template.render(Context({"code": "AE-DU", "empty": None}))

    assert shown == "Дубай|"


@pytest.mark.django_db
def test_it_shows_a_case_records_citizenship_and_region_by_name(
    settings, agency_a, case_officer_a, client_of
):
    settings.LINKAGE_KEY = "the linkage key of the test deployment"
    row = "R1,Lakshmi,Tamang,1983-01-12,F,LKA,AE-DU,begging,2025-09-21,identified"
    cases_import(agency=agency_a, file=csv_file(row), filename="r.csv", user=case_officer_a)
    record = CaseRecord.objects.get(record_id="R1")
    client = client_of(case_officer_a)
    client.cookies["django_language"] = "ru"

    detail = client.get(reverse("cases:record_detail", args=[record.pk])).content.decode()
    listed = client.get(reverse("cases:record_list")).content.decode()

    assert "Шри-Ланка" in detail
    assert "Дубай" in detail
    assert "Шри-Ланка" in listed
    assert ">LKA<" not in detail + listed
