"""The data officer's review queue (docs/cases.md, "Linkage"): pairs of records the linkage
was unsure about, side by side — their categories and which linkage keys agree, never a key's
value and never a name — with a decision "same person" / "different persons" that every later
linkage run honours. Only the coordinator reaches these pages (cases.linkage.selectors); every
page writes the audit of the records it showed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from cases import categories, services
from cases.linkage import selectors
from cases.linkage.forms import PairDecisionForm
from cases.linkage.services import pair_decide
from cases.models import CandidatePair, CaseRecord
from tipmonitor.lib.countries import place_name

ACTION_REVIEW = "review"
# What the officer is told after a decision, by what applying it did (cases/linkage/decisions.py).
SAVED = gettext_lazy("Decision saved. The persons already agree with it.")
APPLIED = {
    "merged": gettext_lazy("Decision saved and applied: the two persons are now one."),
    "split": gettext_lazy("Decision saved and applied: the person was split."),
    "refused": gettext_lazy(
        'Decision saved, but the persons were not merged: a "different persons" decision '
        "stands between their records."
    ),
}
# The rows of the side-by-side table: (agreement key, label), keys strongest first.
KEY_ROWS = (
    ("key_name", gettext_lazy("Full name")),
    ("key_name_phonetic", gettext_lazy("Full name, phonetic")),
    ("key_first", gettext_lazy("First name")),
    ("key_last", gettext_lazy("Last name")),
    ("names_swapped", gettext_lazy("First and last name swapped")),
    ("key_first_phonetic", gettext_lazy("First name, phonetic")),
    ("key_last_phonetic", gettext_lazy("Last name, phonetic")),
    ("key_birth_date", gettext_lazy("Birth date")),
    ("key_birth_date_swapped", gettext_lazy("Birth date, day and month swapped")),
    ("key_birth_month", gettext_lazy("Birth year and month")),
    ("key_birth_year", gettext_lazy("Birth year")),
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@never_cache
@require_safe
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    queue = selectors.undecided_pairs_for_user(user)
    page_obj = Paginator(queue, selectors.REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    decided = list(selectors.decided_pairs_for_user(user)[: selectors.DECIDED_SHOWN])
    shown = len(page_obj.object_list) + len(decided)
    services.case_access_record(
        user=user,
        action=ACTION_REVIEW,
        target=f"review queue page={page_obj.number}",
        records=2 * shown,
    )
    context = {"page_obj": page_obj, "decided": decided, "query": ""}
    return render(request, "cases/review_list.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_pair(request: HttpRequest, pair_pk: int) -> HttpResponse:
    user = _user(request)
    pair = selectors.get_pair_for_user(user, pair_pk)
    form = PairDecisionForm(request.POST or None, initial={"comment": pair.comment})
    if request.method == "POST" and form.is_valid():
        decided = pair_decide(
            pair=pair,
            decision=form.cleaned_data["decision"],
            user=user,
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, str(APPLIED.get(getattr(decided, "applied", ""), SAVED)))
        return redirect("cases:review_list")
    services.case_access_record(
        user=user, action=ACTION_REVIEW, target=f"pair {pair.pk} ({pair})", records=2
    )
    context = {"pair": pair, "form": form, "facts": _facts(pair), "keys": _keys(pair)}
    return render(request, "cases/review_pair.html", context)


def _facts(pair: CandidatePair) -> list[tuple[str, str, str]]:
    """(label, record A, record B): the categories of both records, as shown to the officer."""
    a, b = pair.record_a, pair.record_b
    rows = [
        (_("Reporting agency"), a.agency.code, b.agency.code),
        (_("Agency's record id"), a.record_id, b.record_id),
    ]
    for label, value in (
        (_("Sex"), lambda r: r.get_sex_display()),
        (_("Age at exploitation"), lambda r: r.age_at_exploitation),
        (_("Birth date known to"), lambda r: r.get_birth_date_precision_display()),
        (_("Citizenship"), lambda r: place_name(r.nationality)),
        (_("Region of exploitation"), lambda r: place_name(r.region)),
        (_("Forms of exploitation"), _exploitation),
        (_("Trafficking status"), lambda r: r.get_status_display()),
        (_("Date of identification"), lambda r: r.identified_on),
    ):
        rows.append((str(label), _shown(value(a)), _shown(value(b))))
    return rows


def _exploitation(record: CaseRecord) -> str:
    return ", ".join(str(categories.EXPLOITATION.get(code, code)) for code in record.exploitation)


def _shown(value: object) -> str:
    return "–" if value in (None, "") else str(value)


def _keys(pair: CandidatePair) -> list[tuple[str, bool | None]]:
    """(label, agrees): True, False, or None when either record lacks the key."""
    return [(str(label), pair.agreement.get(name)) for name, label in KEY_ROWS]
