from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadLostReason")


@_attrs_define
class LeadLostReason:
    """
    Attributes:
        reasonid (float): Unique identifier of the lost reason Example: 1.
        reason_label (str): Label describing the lost reason Example: Price too high.
        is_default (bool | Unset): Whether this is the default lost reason Example: False.
    """

    reasonid: float
    reason_label: str
    is_default: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reasonid = self.reasonid

        reason_label = self.reason_label

        is_default = self.is_default

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reasonid": reasonid,
                "reasonLabel": reason_label,
            }
        )
        if is_default is not UNSET:
            field_dict["isDefault"] = is_default

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reasonid = d.pop("reasonid")

        reason_label = d.pop("reasonLabel")

        is_default = d.pop("isDefault", UNSET)

        lead_lost_reason = cls(
            reasonid=reasonid,
            reason_label=reason_label,
            is_default=is_default,
        )

        lead_lost_reason.additional_properties = d
        return lead_lost_reason

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
