from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomFieldSummary")


@_attrs_define
class CustomFieldSummary:
    """A custom field as GET /custom-fields lists it with detail=false.

    Attributes:
        type_ (str):
        api_name (str):
        lock_after_create (bool):
        is_leadid (bool | Unset): Indicates whether this field is the unique identifier field for the enterprise
        options (list[str] | Unset):
        tags (list[str] | Unset):
    """

    type_: str
    api_name: str
    lock_after_create: bool
    is_leadid: bool | Unset = UNSET
    options: list[str] | Unset = UNSET
    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        api_name = self.api_name

        lock_after_create = self.lock_after_create

        is_leadid = self.is_leadid

        options: list[str] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "apiName": api_name,
                "lockAfterCreate": lock_after_create,
            }
        )
        if is_leadid is not UNSET:
            field_dict["isLeadid"] = is_leadid
        if options is not UNSET:
            field_dict["options"] = options
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = d.pop("type")

        api_name = d.pop("apiName")

        lock_after_create = d.pop("lockAfterCreate")

        is_leadid = d.pop("isLeadid", UNSET)

        options = cast(list[str], d.pop("options", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        custom_field_summary = cls(
            type_=type_,
            api_name=api_name,
            lock_after_create=lock_after_create,
            is_leadid=is_leadid,
            options=options,
            tags=tags,
        )

        custom_field_summary.additional_properties = d
        return custom_field_summary

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
