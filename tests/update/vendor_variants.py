"""Modified copies of today's vendor spec, published the way the vendor publishes it: whitespace
collapsed to single spaces. Each is written as an edit of openapi/telecrm.yaml, so the expected
re-laid-out text is known exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

LEAD_PATH = "  /enterprise/{enterpriseId}/lead:\n"

NEW_OPERATION = """  /enterprise/{enterpriseId}/lead/{leadId}/followups:
    parameters:
      - $ref: '#/components/parameters/enterpriseId'
      - $ref: '#/components/parameters/leadId'
    get:
      tags:
        - leads
      summary: List the follow-ups on a lead
      description: Follow-ups scheduled by team members, soonest first.
      parameters:
        - in: query
          name: limit
          schema:
            type: integer
            default: 10
          description: Maximum number of follow-ups to return.
      responses:
        '200':
          description: Successful operation
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items:
                      type: object
                      properties:
                        text:
                          type: string
                        created_on:
                          type: string
                      required:
                        - text
        '401':
          $ref: '#/components/responses/Unauthorized'
"""

NEW_PROPERTY = """        seats:
          type: integer
          description: Number of seats the licence covers.
          example: 5
"""

# A path that overlays/10-vendor-errata.yaml and 20-generator-compatibility.yaml patch.
REMOVED_PATH = "/enterprise/{enterpriseId}/teammember/state_change"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def with_new_operation(vendor: str) -> str:
    """GET /enterprise/{enterpriseId}/lead/{leadId}/followups, added before the create-lead path."""
    assert LEAD_PATH in vendor
    return vendor.replace(LEAD_PATH, NEW_OPERATION + LEAD_PATH, 1)


def with_new_response_property(vendor: str) -> str:
    """`seats` added to TeamMemberLicense, which GET team-members responses carry."""
    start = vendor.index("    TeamMemberLicense:\n")
    end = vendor.index("    TeamMemberList:\n")
    return vendor[:end] + NEW_PROPERTY + vendor[end:] if start < end else vendor


def without_state_change_path(vendor: str) -> str:
    """The state-change path item, which overlays target, deleted."""
    start = vendor.index(f"  {REMOVED_PATH}:\n")
    end = start + 1
    lines = vendor[start:].splitlines(keepends=True)
    length = len(lines[0])
    for line in lines[1:]:
        if not line.startswith("    "):
            break
        length += len(line)
    end = start + length
    return vendor[:start] + vendor[end:]


def published(layout: str) -> str:
    """What the vendor serves: the same text, whitespace collapsed."""
    return collapse(layout)


def read_vendor(root: Path) -> str:
    return (root / "openapi" / "telecrm.yaml").read_text(encoding="utf-8")


STATE_CHANGE_ITEM = f"  {REMOVED_PATH}:\n"
ENTERPRISE_ID = "    parameters:\n      - $ref: '#/components/parameters/enterpriseId'\n"


def with_enterprise_id_declared_on_state_change(vendor: str) -> str:
    """The vendor fixes defect 10a-2 itself: the state-change path item declares `enterpriseId`, which
    overlays/10-vendor-errata.yaml adds too."""
    assert STATE_CHANGE_ITEM in vendor
    return vendor.replace(STATE_CHANGE_ITEM, STATE_CHANGE_ITEM + ENTERPRISE_ID, 1)


NEW_TAG = "  - name: notes\n    description: Operations on notes\n"


def with_a_tag_at_index_0(vendor: str) -> str:
    """A new tag inserted before every other: any target that selects a tag by position moves."""
    assert "tags:\n  - name: leads\n" in vendor
    return vendor.replace("tags:\n  - name: leads\n", "tags:\n" + NEW_TAG + "  - name: leads\n", 1)


PAYMENT_STATUSES = "        - REFUNDED\n        - CANCELLED\n"


def with_a_new_payment_status(vendor: str) -> str:
    """PARTIALLY_REFUNDED added to PaymentStatusField's enum."""
    assert vendor.count(PAYMENT_STATUSES) == 1
    return vendor.replace(
        PAYMENT_STATUSES, "        - REFUNDED\n        - PARTIALLY_REFUNDED\n        - CANCELLED\n"
    )


NUMBER_EXAMPLE = (
    "    NumberField:\n      type: number\n      description: Valid number\n      example: '156'\n"
)


def with_the_number_example_fixed(vendor: str) -> str:
    """The vendor fixes defect 10a-16 itself: NumberField's example becomes the number an overlay writes."""
    assert NUMBER_EXAMPLE in vendor
    return vendor.replace(NUMBER_EXAMPLE, NUMBER_EXAMPLE.replace("'156'", "156"), 1)


def minified_json(layout: str) -> str:
    """The same document as JSON on one line."""
    from overlay import parse_yaml

    return json.dumps(parse_yaml(layout), separators=(",", ":"))


def with_large_schemas(vendor: str, size: int) -> str:
    """Component schemas appended until the document is about ``size`` characters long: the shape of
    a vendor spec that grew tenfold (the schemas are varied so the text does not repeat itself)."""
    end_of_schemas = vendor.index("\n  responses:\n") + 1
    parts, length, index = [], len(vendor), 0
    while length < size:
        block = (
            f"    Generated{index:05d}:\n"
            "      type: object\n"
            f"      description: Schema number {index} of a large spec, for layout tests\n"
            "      properties:\n"
            + "".join(
                f"        field_{index}_{n}:\n          type: string\n"
                f"          example: 'value {index}.{n}'\n"
                for n in range(8)
            )
            + f"      required:\n        - field_{index}_0\n"
        )
        parts.append(block)
        length += len(block)
        index += 1
    return vendor[:end_of_schemas] + "".join(parts) + vendor[end_of_schemas:]
