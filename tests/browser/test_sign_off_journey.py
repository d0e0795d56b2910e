"""Issue 11 in a real browser, from invitation to acceptance: the coordinator invites a new
reporter for the police (a state body that signs its reports off) on the People pages; the
reporter opens the e-mailed link, chooses a password, enrols an authenticator and is signed in;
fills the quarter's report and sends it for approval; the police approver sends it back with a
comment; the reporter corrects it and sends it again; the approver approves it (it is then
submitted); the coordinator, who saw the matrix say "awaiting agency approval" meanwhile,
accepts it.

The invitation e-mail is read from django.core.mail.outbox: the live server runs in this
process, with the test mail backend.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser import test_reporting_workflow
from tests.browser.conftest import axe_violations, sign_in, totp_code
from tests.browser.test_reporting_workflow import expect_matrix, fill_values, matrix_cell
from tipmonitor.lib.reporting_periods import quarter_of

pytestmark = pytest.mark.playwright

NEW_PASSWORD = "Blue-harbour-lantern-47"
SEND_BACK = "The male count is missing a case from Gyumri; please add it."
LINK = re.compile(r"https?://\S+?(/accounts/invitation/[^/\s]+/)")


# The plan running now, with the police's indicator V1 by sex and activity 3.1.1.
workflow_plan = test_reporting_workflow.workflow_plan


@pytest.fixture
def sign_off_police(agency_a, approver_a):
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    return agency_a


def invite(chief: Page) -> str:
    """The coordinator invites a new police reporter; the path of the e-mailed link."""
    chief.get_by_role("link", name="People", exact=True).first.click()
    expect(chief.get_by_role("heading", level=1)).to_have_text("People")
    chief.get_by_role("link", name="Invite a person").click()
    chief.get_by_label("Username").fill("new_reporter")
    chief.get_by_label("First name").fill("Lilit")
    chief.get_by_label("Last name").fill("Hakobyan")
    chief.get_by_label("E-mail").fill("lilit@police.example.org")
    chief.get_by_label(re.compile(r"^Agency:?$")).select_option(label="Police")
    chief.get_by_label("Agency reporter").check()
    mail.outbox.clear()
    chief.get_by_role("button", name="Send invitation").click()
    expect(chief.locator(".messages")).to_contain_text(
        "Invitation sent to lilit@police.example.org."
    )
    expect(chief.get_by_role("heading", level=1)).to_have_text("Lilit Hakobyan")
    expect(chief.locator("dl.facts")).to_contain_text("Not set up yet")
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    body = str(message.body)
    assert message.to == ["lilit@police.example.org"]
    assert message.subject == "TIP Monitor: your invitation"
    assert "Your user name is new_reporter" in body
    found = LINK.search(body)
    assert found, body
    return found.group(1)


def accept_invitation(page: Page, link: str) -> None:
    """Open the link, choose a password, scan the QR (read the new device) and type its code."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to TIP Monitor")
    expect(page.get_by_text("Your user name is new_reporter")).to_be_visible()
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("The same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator("figure.qr svg")).to_be_visible()
    # The test reads the database only while the browser asks nothing: on SQLite the live
    # server shares this thread's connection, and two at once break its savepoints.
    page.wait_for_load_state("networkidle")
    device = TOTPDevice.objects.get(user__username="new_reporter", confirmed=False)
    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))
    expect(page.locator(".who")).to_contain_text("new_reporter")
    page.wait_for_load_state("networkidle")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def send_for_approval(page: Page) -> None:
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator("#report-status")).to_have_text("Awaiting the agency's approval")
    expect(page.locator(".messages")).to_contain_text("Report sent for approval.")
    expect(page.locator("#awaiting-note")).to_be_visible()


def open_awaiting_report(approver: Page, quarter: str) -> None:
    approver.goto(reverse("reporting:report_list"))
    waiting = approver.locator("#awaiting-approval")
    expect(waiting).to_contain_text("1 report awaits your approval")
    expect(waiting).to_contain_text("sent by Lilit Hakobyan")
    waiting.get_by_role("link", name=re.compile(re.escape(quarter))).click()
    expect(approver.get_by_role("heading", name="Your approval")).to_be_visible()


