"""Personal API tokens and service accounts (docs/api.md, "Signing in"): a token is shown once
and stored hashed, expires and is revoked, records its last use, reads and (within its scope)
writes values as its user, is refused on every case operation (audited), never falls back to a
session sent beside it, and needs no CSRF token; a service account signs in nowhere."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, Role, SecurityEvent, SecurityEventKind, TokenScope, User
from accounts.services import tokens
from cases.models import CaseAccess, CaseRecord
from reporting.models import IndicatorValue, Report, ReportStatus
from reporting.services import report_open
from tests.openapi import assert_matches_openapi
from tests.reporting.files_data import reporting_plan

pytestmark = pytest.mark.django_db

VALUES = {
    "plan": "NAP-R",
    "values": [{"indicator": "I1", "period": "2025-Q1", "agency": "POL", "value": 12}],
}


@pytest.fixture
def plan(agency_a, agency_b):
    return reporting_plan(agency_a, agency_b)


def make_token(user: User, scope: str = TokenScope.READ, *, by: User | None = None) -> str:
    return tokens.token_create(by=by or user, owner=user, name="script", scope=scope).plain


def bearer(token: str, *, csrf: bool = False) -> Client:
    """A client sending the token on every request, with no session (and, with `csrf`,
    enforcing CSRF as a browser's requests are)."""
    return Client(enforce_csrf_checks=csrf, headers={"Authorization": f"Bearer {token}"})


def post_values(client: Client, body: dict = VALUES):
    response = client.post("/api/v1/data-values", json.dumps(body), content_type="application/json")
    assert_matches_openapi(response, "/api/v1/data-values", "post")
    return response


def test_it_shows_a_new_token_once_and_stores_only_its_hash(client_of, reporter_a):
    client = client_of(reporter_a)
    made = client.post(reverse("accounts:tokens"), {"name": "Nightly", "scope": "read", "days": 30})
    token = ApiToken.objects.get()
    plain = made.context["created"].plain
    secret = plain.removeprefix(f"tipm_{token.prefix}_")
    again = client.get(reverse("accounts:tokens"))

    assert made.status_code == 200
    assert plain in made.content.decode()
    assert plain not in again.content.decode()
    assert f"tipm_{token.prefix}_" in again.content.decode()
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values().get().values()]
    assert not any(secret in value for value in stored)
    assert token.expires_at - timezone.now() > timedelta(days=29)
    assert (token.user, token.created_by, token.scope) == (reporter_a, reporter_a, "read")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_CREATED).count() == 1


def test_it_gives_a_token_90_days_by_default_and_a_year_at_most(reporter_a):
    made = tokens.token_create(by=reporter_a, owner=reporter_a, name="x", scope="read")

    assert timedelta(days=89) < made.token.expires_at - timezone.now() <= timedelta(days=90)
    with pytest.raises(tokens.ValidationError) as refused:
        tokens.token_create(by=reporter_a, owner=reporter_a, name="", scope="all", days=366)
    assert set(refused.value.message_dict) == {"name", "scope", "days"}
    assert ApiToken.objects.count() == 1


def test_it_reads_the_api_with_a_token_alone(plan, reporter_a):
    client = bearer(make_token(reporter_a))

    plans = client.get("/api/v1/plans")
    schema = client.get(reverse("api:openapi-json"))

    assert_matches_openapi(plans, "/api/v1/plans", "get")
    assert plans.status_code == 200
    assert [item["code"] for item in plans.json()] == ["NAP-R"]
    assert schema.status_code == 200


@pytest.mark.parametrize("kind", ["malformed", "unknown", "wrong secret", "expired", "revoked"])
def test_it_refuses_a_token_that_is_not_good_with_a_401(plan, reporter_a, kind):
    made = tokens.token_create(by=reporter_a, owner=reporter_a, name="x", scope="read")
    plain, token = made.plain, made.token
    if kind == "malformed":
        plain = "tipm_short"
    elif kind == "unknown":
        plain = plain.replace(token.prefix, "zzzzzzzzzzzz")
    elif kind == "wrong secret":
        plain = plain[:-4] + ("AAAA" if not plain.endswith("AAAA") else "BBBB")
    elif kind == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    else:
        tokens.token_revoke(by=reporter_a, token=token)

    response = bearer(plain).get("/api/v1/plans")

    assert_matches_openapi(response, "/api/v1/plans", "get")
    assert response.status_code == 401
    assert "token is not valid" in response.json()["detail"]
    refusals = SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REFUSED)
    named = kind in {"wrong secret", "expired", "revoked"}
    assert [event.subject for event in refusals] == ([reporter_a] if named else [])


