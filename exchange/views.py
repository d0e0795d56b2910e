"""The DHIS2 exchange pages: a plan's mappings and export (the coordinator's), and the import of
a DHIS2 file (the coordinator's, and an agency's members' for their own agency)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import permissions
from accounts.models import User
from plans.selectors import plans_visible_to
from plans.workbook_forms import request_size
from tipmonitor.lib.reporting_periods import parse_period_code

from .export import export_values
from .formats import CONTENT_TYPES, READERS, SUFFIXES, FormatError
from .forms import ExportForm, ImportForm, MappingForm
from .selectors import get_plan_for_exchange, mappings_of, plan_dimensions, responsible_agencies
from .services import ImportSummary, dhis2_import, error_summary, mappings_save


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_http_methods(["GET", "POST"])
@login_required
def mappings(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_exchange(_user(request), plan_id)
    indicators = list(plan.indicators.order_by("position", "code"))
    agencies = list(responsible_agencies(plan))
    dimensions = plan_dimensions(plan)
    options = {"indicators": indicators, "agencies": agencies, "dimensions": dimensions}
    if request.method == "POST":
        form = MappingForm(request.POST, **options)  # type: ignore[arg-type]
        if form.is_valid():
            data = form.cleaned_data
            mappings_save(
                plan=plan,
                data_set=data["data_set"],
                attribute_option_combo=data["attribute_option_combo"],
                elements={i.pk: data[f"de_{i.pk}"] for i in indicators},
                units={a.pk: (data[f"ou_{a.pk}"], data[f"aoc_{a.pk}"]) for a in agencies},
                combos=data["combos"],
            )
            messages.success(request, _("The DHIS2 mappings were saved."))
            return redirect("exchange:mappings", plan_id=plan.pk)
    else:
        form = MappingForm(initial=_initial(plan, dimensions), **options)  # type: ignore[arg-type]
    sections = {
        "indicators": [form[f"de_{i.pk}"] for i in indicators],
        "agencies": [(form[f"ou_{a.pk}"], form[f"aoc_{a.pk}"]) for a in agencies],
        "combos": [form[name] for name in form.fields if name.startswith("coc_")],
    }
    context = {"plan": plan, "form": form, "sections": sections}
    return render(request, "exchange/mappings.html", context)


def _initial(plan: object, dimensions: dict[str, list[str]]) -> dict[str, str]:
    found = mappings_of(plan)  # type: ignore[arg-type]
    initial = {"data_set": found.data_set, "attribute_option_combo": found.attribute_option_combo}
    initial |= {f"de_{pk}": element for pk, element in found.element_of.items()}
    for pk, unit in found.unit_of.items():
        initial |= {f"ou_{pk}": unit.org_unit, f"aoc_{pk}": unit.attribute_option_combo}
    singles = {""} | {f"{d}={c}" for d, categories in dimensions.items() for c in categories}
    initial |= {f"coc_{key}": combo for key, combo in found.combo_of.items() if key in singles}
    others = [f"{key} = {combo}" for key, combo in found.combo_of.items() if key not in singles]
    initial["other_combos"] = "\n".join(others)
    return initial


@require_http_methods(["GET"])
@login_required
def export(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_exchange(_user(request), plan_id)
    form = ExportForm(request.GET if "period" in request.GET else None)
    if form.is_bound and form.is_valid():
        fmt = form.cleaned_data["format"]
        try:
            within = parse_period_code(form.cleaned_data["period"])
        except ValueError as error:
            form.add_error("period", str(error))
        else:
            result = export_values(plan=plan, within=within, fmt=fmt)
            if "download" not in request.GET:
                # First what goes and what does not, with why; then the file.
                context = {
                    "plan": plan,
                    "form": form,
                    "result": result,
                    "query": request.GET.urlencode(),
                }
                return render(request, "exchange/export.html", context)
            response = HttpResponse(result.content, content_type=CONTENT_TYPES[fmt])
            name = f"{plan.code}-{within.code}-{fmt}.{SUFFIXES[fmt]}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "exchange/export.html", {"plan": plan, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not permissions.may_import_values(user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        request_size=request_size(request),
        plans=plans_visible_to(user),
        initial={"strategy": "CREATE_AND_UPDATE", "format": "dhis2-json"},
    )
    summary: ImportSummary | None = None
    if posted and form.is_valid():
        data = form.cleaned_data
        options = {"dry_run": data["dry_run"], "strategy": data["strategy"]}
        try:
            values = READERS[data["format"]](data["file"].read())
        except FormatError as error:
            summary = error_summary(str(error), count=0, **options)
        else:
            summary = dhis2_import(plan=data["plan"], values=values, user=user, **options)
    return render(request, "exchange/import.html", {"form": form, "summary": summary})
