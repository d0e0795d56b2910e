"""Coordination bodies: the coordinator creates and edits them with their member agencies and
representatives (a user of the agency, or a name and an e-mail); members see the bodies their
agency sits in, with each agency's attendance (n of m meetings)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordination.models import Attendance, Body, Membership
from coordination.services.bodies import Seat, body_create, body_update
from tests.coordination.meeting_fixtures import plan_meeting


def _form(code="NCC", seats=()):
    data = {
        "code": code,
        "name": "National council",
        "kind": "council",
        "active": "on",
        "seats-TOTAL_FORMS": str(max(3, len(seats))),
        "seats-INITIAL_FORMS": "0",
    }
    for index, seat in enumerate(seats):
        for key, value in seat.items():
            data[f"seats-{index}-{key}"] = value
    return data


def test_it_creates_a_body_with_its_members(client_of, coordinator, agency_a, agency_b, reporter_a):
    response = client_of(coordinator).post(
        reverse("coordination:body_create"),
        _form(
            seats=[
                {"agency": agency_a.pk, "representative": reporter_a.pk},
                {"agency": agency_b.pk, "representative_name": "Ani", "email": "ani@ngo.example"},
            ]
        ),
    )

    body = Body.objects.get(code="NCC")
    assert response.status_code == 302
    assert response["Location"] == reverse("coordination:body_detail", args=[body.pk])
    seats = {m.agency.code: (m.representative, m.email) for m in body.memberships.all()}
    assert seats == {"POL": (reporter_a, ""), "NGO1": (None, "ani@ngo.example")}


def test_it_refuses_a_representative_of_another_agency_and_saves_nothing(
    client_of, coordinator, agency_b, reporter_a
):
    response = client_of(coordinator).post(
        reverse("coordination:body_create"),
        _form(seats=[{"agency": agency_b.pk, "representative": reporter_a.pk}]),
    )

    assert response.status_code == 400
    assert "Member 1: reporter_a does not work for NGO1." in response.content.decode()
    assert not Body.objects.filter(code="NCC").exists()


def test_it_refuses_an_agency_listed_twice_and_a_taken_code(working_group, coordinator, agency_a):
    with pytest.raises(ValidationError) as refused:
        body_create(
            code="WG",
            name="Again",
            kind="working_group",
            seats=[Seat(agency_a), Seat(agency_a)],
            by=coordinator,
        )

    errors = refused.value.message_dict
    assert errors["code"] == ["Another body has the code WG."]
    assert errors["memberships"] == ["Member 2: POL is listed twice."]


def test_it_replaces_the_members_when_the_body_is_edited(working_group, coordinator, agency_a):
    body_update(
        body=working_group,
        code="WG",
        name="Working group on trafficking",
        kind="working_group",
        seats=[Seat(agency_a, representative_name="Col. Hakobyan")],
        by=coordinator,
    )

    assert list(Membership.objects.values_list("agency__code", "representative_name")) == [
        ("POL", "Col. Hakobyan")
    ]


def test_it_refuses_a_body_reporting_to_itself(working_group, coordinator):
    with pytest.raises(ValidationError, match="report to itself"):
        body_update(
            body=working_group,
            code="WG",
            name="WG",
            kind="working_group",
            parent=working_group,
            seats=[],
            by=coordinator,
        )


def test_it_shows_members_the_bodies_their_agency_sits_in(
    working_group, client_of, reporter_a, reporter_b, coordinator, agency_a
):
    council = Body.objects.create(code="NCC", name="National council", kind="council")
    Membership.objects.create(body=council, agency=coordinator.agency)
    url = reverse("coordination:body_list")

    html = client_of(reporter_a).get(url).content.decode()

    assert "Inter-agency working group" in html
    assert "National council" not in html
    assert (
        client_of(reporter_a)
        .get(reverse("coordination:body_detail", args=[council.pk]))
        .status_code
        == 404
    )


def test_it_shows_each_agencys_attendance_on_the_body_page(
    working_group, plan, client_of, coordinator, agency_a, agency_b
):
    first = plan_meeting(working_group, plan, coordinator)
    second = plan_meeting(working_group, plan, coordinator)
    Attendance.objects.create(meeting=first, agency=agency_a, status="present")
    Attendance.objects.create(meeting=second, agency=agency_a, status="absent")
    Attendance.objects.create(meeting=second, agency=agency_b, status="present")

    html = (
        client_of(coordinator)
        .get(reverse("coordination:body_detail", args=[working_group.pk]))
        .content.decode()
    )

    assert "present at 1 of 2 meetings" in html  # agency A
    assert "present at 1 of 1 meeting<" in html  # agency B
    assert "no meeting recorded" in html  # the secretariat
