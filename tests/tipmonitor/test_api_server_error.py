"""In production (DEBUG off) an unexpected failure of the API answers JSON, not Django's HTML
error page (issue 10 #10); the traceback goes to the log, not to the client."""

import logging

from plans import api as plans_api


def _broken(*args, **kwargs):
    raise RuntimeError("secret detail of the failure")


def test_it_answers_a_server_error_as_json(client_of, coordinator, monkeypatch, settings, caplog):
    settings.DEBUG = False
    monkeypatch.setattr(plans_api.selectors, "plans_visible_to", _broken)
    client = client_of(coordinator)
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/plans")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    assert "secret detail" not in response.content.decode()
    assert "secret detail of the failure" in caplog.text
