"""The annual report's optional section on hidden victims (documents/estimation_section.py):
there when ticked and the year has a published estimate, absent otherwise; rounded figures and
protected overlaps only, never the true ones."""

import io
from typing import Any

import docx
import pytest
from django.urls import reverse

from accounts.models import User
from cases.models import CaseAccess, PopulationEstimate
from documents.builder import document_content
from documents.generate import render_document
from documents.layout import document_blocks
from documents.selectors import document_period
from jobs.models import Job
from plans.models import Plan
from tests import factories
from tests.cases.estimation_data import ESTIMATE_NAMES, SMALL_CELL_HISTORIES, done_estimate

YEAR = 2025  # a year of the `plan` fixture (2024–2026)
NAMES, HISTORIES = ESTIMATE_NAMES, SMALL_CELL_HISTORIES
HEADING = "Hidden victims"


def make_estimate(coordinator: User, *, published: bool, year: int = YEAR) -> PopulationEstimate:
    """A done estimate whose true figure (2,483; 2,101 to 3,049) rounds to 2,500 (2,100 to
    3,000) when published."""
    factories.AgencyFactory.create(code="LAB", name="Labour Inspectorate")
    return done_estimate(
        coordinator=coordinator,
        names=NAMES,
        histories=HISTORIES,
        year=year,
        published=published,
        estimate=2483.4,
        ci_low=2101.2,
        ci_high=3049.7,
    )


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def headings(plan: Plan, **options: Any) -> list[str]:
    content = document_content(
        plan=plan,
        kind="annual",
        period=document_period(plan, "annual", str(YEAR)),
        language="en",
        charts=False,
        **options,
    )
    return [block.text for block in document_blocks(content) if block.kind == "heading"]


def test_it_prints_the_published_estimate_rounded_in_the_docx(plan, coordinator):
    make_estimate(coordinator, published=True)

    rendered = render_document(
        plan=plan, kind="annual", period=str(YEAR), language="en", fmt="docx", estimate=True
    )

    text = docx_text(rendered.content)
    assert HEADING in text
    assert "2\u202f500" in text
    assert "2\u202f100 to 3\u202f000" in text
    assert "2\u202f483" not in text
    assert "2483" not in text
    assert "3\u202f049" not in text
    assert "withheld" in text
    assert "Law enforcement × " in text or "independent" in text  # the model in words
    assert "A closed population" in text  # the caveats


def test_it_never_prints_a_small_overlap(plan, coordinator):
    make_estimate(coordinator, published=True)

    content = document_content(
        plan=plan,
        kind="annual",
        period=document_period(plan, "annual", str(YEAR)),
        language="en",
        charts=False,
    )

    section = content.estimation
    assert section is not None
    counts = [row[-1] for row in section.overlaps.rows + section.lists.rows]
    assert "withheld" in counts
    assert not [c for c in counts if c.isdigit() and 1 <= int(c) <= 10]


def test_it_leaves_the_section_out_when_not_ticked(plan, coordinator):
    make_estimate(coordinator, published=True)

    assert not any(HEADING in h for h in headings(plan, estimate=False))
    assert any(HEADING in h for h in headings(plan, estimate=True))


def test_it_leaves_the_section_out_without_a_published_estimate(plan, coordinator):
    make_estimate(coordinator, published=False)

    assert not any(HEADING in h for h in headings(plan, estimate=True))
    assert not any(HEADING in h for h in headings(plan))


def test_it_leaves_the_section_out_of_the_quarterly_summary(plan, coordinator):
    make_estimate(coordinator, published=True)

    content = document_content(
        plan=plan,
        kind="quarterly",
        period=document_period(plan, "quarterly", f"{YEAR}-Q4"),
        language="en",
        charts=False,
    )

    assert content.estimation is None


def test_it_prints_the_section_in_the_plans_other_languages(plan, coordinator):
    make_estimate(coordinator, published=True)
    Plan.objects.filter(pk=plan.pk).update(languages="en,hy")
    plan.refresh_from_db()

    pdf = render_document(
        plan=plan, kind="annual", period=str(YEAR), language="hy", fmt="pdf", estimate=True
    )
    word = render_document(
        plan=plan, kind="annual", period=str(YEAR), language="hy", fmt="docx", estimate=True
    )

    assert pdf.content.startswith(b"%PDF")
    text = docx_text(word.content)
    assert "2\u202f500" in text
    assert "2\u202f483" not in text


def prepare_url(plan: Plan) -> str:
    return reverse("documents:prepare", args=[plan.pk, "annual", str(YEAR), "en"])


def test_it_offers_the_box_ticked_when_the_year_has_a_published_estimate(
    plan, coordinator, client_of
):
    make_estimate(coordinator, published=True)

    page = client_of(coordinator).get(prepare_url(plan)).content.decode()

    assert 'name="estimate" value="1" checked' in page
    assert "Include the estimate of hidden victims" in page


def test_it_offers_no_box_without_a_published_estimate(plan, coordinator, client_of):
    make_estimate(coordinator, published=False)

    page = client_of(coordinator).get(prepare_url(plan)).content.decode()

    assert 'name="estimate"' not in page


@pytest.mark.parametrize("ticked", [True, False])
def test_it_passes_the_choice_to_the_generation(plan, coordinator, client_of, ticked):
    make_estimate(coordinator, published=True)
    url = reverse("documents:generate", args=[plan.pk, "annual", str(YEAR), "en"])
    data = {"format": "docx", **({"estimate": "1"} if ticked else {})}

    client_of(coordinator).post(url, data)

    job = Job.objects.get(function="documents.jobs.generate")
    assert job.kwargs["estimate"] is ticked


def test_it_audits_the_reports_read_of_the_published_estimate(plan, coordinator):
    estimate = make_estimate(coordinator, published=True)
    period = document_period(plan, "annual", str(YEAR))

    document_content(
        plan=plan, kind="annual", period=period, language="en", user=coordinator, estimate=False
    )
    assert not CaseAccess.objects.exists()  # not printed, not read
    document_content(plan=plan, kind="annual", period=period, language="en", user=coordinator)

    assert list(CaseAccess.objects.values_list("user", "action", "target", "records")) == [
        (coordinator.pk, "estimate", f"annual report {YEAR} estimate {estimate.pk}", 441)
    ]


def test_it_prints_neither_the_seed_nor_the_models_considered(plan, coordinator):
    factories.AgencyFactory.create(code="LAB", name="Labour Inspectorate")
    done_estimate(
        coordinator=coordinator,
        names=NAMES,
        histories=HISTORIES,
        year=YEAR,
        published=True,
        bootstrap=1000,
        bootstrap_failed=17,
        seed=424242,
        ci_low=2101.2,
        ci_high=3049.7,
        ci_method="bca",
    )

    rendered = render_document(
        plan=plan, kind="annual", period=str(YEAR), language="en", fmt="docx", estimate=True
    )

    text = docx_text(rendered.content)
    assert "1\u202f000 bootstrap samples" in text
    assert "424" not in text
    assert "samples gave no estimate" not in text
    assert "BIC" not in text.replace("BIC over hierarchical models", "")
