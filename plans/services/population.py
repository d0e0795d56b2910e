"""The country's population by year of the plan: the denominator of figures per 100,000
residents (SDG indicator 16.2.2; the estimate of hidden victims, issue 13)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Plan, PlanPopulation

# A country's population is a positive whole number; the largest has some 1.4 billion.
MAX_POPULATION = 2_000_000_000
SOURCE_LENGTH = 200


@dataclass(frozen=True)
class PopulationRow:
    year: int
    population: int
    source: str = ""


def population_field(year: int) -> str:
    """The form field (and error key) of a year's population; its source's is `source_<year>`."""
    return f"population_{year}"


def source_field(year: int) -> str:
    return f"source_{year}"


def population_errors(plan: Plan, rows: Iterable[PopulationRow]) -> dict[str, list[str]]:
    """Every problem of the rows, keyed by the form field it concerns: a year of the plan, once;
    a population that is a positive whole number (at most two billion); a source of at most 200
    characters."""
    errors: dict[str, list[str]] = {}
    first, last = plan.starts_on.year, plan.ends_on.year
    seen: set[int] = set()
    for row in rows:
        key = population_field(row.year)
        if not first <= row.year <= last:
            errors.setdefault(key, []).append(
                _("%(year)s is not a year of the plan (%(first)d–%(last)d).")
                % {"year": row.year, "first": first, "last": last}
            )
        elif row.year in seen:
            errors.setdefault(key, []).append(
                _("The population of %(year)d is given twice.") % {"year": row.year}
            )
        seen.add(row.year)
        whole = isinstance(row.population, int) and not isinstance(row.population, bool)
        if not whole or not 1 <= row.population <= MAX_POPULATION:
            errors.setdefault(key, []).append(
                _("The population is a whole number of residents from 1 to %(max)s.")
                % {"max": f"{MAX_POPULATION:,}".replace(",", " ")}
            )
        if len(row.source) > SOURCE_LENGTH:
            errors.setdefault(source_field(row.year), []).append(
                _("The source is at most %(max)d characters.") % {"max": SOURCE_LENGTH}
            )
    return errors


@transaction.atomic
def plan_populations_set(*, plan: Plan, rows: Iterable[PopulationRow]) -> list[PlanPopulation]:
    """Set the plan's population by year to `rows`: a year not among them has none (the
    coordinator's page sends every year of the plan, empty ones left out). ValidationError
    keyed by field (`population_<year>`, `source_<year>`); nothing is written then. The caller
    has checked that the user may change the plan (plans.selectors.get_plan_for_user,
    edit=True)."""
    given = [PopulationRow(r.year, r.population, r.source.strip()) for r in rows]
    if errors := population_errors(plan, given):
        raise ValidationError(errors)
    plan.populations.exclude(year__in=[row.year for row in given]).delete()
    for row in given:
        PlanPopulation.objects.update_or_create(
            plan=plan, year=row.year, defaults={"population": row.population, "source": row.source}
        )
    return list(plan.populations.order_by("year"))
