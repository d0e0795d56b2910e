"""Every named URL of the project, walked from the resolver, is refused to the anonymous visitor
and to every persona the table below does not allow. A new URL that is not in the table fails
`test_it_classifies_every_named_route`, so whoever adds one must say who may open it.

Left out on purpose: the Django admin (tests/accounts/test_admin_access.py), the language switch
and JavaScript catalogue (public, hold no data), and the sign-in pages (SIGN_IN_ROUTES), which
exist for visitors who are not signed in yet; and the public site (public:*), open to everyone
and read-only, tested in tests/public/test_public_access.py. The other accounts:* routes (a
signed-in user's own password) are classified like any other."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from accounts.services.tokens import token_create
from cases.models import CaseRecord, Person
from jobs.models import Job, JobStatus
from plans.models import Plan
from tests.reporting.pages import open_report
from tests.tipmonitor import every_url_objects

ALL = frozenset(
    {
        "coordinator",
        "reporter_a",
        "approver_a",
        "reporter_b",
        "viewer",
        "administrator",
        "case_officer_a",
        "user_manager_a",
    }
)
NOBODY: frozenset[str] = frozenset()
COORDINATOR = frozenset({"coordinator"})
AGENCY_A_WRITERS = frozenset({"coordinator", "reporter_a", "approver_a"})
AGENCY_WRITERS = AGENCY_A_WRITERS | {"reporter_b"}
MATRIX_READERS = frozenset({"coordinator", "viewer"})
# Agency A's reports, drafts included, are read by its reporters and approvers (and the
# coordinator); a case records officer or a user manager of the agency writes and reads none.
AGENCY_A_READERS = AGENCY_A_WRITERS
# Victims' case records: the coordinator's all, agency A's case records officer's own (issue 11:
# reporters and approvers no longer read them).
CASE_READERS_A = frozenset({"coordinator", "case_officer_a"})
# The people pages: the coordinator, and agency A's user manager for agency A's reporter.
USER_MANAGERS = frozenset({"coordinator", "user_manager_a"})
AGENCY_A_MEMBERS = frozenset({"reporter_a", "approver_a"})
AGENCY_A_APPROVER = frozenset({"approver_a"})
# Who reads meetings at all (their lists): the coordinator, viewers, agencies' reporters and
# approvers.
MEETING_READERS = AGENCY_WRITERS | {"approver_a", "viewer"}

UNCLASSIFIED_PREFIXES = ("admin/", "i18n/", "jsi18n/", "public/")
# Sign-in, sign-out, the second factor and the invitation link (tests/accounts/).
SIGN_IN_ROUTES = frozenset(
    {"accounts:login", "accounts:logout", "accounts:two_factor", "accounts:invitation"}
)


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    method: str = "get"  # "post" for POST-only routes
    refused_with: frozenset[int] = frozenset({403, 404})


# The report under test is agency A's draft for 2024-Q1 of the `plan` fixture: a draft is not
# published, so the viewer and the administrator (both of the secretariat) may not see it.
ROUTES: dict[str, Rule] = {
    "home": Rule(ALL),  # each role's own start page; the public site when signed out
    "plans:plan_list": Rule(ALL),
    "plans:plan_tree": Rule(ALL),
    "plans:plan_quality": Rule(COORDINATOR),
    "plans:export": Rule(ALL),
    "plans:objective_detail": Rule(ALL),
    "plans:activity_detail": Rule(ALL),
    "plans:indicator_detail": Rule(ALL),
    "plans:blank_template": Rule(ALL),
    "plans:plan_create": Rule(COORDINATOR),
    "plans:upload": Rule(COORDINATOR),
    "plans:plan_edit": Rule(COORDINATOR),
    "plans:area_create": Rule(COORDINATOR),
    "plans:area_edit": Rule(COORDINATOR),
    "plans:objective_create": Rule(COORDINATOR),
    "plans:objective_edit": Rule(COORDINATOR),
    "plans:activity_create": Rule(COORDINATOR),
    "plans:activity_edit": Rule(COORDINATOR),
    "plans:indicator_create": Rule(COORDINATOR),
    "plans:indicator_edit": Rule(COORDINATOR),
    "plans:element_delete": Rule(COORDINATOR),
    "agencies:list": Rule(ALL),
    "agencies:detail": Rule(ALL),
    "agencies:create": Rule(COORDINATOR),
    "agencies:edit": Rule(COORDINATOR),
    "reporting:report_list": Rule(ALL),
    "reporting:report_open": Rule(AGENCY_A_WRITERS, "post"),
    "reporting:report_detail": Rule(AGENCY_A_READERS),
    "reporting:report_history": Rule(AGENCY_A_READERS),
    "reporting:report_workbook": Rule(AGENCY_A_READERS),
    "reporting:report_upload": Rule(AGENCY_A_WRITERS),
    "reporting:report_check": Rule(AGENCY_A_WRITERS, "post"),
    # The agency's sign-off: its approver only (the draft under test cannot be approved, so the
    # approver is answered with the refusal on the report page, not with 403/404).
    "reporting:report_approve": Rule(AGENCY_A_APPROVER, "post"),
    "reporting:report_send_back": Rule(AGENCY_A_APPROVER, "post"),
    "reporting:report_return": Rule(COORDINATOR, "post"),
    "reporting:report_accept": Rule(COORDINATOR, "post"),
    "reporting:report_correct": Rule(AGENCY_A_WRITERS, "post"),
    "reporting:values_upload": Rule(AGENCY_WRITERS),
    "reporting:matrix": Rule(MATRIX_READERS),
    "reporting:status_list": Rule(MATRIX_READERS),
    "reporting:attention": Rule(MATRIX_READERS),
    "progress:overview": Rule(ALL),
    "progress:area": Rule(ALL),
    "progress:objective": Rule(ALL),
    "progress:indicator": Rule(ALL),
    # Agency A's page: its own users, and those who follow every agency.
    "progress:agency": Rule(ALL - {"reporter_b"}),
    "progress:analysis": Rule(ALL),  # everyone but the coordinator: published figures only
    "documents:plan_documents": Rule(MATRIX_READERS),
    "documents:prepare": Rule(COORDINATOR),
    "documents:save_section": Rule(COORDINATOR, "post"),
    "documents:generate": Rule(COORDINATOR, "post"),
    # The document under test is a draft (internal, never published): the coordinator's only.
    # A published one is for the matrix readers (test_it_lets_readers_download_...published).
    "documents:download": Rule(COORDINATOR),
    "documents:publish": Rule(COORDINATOR, "post"),
    # Minutes as documents follow the meeting: the one under test is not published, so its
    # minutes are the coordinator's (tests/documents/test_minutes_views.py: published ones).
    "documents:meeting_minutes": Rule(COORDINATOR),
    "documents:generate_minutes": Rule(COORDINATOR, "post"),
    "documents:follow_up": Rule(COORDINATOR),
    "documents:generate_follow_up": Rule(COORDINATOR, "post"),
    "cases:record_list": Rule(CASE_READERS_A),
    "cases:record_detail": Rule(CASE_READERS_A),
    "cases:upload": Rule(CASE_READERS_A),
    "cases:audit": Rule(COORDINATOR),
    "cases:review_list": Rule(COORDINATOR),
    "cases:review_pair": Rule(COORDINATOR),
    # The coordinator sees true counts; a viewer only what disclosure control would publish.
    "cases:stats": Rule(MATRIX_READERS),
    "cases:international": Rule(COORDINATOR),  # without a year: back to the stats page
    "cases:case_query_list": Rule(COORDINATOR),
    "cases:case_query_edit": Rule(COORDINATOR),
    "cases:case_query_remove": Rule(COORDINATOR, "post"),
    "cases:case_query_sync": Rule(COORDINATOR, "post"),
    # Hidden victims (issue 13): the list for those who read case figures (a viewer sees the
    # published estimates); the estimate under test is not published, so its page is the
    # coordinator's (a viewer: 404). Requesting, publishing, unpublishing: the coordinator
    # (posted without the form's fields: answered with the form's errors, or sent back to the
    # page to tick the confirmation).
    "cases:estimate_list": Rule(MATRIX_READERS),
    "cases:estimate_detail": Rule(COORDINATOR),
    "cases:estimate_request": Rule(COORDINATOR, "post"),
    "cases:estimate_publish": Rule(COORDINATOR, "post"),
    "cases:estimate_unpublish": Rule(COORDINATOR, "post"),
    # A failed job the coordinator asked for: its requester's and the coordinator's only (404
    # to anyone else); the list and Retry are the coordinator's.
    "jobs:list": Rule(COORDINATOR),
    "jobs:status": Rule(COORDINATOR),
    "jobs:retry": Rule(COORDINATOR, "post"),
    # Coordination (issue 12). The meeting under test is held, its minutes not yet published:
    # the coordinator's, and the members' of its body (agency A). The action is agency A's.
    # -- meetings --
    # Bodies and meetings: the coordinator; viewers (published minutes, so not this meeting);
    # an agency's reporters and approvers (their bodies': agency A sits in WG, agency B not).
    # Agency A's attendance: those who follow every agency, and agency A's own.
    "coordination:body_list": Rule(MEETING_READERS),
    "coordination:body_create": Rule(COORDINATOR),
    "coordination:body_detail": Rule(AGENCY_A_WRITERS | {"viewer"}),
    "coordination:body_edit": Rule(COORDINATOR),
    "coordination:meeting_list": Rule(MEETING_READERS),
    "coordination:meeting_create": Rule(COORDINATOR),
    "coordination:meeting_detail": Rule(AGENCY_A_WRITERS),
    "coordination:meeting_ics": Rule(AGENCY_A_WRITERS),
    "coordination:meeting_edit": Rule(COORDINATOR),
    "coordination:meeting_invite": Rule(COORDINATOR, "post"),
    "coordination:meeting_attendance": Rule(COORDINATOR),
    "coordination:meeting_minutes": Rule(COORDINATOR),
    # Posted without an item: the coordinator is answered with the form's errors (400).
    "coordination:minutes_action_add": Rule(COORDINATOR, "post"),
    "coordination:meeting_mark_held": Rule(COORDINATOR, "post"),
    "coordination:minutes_approve": Rule(COORDINATOR, "post"),
    "coordination:minutes_publish": Rule(COORDINATOR, "post"),
    "coordination:agenda_item_create": Rule(COORDINATOR),
    "coordination:agenda_item_edit": Rule(COORDINATOR),
    "coordination:agenda_item_delete": Rule(COORDINATOR),  # its confirmation page
    "coordination:agenda_item_move": Rule(COORDINATOR, "post"),
    "coordination:agency_attendance": Rule(AGENCY_A_WRITERS | {"viewer"}),
    "api:list_bodies": Rule(MEETING_READERS),
    "api:list_meetings": Rule(MEETING_READERS),
    "api:get_meeting": Rule(AGENCY_A_WRITERS),
    # -- actions --
    # Every role has a list (its own actions, maybe none); agency A's action (its meeting's
    # minutes not published) is agency A's reporters' and approvers' and the coordinator's; its
    # evidence file is as private as the action. Editing what the minutes say: the coordinator.
    "coordination:action_list": Rule(ALL),
    "coordination:action_detail": Rule(AGENCY_A_WRITERS),
    # Posted without a status: the allowed are answered with the form's error (400).
    "coordination:action_update": Rule(AGENCY_A_WRITERS, "post"),
    "coordination:action_evidence": Rule(AGENCY_A_WRITERS),
    "coordination:action_edit": Rule(COORDINATOR),
    "coordination:action_delete": Rule(COORDINATOR, "post"),
    "api:list_actions": Rule(ALL),
    "api:get_action": Rule(AGENCY_A_WRITERS),
    "api:post_action_update": Rule(AGENCY_A_WRITERS, "post"),
    # -- recommendations --
    # The tracker: everyone signed in with a role reads it (and downloads its workbook); the
    # coordinator keeps it. Confirming is posted without a status: the coordinator gets the
    # form's error (400), the others are refused.
    "coordination:recommendation_index": Rule(ALL),
    "coordination:recommendation_list": Rule(ALL),
    "coordination:recommendation_detail": Rule(ALL),
    "coordination:recommendation_export": Rule(ALL),
    "coordination:recommendation_create": Rule(COORDINATOR),
    "coordination:recommendation_edit": Rule(COORDINATOR),
    "coordination:recommendation_delete": Rule(COORDINATOR),
    "coordination:recommendation_upload": Rule(COORDINATOR),
    "coordination:recommendation_confirm": Rule(COORDINATOR, "post"),
    "coordination:tracker_publish": Rule(COORDINATOR, "post"),
    "api:list_recommendations": Rule(ALL),
    "api:get_recommendation": Rule(ALL),
    "api:post_recommendation_status": Rule(COORDINATOR, "post"),
    # Everyone's own password (tests/accounts/test_password_change.py).
    "accounts:password_change": Rule(ALL),
    # Everyone's own API tokens (tests/accounts/test_api_tokens.py); the token under test is
    # agency A's reporter's, revoked by them alone (404 to anyone else); service accounts are
    # the coordinator's (posted without a name: the form's error, 400).
    "accounts:tokens": Rule(ALL),
    "accounts:token_revoke": Rule(frozenset({"reporter_a"}), "post"),
    "accounts:service_account_create": Rule(COORDINATOR, "post"),
    "people:list": Rule(USER_MANAGERS),
    "people:invite": Rule(USER_MANAGERS),
    "people:detail": Rule(USER_MANAGERS),
    # Posted without roles: the allowed are answered with the form's error (400), not 403/404.
    "people:roles": Rule(USER_MANAGERS, "post"),
    # Each action's confirmation page (the change itself is a POST from it).
    "people:deactivate": Rule(USER_MANAGERS),
    "people:reactivate": Rule(USER_MANAGERS),
    "people:reset_second_factor": Rule(USER_MANAGERS),
    "people:resend_invitation": Rule(USER_MANAGERS),
    "api:api-root": Rule(NOBODY),  # django-ninja's root: 404 when signed in
    "api:openapi-json": Rule(ALL),
    "api:openapi-view": Rule(ALL),
    "api:list_plans": Rule(ALL),
    "api:get_plan": Rule(ALL),
    "api:list_objectives": Rule(ALL),
    "api:list_activities": Rule(ALL),
    "api:list_indicators": Rule(ALL),
    "api:list_agencies": Rule(ALL),
    "api:list_reports": Rule(ALL),
    "api:get_report": Rule(AGENCY_A_READERS),
    # The draft under test is incomplete (422 to its agency) and awaits no approval (409 to
    # its approver); submitting is the agency's act, not the coordinator's (403).
    "api:submit_report": Rule(AGENCY_A_MEMBERS, "post"),
    "api:approve_report": Rule(AGENCY_A_APPROVER, "post"),
    "api:send_back_report": Rule(AGENCY_A_APPROVER, "post"),
    "api:list_progress": Rule(ALL),
    "api:list_roll_up": Rule(ALL),
    "api:list_case_records": Rule(CASE_READERS_A),
    "api:get_case_record": Rule(CASE_READERS_A),
    "api:import_case_records": Rule(CASE_READERS_A, "post"),
    # The job under test (a failed one the coordinator asked for): as jobs:status.
    "api:get_job": Rule(COORDINATOR),
    # Agency A's values. Another agency's rows are refused row by row (400, "You may import
    # values of your own agency only."), nothing stored; a viewer is refused whole (403).
    "api:post_data_values": Rule(AGENCY_A_WRITERS, "post", frozenset({400, 403, 404})),
    # Estimates of hidden victims: the published ones to viewers (the one under test is not
    # published, so its page is the coordinator's only); asking and publishing, the
    # coordinator's. A plan's populations are set by the coordinator.
    "api:list_population_estimates": Rule(MATRIX_READERS),
    "api:get_population_estimate": Rule(COORDINATOR),
    "api:post_population_estimate": Rule(COORDINATOR, "post"),
    "api:publish_population_estimate": Rule(COORDINATOR, "post"),
    "api:unpublish_population_estimate": Rule(COORDINATOR, "post"),
    "api:post_populations": Rule(COORDINATOR, "post"),
    # DHIS2 exchange (issue 14): a plan's mappings and export are the coordinator's; a DHIS2
    # file or push, everyone who imports values (no plan mapped here: an ERROR summary, 409).
    "exchange:mappings": Rule(COORDINATOR),
    "exchange:export": Rule(COORDINATOR),
    "exchange:import": Rule(AGENCY_WRITERS),
    "api:post_data_value_sets": Rule(AGENCY_WRITERS, "post"),
}


def named_routes(resolver: URLResolver | None = None, namespace: str = "") -> dict[str, str]:
    """Every named route as `namespace:name` -> its path pattern, through every include."""
    resolver = resolver or get_resolver()
    found: dict[str, str] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, pattern in named_routes(entry, inner).items():
                found[name] = f"{entry.pattern}{pattern}"
        elif isinstance(entry, URLPattern) and entry.name:
            found[f"{namespace}{entry.name}"] = str(entry.pattern)
    return found


def classified_routes() -> dict[str, str]:
    return {
        name: pattern
        for name, pattern in named_routes().items()
        if not pattern.startswith(UNCLASSIFIED_PREFIXES) and name not in SIGN_IN_ROUTES
    }


@dataclass
class Target:
    """Real ids for every route's path: the `plan` fixture, its first elements, agency A and
    agency A's 2024-Q1 report opened through the service; and the form fields posted."""

    ids: dict[str, Any]

    def url(self, name: str) -> str:
        pattern = classified_routes()[name]
        kwargs = {key: value for key, value in self.ids.items() if key in pattern}
        if name.startswith("documents:") and "kind" in kwargs:
            kwargs["kind"] = "annual"  # the document's kind, not a plan element's
        return reverse(name, kwargs=kwargs)

    def request(self, client: Client, name: str) -> Any:
        url = self.url(name)
        if ROUTES[name].method == "get":
            return client.get(url, QUERIES.get(name, {}))
        if name == "api:post_data_values":
            return client.post(url, VALUES, content_type="application/json")
        if name == "api:post_data_value_sets":
            return client.post(url, {"dataValues": []}, content_type="application/json")
        if name in WORKFLOW:
            body = {"revision": self.ids["revision"], "comment": "Check the source."}
            return client.post(url, body, content_type="application/json")
        if name == "api:post_action_update":
            body = {"status": "in_progress", "comment": "Counted in two regions so far."}
            return client.post(url, body, content_type="application/json")
        if name == "api:post_recommendation_status":
            body = {"status": "partly", "comment": "Screening started in two regions."}
            return client.post(url, body, content_type="application/json")
        if name == "api:post_population_estimate":
            lists = [{"name": code, "agencies": [code]} for code in ("POL", "NGO1", "SEC")]
            body = {"year": 2024, "lists": lists, "bootstrap": 0}
            return client.post(url, body, content_type="application/json")
        if name == "api:post_populations":
            body = {"populations": [{"year": 2024, "population": 2977000, "source": "Census"}]}
            return client.post(url, body, content_type="application/json")
        if name == "api:import_case_records":
            upload = SimpleUploadedFile("cases.csv", b"record_id\nT2\n")
            return client.post(url, {"agency": "POL", "file": upload})
        # Agency A's own fields, so that a refusal comes from who asks, not from a bad request.
        posted = {
            "period": "2024-Q1",
            "comment": "Check the source.",
            "agency": self.ids["agency_id"],
            "indicator": self.ids["indicator_id"],
            "section": "developments",
            "text": "Recruitment moved online.",
            "revision": 0,
            "format": "docx",
            "published": "1",
        }
        return client.post(url, posted)


