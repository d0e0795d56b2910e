"""The deadline load test's helpers (bench/load/), which run outside the suite: the code the
simulated users compute, the forms they read, and how the check reads their log."""

import json

from django_otp.oath import TOTP

from bench.load.check import expected_values, verdict
from bench.load.pages import form_with, totp

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's SHA-1 test key, as hex


def test_it_computes_the_code_django_otp_accepts():
    for at in (59, 1_111_111_109, 2_000_000_000):
        reference = TOTP(bytes.fromhex(KEY), step=30, t0=0, digits=6, drift=0)
        reference.time = at
        assert totp(KEY, at=at) == f"{reference.token():06d}"


def test_it_reads_a_form_as_a_browser_sends_it():
    html = """
    <form method="post" action="/accounts/logout/">
      <input name="csrfmiddlewaretoken" value="x"></form>
    <form method="post" class="report-form wide" novalidate>
      <input type="hidden" name="revision" value="7">
      <input type="text" name="value:1:2026-Q3:" value="26">
      <textarea name="entry:1:comment">
Line &amp; more</textarea>
      <select name="activity:1:state"><option value="">—</option>
        <option value="ongoing" selected>Ongoing</option></select>
      <select name="entry:1:assessment"><option value="">—</option></select>
      <button type="submit" name="action" value="save">Save</button>
    </form>"""
    form = form_with(html, css_class="report-form")
    assert form is not None
    assert form.fields == {
        "revision": "7",
        "value:1:2026-Q3:": "26",
        "entry:1:comment": "Line & more",
        "activity:1:state": "ongoing",
        "entry:1:assessment": "",
    }
    logout = form_with(html, action="/logout/")
    assert logout is not None
    assert logout.fields == {"csrfmiddlewaretoken": "x"}


def test_it_expects_the_last_value_each_taken_save_typed(tmp_path):
    log = tmp_path / "saves.jsonl"
    entries = [
        {"kind": "save", "report": 1, "user": "a", "ok": True, "at": 1, "cells": {"v": "1"}},
        {"kind": "save", "report": 1, "user": "a", "ok": False, "at": 2, "cells": {"v": "9"}},
        {"kind": "save", "report": 1, "user": "b", "ok": True, "at": 3, "cells": {"w": "2"}},
        {"kind": "save", "report": 1, "user": "a", "ok": True, "at": 4, "cells": {"v": "3"}},
        {"kind": "submit", "report": 1, "user": "a", "ok": True, "at": 5, "cells": {}},
        {"kind": "approve", "report": 1, "user": "h", "ok": True, "at": 6, "cells": {}},
    ]
    # Written out of order, as concurrent users may append them.
    log.write_text("".join(json.dumps(e) + "\n" for e in reversed(entries)))
    expected, saves = expected_values(log)
    assert expected == {1: {"v": ("3", "a"), "w": ("2", "b")}}
    assert saves == {1: 4}


def test_it_fails_the_goal_on_any_error_loss_or_slow_save():
    figures = {"failures": 0, "save p95 ms": 120.0}
    database = {
        "values lost": 0,
        "values stored but never saved": 0,
        "values stored differently (value or who)": 0,
        "values duplicated": 0,
        "reports whose saves and events differ": 0,
        "reports submitted to the coordinator": 2,
    }
    assert verdict(figures, database, people=6) == []
    assert verdict(figures | {"save p95 ms": 500.0}, database, people=6)
    assert verdict(figures, database | {"values lost": 1}, people=6)
    assert verdict(figures, database, people=9) == ["2 of 3 reports submitted"]
