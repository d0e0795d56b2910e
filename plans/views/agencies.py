"""One agency's page: the agency (agencies.selectors) and its part in the plans the reader sees
(plans.selectors). It lives here because plans sit above agencies: agencies may not import
plans, so the page that joins both is the plans' own, served at `agencies:detail`
(tipmonitor/urls.py adds it to the agencies' namespace)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agencies import selectors as agency_selectors
from plans import selectors


@require_safe
@login_required
def agency_detail(request, agency_id: int):
    detail = agency_selectors.agency_detail(agency_id)
    part = selectors.agency_plan_part_for_user(
        request.user, detail.agency, branch_ids=detail.branch_ids
    )
    return render(request, "plans/agency_detail.html", {"detail": detail, "part": part})
