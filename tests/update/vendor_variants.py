"""Modified copies of today's vendor spec, published the way the vendor publishes it: whitespace
collapsed to single spaces. Each is written as an edit of openapi/telecrm.yaml, so the expected
re-laid-out text is known exactly."""

from __future__ import annotations

import re
from pathlib import Path

LEAD_PATH = "  /enterprise/{enterpriseId}/lead:\n"

NEW_OPERATION = """  /enterprise/{enterpriseId}/lead/{leadId}/notes:
    parameters:
      - $ref: '#/components/parameters/enterpriseId'
      - $ref: '#/components/parameters/leadId'
    get:
      tags:
        - leads
      summary: List the notes on a lead
      description: Notes written by team members, newest first.
      parameters:
        - in: query
          name: limit
          schema:
            type: integer
            default: 10
          description: Maximum number of notes to return.
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
    """GET /enterprise/{enterpriseId}/lead/{leadId}/notes, added before the create-lead path."""
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
