"""Every example fits its schema. Prism serves examples as written and docs readers copy them,
so an example that its own schema rejects (e.g. a one-item list under an object schema) is a
bug that reaches users. Schemas are checked in the OAS 3.0 dialect (`nullable`, OAS `type`);
`format` is not enforced."""

from collections import Counter
from typing import Any

from specwalk import SchemaChecker, example_problems, examples

CREATE_LEAD_201_EXAMPLE = (
    "$['paths']['/enterprise/{enterpriseId}/lead']['post']['responses']['201']['content']"
    "['application/json']['example']"
)
PAYMENT = {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"}
CREATE_ACTIONS_BODY = (
    "paths",
    "/enterprise/{enterpriseId}/lead/{leadId}/action",
    "post",
    "requestBody",
    "content",
    "application/json",
    "schema",
)


def test_examples_are_found_in_every_kind_of_place(patched: Any) -> None:
    kinds = Counter(example.kind for example in examples(patched))
    assert kinds["request-media"] >= 5, kinds
    assert kinds["response-media"] >= 30, kinds
    assert kinds["schema"] >= 80, kinds


def test_every_example_fits_its_schema(patched: Any) -> None:
    problems = example_problems(patched)
    report = "\n".join(f"{where}:\n    " + "\n    ".join(errors) for where, errors in problems.items())
    assert problems == {}, f"examples that their schemas reject:\n{report}"


def test_the_example_check_catches_a_list_shaped_example_under_an_object_schema(vendor: Any) -> None:
    # The vendor spec's create-lead 201 example is a one-item list (defect 10a-6): the check
    # must see it, or a passing run above proves nothing.
    problems = example_problems(vendor)
    assert CREATE_LEAD_201_EXAMPLE in problems
    assert any("is not of type 'object'" in error for error in problems[CREATE_LEAD_201_EXAMPLE])


def test_the_example_check_covers_parameter_and_header_examples() -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {
                "parameters": [
                    {"in": "query", "name": "skip", "schema": {"type": "integer"}, "example": "0"}
                ],
                "get": {
                    "parameters": [
                        {
                            "in": "query",
                            "name": "limit",
                            "schema": {"type": "integer"},
                            "examples": {"ten": {"value": 10.5}},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {"X-Count": {"schema": {"type": "integer"}, "example": "many"}},
                        }
                    },
                },
            }
        },
    }
    assert sorted(example_problems(document)) == [
        "$['paths']['/x']['get']['parameters'][0]['examples']['ten']['value']",
        "$['paths']['/x']['get']['responses']['200']['headers']['X-Count']['example']",
        "$['paths']['/x']['parameters'][0]['example']",
    ]


def test_a_payment_with_status_paid_is_rejected_by_the_create_actions_body(checker: SchemaChecker) -> None:
    # With CustomAction open, the vendor spec let a PAID payment validate as a custom action.
    assert checker.errors(CREATE_ACTIONS_BODY, {"actions": [PAYMENT]}) == []
    assert checker.errors(CREATE_ACTIONS_BODY, {"actions": [{**PAYMENT, "status": "PAID"}]}) != []
