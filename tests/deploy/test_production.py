"""The production set-up of docs/deploy.md, started as an IT unit would and used over real
HTTP: PostgreSQL (a fresh database), migrate, collectstatic, users made with `add-user`,
gunicorn with deploy/gunicorn.conf.py and `tipmonitor worker` as separate processes with
production settings (no debug, a strong secret, second factor on, the database job queue), and,
where nginx is installed, deploy/nginx.conf in front terminating TLS on port 8443. No dev
server, no test client: a reporter submits a report, the coordinator accepts it, generates the
annual report through the worker and imports a case file whose linkage the worker runs."""

import contextlib
import csv
import io
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import requests
from django_otp.oath import totp

from tests.deploy import nginx as nginx_example
from tests.deploy.pages import form_to, forms
from tests.deploy.production import (
    BIN,
    NGINX_PORT,
    ROOT,
    free_port,
    fresh_database,
    postgres_url,
    production_env,
    running,
    tipmonitor,
    wait_for_port,
)

pytestmark = pytest.mark.production

PASSWORDS = {"coordinator": "Plan-monitoring-Ardenia-77", "shelter": "Quarterly-values-Valmora-42"}
JOB_SECONDS = 120  # a job's longest wait: DOCX and linkage take seconds, more on a busy CI


@dataclass
class Instance:
    base: str
    env: dict
    logs: list[Path]
    verify: str | bool = True
    keys: dict[str, str] = field(default_factory=dict)

    def tail(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.logs)


def test_it_runs_a_country_on_gunicorn_the_worker_and_postgresql(tmp_path):
    server = postgres_url()
    if server is None:
        pytest.skip(
            "the production test needs PostgreSQL, as production does: run it with "
            "DATABASE_URL=postgres://… (CI does); on SQLite it is skipped"
        )
    name = f"tipmonitor_production_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    with fresh_database(server, name) as database, started(tmp_path, database) as site:
        reporter = sign_in(site, "shelter")
        report_url = submit_a_report(site, reporter)
        coordinator = sign_in(site, "coordinator")
        accept(site, coordinator, report_url)
        document = generate_the_annual_report(site, coordinator)
        assert document.startswith(b"PK"), site.tail()  # a DOCX is a zip file
        assert b"word/document.xml" in document
        import_cases_and_link(site, coordinator)
        if site.base.startswith("https:"):
            behind_tls(site, coordinator)


# Setting up, as docs/deploy.md does --------------------------------------------------------


