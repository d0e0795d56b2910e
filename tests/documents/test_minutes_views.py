"""The minutes' pages: generating them is the coordinator's; drafts are the coordinator's only;
the minutes of a published meeting are read by its body's members and the viewers."""

import pytest
from django.urls import reverse

from documents import services
from documents.models import Document
from jobs.models import Job

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _page(meeting):
    return reverse("documents:meeting_minutes", args=[meeting.pk])


@pytest.mark.parametrize(
    ("persona", "draft", "published"),
    [
        ("coordinator", 200, 200),
        ("viewer", 403, 200),
        ("reporter_a", 403, 200),  # the police sit in the working group
        ("approver_a", 403, 200),
        ("reporter_b", 403, 200),  # so does the shelter
        ("administrator", 403, 403),
    ],
)
def test_it_shows_the_minutes_to_whom_the_meeting_allows(
    coordination_world, personas, client_of, persona, draft, published
):
    client = client_of(personas[persona])
    assert client.get(_page(coordination_world["june"])).status_code == draft
    assert client.get(_page(coordination_world["march"])).status_code == published


def test_it_refuses_a_member_of_another_body(coordination_world, client_of, reporter_b):
    from coordination.models import Membership

    Membership.objects.filter(agency=reporter_b.agency).delete()
    response = client_of(reporter_b).get(_page(coordination_world["march"]))
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(coordination_world, anonymous):
    response = anonymous.get(_page(coordination_world["march"]))
    assert response.status_code == 302
    assert "login" in response.url


def test_it_generates_the_minutes_through_a_job(
    coordination_world, coordinator, client_of, django_capture_on_commit_callbacks
):
    meeting = coordination_world["june"]
    url = reverse("documents:generate_minutes", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(coordinator).post(url, {"language": "hy", "format": "pdf"})
    assert response.status_code == 302
    assert response.url.endswith("#minutes-documents")
    document = Document.objects.get()
    assert (document.kind, document.meeting, document.period) == ("minutes", meeting, "2025-06-20")
    assert bytes(document.content).startswith(b"%PDF-")
    job = Job.objects.get()
    assert (job.status, job.function) == ("done", "documents.jobs.generate_minutes")
    page = client_of(coordinator).get(_page(meeting)).content.decode()
    assert "minutes-WG-2025-06-20-hy.pdf" in page


def test_it_answers_htmx_with_the_job(coordination_world, coordinator, client_of):
    url = reverse("documents:generate_minutes", args=[coordination_world["june"].pk])
    response = client_of(coordinator).post(url, {"language": "en", "format": "docx"}, headers=HTMX)
    assert response.status_code == 200
    assert 'class="job"' in response.content.decode()


def test_it_refuses_a_bad_language_in_place(coordination_world, coordinator, client_of):
    url = reverse("documents:generate_minutes", args=[coordination_world["june"].pk])
    response = client_of(coordinator).post(url, {"language": "fr", "format": "docx"}, headers=HTMX)
    assert 'role="alert"' in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "reporter_a", "administrator"])
def test_it_lets_only_the_coordinator_generate(coordination_world, personas, client_of, persona):
    url = reverse("documents:generate_minutes", args=[coordination_world["march"].pk])
    response = client_of(personas[persona]).post(url, {"language": "en", "format": "docx"})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_it_downloads_minutes_as_the_meeting_allows(
    coordination_world, coordinator, personas, client_of
):
    draft = services.minutes_generate(
        meeting=coordination_world["june"], language="en", fmt="docx", user=coordinator
    )
    final = services.minutes_generate(
        meeting=coordination_world["march"], language="en", fmt="docx", user=coordinator
    )

    def status(persona, document):
        url = reverse("documents:download", args=[document.pk])
        return client_of(personas[persona]).get(url).status_code

    assert status("coordinator", draft) == 200
    assert status("reporter_a", draft) == 403
    assert status("viewer", draft) == 403
    assert status("reporter_a", final) == 200
    assert status("viewer", final) == 200
    assert status("administrator", final) == 403


def test_it_never_publishes_minutes_on_the_public_site(coordination_world, coordinator, client_of):
    document = services.minutes_generate(
        meeting=coordination_world["march"], language="en", fmt="pdf", user=coordinator
    )
    url = reverse("documents:publish", args=[document.pk])
    assert client_of(coordinator).post(url, {"published": "1"}).status_code == 404
    document.refresh_from_db()
    assert document.published_at is None
    listed = client_of(coordinator).get(
        reverse("documents:plan_documents", args=[coordination_world["plan"].pk])
    )
    assert document.filename not in listed.content.decode()


def test_it_offers_the_box_through_the_template_tag(coordination_world, rf, viewer, reporter_a):
    from django.template import Context, Template

    template = Template("{% load coordination_documents %}{% minutes_box meeting %}")
    for user, meeting, shown in (
        (viewer, coordination_world["march"], True),
        (viewer, coordination_world["june"], False),
        (reporter_a, coordination_world["june"], False),
    ):
        request = rf.get("/")
        request.user = user
        html = template.render(Context({"request": request, "meeting": meeting}))
        assert ("Minutes (DOCX/PDF)" in html) is shown
        assert "Generate" not in html


def test_it_keeps_minutes_generated_before_approval_from_the_members(
    coordination_world, coordinator, personas, client_of
):
    """A file generated from the draft, before the last edits and the chair's approval, is never
    what the members read once the minutes are published; one generated after it is."""
    import datetime

    from django.utils import timezone

    meeting = coordination_world["march"]  # published
    early = services.minutes_generate(meeting=meeting, language="en", fmt="docx", user=coordinator)
    meeting.approved_at = timezone.now() + datetime.timedelta(seconds=1)
    meeting.save(update_fields=["approved_at"])
    Document.objects.filter(pk=early.pk).update(
        created_at=meeting.approved_at - datetime.timedelta(hours=1)
    )
    final = services.minutes_generate(meeting=meeting, language="en", fmt="docx", user=coordinator)
    Document.objects.filter(pk=final.pk).update(
        created_at=meeting.approved_at + datetime.timedelta(hours=1)
    )

    def status(persona, document):
        url = reverse("documents:download", args=[document.pk])
        return client_of(personas[persona]).get(url).status_code

    assert status("coordinator", early) == 200
    assert status("reporter_a", early) == 404
    assert status("viewer", early) == 404
    assert status("reporter_a", final) == 200
    page = client_of(personas["viewer"]).get(_page(meeting)).content.decode()
    assert reverse("documents:download", args=[early.pk]) not in page
    assert reverse("documents:download", args=[final.pk]) in page
