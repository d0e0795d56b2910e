"""Who may do what: the one place that reads roles.

Every view, API operation, service, command and context processor asks these functions; none
reads `RoleGrant` or `User.has_role` itself. Each function answers False for an anonymous
visitor and for a deactivated account, so withdrawing access is one switch (ASVS 4.1.3).

Roles (accounts.models.Role):
- coordinator: keeps the plan and the agencies, reviews reports, reads every agency and the
  case records, prepares documents;
- viewer: reads every agency's published reports, progress, documents and case figures;
- reporter / approver: write and submit their own agency's reports; an approver also approves
  them (and, where the agency signs its reports off, sends them back);
- case_officer (case records officer): reads and imports its own agency's case records;
  granted by the coordinator (or the command line) only, like every role that reads case data;
- user_manager (agency user manager): invites and manages its own agency's users;
- administrator: the Django admin (users and roles), sees draft plans; reads no data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accounts.models import Role, User

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from agencies.models import Agency


def _roles(user: Any) -> frozenset[str]:
    """The roles of an active, signed-in user; none for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    if not getattr(user, "is_active", False):
        return frozenset()
    if not hasattr(user, "_roles_cache"):
        # The same per-object cache as User.has_role, so a page asks many times for one query.
        user._roles_cache = frozenset(user.role_grants.values_list("role", flat=True))
    return user._roles_cache


def _agency_id(agency_or_id: Agency | int | str | None) -> int | None:
    if agency_or_id is None:
        return None
    if isinstance(agency_or_id, int):
        return agency_or_id
    if isinstance(agency_or_id, str):
        return int(agency_or_id) if agency_or_id.isdigit() else None
    return agency_or_id.pk


def _has(user: Any, *roles: Role) -> bool:
    held = _roles(user)
    return any(role in held for role in roles)


# --- Roles ------------------------------------------------------------------------------------


def is_coordinator(user: Any) -> bool:
    return _has(user, Role.COORDINATOR)


def is_viewer(user: Any) -> bool:
    return _has(user, Role.VIEWER)


def is_administrator(user: Any) -> bool:
    return _has(user, Role.ADMINISTRATOR)


def is_reporter_or_approver(user: Any) -> bool:
    """Holds an agency role (reporter or approver), whichever agency."""
    return _has(user, Role.REPORTER, Role.APPROVER)


def reads_all_agencies(user: Any) -> bool:
    """Coordinators and viewers follow every agency; reporters and approvers their own."""
    return _has(user, Role.COORDINATOR, Role.VIEWER)


def follows_every_agency(user: Any) -> bool:
    """Whose work a user follows on the report list and progress pages: everyone but an
    agency's reporters and approvers (who follow their own agency) follows every agency;
    the coordinator always does, even if it also holds an agency role."""
    if not _roles(user):
        return False
    return is_coordinator(user) or not is_reporter_or_approver(user)


def own_agency_id(user: Any) -> int | None:
    """The agency a reporter or approver works for; None for anyone else."""
    if not is_reporter_or_approver(user):
        return None
    return user.agency_id


def is_agency_member(user: Any, agency_or_id: Agency | int | str | None) -> bool:
    """A reporter or approver of that agency."""
    wanted = _agency_id(agency_or_id)
    return wanted is not None and own_agency_id(user) == wanted


# --- Reports ----------------------------------------------------------------------------------


def may_report_for(user: Any, agency_or_id: Agency | int | str | None) -> bool:
    """Write and submit the agency's reports: its own reporters and approvers only (submitting
    is the agency's act, not the coordinator's)."""
    return is_agency_member(user, agency_or_id)


def may_edit_reports_for(user: Any, agency_or_id: Agency | int | str | None) -> bool:
    """Change the agency's reports (a draft, a correction): its members or the coordinator."""
    return is_coordinator(user) or may_report_for(user, agency_or_id)


def may_approve_for(user: Any, agency_or_id: Agency | int | str | None) -> bool:
    wanted = _agency_id(agency_or_id)
    return (
        wanted is not None
        and _has(user, Role.APPROVER)
        and getattr(user, "agency_id", None) == wanted
    )