def test_it_refuses_the_token_of_a_deactivated_user(plan, reporter_a):
    client = bearer(make_token(reporter_a))
    User.objects.filter(pk=reporter_a.pk).update(is_active=False)

    response = client.get("/api/v1/plans")

    assert response.status_code == 401


def test_it_records_the_last_use_at_most_once_a_minute(plan, reporter_a):
    client = bearer(make_token(reporter_a))

    client.get("/api/v1/plans", REMOTE_ADDR="192.0.2.7")
    first = ApiToken.objects.get()
    client.get("/api/v1/agencies", REMOTE_ADDR="192.0.2.8")
    second = ApiToken.objects.get()
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get("/api/v1/agencies", REMOTE_ADDR="192.0.2.9")
    third = ApiToken.objects.get()

    assert first.last_used_at is not None
    assert first.last_used_ip == "192.0.2.7"
    assert (second.last_used_at, second.last_used_ip) == (first.last_used_at, "192.0.2.7")
    assert third.last_used_ip == "192.0.2.9"


def test_it_writes_values_with_a_values_token_without_a_csrf_token(plan, reporter_a):
    client = bearer(make_token(reporter_a, TokenScope.READ_WRITE_VALUES), csrf=True)

    response = post_values(client)

    assert response.status_code == 200, response.content
    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == reporter_a
    assert IndicatorValue.objects.count() == 1


def test_it_refuses_every_write_to_a_read_token(plan, agency_a, reporter_a):
    client = bearer(make_token(reporter_a))
    draft = report_open(plan=plan, agency=agency_a, period="2025-Q1", user=reporter_a)

    values = post_values(client)
    submit = client.post(
        f"/api/v1/reports/{draft.pk}/submit",
        json.dumps({"revision": draft.revision}),
        content_type="application/json",
    )

    assert_matches_openapi(submit, "/api/v1/reports/{report_id}/submit", "post")
    assert (values.status_code, submit.status_code) == (403, 403)
    assert "scope" in values.json()["detail"]
    assert not IndicatorValue.objects.exists()
    assert Report.objects.get().status == ReportStatus.DRAFT


def test_it_lets_a_values_token_write_nothing_but_values(plan, agency_a, reporter_a):
    client = bearer(make_token(reporter_a, TokenScope.READ_WRITE_VALUES))
    draft = report_open(plan=plan, agency=agency_a, period="2025-Q1", user=reporter_a)

    submit = client.post(
        f"/api/v1/reports/{draft.pk}/submit",
        json.dumps({"revision": draft.revision}),
        content_type="application/json",
    )

    assert submit.status_code == 403
    assert Report.objects.get().status == ReportStatus.DRAFT


def test_it_hides_another_agencys_draft_from_a_token_as_from_the_session(
    plan, agency_b, reporter_a, reporter_b, client_of
):
    draft_b = report_open(plan=plan, agency=agency_b, period="2025-Q1", user=reporter_b)
    client = bearer(make_token(reporter_a, TokenScope.READ_WRITE_VALUES))

    one = client.get(f"/api/v1/reports/{draft_b.pk}")
    listed = client.get("/api/v1/reports")
    theirs = post_values(client, {**VALUES, "values": [{**VALUES["values"][0], "agency": "NGO1"}]})

    assert_matches_openapi(one, "/api/v1/reports/{report_id}", "get")
    assert one.status_code == client_of(reporter_a).get(f"/api/v1/reports/{draft_b.pk}").status_code
    assert one.status_code == 404
    assert draft_b.pk not in [report["id"] for report in listed.json()]
    assert theirs.status_code == 400
    assert not IndicatorValue.objects.exists()


@pytest.fixture
def record(agency_a) -> CaseRecord:
    return CaseRecord.objects.create(agency=agency_a, record_id="T1", imported_at=timezone.now())