def test_it_takes_an_invited_reporter_s_report_through_the_agency_s_sign_off(
    new_context,
    workflow_plan,
    sign_off_police,
    approver_a,
    coordinator,
):
    quarter = quarter_of(timezone.localdate()).code
    quarter_index = quarter_of(timezone.localdate()).index
    matrix_url = (
        reverse("reporting:matrix", args=[workflow_plan.pk]) + f"?year={timezone.localdate().year}"
    )
    chief = new_context().new_page()
    sign_in(chief, coordinator)

    # 1–2. The coordinator invites a police reporter; the link arrives by e-mail.
    link = invite(chief)

    # 3. The new reporter opens the link in their own browser and is signed in at the end.
    reporter = new_context().new_page()
    accept_invitation(reporter, link)
    assert User.objects.get(username="new_reporter").check_password(NEW_PASSWORD)
    reporter.goto(link)  # the link works once
    expect(reporter.get_by_role("heading", level=1)).to_have_text("This link does not work")

    # 4. They fill the quarter's report and send it for approval.
    reporter.goto(reverse("reporting:report_list"))
    reporter.get_by_role("button", name=f"Start POL {quarter}").click()
    expect(reporter.get_by_role("button", name="Submit to the coordinator")).to_have_count(0)
    reporter.get_by_label("Contact person").fill("Lilit Hakobyan")
    fill_values(reporter, quarter, total="5", female="3", male="1")
    reporter.get_by_label("Status of activity 3.1.1").select_option("ongoing")
    reporter.get_by_label("Percent done of activity 3.1.1").fill("40")
    send_for_approval(reporter)

    # The coordinator's matrix: awaiting the agency's approval, not yet submitted.
    chief.goto(matrix_url)
    expect_matrix(chief, "Awaiting agency approval")
    expect(matrix_cell(chief, "POL", quarter_index)).not_to_contain_text("Submitted")

    # 5. The approver reads it (axe-checked), sends it back with a comment.
    approver = new_context().new_page()
    sign_in(approver, approver_a)
    open_awaiting_report(approver, quarter)
    expect(approver.locator("#report-status")).to_have_text("Awaiting the agency's approval")
    expect(approver.locator("#approval")).to_contain_text("Sent for approval by Lilit Hakobyan")
    assert axe_violations(approver) == []
    approver.get_by_role("button", name="Send back to the reporter").click()  # no comment
    expect(approver.locator("#approval .error-summary")).to_have_text(
        "Say what the reporter must change before sending it back."
    )
    expect(approver.locator("#report-status")).to_have_text("Awaiting the agency's approval")
    approver.get_by_label("What must the reporter change?").fill(SEND_BACK)
    approver.get_by_role("button", name="Send back to the reporter").click()
    expect(approver.locator(".messages")).to_contain_text("Report sent back to the reporter")
    expect(approver.locator("#report-status")).to_have_text("Draft")
    expect(approver.get_by_role("heading", name="Your approval")).to_have_count(0)

    # The reporter reads the comment, corrects the count, sends it again.
    reporter.reload()
    note = reporter.locator("#sent-back-note")
    expect(note).to_contain_text("Sent back by the agency's approver")
    expect(note).to_contain_text(SEND_BACK)
    reporter.get_by_label(f"V1, {quarter}, Male", exact=True).fill("2")
    send_for_approval(reporter)
    expect(reporter.locator("#sent-back-note")).to_have_count(0)

    # The approver sees what changed, approves: the report reaches the coordinator.
    open_awaiting_report(approver, quarter)
    expect(approver.locator("#approval")).to_contain_text(SEND_BACK)
    approver.get_by_role("button", name="Approve and submit").click()
    expect(approver.locator(".messages")).to_contain_text(
        "Report approved and submitted to the coordinator."
    )
    expect(approver.locator("#report-status")).to_have_text("Submitted")
    expect(approver.locator("dl.report-facts")).to_contain_text("Approved by the agency")

    # 6. The coordinator's matrix: submitted on time; the coordinator accepts it.
    chief.goto(matrix_url)
    expect_matrix(chief, "Submitted on time")
    matrix_cell(chief, "POL", quarter_index).get_by_role("link").click()
    expect(chief.locator("dl.report-facts")).to_contain_text("Approved by the agency")
    chief.get_by_role("button", name="Accept the report").click()
    expect(chief.locator("#report-status")).to_have_text("Accepted")
    chief.goto(matrix_url)
    expect_matrix(chief, "Accepted")

    reporter.goto(reverse("reporting:report_list"))
    row = reporter.get_by_role("row", name=re.compile(rf"^{re.escape(quarter)}\b"))
    expect(row).to_contain_text("Accepted")
