from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.search_lead_actions import SearchLeadActions
    from ..models.search_lead_fields import SearchLeadFields


T = TypeVar("T", bound="SearchLead")


@_attrs_define
class SearchLead:
    """
    Attributes:
        fields (SearchLeadFields | Unset):
        actions (SearchLeadActions | Unset): Filter leads by their action history. All criteria must be satisfied by the
            same action on the lead (AND logic).
    """

    fields: SearchLeadFields | Unset = UNSET
    actions: SearchLeadActions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        actions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.actions, Unset):
            actions = self.actions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fields is not UNSET:
            field_dict["fields"] = fields
        if actions is not UNSET:
            field_dict["actions"] = actions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.search_lead_actions import SearchLeadActions
        from ..models.search_lead_fields import SearchLeadFields

        d = dict(src_dict)
        _fields = d.pop("fields", UNSET)
        fields: SearchLeadFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = SearchLeadFields.from_dict(_fields)

        _actions = d.pop("actions", UNSET)
        actions: SearchLeadActions | Unset
        if isinstance(_actions, Unset):
            actions = UNSET
        else:
            actions = SearchLeadActions.from_dict(_actions)

        search_lead = cls(
            fields=fields,
            actions=actions,
        )

        search_lead.additional_properties = d
        return search_lead

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
