from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_action_fields import CustomActionFields


T = TypeVar("T", bound="CustomAction")


@_attrs_define
class CustomAction:
    """- Only custom actions defined in the workspace will be processed.
    - One of the fields must be the type of the custom action

        Attributes:
            type_ (str): A custom action's numeric code as the Sync API writes it, without the ACTION_ prefix (GET /custom-
                actions lists it as ACTION_1001; here it is 1001). Example: 1001.
            fields (CustomActionFields | Unset): Values of the custom action's own fields, keyed by field API name (see the
                action's fieldSchema from GET /custom-actions/{code}); each value must fit its field type. Example: {'note':
                'Site visit completed'}.
    """

    type_: str
    fields: CustomActionFields | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if fields is not UNSET:
            field_dict["fields"] = fields

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.custom_action_fields import CustomActionFields

        d = dict(src_dict)
        type_ = d.pop("type")

        _fields = d.pop("fields", UNSET)
        fields: CustomActionFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = CustomActionFields.from_dict(_fields)

        custom_action = cls(
            type_=type_,
            fields=fields,
        )

        custom_action.additional_properties = d
        return custom_action

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
