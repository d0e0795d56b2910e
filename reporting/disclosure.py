"""Disclosure control of indicator values that count victims (issue 10 #4): the one home of
the rule, called by the dashboards, the progress and reports APIs, the public site and the
documents (docs/disclosure.md, "Indicators counting victims").

An indicator counts victims when the plan marks it so (`Indicator.counts_victims`) or when its
values come from the case records (it is bound to a case query). Its values pass disclosure
control wherever anyone but the coordinator sees them; an agency's reporters and approvers see
their own agency's values as they entered them.

The rule, with the threshold of `tipmonitor.lib.disclosure` (a count from 1 to 10 is small):
- A series of published values (an indicator's actual at the end of each period, as a
  dashboard, the API or a chart shows it) publishes a point only if it is not small and its
  difference from every point published before it is not small either: the cumulative series
  49, 50, 51, 52, 56 would give the quarters' counts 1, 1, 1, 4 by difference, so it
  publishes 49 and withholds the rest until a point at least 11 away. Whether a point is
  published depends only on the points before it, so every "as of" date shows the same
  published values, and no two published points differ by a small count.
- Several series shown to the same person are checked together: for an agency's user, the
  national series and the national minus the agency's own (the other agencies' part, which
  the user could otherwise work out from its own numbers); in the provisional view, also
  against every published point of the accepted series.
- The breakdowns of one period (by sex, by age group, …) share the period's total: they are
  protected as one family of tables (`tipmonitor.lib.disclosure.protect_family`), and withheld
  whole where the total itself would have to be withheld.
- One agency's own values of a period (a report's values, the bars per agency) are not
  published at all outside the coordinator and that agency: with the national totals
  published, another agency's small value would be their difference.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q

from accounts import permissions
from plans.models import Indicator
from tipmonitor.lib.disclosure import DEFAULT_THRESHOLD, TOTAL, protect_family

THRESHOLD = DEFAULT_THRESHOLD


def victim_counting_ids(indicator_ids: Iterable[int]) -> frozenset[int]:
    """The indicators among `indicator_ids` that count victims: marked so, or fed by the case
    records. One query (none for no ids)."""
    ids = list(indicator_ids)
    if not ids:
        return frozenset()
    found = Indicator.objects.filter(pk__in=ids).filter(
        Q(counts_victims=True) | Q(case_query__isnull=False)
    )
    return frozenset(found.values_list("pk", flat=True))


def sees_unprotected(user: Any, agency_id: int | None = None) -> bool:
    """Whether `user` sees counts of victims as they are: the coordinator always; an agency's
    reporters and approvers the values of their own agency (`agency_id`). Never the public
    (`user` None), a viewer or an administrator."""
    if user is None:
        return False
    if permissions.is_coordinator(user):
        return True
    return agency_id is not None and permissions.is_agency_member(user, agency_id)


def own_agency_id(user: Any) -> int | None:
    """The agency whose values `user` sees unprotected, if an agency's reporter or approver."""
    return None if user is None else permissions.own_agency_id(user)


def is_small(value: Decimal | int) -> bool:
    """A count, or a difference of counts, that could point at a person: 1 to the threshold,
    either sign (a drop of 3 in a count of persons is 3 persons too)."""
    return 0 < abs(Decimal(value)) <= THRESHOLD


def publishable_points(
    series: Sequence[Sequence[Decimal | None]], *, known: Iterable[Decimal] = ()
) -> list[bool]:
    """For each point (period) of the first series, whether it may be published.

    `series` are series of the same periods shown to one person, the first the one published
    (see the module's docstring); None is a period without a value. `known` are values of
    the first series already published elsewhere (the accepted series, in the provisional
    view): a point must not lie a small count away from them either."""
    published: list[list[Decimal]] = [[] for _s in series]
    published[0].extend(known)
    result = []
    for k, value in enumerate(series[0]):
        points = [s[k] for s in series]
        ok = value is not None and all(
            point is None or _clear(point, published[i]) for i, point in enumerate(points)
        )
        if ok:
            for i, point in enumerate(points):
                if point is not None:
                    published[i].append(point)
        result.append(ok)
    return result


def _clear(value: Decimal, before: list[Decimal]) -> bool:
    return not is_small(value) and not any(is_small(value - earlier) for earlier in before)


def protect_breakdowns(
    total: Decimal | None, cells: Mapping[str, Mapping[str, Decimal]]
) -> dict[str, dict[str, Decimal | None]]:
    """One period's values by category (dimension -> category -> value) as they may be
    published beside the period's `total`: withheld (None) where small or where they would
    give a small one back, the dimensions sharing the total. Categories not given make one
    more, never published, category (the rest of the total), so that "female 12 of 20" does
    not publish "8 others" by difference. Everything is withheld when the total is unknown or
    would have to be withheld, when the parts exceed it or a value is not a whole count."""
    result: dict[str, dict[str, Decimal | None]] = {
        dim: dict.fromkeys(by) for dim, by in cells.items()
    }
    values = [v for by in cells.values() for v in by.values()]
    if total is None or not all(_whole(v) for v in [total, *values]):
        return result
    if any(sum(by.values()) > total for by in cells.values()):
        return result
    tables = {dim: _table(by, total) for dim, by in cells.items() if by}
    if not tables:
        return result
    protected = protect_family(tables, shared=lambda key: key == (TOTAL,), threshold=THRESHOLD)
    if any((TOTAL,) in table.suppressed for table in protected.values()):
        return result
    for dim, table in protected.items():
        for category in cells[dim]:
            shown = table.published((category,))
            result[dim][category] = None if shown is None else Decimal(shown)
    return result


# The category holding what the given ones leave of the total (never published).
_REST = "\x00rest"


def _whole(value: Decimal) -> bool:
    return value >= 0 and value == value.to_integral_value()


def _table(by: Mapping[str, Decimal], total: Decimal) -> tuple[list[list[str]], dict[Any, int]]:
    """One dimension as a one-way table for `protect_family`, with the rest of the total."""
    counts: dict[Any, int] = {(category,): int(value) for category, value in by.items()}
    categories = list(by)
    rest = int(total) - sum(counts.values())
    if rest:
        categories.append(_REST)
        counts[(_REST,)] = rest
    counts[(TOTAL,)] = int(total)
    return [categories], counts