@contextlib.contextmanager
def started(tmp_path: Path, database: str) -> Iterator[Instance]:
    var = tmp_path / "var"
    var.mkdir()
    port = free_port()
    with_nginx = nginx_example.nginx() is not None
    base = (
        f"https://{nginx_example.SITE}:{NGINX_PORT}" if with_nginx else f"http://127.0.0.1:{port}"
    )
    env = production_env(
        database_url=database, var_dir=var, hosts="127.0.0.1,localhost", site_url=base
    )
    prepare(env)
    keys = users_with_authenticators(env)
    web_env = env | {"TIPMONITOR_BIND": f"127.0.0.1:{port}"}
    logs = [tmp_path / "gunicorn.log", tmp_path / "worker.log"]
    gunicorn = [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy/gunicorn.conf.py")]
    with (
        running([*gunicorn, "tipmonitor.wsgi"], web_env, logs[0]) as web,
        running([str(BIN / "tipmonitor"), "worker"], env, logs[1]) as worker,
    ):
        site = Instance(base, env, logs, keys=keys)
        try:
            wait_for_port(port, [web, worker])
        except RuntimeError as error:
            raise AssertionError(f"{error}\n{site.tail()}") from None
        if not with_nginx:
            yield site
            return
        with in_front(tmp_path, port, site) as verify:
            site.verify = verify
            yield site


def prepare(env: dict) -> None:
    """migrate and collectstatic (side by side: neither needs the other), then the plan."""
    with ThreadPoolExecutor(2) as pool:
        steps = [
            pool.submit(tipmonitor, env, "migrate", "--no-input"),
            pool.submit(tipmonitor, env, "collectstatic", "--no-input"),
        ]
        for step in steps:
            step.result()
    tipmonitor(env, "import-plan", str(ROOT / "tipmonitor/sample/nap-sample.xlsx"))


def users_with_authenticators(env: dict) -> dict[str, str]:
    """The coordinator and an NGO's reporter, made with add-user; each has an authenticator
    (a confirmed TOTP device, as after enrolment) whose key the test computes codes from."""
    with ThreadPoolExecutor(2) as pool:
        made = [
            pool.submit(add_user, env, "coordinator", "NCATP-SEC", "coordinator"),
            pool.submit(add_user, env, "shelter", "NGO-SHELTER", "reporter"),
        ]
        for step in made:
            step.result()
    script = (
        "import json\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        "from accounts.models import User\n"
        "keys = {u.username: TOTPDevice.objects.create(user=u, name='phone', confirmed=True).key"
        " for u in User.objects.filter(username__in=['coordinator', 'shelter'])}\n"
        "print(json.dumps(keys))\n"
    )
    output = tipmonitor(env, "shell", "--no-imports", "-c", script)
    return json.loads(output.strip().splitlines()[-1])


def add_user(env: dict, username: str, agency: str, role: str) -> None:
    args = ["add-user", username, "--agency", agency, "--role", role, "--password-stdin"]
    output = tipmonitor(env, *args, stdin=PASSWORDS[username] + "\n")
    assert f"Activation code for {username}" in output


@contextlib.contextmanager
def in_front(tmp_path: Path, gunicorn_port: int, site: Instance) -> Iterator[str]:
    """deploy/nginx.conf in front of gunicorn, TLS with a self-signed certificate; yields the
    certificate for the client to trust."""
    folder = tmp_path / "nginx"
    folder.mkdir()
    cert, key, authority = nginx_example.self_signed_certificate(folder)
    site_conf = folder / "tipmonitor.conf"
    http_port = free_port()
    site_conf.write_text(
        nginx_example.site_config(
            gunicorn_port=gunicorn_port, http_port=http_port, cert=cert, key=key
        )
    )
    config = nginx_example.main_config(folder, site_conf)
    program = str(nginx_example.nginx())
    checked = subprocess.run(
        [program, "-t", "-c", str(config), "-p", str(folder)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    site.logs.append(folder / "error.log")
    with running([program, "-c", str(config), "-p", str(folder)], site.env, folder / "out.log"):
        wait_for_port(NGINX_PORT, [])
        redirect = session(site).get(
            f"http://127.0.0.1:{http_port}/reporting/?x=1",
            headers={"Host": nginx_example.SITE},
            allow_redirects=False,
            timeout=10,
        )
        assert redirect.status_code == 301
        assert redirect.headers["Location"] == f"https://{nginx_example.SITE}/reporting/?x=1"
        yield str(authority)


# Driving it over HTTP ---------------------------------------------------------------------


def session(site: Instance) -> requests.Session:
    client = requests.Session()
    # Not the environment's proxies or CA bundle (which would override `verify`): this
    # machine's server, trusted through the test's own certificate authority.
    client.trust_env = False
    client.verify = site.verify
    return client


def get(site: Instance, client: requests.Session, path: str) -> requests.Response:
    response = client.get(site.base + path, timeout=60)
    assert response.status_code == 200, f"GET {path}: {response.status_code}\n{site.tail()}"
    return response


def post(site: Instance, client: requests.Session, path: str, data, **kwargs):
    # A browser sends the page it posts from (Referrer-Policy: same-origin); Django's CSRF
    # protection requires it over HTTPS.
    headers = {"Referer": site.base + path}
    response = client.post(site.base + path, data=data, headers=headers, timeout=120, **kwargs)
    assert response.status_code == 200, f"POST {path}: {response.status_code}\n{site.tail()}"
    return response


def sign_in(site: Instance, username: str) -> requests.Session:
    """Password, then the authenticator's current code: the sign-in every user goes through."""
    client = session(site)
    page = get(site, client, "/accounts/login/")
    login = next(form for form in forms(page.text) if "password" in form.types)
    credentials = {"username": username, "password": PASSWORDS[username]}
    page = post(site, client, "/accounts/login/", login.fields | credentials)
    assert "/accounts/two-factor/" in page.url, f"{username}: the password was refused"
    second = next(form for form in forms(page.text) if "token" in form.types)
    code = f"{totp(bytes.fromhex(site.keys[username])):06d}"
    page = post(site, client, page.url.removeprefix(site.base), second.fields | {"token": code})
    assert "/accounts/" not in page.url, f"{username}: the second factor was refused"
    return client


def submit_a_report(site: Instance, client: requests.Session) -> str:
    """The NGO's report of the last ended quarter, every total given, every activity ongoing."""
    page = get(site, client, "/reporting/")
    starts = [form for form in forms(page.text) if form.action.endswith("/open/")]
    assert starts, "the reporter's list offers no quarter to report"
    wanted = last_ended_quarter(date.today())
    start = next((f for f in starts if f.fields.get("period") == wanted), starts[0])
    page = post(site, client, start.action, start.fields)
    report_url = page.url.removeprefix(site.base)
    report = next(form for form in forms(page.text) if ("action", "submit") in form.buttons)
    data = report.fields | {"contact_person": "Duty officer", "action": "submit"}
    for name in report.fields:
        if re.fullmatch(r"value:\d+:[^:]+:", name):  # the total, not its breakdowns
            data[name] = "7"
        elif re.fullmatch(r"activity:\d+:state", name):
            data[name] = "ongoing"
    page = post(site, client, report_url, data)
    assert "Report submitted to the coordinator." in page.text, text_of(page.text)[:2000]
    return report_url


def last_ended_quarter(today: date) -> str:
    quarter = (today.month - 1) // 3
    return f"{today.year - 1}-Q4" if quarter == 0 else f"{today.year}-Q{quarter}"


def accept(site: Instance, client: requests.Session, report_url: str) -> None:
    page = get(site, client, report_url)
    accepting = form_to(page.text, "/accept/")
    page = post(site, client, accepting.action, accepting.fields)
    assert "Report accepted." in page.text, text_of(page.text)[:2000]


def generate_the_annual_report(site: Instance, client: requests.Session) -> bytes:
    """The documents page queues the DOCX for the worker; the job's page links to the file."""
    page = get(site, client, "/reporting/")
    plan_id = re.search(r"/reporting/plans/(\d+)/", page.text)
    assert plan_id, "no plan in the reporting pages"
    page = get(site, client, f"/documents/plans/{plan_id.group(1)}/")
    annual = re.search(r'href="(/documents/plans/\d+/annual/\d{4}/en/)"', page.text)
    assert annual, "the documents page offers no annual report"
    page = get(site, client, annual.group(1))
    generating = form_to(page.text, "/generate/")
    page = post(site, client, generating.action, generating.fields | {"format": "docx"})
    job = finished_job(site, client, job_id(page.text))
    link = re.search(r'href="(/documents/\d+/download/)"', job)
    assert link, f"the finished job links to no document:\n{text_of(job)}"
    download = client.get(site.base + link.group(1), timeout=60)
    assert download.status_code == 200
    assert "wordprocessingml" in download.headers["Content-Type"]
    return download.content


def import_cases_and_link(site: Instance, client: requests.Session) -> None:
    """A shelter's file of case records (made up here, names included: they are keyed as the
    file is read); the import answers at once and the linkage finishes in the worker."""
    page = get(site, client, "/cases/upload/")
    upload = next(form for form in forms(page.text) if "agency" in form.options)
    shelter = re.search(r'<option value="(\d+)"[^>]*>\s*Safe Harbour', page.text)
    assert shelter, "the upload page does not offer the shelter"
    page = post(
        site,
        client,
        "/cases/upload/",
        upload.fields | {"agency": shelter.group(1)},
        files={"file": ("shelter-cases.csv", case_file(), "text/csv")},
    )
    assert "30 records added, 0 changed, 0 unchanged." in page.text, text_of(page.text)[:2000]
    job = finished_job(site, client, job_id(page.text))
    assert "Linkage" in text_of(job)


def case_file() -> bytes:
    first = ["Anna", "Mariam", "Lilit", "Olga", "Nina", "Sona"]
    last = ["Petrosyan", "Ivanova", "Hakobyan", "Sidorova", "Grigoryan"]
    rows = [
        [
            *("record_id", "first_name", "last_name", "date_of_birth", "sex", "nationality"),
            *("region", "exploitation", "identified_on", "status"),
        ]
    ]
    for i in range(30):
        born = f"19{70 + i:02d}-0{1 + i % 9}-1{i % 9}"
        rows.append(
            [
                *(f"PROD-{i:04d}", first[i % 6], last[i % 5], born, "F" if i % 3 else "M"),
                *("ARM", "", "sexual" if i % 2 else "labour", f"2025-0{1 + i % 9}-15", "presumed"),
            ]
        )
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


def job_id(page: str) -> str:
    found = re.search(r"/jobs/(\d+)/", page)
    assert found, f"the page shows no background job:\n{text_of(page)[:2000]}"
    return found.group(1)


def finished_job(site: Instance, client: requests.Session, job: str) -> str:
    """Polls the job's page, as its htmx fragment does, until the worker has finished it."""
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        page = get(site, client, f"/jobs/{job}/").text
        state = re.search(r'class="[^"]*\bjob-(queued|running|done|failed)\b', page)
        assert state, f"job {job}'s page shows no state:\n{text_of(page)}"
        if state.group(1) == "done":
            return page
        assert state.group(1) != "failed", f"job {job} failed:\n{text_of(page)}\n{site.tail()}"
        time.sleep(0.5)
    raise AssertionError(f"job {job} not done after {JOB_SECONDS} s\n{site.tail()}")


def behind_tls(site: Instance, client: requests.Session) -> None:
    """What nginx and TIPMONITOR_HTTPS=1 promise: HSTS, cookies only over TLS, the client's
    address from X-Real-IP."""
    page = get(site, client, "/reporting/")
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    assert "Content-Security-Policy" in page.headers
    assert "Server" not in page.headers or "nginx/" not in page.headers["Server"]
    cookies = {cookie.name: cookie for cookie in client.cookies}
    assert cookies["__Host-sessionid"].secure
    static = re.search(r'(?:href|src)="(/static/[^"]+\.css)"', page.text)
    assert static, "the page links no stylesheet"
    styles = client.get(site.base + static.group(1), headers={"Accept-Encoding": "gzip"})
    assert styles.status_code == 200
    assert "immutable" in styles.headers["Cache-Control"]
    # gunicorn's access log names the client nginx saw (X-Real-IP), not "-".
    access = site.logs[0].read_text()
    assert re.search(r'^127\.0\.0\.1 \[.*"GET /reporting/ HTTP/1\.1" 200', access, re.M), access


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.find("<main") :]))
