from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Remark")


@_attrs_define
class Remark:
    """
    Attributes:
        field (str | Unset):  Example: actions[0].fields.email.
        status (str | Unset): Known values: IGNORED, WARNING, ERROR. Example: IGNORED.
        remark (str | Unset):  Example: Email is invalid.
    """

    field: str | Unset = UNSET
    status: str | Unset = UNSET
    remark: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        status = self.status

        remark = self.remark

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field is not UNSET:
            field_dict["field"] = field
        if status is not UNSET:
            field_dict["status"] = status
        if remark is not UNSET:
            field_dict["remark"] = remark

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        field = d.pop("field", UNSET)

        status = d.pop("status", UNSET)

        remark = d.pop("remark", UNSET)

        remark = cls(
            field=field,
            status=status,
            remark=remark,
        )

        remark.additional_properties = d
        return remark

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
