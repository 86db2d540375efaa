from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_action_fields import CustomActionFields


T = TypeVar("T", bound="AsyncCustomAction")


@_attrs_define
class AsyncCustomAction:
    """A custom action on the Async API, whose code carries the ACTION_ prefix.

    Attributes:
        type_ (str): The custom action code with its prefix; a bare code is silently dropped. Example: ACTION_1001.
        fields (CustomActionFields | Unset): Values of the custom action's own fields, keyed by field API name (see the
            action's fieldSchema from GET /custom-actions/{code}); each value must fit its field type. Example: {'note':
            'Site visit completed'}.
        created_on (int | str | Unset): Unix timestamp or date-time in DD/MM/YYYY HH:mm:ss format. Time component
            defaults to 00:00:00 if omitted.
            **Values in other formats may not be processed correctly.**
            If not specified, the current timestamp is set. Field is ignored for non-predated actions.
             Example: 01/01/2023 11:30:00.
    """

    type_: str
    fields: CustomActionFields | Unset = UNSET
    created_on: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        created_on: int | str | Unset
        if isinstance(self.created_on, Unset):
            created_on = UNSET
        else:
            created_on = self.created_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if fields is not UNSET:
            field_dict["fields"] = fields
        if created_on is not UNSET:
            field_dict["created_on"] = created_on

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

        def _parse_created_on(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        created_on = _parse_created_on(d.pop("created_on", UNSET))

        async_custom_action = cls(
            type_=type_,
            fields=fields,
            created_on=created_on,
        )

        async_custom_action.additional_properties = d
        return async_custom_action

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