def approvers_of(agency_or_id: Agency | int | str | None) -> QuerySet[User]:
    """The users who may approve the agency's reports: its active approvers."""
    wanted = _agency_id(agency_or_id)
    if wanted is None:
        return User.objects.none()
    users = User.objects.filter(agency_id=wanted, is_active=True)
    return users.filter(role_grants__role=Role.APPROVER).distinct()


def may_start_reports(user: Any) -> bool:
    """Open a quarter's report: the coordinator (for any agency) or an agency's members."""
    return is_coordinator(user) or is_reporter_or_approver(user)


def may_import_values(user: Any) -> bool:
    """Upload a file of values: the coordinator, or a member of an agency for its own."""
    return is_coordinator(user) or own_agency_id(user) is not None


def may_accept_values(user: Any) -> bool:
    """Record values as accepted without review: only the coordinator."""
    return is_coordinator(user)


def may_review_reports(user: Any) -> bool:
    """Return and accept reports: the coordinator's job."""
    return is_coordinator(user)


def may_see_matrix(user: Any) -> bool:
    """The reporting matrix of every agency: coordinators and viewers."""
    return reads_all_agencies(user)


# --- Plans and agencies -----------------------------------------------------------------------


def may_edit_plans(user: Any) -> bool:
    return is_coordinator(user)


def may_edit_agencies(user: Any) -> bool:
    """Agencies are part of the plan's set-up, so the coordinator keeps the list."""
    return is_coordinator(user)


def sees_draft_plans(user: Any) -> bool:
    return _has(user, Role.COORDINATOR, Role.ADMINISTRATOR)


# --- Case data --------------------------------------------------------------------------------


def reads_all_cases(user: Any) -> bool:
    return is_coordinator(user)


def case_agency_id(user: Any) -> int | None:
    """The agency whose case records a case records officer reads and imports; None for anyone
    else (the coordinator reads every agency's: `reads_all_cases`). Reporters and approvers
    read none: writing an agency's reports opens no victim's record."""
    if not _has(user, Role.CASE_OFFICER):
        return None
    return getattr(user, "agency_id", None)


def may_read_cases(user: Any) -> bool:
    """Case records: the coordinator's all, a case records officer's own agency's."""
    return reads_all_cases(user) or case_agency_id(user) is not None


def may_see_case_linkage(user: Any) -> bool:
    """Which person a record was linked into, and with what probability: the coordinator only.
    An agency that saw person ids would learn which other agency holds the same victim."""
    return reads_all_cases(user)


def may_import_cases(user: Any, agency_or_id: Agency | int | str | None) -> bool:
    """Import an agency's case records: the coordinator, or that agency's case records officer."""
    wanted = _agency_id(agency_or_id)
    return reads_all_cases(user) or (wanted is not None and case_agency_id(user) == wanted)


def may_read_case_figures(user: Any) -> bool:
    """Victims in figures (disclosure-controlled statistics): coordinators and viewers."""
    return reads_all_agencies(user)


# --- Documents --------------------------------------------------------------------------------


def may_prepare_documents(user: Any) -> bool:
    return is_coordinator(user)


def may_read_documents(user: Any) -> bool:
    """Published documents: coordinators and viewers; drafts and internal ones see
    `may_read_unpublished_documents`."""
    return reads_all_agencies(user)


def may_read_unpublished_documents(user: Any) -> bool:
    """Draft and internal documents are the coordinator's only."""
    return is_coordinator(user)


# --- Coordination (issue 12) ----------------------------------------------------------------
# Meetings: the coordinator keeps bodies, meetings, agendas, attendance and minutes; an agency's
# reporters and approvers read the meetings of the bodies their agency sits in (the selectors
# narrow to those bodies); viewers read published minutes. Actions: their owner, their owner
# agency's reporters and approvers, and the coordinator update them. Recommendations: the
# coordinator keeps them; everyone signed in reads the tracker.


def may_manage_coordination(user: Any) -> bool:
    """Bodies, meetings, agendas, attendance, minutes, actions passed, recommendations."""
    return is_coordinator(user)


def reads_every_meeting(user: Any) -> bool:
    """Every body's meetings (drafts of the minutes included: the coordinator only)."""
    return is_coordinator(user)


