"""The schema says exactly what the code accepts (issue 10 item 5)."""

import pytest
from django.test import Client
from ninja import Schema

from convene.api.api import api
from convene.core.api import MAX_ID, BodyIn
from convene.qa.queries.sorts import SORTS


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema()


def _operations(schema):
    return [
        (f"{method.upper()} {path}", details)
        for path, methods in schema["paths"].items()
        for method, details in methods.items()
    ]


def test_public_reads_declare_the_token_optional_and_writes_required(schema):
    security = {name: details["security"] for name, details in _operations(schema)}

    assert security["GET /api/events"] == [{}, {"ReaderAuth": []}]
    assert security["PATCH /api/me"] == [{"ReaderAuth": []}]


def test_every_operation_documents_the_json_errors_it_may_answer(schema):
    missing = {
        name: sorted({400, 401, 403, 404, 405, 413, 500} - set(details["responses"]))
        for name, details in _operations(schema)
    }

    assert {name: codes for name, codes in missing.items() if codes} == {}


def test_integer_path_ids_are_bounded_and_a_longer_one_is_a_json_404(schema):
    parameters = schema["paths"]["/api/events/{event_id}"]["get"]["parameters"]
    [event_id] = [p for p in parameters if p["name"] == "event_id"]

    response = Client().delete(f"/api/events/{MAX_ID + 1}/registration")

    assert (event_id["schema"]["maximum"], response.status_code) == (MAX_ID, 404)
    assert response.json()["code"] == "not_found"


def test_a_non_integer_id_is_a_400_naming_it():
    response = Client().get("/api/events/abc")

    assert (response.status_code, response.json()["field"]) == (400, "event_id")


def test_filters_with_enums_in_code_are_enums_in_the_schema(schema):
    def enum(path, name):
        [param] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        return param["schema"]["enum"]

    assert enum("/api/events/{event_id}/board", "sort") == list(SORTS)
    assert enum("/api/hubs", "legal") == ["", "yes", "no", "true", "false", "1", "0"]
    assert enum("/api/coverage", "by") == ["region", "language"]
    assert "Europe/London" in enum("/api/events", "tz")
    assert "hub" in enum("/api/organisations", "kind")
    assert "pilot" in enum("/api/hubs", "stage")


def test_every_request_body_is_a_body_schema():
    bodies = {
        f"{operation.view_func.__module__}.{operation.view_func.__name__}": model
        for bound in api._get_bound_routers()
        for view in bound.path_operations.values()
        for operation in view.operations
        for param in operation.signature.models
        if param.__ninja_param_source__ == "body"
        for model in [param.model_fields["payload"].annotation]
    }

    assert [name for name, model in bodies.items() if not issubclass(model, BodyIn)] == []
    assert len(bodies) > 10
    assert all(issubclass(model, Schema) for model in bodies.values())


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[null, null]", "[]", "42", '"text"', "null"])
def test_a_body_that_is_not_an_object_is_refused(client, body):
    from tests.factories import ProfileFactory

    client.force_login(ProfileFactory().user)

    response = client.patch("/api/me", body, content_type="application/json")

    assert response.status_code == 400


@pytest.mark.django_db
def test_a_boolean_must_be_true_or_false(client):
    from tests.factories import ProfileFactory

    client.force_login(ProfileFactory().user)

    response = client.patch("/api/me", {"email_notices": 0}, content_type="application/json")

    assert response.status_code == 400


def test_links_lead_to_operations_that_exist(schema):
    ids = {details["operationId"] for _, details in _operations(schema)}
    targets = [
        link["operationId"]
        for _, details in _operations(schema)
        for response in details["responses"].values()
        for link in response.get("links", {}).values()
    ]

    assert len(targets) == 10
    assert [target for target in targets if target not in ids] == []
