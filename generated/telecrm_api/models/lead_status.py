from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadStatus")


@_attrs_define
class LeadStatus:
    """
    Attributes:
        statusid (float): Unique identifier of the status Example: 1.
        label (str): Display label for the status Example: New Lead.
        color (str | Unset): Color code for the status Example: #FF5733.
    """

    statusid: float
    label: str
    color: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        statusid = self.statusid

        label = self.label

        color = self.color

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "statusid": statusid,
                "label": label,
            }
        )
        if color is not UNSET:
            field_dict["color"] = color

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        statusid = d.pop("statusid")

        label = d.pop("label")

        color = d.pop("color", UNSET)

        lead_status = cls(
            statusid=statusid,
            label=label,
            color=color,
        )

        lead_status.additional_properties = d
        return lead_status

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