def reads_published_minutes(user: Any) -> bool:
    """Published minutes of every body: the coordinator and viewers."""
    return _has(user, Role.COORDINATOR, Role.VIEWER)


def member_agency_id(user: Any) -> int | None:
    """The agency whose bodies' meetings (and whose actions) a user follows as a member: a
    reporter's or approver's own agency."""
    return own_agency_id(user)


def may_read_meetings(user: Any) -> bool:
    """The meetings pages at all: the coordinator, viewers (published minutes) and an agency's
    reporters and approvers (their bodies' meetings; the selectors narrow to those)."""
    return reads_published_minutes(user) or member_agency_id(user) is not None


def may_read_attendance(user: Any, agency_or_id: Agency | int | str | None) -> bool:
    """An agency's attendance at meetings: those who follow every agency (the coordinator,
    viewers) and the agency's own reporters and approvers."""
    return reads_all_agencies(user) or is_agency_member(user, agency_or_id)


def may_update_action(
    user: Any, owner_agency: Agency | int | str | None, owner_id: int | None = None
) -> bool:
    """Report on an action: the coordinator, the person who owns it, or a reporter or approver
    of the agency that owns it."""
    if not _roles(user):
        return False
    if is_coordinator(user) or is_agency_member(user, owner_agency):
        return True
    return owner_id is not None and user.pk == owner_id


def may_read_minutes_document(
    user: Any, *, published: bool, body_agency_ids: Iterable[int]
) -> bool:
    """A meeting's minutes as a generated document (DOCX, PDF): drafts (minutes not yet
    published) the coordinator's only; published ones also the viewers and the reporters and
    approvers of the agencies sitting in the meeting's body (`body_agency_ids`)."""
    if reads_every_meeting(user):
        return True
    if not published:
        return False
    if reads_published_minutes(user):
        return True
    agency_id = member_agency_id(user)
    return agency_id is not None and agency_id in set(body_agency_ids)


def may_follow_actions(user: Any) -> bool:
    """The actions pages: everyone signed in with a role; which actions each sees, the
    coordination selectors say (the coordinator all, an agency's members its own, the owner
    theirs, viewers those of published minutes)."""
    return bool(_roles(user))


def may_read_recommendations(user: Any) -> bool:
    """The recommendation tracker: everyone signed in with a role."""
    return bool(_roles(user))


# --- Accounts ---------------------------------------------------------------------------------


def may_enter_admin(user: Any) -> bool:
    """The Django admin: active staff holding the administrator role (a staff flag alone, set
    by mistake or left behind, opens nothing)."""
    return is_administrator(user) and bool(getattr(user, "is_staff", False))


# The roles that open victims' case records: granted by the coordinator (or the command line)
# only, and reported to the coordinators when granted (accounts.services.users).
CASE_READING_ROLES = frozenset({Role.COORDINATOR, Role.CASE_OFFICER})

# What an agency's user manager may give the users of its agency: the reporting roles.
AGENCY_MANAGED_ROLES = (Role.REPORTER, Role.APPROVER, Role.USER_MANAGER)


def _held(subject: Any) -> frozenset[str]:
    """Every role `subject` holds, active or not (whom one may manage depends on what they
    hold, even while deactivated)."""
    if subject is None or getattr(subject, "pk", None) is None:
        return frozenset()
    if not hasattr(subject, "_roles_cache"):
        subject._roles_cache = frozenset(subject.role_grants.values_list("role", flat=True))
    return subject._roles_cache


def _is_user_manager(user: Any) -> bool:
    return _has(user, Role.USER_MANAGER) and getattr(user, "agency_id", None) is not None


def may_manage_users(user: Any) -> bool:
    """Open the people pages and invite: the coordinator (every agency), or an agency's user
    manager (their own agency; one without an agency manages nobody)."""
    return is_coordinator(user) or _is_user_manager(user)


def managed_agency_id(user: Any) -> int | None:
    """Whose users `user` manages: None for every agency (the coordinator), else the user
    manager's own agency. Only meaningful when `may_manage_users(user)`."""
    if is_coordinator(user):
        return None
    return getattr(user, "agency_id", None)


def _manages_as_agency_manager(actor: Any, subject: Any) -> bool:
    return (
        _is_user_manager(actor)
        and getattr(subject, "agency_id", None) == actor.agency_id
        and _held(subject) <= set(AGENCY_MANAGED_ROLES)
    )


