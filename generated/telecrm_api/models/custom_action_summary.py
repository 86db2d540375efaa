from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CustomActionSummary")


@_attrs_define
class CustomActionSummary:
    """
    Attributes:
        code (str): Unique code identifying the custom action Example: ACTION_1001.
        display_name (str): Display name of the custom action Example: Site Visit.
        score (float): Score/weight assigned to this action Example: 10.
        source (str): Source of the custom action definition. Known values: SYSTEM, USER. Example: USER.
    """

    code: str
    display_name: str
    score: float
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        display_name = self.display_name

        score = self.score

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "displayName": display_name,
                "score": score,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        display_name = d.pop("displayName")

        score = d.pop("score")

        source = d.pop("source")

        custom_action_summary = cls(
            code=code,
            display_name=display_name,
            score=score,
            source=source,
        )

        custom_action_summary.additional_properties = d
        return custom_action_summary

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
