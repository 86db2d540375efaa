from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_field_detailed import CustomFieldDetailed
    from ..models.custom_field_summary import CustomFieldSummary


T = TypeVar("T", bound="CustomFields")


@_attrs_define
class CustomFields:
    """
    Attributes:
        custom_fields (list[CustomFieldDetailed | CustomFieldSummary] | Unset):
    """

    custom_fields: list[CustomFieldDetailed | CustomFieldSummary] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.custom_field_detailed import CustomFieldDetailed

        custom_fields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_fields, Unset):
            custom_fields = []
            for custom_fields_item_data in self.custom_fields:
                custom_fields_item: dict[str, Any]
                if isinstance(custom_fields_item_data, CustomFieldDetailed):
                    custom_fields_item = custom_fields_item_data.to_dict()
                else:
                    custom_fields_item = custom_fields_item_data.to_dict()

                custom_fields.append(custom_fields_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_fields is not UNSET:
            field_dict["customFields"] = custom_fields

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.custom_field_detailed import CustomFieldDetailed
        from ..models.custom_field_summary import CustomFieldSummary

        d = dict(src_dict)
        _custom_fields = d.pop("customFields", UNSET)
        custom_fields: list[CustomFieldDetailed | CustomFieldSummary] | Unset = UNSET
        if _custom_fields is not UNSET:
            custom_fields = []
            for custom_fields_item_data in _custom_fields:

                def _parse_custom_fields_item(
                    data: object,
                ) -> CustomFieldDetailed | CustomFieldSummary:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        custom_fields_item_type_0 = CustomFieldDetailed.from_dict(data)

                        return custom_fields_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    custom_fields_item_type_1 = CustomFieldSummary.from_dict(data)

                    return custom_fields_item_type_1

                custom_fields_item = _parse_custom_fields_item(custom_fields_item_data)

                custom_fields.append(custom_fields_item)

        custom_fields = cls(
            custom_fields=custom_fields,
        )

        custom_fields.additional_properties = d
        return custom_fields

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
