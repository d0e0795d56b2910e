"""A plan the public may read, with everything around it the public may not: an indicator that
is not headline, a submitted (not accepted) report, agency comments, a draft plan, unpublished
documents and the names of the users who wrote them.

The plan ran 2024–2025, so its "as of" quarter is its last one (2025-Q4) on any day after that
quarter's deadline, whenever the suite runs."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from documents.models import Document, DocumentFormat, DocumentKind
from plans.models import Indicator, IndicatorType, Plan, PlanStatus
from reporting.models import Rating, ReportStatus
from reporting.services import EntryInput, ValueInput
from tests import factories
from tests.progress.progress_data import file_report

# Words that must never reach an anonymous visitor.
SECRETS = {
    "value_comment": "Value comment SEC-VALUE-7731",
    "entry_comment": "Entry comment SEC-ENTRY-4410",
    "narrative": "Narrative SEC-NARR-9902",
    "not_headline": "Internal indicator SEC-INT-5521",
    "draft_plan": "Draft plan SEC-DRAFT-3318",
    "draft_indicator": "Draft headline SEC-DRAFTIND-2209",
    "unpublished": "unpublished-SEC-UNPUB-6604",
    "submitted_value": "777",
}
PDF_BYTES = b"%PDF-1.7\n% published annual report\n%%EOF\n"
DOCX_BYTES = b"PK\x03\x04 published quarterly summary"


@dataclass
class PublicWorld:
    plan: Plan
    draft: Plan
    headline: Indicator
    rated: Indicator
    hidden: Indicator
    annual_pdf: Document
    quarterly_docx: Document
    unpublished: Document
    draft_document: Document


def _document(plan: Plan, user: User, *, published: bool, **fields) -> Document:
    values = {
        "kind": DocumentKind.ANNUAL,
        "period": "2025",
        "language": "en",
        "format": DocumentFormat.PDF,
        "filename": "annual-report-2025-en.pdf",
        "content": PDF_BYTES,
        "created_by": user,
        "created_at": timezone.now(),
        "published_at": timezone.now() if published else None,
    }
    return Document.objects.create(plan=plan, **(values | fields))


def _indicators(plan: Plan, agency) -> tuple[Indicator, Indicator, Indicator]:
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    headline = factories.IndicatorFactory.create(
        objective=objective,
        code="H-1",
        name="Victims identified and referred",
        unit="persons",
        baseline=Decimal(0),
        midterm_target=None,
        end_target=Decimal(50),
        headline=True,
        responsible=[agency],
    )
    rated = factories.IndicatorFactory.create(
        objective=objective,
        code="H-2",
        name="Referral mechanism in place",
        type=IndicatorType.QUALITATIVE,
        baseline=None,
        midterm_target=None,
        end_target=None,
        end_target_text="Fully working",
        headline=True,
        responsible=[agency],
    )
    hidden = factories.IndicatorFactory.create(
        objective=objective, code="N-1", name=SECRETS["not_headline"], responsible=[agency]
    )
    return headline, rated, hidden


def _reports(plan, reporter, coordinator, headline, rated, hidden) -> None:
    """Accepted reports for 2025-Q1..Q4 (10 a quarter), and a submitted one never accepted
    for 2024-Q4 whose value must not count."""
    for quarter in ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]:
        values = [
            ValueInput(headline.pk, quarter, "", Decimal(10), SECRETS["value_comment"]),
            ValueInput(hidden.pk, quarter, "", Decimal(3)),
        ]
        entries = [
            EntryInput(
                rated.pk,
                narrative=SECRETS["narrative"],
                rating=Rating.LARGELY_ACHIEVED,
                comment=SECRETS["entry_comment"],
            ),
            EntryInput(headline.pk, assessment="off_track", comment=SECRETS["entry_comment"]),
        ]
        file_report(plan, reporter, quarter, values=values, entries=entries, accept_by=coordinator)
    submitted = [
        ValueInput(headline.pk, "2024-Q4", "", Decimal(SECRETS["submitted_value"])),
        ValueInput(hidden.pk, "2024-Q4", "", Decimal(3)),
    ]
    pending = [EntryInput(rated.pk, rating=Rating.ACHIEVED)]
    report = file_report(plan, reporter, "2024-Q4", values=submitted, entries=pending)
    assert report.status == ReportStatus.SUBMITTED


def build_world(agency_a, reporter_a, coordinator) -> PublicWorld:
    plan = factories.PlanFactory.create(
        code="NAP-PUB",
        title="Public plan 2024–2025",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    headline, rated, hidden = _indicators(plan, agency_a)
    _reports(plan, reporter_a, coordinator, headline, rated, hidden)
    draft = factories.PlanFactory.create(
        code="NAP-DRAFT", title=SECRETS["draft_plan"], status=PlanStatus.DRAFT
    )
    draft_objective = factories.ObjectiveFactory.create(
        area=factories.AreaFactory.create(plan=draft)
    )
    factories.IndicatorFactory.create(
        objective=draft_objective, code="D-1", name=SECRETS["draft_indicator"], headline=True
    )
    return PublicWorld(
        plan=plan,
        draft=draft,
        headline=headline,
        rated=rated,
        hidden=hidden,
        annual_pdf=_document(plan, coordinator, published=True),
        quarterly_docx=_document(
            plan,
            coordinator,
            published=True,
            kind=DocumentKind.QUARTERLY,
            period="2025-Q4",
            language="ru",
            format=DocumentFormat.DOCX,
            filename="quarterly-2025-Q4-ru.docx",
            content=DOCX_BYTES,
        ),
        unpublished=_document(
            plan, coordinator, published=False, filename=f"{SECRETS['unpublished']}.pdf"
        ),
        draft_document=_document(draft, coordinator, published=True),
    )
