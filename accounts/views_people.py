"""The people pages: the coordinator (every agency) and an agency's user manager (their own)
list users, invite them, and on a person's page set their roles, deactivate or reactivate
them, reset their second factor and resend their invitation, and read their audit trail.

Every page goes through accounts.selectors (403 for a user who manages nobody, 404 for a
person out of reach, so another agency's users are not even said to exist); every change
through accounts.services.people, which checks again and writes the security event. Nobody
is ever deleted: a person who leaves is deactivated.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions, selectors
from accounts.forms_people import InviteForm, PeopleFilterForm, RolesForm, add_service_error
from accounts.models import Role, User
from accounts.services import people as people_services


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@never_cache
@require_safe
@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    selectors.people_scope(user)  # 403 before anything else is read
    agencies = selectors.agencies_for_people(user)
    form = PeopleFilterForm(request.GET, agencies=agencies)
    people = selectors.people_for(user, form.filters())
    page_obj = Paginator(people, selectors.PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page_obj,
        "query": query.urlencode(),
        "every_agency": permissions.managed_agency_id(user) is None,
        "now": timezone.now(),
    }
    return render(request, "people/people_list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def person_invite(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    selectors.people_scope(user)
    agencies = selectors.agencies_for_people(user)
    agency_id = permissions.managed_agency_id(user)
    fixed_agency = agencies.first() if agency_id is not None else None
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        agencies=agencies,
        roles=permissions.grantable_roles(user, agency_id),
        fixed_agency=fixed_agency,
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = people_services.user_invite(by=user, via="page", **form.invitation())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": person.email})
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_invite.html",
        {"form": form, "fixed_agency": fixed_agency},
        status=400 if form.errors else 200,
    )


@never_cache
@require_safe
@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = selectors.person_for(user, person_id)
    return _person_page(request, person)


@never_cache
@require_POST
@login_required
def person_roles(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = selectors.person_to_manage(user, person_id)
    form = RolesForm(request.POST, person=person, grantable=_grantable(user, person))
    if form.is_valid():
        try:
            people_services.user_roles_set(
                by=user, user=person, roles=form.roles_wanted(), via="page"
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Roles of %(name)s saved.") % {"name": person.display_name})
            return redirect("people:detail", person_id=person.pk)
    return _person_page(request, person, roles_form=form, status=400)


def _grantable(user: User, person: User) -> list[Role]:
    return [role for role in Role if permissions.may_grant_role(user, person, role)]


def _person_page(
    request: HttpRequest,
    person: User,
    *,
    roles_form: RolesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    manages = permissions.may_manage_user(user, person)
    if manages and roles_form is None:
        roles_form = RolesForm(person=person, grantable=_grantable(user, person))
    events = selectors.person_events_for(user, person)
    page_obj = Paginator(events, selectors.PERSON_EVENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "person": person,
        "name": person.display_name,
        "roles": [role for role in Role if person.has_role(role)],
        "manages": manages,
        "roles_form": roles_form,
        "invitation": selectors.invitation_of(person),
        "page_obj": page_obj,
        "actions": [
            (action, action.url(person)) for action in ACTIONS.values() if action.applies(person)
        ],
        "now": timezone.now(),
    }
    return render(request, "people/person_detail.html", context, status=status)


# Actions confirmed on a page of their own ------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One change to a person's account: a confirmation page (GET), then the change (POST)."""

    name: str  # the route's name in the "people" namespace
    button: Any
    question: Any  # %(name)s
    explanation: Any  # %(email)s
    done: Any  # %(name)s, %(email)s
    applies: Callable[[User], bool]
    perform: Callable[..., Any]
    danger: bool = False

    def url(self, person: User) -> str:
        return reverse(f"people:{self.name}", args=[person.pk])


def _invitation_may_be_resent(person: User) -> bool:
    """An account whose owner has not set up an authenticator: never signed in, or not since
    their second factor was reset."""
    return person.is_active and people_services.awaits_enrolment(person)


ACTIONS = {
    action.name: action
    for action in (
        Action(
            name="resend_invitation",
            button=gettext_lazy("Resend invitation"),
            question=gettext_lazy("Send %(name)s a new invitation?"),
            explanation=gettext_lazy(
                "A new link goes to %(email)s; the link sent before stops working."
            ),
            done=gettext_lazy("Invitation sent to %(email)s."),
            applies=_invitation_may_be_resent,
            perform=people_services.invitation_send,
        ),
        Action(
            name="reset_second_factor",
            button=gettext_lazy("Reset second factor"),
            question=gettext_lazy("Reset the second factor of %(name)s?"),
            explanation=gettext_lazy(
                "Their authenticator app stops working at once. A link to enrol a new one "
                "goes to %(email)s; their password stays as it is."
            ),
            done=gettext_lazy(
                "Second factor of %(name)s reset; a link to enrol a new one was sent to %(email)s."
            ),
            applies=lambda person: person.is_active,
            perform=people_services.user_second_factor_reset_by,
        ),
        Action(
            name="deactivate",
            button=gettext_lazy("Deactivate"),
            question=gettext_lazy("Deactivate %(name)s?"),
            explanation=gettext_lazy(
                "They can no longer sign in. Nothing is deleted: their reports, signatures "
                "and history stay, and they can be reactivated."
            ),
            done=gettext_lazy("%(name)s deactivated."),
            applies=lambda person: person.is_active,
            perform=people_services.user_deactivate,
            danger=True,
        ),
        Action(
            name="reactivate",
            button=gettext_lazy("Reactivate"),
            question=gettext_lazy("Reactivate %(name)s?"),
            explanation=gettext_lazy(
                "They can sign in again with their password and authenticator app, with the "
                "roles they hold."
            ),
            done=gettext_lazy("%(name)s reactivated."),
            applies=lambda person: not person.is_active,
            perform=people_services.user_reactivate,
        ),
    )
}


def _action_view(action: Action) -> Callable[[HttpRequest, int], HttpResponse]:
    @never_cache
    @require_http_methods(["GET", "POST"])
    @login_required
    def view(request: HttpRequest, person_id: int) -> HttpResponse:
        user = _user(request)
        person = selectors.person_to_manage(user, person_id)
        detail = redirect("people:detail", person_id=person.pk)
        words = {"name": person.display_name, "email": person.email or "–"}
        if not action.applies(person):  # done already, or never needed: nothing to confirm
            return detail
        if request.method == "POST":
            try:
                action.perform(by=user, user=person, via="page")
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, str(action.done) % words)
            return detail
        context = {
            "person": person,
            "action": action,
            "question": str(action.question) % words,
            "explanation": str(action.explanation) % words,
        }
        return render(request, "people/person_confirm.html", context)

    view.__name__ = f"person_{action.name}"
    return view


resend_invitation = _action_view(ACTIONS["resend_invitation"])
reset_second_factor = _action_view(ACTIONS["reset_second_factor"])
deactivate = _action_view(ACTIONS["deactivate"])
reactivate = _action_view(ACTIONS["reactivate"])