# The query a GET route needs to answer more than "invalid request" (422).
QUERIES = {"api:list_recommendations": {"plan": "NAP-TEST"}}
WORKFLOW = ("api:submit_report", "api:approve_report", "api:send_back_report")
VALUES = {
    "plan": "NAP-TEST",
    "values": [{"indicator": "I2.1", "period": "2024-Q1", "agency": "POL", "value": 3}],
}


@pytest.fixture
def target(plan: Plan, agency_a, reporter_a: User, coordinator: User) -> Target:
    activity = plan.activities.order_by("pk").first()
    assert activity is not None
    report = open_report(plan, agency_a, reporter_a)
    return Target(
        ids={
            "plan_id": plan.pk,
            "area_id": plan.areas.values_list("pk", flat=True).first(),
            "objective_id": plan.objectives.values_list("pk", flat=True).first(),
            "activity_id": activity.pk,
            "indicator_id": plan.indicators.values_list("pk", flat=True).first(),
            "kind": "activity",
            "element_id": activity.pk,
            "agency_id": agency_a.pk,
            "person_id": reporter_a.pk,
            "report_id": report.pk,
            "revision": report.revision,
            "fmt": "xlsx",
            "record_pk": CaseRecord.objects.create(
                agency=agency_a,
                record_id="T1",
                imported_at=timezone.now(),
                person=Person.objects.create(label=PERSON_LABEL),
                match_probability=0.91,
            ).pk,
            "document_id": every_url_objects.document(plan).pk,
            "job_id": Job.objects.create(
                function="documents.jobs.generate",
                title="Annual report",
                status=JobStatus.FAILED,
                requested_by=coordinator,
            ).pk,
            "pair_pk": every_url_objects.pair(agency_a).pk,
            "estimate_id": every_url_objects.estimate(coordinator).pk,
            "token_id": token_create(
                by=reporter_a, owner=reporter_a, name="script", scope="read"
            ).token.pk,
            "period": "2024",
            "language": "en",
            **every_url_objects.coordination_ids(plan, agency_a, reporter_a),
        }
    )