@pytest.mark.parametrize("persona", ["coordinator", "case_officer_a"])
def test_it_refuses_a_token_every_case_operation_and_audits_it(request, record, persona):
    user = request.getfixturevalue(persona)
    client = bearer(make_token(user, TokenScope.READ_WRITE_VALUES))
    answers = {
        "/api/v1/cases/records": client.get("/api/v1/cases/records"),
        "/api/v1/cases/records/{record_pk}": client.get(f"/api/v1/cases/records/{record.pk}"),
        "/api/v1/cases/import": client.post("/api/v1/cases/import", {"agency": "POL"}),
        "/api/v1/population-estimates": client.get("/api/v1/population-estimates"),
    }

    assert_matches_openapi(answers["/api/v1/cases/records"], "/api/v1/cases/records", "get")
    assert_matches_openapi(
        answers["/api/v1/cases/records/{record_pk}"], "/api/v1/cases/records/{record_pk}", "get"
    )
    assert_matches_openapi(answers["/api/v1/cases/import"], "/api/v1/cases/import", "post")
    assert_matches_openapi(
        answers["/api/v1/population-estimates"], "/api/v1/population-estimates", "get"
    )
    assert {path: answer.status_code for path, answer in answers.items()} == dict.fromkeys(
        answers, 403
    )
    assert "may not read case records" in answers["/api/v1/cases/records"].json()["detail"]
    refused = CaseAccess.objects.filter(action="refused", user=user)
    assert refused.count() == 4
    assert all(access.target.startswith("403 api token") for access in refused)
    assert not CaseAccess.objects.exclude(action="refused").exists()


def test_it_answers_a_bad_token_on_a_case_operation_with_a_401(record):
    response = bearer("tipm_nothing").get("/api/v1/cases/records")

    assert response.status_code == 401
    assert not CaseAccess.objects.exists()


def test_it_never_falls_back_to_a_session_sent_beside_a_bad_token(plan, client_of, coordinator):
    client = client_of(coordinator)
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer tipm_forged"

    response = client.get("/api/v1/plans")

    assert response.status_code == 401


def test_it_lets_a_token_through_but_not_a_session_short_of_the_second_factor(
    plan, reporter_a, coordinator
):
    half_signed_in = Client()
    half_signed_in.force_login(coordinator)  # no second factor
    refused = half_signed_in.get("/api/v1/plans")
    half_signed_in.defaults["HTTP_AUTHORIZATION"] = f"Bearer {make_token(reporter_a)}"
    as_token = half_signed_in.get("/api/v1/plans")

    assert refused.status_code == 401
    assert as_token.status_code == 200
    # The token's user, not the session's: the coordinator would see the draft plans too.
    assert [item["code"] for item in as_token.json()] == ["NAP-R"]


def test_it_lets_users_revoke_their_own_tokens_only(plan, client_of, reporter_a, reporter_b):
    plain = make_token(reporter_a)
    token = ApiToken.objects.get()

    foreign = client_of(reporter_b).post(reverse("accounts:token_revoke", args=[token.pk]))
    revoked = client_of(reporter_a).post(reverse("accounts:token_revoke", args=[token.pk]))

    assert foreign.status_code == 404
    assert revoked.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert bearer(plain).get("/api/v1/plans").status_code == 401
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKED).count() == 1


def test_it_makes_no_token_for_another_person(client_of, reporter_a, coordinator):
    response = client_of(coordinator).post(
        reverse("accounts:tokens"),
        {"name": "x", "scope": "read", "days": 30, "owner": reporter_a.pk},
    )

    assert response.status_code == 404
    assert not ApiToken.objects.exists()


def test_it_lets_the_coordinator_make_a_service_account_and_its_token(
    plan, client_of, coordinator, agency_a
):
    client = client_of(coordinator)
    made = client.post(
        reverse("accounts:service_account_create"),
        {"username": "pol-dhis2", "agency": agency_a.pk},
    )
    account = User.objects.get(username="pol-dhis2")
    token = client.post(
        reverse("accounts:tokens"),
        {"name": "DHIS2", "scope": "read_write_values", "days": 365, "owner": account.pk},
    )
    plain = token.context["created"].plain

    assert made.status_code == 302
    assert account.is_service_account
    assert not account.has_usable_password()
    assert account.agency == agency_a
    assert account.has_role(Role.REPORTER)
    assert ApiToken.objects.get().user == account
    assert post_values(bearer(plain)).status_code == 200
    assert Report.objects.get().submitted_by == account
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "pol-dhis2" in page
    assert plain not in page


def test_it_lets_only_the_coordinator_make_service_accounts(client_of, reporter_a, agency_a):
    response = client_of(reporter_a).post(
        reverse("accounts:service_account_create"), {"username": "bot", "agency": agency_a.pk}
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="bot").exists()


def test_it_never_signs_a_service_account_in_on_the_login_page(coordinator, agency_a):
    account = tokens.service_account_create(by=coordinator, username="bot", agency=agency_a)
    account.set_password("a long enough password 123")  # as if set in the admin by mistake
    account.save()
    client = Client()

    response = client.post(
        reverse("accounts:login"),
        {"username": "bot", "password": "a long enough password 123"},
    )

    assert response.status_code == 200  # the form again, with its error
    assert SESSION_KEY not in client.session
