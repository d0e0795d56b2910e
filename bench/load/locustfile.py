"""The last hour before the quarter's deadline, compressed into `LOAD_WINDOW` seconds: every
agency's two clerks sign in (password, then their authenticator's code), open the quarter's
report, each fill their half of it in three saves (the third revising numbers already saved),
and the first clerk submits it; the head approves it where the agency signs its reports off,
and reads it where it does not.

Started by `run.py` (which builds the setup file and reads the log): one locust user per
person, every one acting once and then stopping; the last to finish ends the run. Arrivals
rise towards the deadline (the start of agency n is drawn with a density growing linearly over
the window), as the last hour's do.

Every save, submission and approval is appended to `LOAD_LOG` (one JSON object a line: who,
which report, what it sent, whether the site took it), which `run.py` compares with the
database afterwards.
"""

import json
import os
import random
import re
import time
from typing import Any

import gevent
from gevent.event import Event
from locust import HttpUser, constant, events, task
from locust.exception import StopUser

from bench.load.pages import STEP, form_with, forms, totp
from bench.reporting_dataset import cells

SETUP = json.loads(open(os.environ["LOAD_SETUP"]).read())  # noqa: SIM115
LOG_PATH = os.environ["LOAD_LOG"]
WINDOW = float(os.environ.get("LOAD_WINDOW", "900"))
MINUTE = WINDOW / 60  # one minute of the real hour
GRID_VALUES = 6
SAVES = 3

# Who the next locust user is: every person of every agency, once.
PEOPLE = [(agency, person) for agency in SETUP["agencies"] for person in agency["people"]]
_next_person = iter(range(len(PEOPLE)))
_finished: list[str] = []


class AgencyState:
    """What an agency's three people tell each other (they are in one office)."""

    def __init__(self) -> None:
        self.report_id: int | None = None
        self.clerk2_done = Event()
        self.submitted = Event()


STATES: dict[int, AgencyState] = {agency["id"]: AgencyState() for agency in SETUP["agencies"]}
_log = open(LOG_PATH, "a", encoding="utf-8")  # noqa: SIM115


def log(entry: dict[str, Any]) -> None:
    _log.write(json.dumps(entry) + "\n")
    _log.flush()


_kept: list[str] = []


def _keep_page(name: str, html: str) -> None:
    """The first few pages that answered a post unexpectedly, beside the log, to read."""
    if len(_kept) < 5:
        _kept.append(name)
        with open(f"{LOG_PATH}.{len(_kept)}-{name.replace(' ', '-')}.html", "w") as page:
            page.write(html)


def breakdown_key(pairs: dict[str, str]) -> str:
    return ";".join(f"{dim}={cat}" for dim, cat in sorted(pairs.items()) if cat)


