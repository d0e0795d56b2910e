"""Reads about agencies."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts import permissions
from accounts.models import User
from agencies.models import Agency


@dataclass
class AgencyNode:
    agency: Agency
    children: list["AgencyNode"] = field(default_factory=list)


def agency_tree() -> list[AgencyNode]:
    """All agencies as a forest, in one query."""
    agencies = list(Agency.objects.order_by("code"))
    by_parent: dict[int | None, list[Agency]] = defaultdict(list)
    for agency in agencies:
        by_parent[agency.parent_id].append(agency)

    def build(parent_id: int | None) -> list[AgencyNode]:
        return [AgencyNode(a, build(a.pk)) for a in by_parent.get(parent_id, [])]

    return build(None)


def agency_descendant_ids(agency_ids: Iterable[int]) -> set[int]:
    """The given agencies and everything below them, for rolling totals up the tree."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    result: set[int] = set()
    stack = list(agency_ids)
    while stack:
        current = stack.pop()
        if current not in result:
            result.add(current)
            stack.extend(children.get(current, []))
    return result


def agencies_with_parents() -> QuerySet[Agency]:
    """Every agency with the one above it, in one query."""
    return Agency.objects.select_related("parent").order_by("code")


# --- Agency pages -----------------------------------------------------------------------------


MAX_INDENT = 10


@dataclass
class AgencyRow:
    """One agency in the list, `depth` levels below a national body, with its users."""

    agency: Agency
    depth: int
    user_count: int

    @property
    def indent(self) -> int:
        """The stylesheet indents ten levels; deeper agencies line up with the tenth."""
        return min(self.depth, MAX_INDENT)


def agency_rows() -> list[AgencyRow]:
    """Every agency in tree order (each parent followed by its children), in one query."""
    agencies = Agency.objects.annotate(
        user_count=Count("users", filter=Q(users__is_active=True))
    ).order_by("code")
    children: dict[int | None, list[Agency]] = defaultdict(list)
    for agency in agencies:
        children[agency.parent_id].append(agency)
    rows: list[AgencyRow] = []
    stack = [(top, 0) for top in reversed(children[None])]
    while stack:  # a loop, not recursion: a deep hierarchy cannot exhaust the stack
        current, depth = stack.pop()
        rows.append(AgencyRow(current, depth, current.user_count))  # type: ignore[attr-defined]
        stack.extend((child, depth + 1) for child in reversed(children[current.pk]))
    return rows


def get_agency(agency_id: int) -> Agency:
    try:
        return Agency.objects.select_related("parent").get(pk=agency_id)
    except Agency.DoesNotExist:
        raise Http404 from None


def get_agency_for_edit(user: User, agency_id: int) -> Agency:
    if not permissions.may_edit_agencies(user):
        raise PermissionDenied
    return get_agency(agency_id)


@dataclass
class AgencyDetail:
    """The agency itself; its part in the plans is read by plans.selectors (a layer above)."""

    agency: Agency
    ancestors: list[Agency]  # the national body first, the direct parent last
    children: list[Agency]
    users: list[User]  # its active users, with their role grants loaded
    branch_ids: set[int]  # the agency and every agency below it
    # Its active approvers: who signs its reports off when it requires sign-off.
    approvers: list[User] = field(default_factory=list)

    @property
    def subtree_size(self) -> int:
        return len(self.branch_ids)


def _ancestors(agency: Agency, parent_of: dict[int, int | None]) -> list[Agency]:
    ids: list[int] = []
    current = agency.parent_id
    while current is not None and current not in ids and current != agency.pk:
        ids.append(current)
        current = parent_of.get(current)
    by_id = Agency.objects.in_bulk(ids)
    return [by_id[pk] for pk in reversed(ids)]


def agency_detail(agency_id: int) -> AgencyDetail:
    """The agency, its place in the tree and its people, in a fixed number of queries."""
    agency = get_agency(agency_id)
    parent_of: dict[int, int | None] = dict(Agency.objects.values_list("pk", "parent_id"))
    return AgencyDetail(
        agency=agency,
        ancestors=_ancestors(agency, parent_of),
        children=list(agency.children.order_by("code")),
        users=list(
            agency.users.filter(is_active=True)
            .prefetch_related("role_grants")
            .order_by("last_name", "first_name", "username")
        ),
        branch_ids=agency_descendant_ids([agency.pk]),
        approvers=list(
            permissions.approvers_of(agency).order_by("last_name", "first_name", "username")
        ),
    )
