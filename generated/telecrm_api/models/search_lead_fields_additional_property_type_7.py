from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchLeadFieldsAdditionalPropertyType7")


@_attrs_define
class SearchLeadFieldsAdditionalPropertyType7:
    """
    Attributes:
        from_ (int | str | Unset): Unix timestamp or date-time in workspace-defined format. Time defaults to 00:00:00 if
            omitted.
            **Values in other formats may not be processed correctly.**
             Example: 01/01/2023 10:30:00.
        to (int | str | Unset): Unix timestamp or date-time in workspace-defined format. Time defaults to 00:00:00 if
            omitted.
            **Values in other formats may not be processed correctly.**
             Example: 01/01/2023 10:30:00.
    """

    from_: int | str | Unset = UNSET
    to: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_: int | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        to: int | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_from_(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_to(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        search_lead_fields_additional_property_type_7 = cls(
            from_=from_,
            to=to,
        )

        search_lead_fields_additional_property_type_7.additional_properties = d
        return search_lead_fields_additional_property_type_7

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