@pytest.fixture
def personas(personas, case_officer_a, user_manager_a) -> dict[str, User]:
    """The shared personas, and agency A's case records officer and user manager."""
    return {**personas, "case_officer_a": case_officer_a, "user_manager_a": user_manager_a}


def test_it_classifies_every_named_route():
    found = set(classified_routes())

    assert found - set(ROUTES) == set(), "routes missing from ROUTES: classify them"
    assert set(ROUTES) - found == set(), "ROUTES names routes that no longer exist"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_it_refuses_the_anonymous_visitor(name, anonymous, target):
    response = target.request(anonymous, name)

    # The API answers 401; its Swagger page is a page (`docs_decorator=login_required`).
    if name == "home":  # `/` is the public site for a visitor (test_landing.py)
        assert response["Location"] == reverse("public:index")
    elif name.startswith("api:") and name != "api:openapi-view":
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_it_lets_in_only_the_allowed_personas(name, personas, client_of, target):
    """Each persona's answer is also checked for the rules that hold on every URL: private
    answers stay out of caches, and no agency's role sees a person id."""
    refused = ROUTES[name].refused_with
    answers = {persona: target.request(client_of(user), name) for persona, user in personas.items()}
    outcome = {persona: response.status_code for persona, response in answers.items()}
    assert _cached_answers(name, answers) == set()
    assert _answers_with_person_ids(answers) <= {"coordinator"}

    # An allowed persona is neither refused nor asked to sign in again (401).
    wrongly_refused = {
        p: s for p, s in outcome.items() if p in ROUTES[name].allowed and s in refused | {401}
    }
    wrongly_allowed = {
        p: s for p, s in outcome.items() if p not in ROUTES[name].allowed and s not in refused
    }
    assert (wrongly_refused, wrongly_allowed) == ({}, {})


