"""The coordinator's download of international reporting (docs/international.md): the UNODC
GLOTIP / SDG 16.2.2 tables of an ended year as XLSX or CSV, from the form on the statistics
page. Everyone else is refused (403), and the refusal is audited as any refused read of case
data; every download is audited (action `export`)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import permissions
from accounts.models import User
from cases.services import case_access_refused
from cases.stats.international_services import international_export
from plans.forms import AccessibleFormMixin


def _last_year() -> int:
    return timezone.localdate().year - 1


class InternationalForm(AccessibleFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1900, max_value=9999)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")]
    )

    def clean_year(self) -> int:
        year = cast(int, self.cleaned_data["year"])
        if year > _last_year():
            raise forms.ValidationError(
                gettext_lazy("The year must have ended: %(last)d at the latest."),
                params={"last": _last_year()},
            )
        return year


@never_cache
@require_safe
@login_required
def international_download(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not permissions.reads_all_cases(user):
        case_access_refused(user=user, target="international", status=403)
        raise PermissionDenied
    form = InternationalForm(request.GET)
    if not form.is_valid():
        for field, errors in form.errors.items():
            said = " ".join(str(error) for error in errors)
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {said}" if label else said)
        return redirect("cases:stats")
    try:
        export = international_export(
            year=form.cleaned_data["year"], file_format=form.cleaned_data["format"], user=user
        )
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("cases:stats")
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
