"""Names per language of plan content (issue 9 #10): areas, objectives, activities, indicators,
dimensions and categories carry a name per plan language, entered in the forms and the workbook,
and shown in the user's language on pages and in documents; categories coded by ISO 3166 (a
region, a citizenship) are named by the ISO library in the user's language."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from documents.services import document_generate
from plans import services
from plans.models import Dimension, DimensionCategory
from plans.workbook.services import WorkbookInvalid, plan_export, plan_import
from plans.workbook.writer import plan_records
from progress import charts
from progress.engine import Status
from progress.selectors import StatusCounts
from tests.documents.documents_data import reported_plan  # noqa: F401 (a fixture)
from tests.documents.files import docx_text
from tests.plans.workbooks import build, small_plan

pytestmark = pytest.mark.django_db

NAMES = {
    "area": {"hy": "Կանխարգելում", "ru": "Профилактика"},
    "objective": {"hy": "Իրազեկվածության բարձրացում", "ru": "Повышение осведомлённости"},
    "activity": {"hy": "Դպրոցական դասընթացներ", "ru": "Школьные занятия"},
    "indicator": {"hy": "Տեղեկացված աշակերտներ", "ru": "Осведомлённые ученики"},
}


@pytest.fixture
def named_plan(plan):
    """The shared plan in English, Armenian and Russian, its first branch named in all three."""
    plan.languages = "en,hy,ru"
    plan.save()
    area = plan.areas.get(code="2")
    objective = plan.objectives.get(code="2.1")
    activity = plan.activities.get(code="2.1.2")
    indicator = plan.indicators.get(code="I2.1")
    indicator.name = "Pupils informed"
    for element, kind in [
        (area, "area"),
        (objective, "objective"),
        (activity, "activity"),
        (indicator, "indicator"),
    ]:
        element.name_i18n = NAMES[kind]
        element.save()
    return plan


def _client_in(client_of, user, language: str):
    client = client_of(user)
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["hy", "ru"])
def test_it_shows_the_plan_tree_in_the_users_language(client_of, reporter_a, named_plan, language):
    client = _client_in(client_of, reporter_a, language)

    page = client.get(reverse("plans:plan_tree", args=[named_plan.pk])).content.decode()

    for kind in NAMES:
        assert NAMES[kind][language] in page, kind
    assert "Awareness raised" not in page
    assert "Pupils informed" not in page
    # Elements without a name in that language keep their base name.
    assert "Protection" in page
    assert "Schools reached" in page


def test_it_shows_the_base_names_in_english(client_of, reporter_a, named_plan):
    page = client_of(reporter_a).get(reverse("plans:plan_tree", args=[named_plan.pk]))

    html = page.content.decode()
    assert "Awareness raised" in html
    assert "Pupils informed" in html
    assert NAMES["indicator"]["hy"] not in html


@pytest.mark.parametrize("language", ["hy", "ru"])
def test_it_shows_the_indicator_page_in_the_users_language(
    client_of, reporter_a, named_plan, language
):
    indicator = named_plan.indicators.get(code="I2.1")
    region = Dimension.objects.create(
        code="places", name="Region", name_i18n={"hy": "Մարզ", "ru": "Регион"}
    )
    DimensionCategory.objects.create(dimension=region, code="AM-ER", name="AM-ER")
    DimensionCategory.objects.create(
        dimension=region, code="north", name="North", name_i18n={"hy": "Հյուսիս", "ru": "Север"}
    )
    indicator.dimensions.add(region)
    client = _client_in(client_of, reporter_a, language)

    plan_page = client.get(reverse("plans:indicator_detail", args=[named_plan.pk, indicator.pk]))
    progress_page = client.get(reverse("progress:indicator", args=[named_plan.pk, indicator.pk]))

    html = plan_page.content.decode()
    assert NAMES["indicator"][language] in html
    assert NAMES["objective"][language] in html  # the path to it
    assert {"hy": "Մարզ", "ru": "Регион"}[language] in html
    assert {"hy": "Հյուսիս", "ru": "Север"}[language] in html
    # A region coded by ISO 3166-2 is named by the ISO library: Russian has the name, Armenian
    # has no catalog of regions and shows the English one, never the bare code.
    assert {"hy": "Erevan", "ru": "Ереван"}[language] in html
    assert NAMES["indicator"][language] in progress_page.content.decode()


def test_it_names_a_category_given_as_an_iso_code_in_each_language():
    sex = Dimension.objects.create(code="citizenship", name="Citizenship")
    lanka = DimensionCategory.objects.create(dimension=sex, code="LKA", name="LKA")
    named = DimensionCategory.objects.create(dimension=sex, code="ARM", name="Home country")
    plain = DimensionCategory.objects.create(dimension=sex, code="female", name="Female")

    shown = {}
    for language in ["en", "hy", "ru"]:
        with translation.override(language):
            shown[language] = (lanka.display_name, named.display_name, plain.display_name)

    assert shown["en"] == ("Sri Lanka", "Home country", "Female")
    assert shown["hy"] == ("Շրի Լանկա", "Հայաստան", "Female")
    assert shown["ru"] == ("Шри-Ланка", "Армения", "Female")


def test_it_labels_the_charts_in_the_users_language(named_plan):
    area = named_plan.areas.get(code="2")
    counts = StatusCounts()
    counts.add(Status.ON_TRACK)

    with translation.override("hy"):
        spec = charts.status_by_area({area: counts})

    assert [row[0] for row in charts.chart_table(spec)["rows"]] == ["2 Կանխարգելում"]


# --- Entry: the edit forms ----------------------------------------------------------------


def test_it_offers_a_name_field_per_plan_language_and_stores_them(
    client_of, coordinator, named_plan
):
    area = named_plan.areas.get(code="3")
    url = reverse("plans:area_edit", args=[named_plan.pk, area.pk])
    client = client_of(coordinator)

    form = client.get(url).content.decode()
    response = client.post(
        url, {"code": "3", "name": "Protection", "name_hy": "Պաշտպանություն", "name_ru": ""}
    )

    assert 'name="name_hy"' in form
    assert 'name="name_ru"' in form
    assert 'lang="hy"' in form
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name_i18n == {"hy": "Պաշտպանություն"}


def test_it_offers_no_name_field_for_a_language_the_plan_is_not_in(client_of, coordinator, plan):
    area = plan.areas.get(code="3")

    form = client_of(coordinator).get(reverse("plans:area_edit", args=[plan.pk, area.pk]))

    assert 'name="name_hy"' not in form.content.decode()


@pytest.mark.parametrize(
    ("url_name", "kind", "code"),
    [
        ("objective_edit", "objective", "2.1"),
        ("activity_edit", "activity", "2.1.2"),
        ("indicator_edit", "indicator", "I2.1"),
    ],
)
def test_it_fills_the_name_fields_of_every_element_with_the_stored_names(
    client_of, coordinator, named_plan, url_name, kind, code
):
    element = getattr(named_plan, {"activity": "activities"}.get(kind, f"{kind}s")).get(code=code)

    form = client_of(coordinator).get(
        reverse(f"plans:{url_name}", args=[named_plan.pk, element.pk])
    )

    html = form.content.decode()
    assert NAMES[kind]["hy"] in html
    assert NAMES[kind]["ru"] in html


def test_it_refuses_a_name_longer_than_the_base_name_may_be(client_of, coordinator, named_plan):
    area = named_plan.areas.get(code="3")
    url = reverse("plans:area_edit", args=[named_plan.pk, area.pk])

    response = client_of(coordinator).post(
        url, {"code": "3", "name": "Protection", "name_hy": "Ա" * 301, "name_ru": ""}
    )

    assert response.status_code == 200
    assert "At most 300 characters" in response.content.decode()
    area.refresh_from_db()
    assert area.name_i18n == {}


def test_it_keeps_the_names_when_a_service_caller_gives_none(named_plan):
    area = named_plan.areas.get(code="2")

    services.area_update(area=area, code="2", name="Prevention of trafficking")

    area.refresh_from_db()
    assert area.name_i18n == NAMES["area"]


def test_it_refuses_a_name_in_a_language_tip_monitor_does_not_offer(named_plan):
    area = named_plan.areas.get(code="2")

    with pytest.raises(ValidationError) as refused:
        services.area_update(area=area, code="2", name="Prevention", name_i18n={"fr": "Prévention"})

    assert "fr is not a language" in str(refused.value.message_dict["name_i18n"])
    area.refresh_from_db()
    assert area.name_i18n == NAMES["area"]


# --- Entry: the workbook ------------------------------------------------------------------


def _with_names(sheets: dict) -> dict:
    """The small plan with `Name (hy)` and `Name (ru)` columns on every sheet that has names."""
    added = {
        "Areas": {"1": ("Կանխարգելում", "Профилактика")},
        "Objectives": {"G1": ("Ավելի քիչ զոհեր", "Меньше жертв")},
        "Activities": {"1.1.1": ("Արշավ", "Кампания")},
        "Indicators": {"I-1": ("Հայտնաբերված զոհեր", "Выявленные жертвы")},
    }
    for sheet, names in added.items():
        rows = sheets[sheet]
        rows[0] += ["Name (hy)", "Name (ru)"]
        for row in rows[1:]:
            row += list(names.get(row[0], ("", "")))
    dimensions = sheets["Dimensions"]
    dimensions[0] += ["Dimension name (ru)", "Category name (ru)"]
    dimensions[1] += ["Пол", "Женский"]
    dimensions[2] += ["", ""]
    return sheets


def test_it_imports_names_per_language_and_exports_them_back():
    plan = plan_import(data=build(_with_names(small_plan()))).plan

    indicator = plan.indicators.get(code="I-1")
    assert indicator.name_i18n == {"hy": "Հայտնաբերված զոհեր", "ru": "Выявленные жертвы"}
    assert plan.areas.get(code="2").name_i18n == {}
    assert Dimension.objects.get(code="sex").name_i18n == {"ru": "Пол"}
    assert DimensionCategory.objects.get(code="female").name_i18n == {"ru": "Женский"}

    exported = plan_export(plan=plan, fmt="xlsx")
    indicators = list(openpyxl.load_workbook(io.BytesIO(exported))["Indicators"].values)
    row = dict(zip(indicators[0], indicators[1], strict=True))
    assert row["Name (hy)"] == "Հայտնաբերված զոհեր"
    assert row["Name (ru)"] == "Выявленные жертвы"

    before = plan_records(plan)
    summary = plan_import(data=exported)
    assert plan_records(summary.plan) == before
    assert sum(summary.updated.values()) == 0


def test_it_keeps_stored_names_when_the_workbook_has_no_name_columns():
    plan_import(data=build(_with_names(small_plan())))

    plan = plan_import(data=build(small_plan())).plan

    assert plan.objectives.get(code="G1").name_i18n == {
        "hy": "Ավելի քիչ զոհեր",
        "ru": "Меньше жертв",
    }


def test_it_removes_a_name_whose_cell_is_emptied():
    plan_import(data=build(_with_names(small_plan())))
    sheets = _with_names(small_plan())
    sheets["Activities"][1][-2] = ""

    plan = plan_import(data=build(sheets)).plan

    assert plan.activities.get(code="1.1.1").name_i18n == {"ru": "Кампания"}


def test_it_refuses_a_name_too_long_with_its_row_and_column_and_stores_nothing():
    sheets = _with_names(small_plan())
    sheets["Areas"][2][-1] = "П" * 301

    with pytest.raises(WorkbookInvalid) as refused:
        plan_import(data=build(sheets))

    assert [(e.sheet, e.row, e.column) for e in refused.value.errors] == [("Areas", 3, "Name (ru)")]
    assert "At most 300 characters" in refused.value.errors[0].message
    assert not Dimension.objects.filter(name_i18n__has_key="ru").exists()


def test_it_exports_name_columns_for_the_plans_languages_only(named_plan):
    records = plan_records(named_plan)

    assert records["Areas"][0]["Name (hy)"] == NAMES["area"]["hy"]
    assert "Name (ru)" in records["Objectives"][0]
    named_plan.languages = "en"
    named_plan.save()
    named_plan.areas.update(name_i18n={})
    named_plan.objectives.update(name_i18n={})
    named_plan.activities.update(name_i18n={})
    named_plan.indicators.update(name_i18n={})
    assert "Name (hy)" not in plan_records(named_plan)["Areas"][0]


# --- Documents ----------------------------------------------------------------------------


def test_it_writes_the_armenian_annual_report_with_the_armenian_names(reported_plan, coordinator):  # noqa: F811
    area = reported_plan.areas.get(code="2")
    area.name_i18n = {"hy": "Կանխարգելում"}
    area.save()
    indicator = reported_plan.indicators.get(code="I2.1")
    indicator.name_i18n = {"hy": "Տեղեկացված աշակերտներ"}
    indicator.save()

    armenian = document_generate(
        plan=reported_plan,
        kind="annual",
        period="2025",
        language="hy",
        fmt="docx",
        user=coordinator,
    )
    english = document_generate(
        plan=reported_plan,
        kind="annual",
        period="2025",
        language="en",
        fmt="docx",
        user=coordinator,
    )

    headings, text = docx_text(bytes(armenian.content))
    assert any("Կանխարգելում" in heading for heading in headings)
    assert "Տեղեկացված աշակերտներ" in text
    assert not any(heading.endswith(" Prevention") for heading in headings)
    english_headings, english_text = docx_text(bytes(english.content))
    assert any(heading.endswith(" Prevention") for heading in english_headings)
    assert "Տեղեկացված աշակերտներ" not in english_text
