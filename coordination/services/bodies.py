"""Writes of coordination bodies and their members: the coordinator's.

A body's members are written whole with the body (the page's table of seats): a seat is an
agency with its representative, either a user of that agency or a name and an e-mail address
for someone without an account. Everything is checked before anything is written; a refusal
says which seat and what, and leaves the body as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from coordination.models import Body, Membership


@dataclass(frozen=True)
class Seat:
    """One member agency as typed: its representative (a user) or a name and e-mail."""

    agency: Agency
    representative: User | None = None
    representative_name: str = ""
    email: str = ""


def _check(body: Body | None, *, code: str, parent: Body | None, seats: list[Seat]) -> None:
    errors: dict[str, list[str]] = {}
    taken = Body.objects.filter(code=code)
    if body is not None:
        taken = taken.exclude(pk=body.pk)
    if taken.exists():
        errors["code"] = [_("Another body has the code %(code)s.") % {"code": code}]
    if body is not None and parent is not None and _reports_to(parent, body):
        errors["parent"] = [_("A body cannot report to itself or to a body below it.")]
    seat_errors = _seat_errors(seats)
    if seat_errors:
        errors["memberships"] = seat_errors
    if errors:
        raise ValidationError(errors)


def _reports_to(parent: Body, body: Body) -> bool:
    """Whether `parent` is `body` or one of the bodies below it (a loop)."""
    seen: set[int] = set()
    current: Body | None = parent
    while current is not None and current.pk not in seen:
        if current.pk == body.pk:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


def _seat_errors(seats: list[Seat]) -> list[str]:
    errors: list[str] = []
    seen: set[int] = set()
    for number, seat in enumerate(seats, start=1):
        where = {"row": number, "agency": seat.agency.code}
        if seat.agency.pk in seen:
            errors.append(_("Member %(row)d: %(agency)s is listed twice.") % where)
        seen.add(seat.agency.pk)
        if seat.representative is not None and seat.representative.agency_id != seat.agency.pk:
            errors.append(
                _("Member %(row)d: %(user)s does not work for %(agency)s.")
                % {**where, "user": seat.representative.get_username()}
            )
    return errors


@transaction.atomic
def body_create(
    *,
    code: str,
    name: str,
    kind: str,
    chair_agency: Agency | None = None,
    parent: Body | None = None,
    active: bool = True,
    seats: list[Seat],
    by: User,
) -> Body:
    if not permissions.may_manage_coordination(by):
        raise PermissionDenied
    _check(None, code=code, parent=parent, seats=seats)
    body = Body.objects.create(
        code=code, name=name, kind=kind, chair_agency=chair_agency, parent=parent, active=active
    )
    _write_seats(body, seats)
    return body


@transaction.atomic
def body_update(
    *,
    body: Body,
    code: str,
    name: str,
    kind: str,
    chair_agency: Agency | None = None,
    parent: Body | None = None,
    active: bool = True,
    seats: list[Seat],
    by: User,
) -> Body:
    """Change a body and set its members to `seats` (an agency left out loses its seat; its
    past attendance stays with the meetings)."""
    if not permissions.may_manage_coordination(by):
        raise PermissionDenied
    _check(body, code=code, parent=parent, seats=seats)
    body.code, body.name, body.kind, body.active = code, name, kind, active
    body.chair_agency, body.parent = chair_agency, parent
    body.save()
    _write_seats(body, seats)
    return body


def _write_seats(body: Body, seats: list[Seat]) -> None:
    kept = [seat.agency.pk for seat in seats]
    Membership.objects.filter(body=body).exclude(agency_id__in=kept).delete()
    for seat in seats:
        Membership.objects.update_or_create(
            body=body,
            agency=seat.agency,
            defaults={
                "representative": seat.representative,
                "representative_name": seat.representative_name.strip(),
                "email": seat.email.strip(),
            },
        )