def may_manage_user(actor: Any, subject: Any) -> bool:
    """(De)activate `subject`, reset their second factor, resend their invitation, set their
    roles: the coordinator for anyone; an agency's user manager for its own agency's users who
    hold no role the manager may not grant (not a coordinator, case officer, viewer or
    administrator). Never oneself."""
    if subject is None or getattr(subject, "pk", None) == getattr(actor, "pk", None):
        return False
    return is_coordinator(actor) or _manages_as_agency_manager(actor, subject)


def _grantable(actor: Any, *, as_agency_manager: bool) -> list[Role]:
    allowed: set[Role] = set()
    if is_coordinator(actor):
        allowed |= set(Role) - {Role.ADMINISTRATOR}
    if as_agency_manager:
        allowed |= set(AGENCY_MANAGED_ROLES)
    if is_administrator(actor):
        allowed |= set(Role) - CASE_READING_ROLES
    return [role for role in Role if role in allowed]


def grantable_roles(actor: Any, subject_agency_id: Agency | int | str | None) -> list[Role]:
    """The roles `actor` may give (or take from) a user of that agency, in Role's order:
    - the coordinator: every role but administrator, for any agency;
    - an agency's user manager: reporter, approver and user manager, for its own agency;
    - an administrator (the Django admin): the roles that read no case data.
    Roles that read case data (CASE_READING_ROLES) come from the coordinator alone (and the
    command line, which asks nobody). Someone holding several of these roles gets the union."""
    wanted = _agency_id(subject_agency_id)
    as_manager = _is_user_manager(actor) and wanted is not None and wanted == actor.agency_id
    return _grantable(actor, as_agency_manager=as_manager)


def _roles_grantable_to(actor: Any, grantee: Any) -> list[Role]:
    """`grantable_roles` for one existing person: nothing for oneself, and a user manager's
    share only for the users it may manage (not one holding a role it may not grant)."""
    if grantee is None or getattr(grantee, "pk", None) == getattr(actor, "pk", None):
        return []
    return _grantable(actor, as_agency_manager=_manages_as_agency_manager(actor, grantee))


def may_grant_roles(user: Any, grantee: Any) -> bool:
    """Grant or withdraw at least one role of `grantee` (the admin's role list, the people
    pages): never for oneself; see `grantable_roles` for which."""
    return bool(_roles_grantable_to(user, grantee))


def may_grant_role(user: Any, grantee: Any, role: Role | str) -> bool:
    """Grant `role` to `grantee`, or withdraw it: the one rule behind every way in (the admin,
    the people pages, the services); the command line (no user) asks nothing."""
    return role in _roles_grantable_to(user, grantee)


# --- API tokens ---------------------------------------------------------------------------------

# What a `read_write_values` token may write, by path under the API root: values only (the
# bulk values, and DHIS2's dataValueSets). Every other unsafe request of a token is refused;
# a `read` token writes nothing; no token reads case records (cases.api_auth).
TOKEN_WRITABLE_PATHS = frozenset({"/data-values", "/dataValueSets"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_may_request(scope: str, method: str, api_path: str) -> bool:
    """Whether a token of `scope` may make this request (`api_path`: the path under the API
    root, e.g. "/data-values"); what its user may then do is asked as for a session."""
    if method.upper() in SAFE_METHODS:
        return True
    return (
        scope == "read_write_values"
        and method.upper() == "POST"
        and api_path.rstrip("/") in TOKEN_WRITABLE_PATHS
    )


def may_create_service_accounts(user: Any) -> bool:
    """Service accounts (an agency's machine client, tokens only): the coordinator."""
    return is_coordinator(user)


def may_manage_tokens_of(actor: Any, owner: Any) -> bool:
    """Create and revoke `owner`'s API tokens: an active user their own (a service account
    makes none itself, having no way to sign in), the coordinator those of service accounts."""
    active = getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False)
    if not active or owner is None:
        return False
    if getattr(owner, "pk", None) == getattr(actor, "pk", None):
        return not getattr(actor, "is_service_account", False)
    return may_create_service_accounts(actor) and bool(getattr(owner, "is_service_account", False))