# Answers that must carry `Cache-Control: no-store` (issue 10 #11): every API answer, refusals
# included; case pages their allowed personas open; every download (Content-Disposition).
NO_STORE_ALWAYS = ("api:",)
NO_STORE_WHEN_OPENED = ("cases:",)


def _cached_answers(name: str, answers: dict[str, Any]) -> set[str]:
    """The personas whose answer could stay in a browser's or a proxy's cache."""
    return {
        persona
        for persona, response in answers.items()
        if _must_not_be_stored(name, persona, response)
        and "no-store" not in response.get("Cache-Control", "")
    }


def _must_not_be_stored(name: str, persona: str, response: Any) -> bool:
    if name.startswith(NO_STORE_ALWAYS) or response.has_header("Content-Disposition"):
        return True
    return name.startswith(NO_STORE_WHEN_OPENED) and persona in ROUTES[name].allowed


# The person linkage put agency A's record T1 in (issue 10 #2): an agency's roles never see it.
PERSON_LABEL = "P-EVERYURL0001"


def _answers_with_person_ids(answers: dict[str, Any]) -> set[str]:
    return {persona for persona, response in answers.items() if PERSON_LABEL in _text(response)}


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("name", ["api:get_case_record", "api:list_case_records"])
def test_it_shows_the_coordinator_the_person_id_the_others_never_see(
    name, client_of, coordinator, target
):
    """The check of every URL above would pass on a person id shown to nobody."""
    response = target.request(client_of(coordinator), name)

    assert PERSON_LABEL in _text(response)


@pytest.mark.parametrize("persona", sorted(ALL))
def test_it_lets_readers_download_a_published_document(persona, personas, client_of, plan):
    document = every_url_objects.document(plan, published=True)

    response = client_of(personas[persona]).get(reverse("documents:download", args=[document.pk]))

    if persona in MATRIX_READERS:
        assert response.status_code == 200
        assert "no-store" in response.get("Cache-Control", "")
    else:
        assert response.status_code in {403, 404}
