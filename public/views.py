"""The public site: pages anyone may read without signing in (issue 4, "a public site without
login"). What they may see is decided in `public.selectors`; these views only fetch and render.

No view here has `login_required`: the project requires sign-in view by view, so these are open
by leaving it off, and each is limited to GET and HEAD (`require_safe`), so an anonymous visitor
can change nothing through them. Pages are `private, no-cache`: they carry the visitor's CSRF
token (the language switch) and are in the visitor's language, so no shared cache may keep them
and a browser asks again after the language changes. Published documents, like every download,
are not kept by any cache (`tipmonitor.middleware.NoStoreMiddleware`, ASVS 8.2.1), so one taken
off the site is gone at once.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from documents.models import Document, DocumentFormat
from plans.templatetags.plan_format import figure_places
from progress import charts
from progress.selectors import IndicatorProgress, TrendPoint
from progress.views import chart_context
from public import selectors
from reporting.models import Rating

CONTENT_TYPES: dict[str, str] = {
    DocumentFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    DocumentFormat.PDF: "application/pdf",
}


@require_safe
@cache_control(private=True, no_cache=True)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"plans": list(selectors.public_plans())})


@dataclass
class _Shown:
    """One headline indicator as the page shows it: its judgement, the rating's words for a
    qualitative one, and for a measured one its trend chart (`progress/_chart.html`)."""

    row: IndicatorProgress
    rating: str
    chart: dict[str, Any] | None


def _shown(row: IndicatorProgress, points: list[TrendPoint] | None) -> _Shown:
    indicator = row.indicator
    chart = None
    if points:
        spec = charts.indicator_trend(
            points,
            title=f"{indicator.code} {indicator.display_name}",
            end_target=indicator.end_target,
            unit=indicator.display_unit,
            places=figure_places(indicator),
        )
        chart = chart_context(f"indicator-{indicator.pk}", spec)
    rating = Rating(row.rating).label if row.rating else ""
    return _Shown(row, str(rating), chart)


@require_safe
@cache_control(private=True, no_cache=True)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.get_public_plan(plan_id)
    headline = selectors.headline_indicators(plan)
    trends = selectors.headline_trends(plan, headline)
    context = {
        "plan": plan,
        "as_of": headline.as_of,
        "indicators": [_shown(row, trends.get(row.indicator.pk)) for row in headline.rows],
        "documents": selectors.published_documents(plan),
        "tracker": selectors.published_tracker(plan),
    }
    return render(request, "public/plan_detail.html", context)


def download_name(document: Document) -> str:
    """A file name safe in a header and on any file system: letters, digits, `_`, `-` and
    dots, not starting with a dot (no hidden file, no path), ending in the document's format
    (the name a browser saves is not left to the stored one)."""
    extension = f".{document.format}"
    stem = document.filename.strip().removesuffix(extension).replace(" ", "_")
    stem = re.sub(r"[^\w.-]", "", stem).lstrip(".-")[:150]
    return f"{stem or 'document'}{extension}"


@require_safe
def document_download(request: HttpRequest, plan_id: int, document_id: int) -> HttpResponse:
    plan = selectors.get_public_plan(plan_id)
    document = selectors.get_published_document(plan, document_id)
    response = HttpResponse(bytes(document.content), content_type=CONTENT_TYPES[document.format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=download_name(document)
    )
    if document.published_at is not None:  # always, for a document the public may read
        response["Last-Modified"] = http_date(document.published_at.timestamp())
    return response


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Search engines may index the public site and nothing else (served at /robots.txt)."""
    lines = ["User-agent: *", f"Allow: {reverse('public:index')}", "Disallow: /", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
