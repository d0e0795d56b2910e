"""What one person's requests cost the application, measured in-process on the load test's
database after the run: CPU seconds of the Django process (the database's own work is not in
it), wall time and queries of each step, for a spare agency the locust users never touched.

Under load the response times say how long requests waited for a core; these say how much of
a core each needs, so capacity follows: two cores give 2,000 ms of CPU a second.
"""

import time
from typing import Any

from bench.load.pages import form_with, totp
from bench.reporting_dataset import cells

GRID_VALUES = 6
REPEAT = 3


def request_costs(setup: dict[str, Any], agency: dict[str, Any]) -> dict[str, str]:
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    clerk = next(p for p in agency["people"] if p["role"] == "clerk1")
    costs: dict[str, str] = {}

    def measure(label: str, call: Any, repeat: int = 1) -> Any:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cpu, wall = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = call()
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        costs[f"cost of {label}"] = (
            f"{min(cpu):.0f} ms CPU, {min(wall):.0f} ms wall, {len(queries)} queries"
        )
        return response

    page = client.get("/accounts/login/").content.decode()
    form = form_with(page)
    assert form is not None
    fields = form.fields | {"username": clerk["username"], "password": setup["password"]}
    measure("sign in (password)", lambda: client.post("/accounts/login/", fields))
    page = client.get("/accounts/two-factor/").content.decode()
    form = form_with(page)
    assert form is not None
    token = form.fields | {"token": totp(clerk["key"])}
    measure("second factor", lambda: client.post("/accounts/two-factor/", token))
    measure("my reports", lambda: client.get("/reporting/"), REPEAT)
    opened = measure(
        "open report",
        lambda: client.post(
            f"/reporting/plans/{setup['plan_id']}/open/",
            {"agency": agency["id"], "period": setup["period"]},
        ),
    )
    url = opened["Location"]
    page = measure("report page", lambda: client.get(url), REPEAT).content.decode()
    costs["report page size"] = f"{len(page) // 1024} KB"
    for n in range(REPEAT):
        form = form_with(page, css_class="report-form")
        assert form is not None
        changes = _grid(setup, agency, n) | {"action": "save"}
        data = form.fields | changes
        saved = measure(f"save {n + 1}", lambda data=data: client.post(url, data))
        assert saved.status_code == 302, f"save {n + 1} answered {saved.status_code}"
        page = client.get(url).content.decode()
    return costs


def _grid(setup: dict[str, Any], agency: dict[str, Any], n: int) -> dict[str, str]:
    indicator_id, k = agency["indicators"][n]
    grid = list(cells(agency["index"], setup["quarter_index"], k))[:GRID_VALUES]
    return {
        f"value:{indicator_id}:{setup['period']}:"
        + ";".join(f"{d}={c}" for d, c in sorted(pairs.items())): str(value)
        for pairs, value in grid
    }
