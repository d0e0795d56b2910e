"""International reporting (docs/international.md): the UNODC GLOTIP / SDG 16.2.2 tables of a
year from the linked case records, through disclosure control, as XLSX and CSV, by the command
and by the coordinator's download."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CaseAccess
from cases.stats.dimensions import PersonFacts, citizenship_region, glotip_form
from cases.stats.international import InternationalYear, international_tables
from cases.stats.international_files import long_rows, write_csv
from plans.models import PlanPopulation
from tests.cases.stats_data import many, person, record
from tipmonitor.lib.disclosure import TOTAL, ProtectedTable, derivable, equations

pytestmark = pytest.mark.django_db

YEAR = 2025
TODAY = datetime.date(2026, 6, 1)
URL = "cases:international"


def _facts(**fields: object) -> PersonFacts:
    values: dict[str, object] = {
        "key": "k",
        "status": "identified",
        "identified_on": datetime.date(YEAR, 3, 1),
        "sex": "F",
        "age": 30,
        "nationality": "ARM",
        "region": "",
        "exploitation": ("sexual",),
        "agencies": ("A",),
    }
    values.update(fields)
    return PersonFacts(**values)  # type: ignore[arg-type]


def _report(population: list[PersonFacts], **options: object) -> InternationalYear:
    return international_tables(
        YEAR,
        population=population,
        home="ARM",
        today=TODAY,
        **options,  # type: ignore[arg-type]
    )


def test_it_puts_known_persons_in_unodcs_groups():
    people = [
        _facts(sex="F", age=30, weight=20),
        _facts(sex="M", age=40, weight=20),
        _facts(sex="F", age=17, weight=20),
        _facts(sex="M", age=12, weight=20),
        _facts(sex="", age=25, weight=12),
        _facts(sex="F", age=None, weight=11),
    ]
    report = _report(people)
    groups = {g: report.cell("exploitation", (g, TOTAL)) for g in ("women", "men", "girls")}
    assert groups == {"women": 20, "men": 20, "girls": 20}
    assert report.cell("exploitation", ("boys", TOTAL)) == 20
    assert report.cell("exploitation", ("other", TOTAL)) == 23  # sex or age not known
    assert report.total == 103


def test_it_maps_forms_of_exploitation_to_glotips():
    assert glotip_form(_facts(exploitation=("sexual",))) == ["sexual"]
    assert glotip_form(_facts(exploitation=("labour", "servitude"))) == ["labour"]
    assert glotip_form(_facts(exploitation=("begging",))) == ["other_begging"]
    assert glotip_form(_facts(exploitation=("begging", "forced_marriage"))) == ["other_several"]
    assert glotip_form(_facts(exploitation=("sexual", "labour"))) == ["mixed"]
    assert glotip_form(_facts(exploitation=("sexual", "begging"))) == ["mixed"]
    assert glotip_form(_facts(exploitation=())) == ["unknown"]


def test_it_groups_citizenship_as_national_foreign_by_region_or_stateless():
    assert citizenship_region("ARM", "ARM") == "national"
    assert citizenship_region("RUS", "ARM") == "europe"
    assert citizenship_region("IND", "ARM") == "asia"
    assert citizenship_region("XXA", "ARM") == "stateless"
    assert citizenship_region("XXX", "ARM") == "unknown"
    assert citizenship_region("", "ARM") == "unknown"
    people = [_facts(nationality="ARM", weight=30), _facts(nationality="RUS", weight=15)]
    people.append(_facts(nationality="NGA", weight=12))
    report = _report(people)
    assert report.cell("citizenship", ("women", "national")) == 30
    assert report.cell("citizenship", ("women", "foreign")) == 27  # the subtotal
    assert report.cell("citizenship", ("women", "africa")) == 12


def test_it_counts_a_person_once_across_agencies(agency_a, agency_b):
    many(agency_a, 15, sex="M", age_at_exploitation=35)
    someone = person()
    for agency in (agency_a, agency_b):
        record(agency, someone, sex="F", age_at_exploitation=16, exploitation=["labour"])
    many(agency_b, 11, sex="F", age_at_exploitation=16, exploitation=["labour"])
    report = international_tables(YEAR, home="ARM", today=TODAY)
    assert report.persons == 27
    assert report.cell("exploitation", ("girls", "labour")) == 12


def test_it_withholds_small_counts_so_no_margin_gives_them_back():
    people = [
        _facts(sex="F", age=30, weight=40),
        _facts(sex="M", age=30, weight=3, exploitation=("labour",)),
        _facts(sex="M", age=30, weight=30, exploitation=("labour",), nationality="RUS"),
    ]
    report = _report(people)
    assert report.cell("citizenship", ("men", "national")) is None
    assert report.cell("citizenship", ("men", "foreign")) is None  # a sum with a withheld part
    # Nothing withheld is determined by the equations of both tables together and what is
    # published: a group's persons are one cell in both.
    counts: dict = {}
    system: list = []
    suppressed: dict = {}
    for name, table in report.tables.items():

        def cell(key, name=name):
            return ("", key) if key[1] == TOTAL else (name, key)

        counts |= {cell(key): n for key, n in table.counts.items()}
        suppressed |= {cell(key): why for key, why in table.suppressed.items()}
        system += [(cell(t), [cell(p) for p in parts]) for t, parts in equations(table.categories)]
    assert suppressed
    assert derivable(counts, system, suppressed) == []


def test_it_gives_the_rate_per_100000_from_the_published_total():
    people = [_facts(weight=50)]
    assert _report(people, residents=2_000_000).rate == Decimal("2.50")
    assert _report(people).rate is None
    assert _report([_facts(weight=5)], residents=2_000_000).rate is None  # total withheld


def test_it_writes_a_workbook_with_its_notes(coordinator, agency_a, plan, tmp_path):
    many(agency_a, 25, sex="F", age_at_exploitation=30)
    many(agency_a, 20, sex="M", age_at_exploitation=30)
    many(agency_a, 3, sex="M", age_at_exploitation=14)
    PlanPopulation.objects.create(plan=plan, year=YEAR, population=3_000_000)
    plan.starts_on, plan.ends_on = datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)
    plan.save()
    target = tmp_path / "glotip.xlsx"
    call_command("export_international", "--year", str(YEAR), "--output", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["Sex and age", "Form of exploitation", "Citizenship", "Notes"]
    ages = {row[0]: row[1] for row in book["Sex and age"].iter_rows(values_only=True) if row}
    assert ages["Women"] == 25
    assert ages["Boys"] == ages["Men"] == "withheld"  # 3, and a count that would give it away
    assert ages["Total"] == 48
    assert ages["Detected victims per 100,000 residents"] == 1.6
    notes = dict(book["Notes"].iter_rows(values_only=True))
    assert notes["Year"] == str(YEAR)
    assert "Counts from 1 to 10 are withheld" in notes["Disclosure control"]
    assert "withheld" in notes["Withheld"]
    access = CaseAccess.objects.get()
    assert (access.user, access.action) == (None, "export")
    assert "international" in access.target


def test_it_writes_one_long_csv_table(agency_a):
    many(agency_a, 25, sex="F", age_at_exploitation=30)
    out = io.StringIO()
    call_command("export_international", "--year", str(YEAR), "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == ["table", "dimension", "category", "count", "withheld"]
    found = {(row["table"], row["category"]): row for row in rows}
    assert found["sex_age", "women"]["count"] == "25"
    assert found["exploitation", "women/sexual"]["withheld"] == "false"
    assert found["sex_age", "men"]["count"] == "0"
    assert not any(row["table"] == "rate_per_100000" for row in rows)  # no population set


def test_it_neutralises_formulas_in_the_csv():
    report = _report([_facts(weight=25)])
    table = report.tables["exploitation"]
    hostile = ("x;=cmd|' /C calc'!A0", *table.categories[1][1:])
    cells = {(g, hostile[0] if c == "sexual" else c): n for (g, c), n in table.counts.items()}
    bad = ProtectedTable(categories=(table.categories[0], hostile), counts=cells)
    report.tables["exploitation"] = bad
    out = io.StringIO()
    write_csv(report, out)
    assert "women/x;'=cmd" in out.getvalue()
    parsed = [cell for row in csv.reader(io.StringIO(out.getvalue())) for cell in row]
    assert not any(cell.startswith(("=", "+", "@")) for cell in parsed)
    assert any("=cmd" in str(cell) for row in long_rows(report) for cell in row)


def test_it_refuses_a_year_not_ended_and_says_when_nobody_is_found(db):
    with pytest.raises(CommandError, match="--year: The year must have ended"):
        call_command("export_international", "--year", "3000", "--format", "csv")
    with pytest.raises(CommandError, match="No presumed or identified victim"):
        call_command("export_international", "--year", "2019", "--format", "csv")
    with pytest.raises(CommandError, match="--output"):
        call_command("export_international", "--year", "2019")


def test_it_lets_the_coordinator_download_it_from_the_stats_page(client_of, coordinator, agency_a):
    many(agency_a, 25, sex="F", age_at_exploitation=30)
    page = client_of(coordinator).get(reverse("cases:stats"))
    assert reverse(URL) in page.content.decode()
    response = client_of(coordinator).get(reverse(URL), {"year": YEAR, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="victims-glotip-{YEAR}.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames[-1] == "Notes"
    access = CaseAccess.objects.filter(action="export").get()
    assert access.user == coordinator


def test_it_says_what_is_wrong_with_the_download_form(client_of, coordinator):
    client = client_of(coordinator)
    response = client.get(reverse(URL), {"year": "3000", "format": "xlsx"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Year: The year must have ended" in page.content.decode()


@pytest.mark.parametrize("persona", ["viewer", "reporter_a", "case_officer_a"])
def test_it_refuses_everyone_else_and_audits_it(persona, request, client_of, agency_a):
    many(agency_a, 25)
    user = request.getfixturevalue(persona)
    response = client_of(user).get(reverse(URL), {"year": YEAR, "format": "csv"})
    assert response.status_code == 403
    access = CaseAccess.objects.get()
    assert (access.user, access.action, access.target) == (user, "refused", "403 international")
