from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.search_lead_action_created_on import SearchLeadActionCreatedOn


T = TypeVar("T", bound="SearchLeadAction")


@_attrs_define
class SearchLeadAction:
    """
    Attributes:
        type_ (str | Unset): Action type to search for: a custom action's bare numeric code as defined in Workspace
            Settings -> Custom Actions (e.g. "1001"), PAYMENT, or a built-in type such as INCOMING_CALL, OUTGOING_CALL,
            MISSED_CALL, INCOMING_WHATSAPP_MSG, OUTGOING_SMS, OUTGOING_EMAIL, LEAD_ASSIGNMENT, STATUS_CHANGE, USER_NOTE or
            SYSTEM_NOTE. Example: OUTGOING_CALL.
        created_on (SearchLeadActionCreatedOn | Unset):
        performed_by (list[str] | str | Unset): Filter actions by the member(s) who performed them. Accepts a single
            member ID or an array of member IDs.
    """

    type_: str | Unset = UNSET
    created_on: SearchLeadActionCreatedOn | Unset = UNSET
    performed_by: list[str] | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        created_on: dict[str, Any] | Unset = UNSET
        if not isinstance(self.created_on, Unset):
            created_on = self.created_on.to_dict()

        performed_by: list[str] | str | Unset
        if isinstance(self.performed_by, Unset):
            performed_by = UNSET
        elif isinstance(self.performed_by, list):
            performed_by = self.performed_by

        else:
            performed_by = self.performed_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if performed_by is not UNSET:
            field_dict["performed_by"] = performed_by

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.search_lead_action_created_on import SearchLeadActionCreatedOn

        d = dict(src_dict)
        type_ = d.pop("type", UNSET)

        _created_on = d.pop("created_on", UNSET)
        created_on: SearchLeadActionCreatedOn | Unset
        if isinstance(_created_on, Unset):
            created_on = UNSET
        else:
            created_on = SearchLeadActionCreatedOn.from_dict(_created_on)

        def _parse_performed_by(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                performed_by_type_1 = cast(list[str], data)

                return performed_by_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        performed_by = _parse_performed_by(d.pop("performed_by", UNSET))

        search_lead_action = cls(
            type_=type_,
            created_on=created_on,
            performed_by=performed_by,
        )

        search_lead_action.additional_properties = d
        return search_lead_action

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
