"""Schemathesis against the OpenAPI document: every operation, generated inputs (valid and not), bounded
and derandomised so CI is repeatable. No answer may be a server error, and every answer is JSON."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as examples

from gongkai.api.auth import issue_token
from gongkai.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.GONGKAI_API_ANON_RATE = "off"  # hundreds of calls from one test client


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Schemathesis calls the WSGI application itself, not Django's test client, so each request's end
    would close the connection holding the test's transaction (on PostgreSQL). Do what the test client
    does: leave the connection open between requests."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(tree):
    return issue_token(tree["a"], "OA 公文备案")  # the filing operation is tried as a real OA system would


@schema.parametrize()
@examples(max_examples=20, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_generated_input_without_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
    headers = {name.lower(): value for name, value in response.headers.items()}
    content_type = headers["content-type"]
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/json"), (response.status_code, case.path, response.text[:300])
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("error"), str) and body["error"], body  # a Chinese message, no traceback
        assert "Traceback" not in response.text
