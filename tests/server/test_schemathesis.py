"""The running server against its committed OpenAPI spec, every operation of it.

Schemathesis makes requests from ``server/openapi.json``, ones the spec allows
and ones it forbids, and sends them to a real `loandesk-server` on loopback
with an enrolled device's token. Every answer must be no 5xx, a status the
spec declares for that operation, of the declared media type, and a body the
declared schema accepts. The server's response models are closed (pydantic
writes exactly their fields), so their schemas are read as closed here: a
field the server sends that the spec does not name means the spec is behind.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis.openapi.checks import JsonSchemaError, UndefinedStatusCode

from tests.conftest import REPO
from tests.server.conftest import Branch
from tests.server.workstation import Workstation

SPEC = REPO / "server" / "openapi.json"
#: fixed, so that every run (and CI) sends the same requests
SEED = 8470
#: generated requests per operation, beyond the spec's own boundary cases
MAX_EXAMPLES = 100
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
_REF = "#/components/schemas/"
#: the suffix of a response schema's closed copy
CLOSED = "Closed"

Spec = dict[str, Any]
Case = schemathesis.Case[Any]


def _refs(node: object) -> Iterator[str]:
    """The component schemas ``node`` names, directly or nested."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            yield ref.removeprefix(_REF)
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _operations(spec: Spec) -> Iterator[Spec]:
    for item in spec["paths"].values():
        yield from item.values()


def response_schemas(spec: Spec) -> set[str]:
    """Every component schema a response body is made of, however deep."""
    components = spec["components"]["schemas"]
    found: set[str] = set()
    todo = [name for operation in _operations(spec) for name in _refs(operation["responses"])]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(_refs(components[name]))
    return found


def _to_closed(node: Any, names: set[str]) -> Any:
    """``node`` with its references to ``names`` turned to their closed copies."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.removeprefix(_REF) in names:
            return {**node, "$ref": ref + CLOSED}
        return {key: _to_closed(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [_to_closed(value, names) for value in node]
    return node


def closed(spec: Spec) -> Spec:
    """``spec`` whose response bodies refuse properties their schemas do not name.

    Each schema a response uses gets a closed copy, and the responses name
    the copies: a schema that a request body uses too stays as it was for
    the requests, so what schemathesis sends does not change.
    """
    out = copy.deepcopy(spec)
    names = response_schemas(spec)
    schemas = out["components"]["schemas"]
    for name in names:
        schemas[name + CLOSED] = {
            **_to_closed(spec["components"]["schemas"][name], names),
            "additionalProperties": False,
        }
    for operation in _operations(out):
        operation["responses"] = _to_closed(operation["responses"], names)
    return out


def load(spec: Spec) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_dict(spec, config=schemathesis.Config(seed=SEED))
    schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none")
    schema.config.checks.update(included_check_names=CHECKS)
    return schema


COMMITTED: Spec = json.loads(SPEC.read_text(encoding="utf-8"))
schema = load(closed(COMMITTED))


class Served:
    """The branch server, and the token of a device enrolled with it."""

    def __init__(self, branch: Branch, desk: Workstation) -> None:
        self.url = branch.url
        self.auth = {"Authorization": str(desk.client.headers["Authorization"])}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server on SQLite for the module, holding a few events so pulls return some."""
    root = tmp_path_factory.mktemp("schemathesis")
    (root / "sqlite").mkdir()
    branch = Branch(root, f"sqlite+pysqlite:///{root / 'sqlite' / 'server.db'}", {})
    try:
        branch.start()
        desk = branch.enrol("front desk")
        desk.acks(desk.make(3))
        yield Served(branch, desk)
    finally:
        branch.close()


@schema.parametrize()
def test_every_answer_is_one_the_spec_declares(case: Case, served: Served) -> None:
    case.call_and_validate(base_url=served.url, headers=served.auth, timeout=30)


# --- the checks above can fail --------------------------------------------------------


def _failures(case: Case, served: Served) -> list[BaseException]:
    try:
        case.call_and_validate(base_url=served.url, headers=served.auth, timeout=30)
    except BaseExceptionGroup as group:  # schemathesis's FailureGroup: one per failed check
        return list(group.exceptions)
    return []


def test_a_status_the_spec_leaves_out_fails_the_check(served: Served) -> None:
    # The server refuses a device id that is no UUIDv7 with 422 (server/auth.py);
    # a spec without 422 for enrolment must then fail the answer.
    body: Spec = {"code": "K7QF-AAAAA-BBBBB-CCCCC", "device_id": "not-a-uuid", "name": "desk"}
    spec = copy.deepcopy(COMMITTED)
    declared = spec["paths"]["/v1/enrol"]["post"]["responses"]
    assert _failures(load(spec)["/v1/enrol"]["POST"].Case(body=body), served) == []

    del declared["422"]
    failures = _failures(load(spec)["/v1/enrol"]["POST"].Case(body=body), served)

    assert [type(f) for f in failures] == [UndefinedStatusCode]
    assert isinstance(failures[0], UndefinedStatusCode)
    assert failures[0].status_code == 422


def test_a_field_the_spec_does_not_name_fails_once_closed(served: Served) -> None:
    # /v1/health answers {status, schema_revision}; a spec that names only
    # `status` accepts that when open, and refuses it when read as closed.
    spec = copy.deepcopy(COMMITTED)
    health = spec["components"]["schemas"]["HealthOut"]
    del health["properties"]["schema_revision"]
    health["required"].remove("schema_revision")

    assert _failures(load(spec)["/v1/health"]["GET"].Case(), served) == []
    failures = _failures(load(closed(spec))["/v1/health"]["GET"].Case(), served)

    assert [type(f) for f in failures] == [JsonSchemaError]
    assert "schema_revision" in str(failures[0])


def test_closing_changes_the_responses_alone() -> None:
    closed_spec = closed(COMMITTED)
    schemas = closed_spec["components"]["schemas"]
    for name, was in COMMITTED["components"]["schemas"].items():
        assert schemas[name] == was, name
    for path, item in COMMITTED["paths"].items():
        for method, was in item.items():
            now = closed_spec["paths"][path][method]
            assert {k: v for k, v in now.items() if k != "responses"} == {
                k: v for k, v in was.items() if k != "responses"
            }
    reached = response_schemas(closed_spec)
    assert reached == {name + CLOSED for name in response_schemas(COMMITTED)}
    for name in reached:
        assert schemas[name]["additionalProperties"] is False, name
