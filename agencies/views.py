"""Agency pages: everyone signed in sees the tree; the coordinator adds and corrects agencies
(Django admin is for administrators only). One agency's page shows its part in the plans, so it
is served by plans.views.agencies (plans sit above agencies), at `agencies:detail`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from agencies import selectors, services
from agencies.forms import AgencyForm


@require_safe
@login_required
def agency_list(request):
    rows = selectors.agency_rows()
    return render(request, "agencies/agency_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def agency_create(request):
    if not permissions.may_edit_agencies(request.user):
        raise PermissionDenied
    form = AgencyForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Agency %(code)s added.") % {"code": agency.code})
            return redirect("agencies:detail", agency_id=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def agency_edit(request, agency_id: int):
    agency = selectors.get_agency_for_edit(request.user, agency_id)
    # The form writes what was typed onto the instance; the page title keeps the stored name.
    stored = {"pk": agency.pk, "label": agency.label}
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_update(agency=agency, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Agency %(code)s saved.") % {"code": agency.code})
            return redirect("agencies:detail", agency_id=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form, "stored": stored})