class Person(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.agency, self.person = PEOPLE[next(_next_person)]
        self.state = STATES[self.agency["id"]]
        self.role = self.person["role"]
        self.rng = random.Random(f"{self.agency['index']}-{self.role}")
        self.period = SETUP["period"]
        self.last_page = ""  # what the last post answered

    @task
    def deadline(self) -> None:
        try:
            self._act()
        finally:
            self._finish()
        raise StopUser

    def _act(self) -> None:
        gevent.sleep(self._start_offset())
        if not self._sign_in():
            return
        page = self._get("/reporting/", "my reports")
        if page is None:
            return
        if self.role == "head":
            self._head()
        else:
            self._clerk(page)

    # When -----------------------------------------------------------------------------------

    def _start_offset(self) -> float:
        """The agency's start, with density rising linearly to the deadline over the first 70 %
        of the window (the rest is left for its saves), and its people a little apart."""
        agency_rng = random.Random(self.agency["index"])
        start = 0.7 * WINDOW * agency_rng.random() ** 0.5
        jitter = {"clerk1": 0.0, "clerk2": 0.5 * MINUTE, "head": 2 * MINUTE}[self.role]
        return start + self.rng.uniform(0, jitter)

    def _think(self) -> None:
        """One to three minutes of typing between two saves."""
        gevent.sleep(self.rng.uniform(1, 3) * MINUTE)

    def _finish(self) -> None:
        if self.role == "clerk2":
            self.state.clerk2_done.set()
        _finished.append(self.person["username"])
        if len(_finished) == len(PEOPLE):
            gevent.spawn_later(1, self.environment.runner.quit)

    # Signing in ------------------------------------------------------------------------------

    def _sign_in(self) -> bool:
        page = self._get("/accounts/login/", "login page")
        form = form_with(page, action="") if page else None
        if form is None:
            return False
        fields = form.fields | {
            "username": self.person["username"],
            "password": SETUP["password"],
        }
        if not self._post("/accounts/login/", fields, "sign in", expect=""):
            return False
        page = self._get("/accounts/two-factor/", "two-factor page")
        for attempt in (1, 2):
            form = form_with(page) if page else None
            if form is None:
                return False
            fields = form.fields | {"token": totp(self.person["key"])}
            if self._post("/accounts/two-factor/", fields, "second factor", expect="/"):
                return True
            # Refused (counted as a failure): a code that waited in a queue longer than its
            # validity. A person types the next code the app shows, once.
            if attempt == 1:
                gevent.sleep(STEP)
                page = self.last_page
        return False

    # The clerks ------------------------------------------------------------------------------

    def _own_cells(self) -> list[list[tuple[str, str]]]:
        """Per own indicator, its six value fields and what to type in them: clerk1 has the
        first half of the agency's indicators, clerk2 the second."""
        indicators = self.agency["indicators"]
        half = len(indicators) // 2
        mine = indicators[:half] if self.role == "clerk1" else indicators[half:]
        return [self._grid(indicator_id, k, SETUP["quarter_index"]) for indicator_id, k in mine]

    def _grid(self, indicator_id: int, k: int, seed: int) -> list[tuple[str, str]]:
        grid = list(cells(self.agency["index"], seed, k))[:GRID_VALUES]
        return [
            (f"value:{indicator_id}:{self.period}:{breakdown_key(pairs)}", str(value))
            for pairs, value in grid
        ]

    def _clerk(self, my_reports: str) -> None:
        page = self._open(my_reports)
        if page is None:
            return
        grids = self._own_cells()
        first = (len(grids) + 1) // 2
        saves: list[dict[str, str]] = [
            dict(cell for grid in grids[:first] for cell in grid),
            dict(cell for grid in grids[first:] for cell in grid) | self._annex(),
            # The first indicator revised: another consistent set of numbers.
            dict(self._grid(self._first_indicator(), self._first_index(), 99)),
        ]
        if self.role == "clerk1":
            saves[2]["contact_person"] = f"Clerk of {self.agency['code']}"
        for n, changes in enumerate(saves):
            self._think()
            page = self._save(page, changes, n + 1)
            if page is None:
                return
        if self.role == "clerk1":
            self._submit()

    def _first_indicator(self) -> int:
        indicators = self.agency["indicators"]
        return indicators[0 if self.role == "clerk1" else len(indicators) // 2][0]

    def _first_index(self) -> int:
        indicators = self.agency["indicators"]
        return indicators[0 if self.role == "clerk1" else len(indicators) // 2][1]

    def _annex(self) -> dict[str, str]:
        """Annex 5 for the clerk's indicators; the first clerk also says how the agency's
        activities stand."""
        indicators = self.agency["indicators"]
        half = len(indicators) // 2
        mine = indicators[:half] if self.role == "clerk1" else indicators[half:]
        fields = {}
        for indicator_id, _k in mine:
            fields[f"entry:{indicator_id}:assessment"] = "on_track"
            fields[f"entry:{indicator_id}:outputs_achieved"] = "Trainings held as planned."
        if self.role == "clerk1":
            for activity_id in self.agency["activities"]:
                fields[f"activity:{activity_id}:state"] = "ongoing"
                fields[f"activity:{activity_id}:percent_done"] = "50"
        return fields

    def _open(self, my_reports: str) -> str | None:
        """Start the quarter's report (its Start button), or open it if the other clerk has."""
        code = f"{self.agency['code']} {self.period}"
        link = re.search(
            rf'href="/reporting/reports/(\d+)/">[^<]*<span class="visually-hidden"> {code}<',
            my_reports,
        )
        if link:
            self.state.report_id = int(link[1])
            return self._get(f"/reporting/reports/{link[1]}/", "report page")
        action = f"/reporting/plans/{SETUP['plan_id']}/open/"
        form = next(
            (
                f
                for f in forms(my_reports)
                if f.action.endswith(action) and f.fields.get("period") == self.period
            ),
            None,
        )
        if form is None:
            self._fail("open report", f"neither Start nor Open for {code} on My reports")
            return None
        with self.client.post(
            action, data=form.fields, name="open report", catch_response=True
        ) as response:
            found = re.search(r"/reporting/reports/(\d+)/$", response.url or "")
            if response.status_code != 200 or not found:
                response.failure(f"opened {response.url} ({response.status_code})")
                return None
            self.state.report_id = int(found[1])
            return response.text

    def _save(self, page: str, changes: dict[str, str], number: int) -> str | None:
        report_id = self.state.report_id
        form = form_with(page, css_class="report-form")
        missing = [name for name in changes if form is None or name not in form.fields]
        if form is None or missing:
            self._fail("save", f"the report form lacks {missing[:3]}")
            return None
        fields = form.fields | changes | {"action": "save"}
        url = f"/reporting/reports/{report_id}/"
        started = time.time()
        ok = self._post(url, fields, "save", expect=url) is not None
        log(
            {
                "kind": "save",
                "number": number,
                "agency": self.agency["id"],
                "report": report_id,
                "user": self.person["username"],
                "ok": ok,
                "at": started,
                "cells": {k: v for k, v in changes.items() if k.startswith("value:")},
            }
        )
        return self._get(url, "report page") if ok else None

    def _submit(self) -> None:
        """Once the other clerk is done, the first submits (the page says what is stored)."""
        if not self.state.clerk2_done.wait(timeout=WINDOW):
            self._fail("submit", "the second clerk never finished")
            return
        url = f"/reporting/reports/{self.state.report_id}/"
        page = self._get(url, "report page")
        form = form_with(page, css_class="report-form") if page else None
        if form is None:
            self._fail("submit", "no report form to submit")
            return
        ok = self._post(url, form.fields | {"action": "submit"}, "submit", expect=url)
        # The form saves before it submits: a refused submission has saved all the same.
        saved = ok is not None or "Your draft was saved" in self.last_page
        log(self._step("submit", saved) | {"submitted": ok is not None})
        if ok is not None:
            self.state.submitted.set()
            self._get(url, "report page")

    # The head --------------------------------------------------------------------------------

    def _head(self) -> None:
        """Waits for the clerks' report; approves it where the agency signs off, else reads it."""
        if not self.state.submitted.wait(timeout=2 * WINDOW):
            self._fail("approve", "the report was never submitted")
            return
        url = f"/reporting/reports/{self.state.report_id}/"
        page = self._get(url, "report page")
        if page is None or not self.agency["sign_off"]:
            return
        form = form_with(page, action=f"/reports/{self.state.report_id}/approve/")
        if form is None:
            self._fail("approve", "no Approve button on the report awaiting approval")
            return
        ok = self._post(f"{url}approve/", form.fields, "approve", expect=url)
        log(self._step("approve", ok is not None))

    # HTTP ----------------------------------------------------------------------------------

    def _step(self, kind: str, ok: bool) -> dict[str, Any]:
        return {
            "kind": kind,
            "agency": self.agency["id"],
            "report": self.state.report_id,
            "user": self.person["username"],
            "ok": ok,
            "at": time.time(),
            "cells": {},
        }

    def _get(self, url: str, name: str) -> str | None:
        with self.client.get(url, name=name, catch_response=True) as response:
            signed_out = "/accounts/login/" in (response.url or "") and "/login/" not in url
            if response.status_code != 200 or signed_out:
                response.failure(f"GET {url}: {response.status_code} at {response.url}")
                return None
            return response.text

    def _post(self, url: str, data: dict[str, str], name: str, *, expect: str) -> str | None:
        """A form post that must redirect to `expect` (a page that shows the form again, or an
        error, answers 200 and is a failure here); its redirect is not followed."""
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            target = response.headers.get("Location", "")
            self.last_page = response.text
            if response.status_code != 302 or not target.split("?")[0].endswith(expect):
                response.failure(f"{response.status_code}, to {target or 'nowhere'}")
                _keep_page(name, response.text)
                return None
            return target

    def _fail(self, name: str, why: str) -> None:
        events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(why),
            context={},
        )
