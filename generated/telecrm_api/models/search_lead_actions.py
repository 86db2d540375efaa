from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.search_lead_actions_performed_at import SearchLeadActionsPerformedAt


T = TypeVar("T", bound="SearchLeadActions")


@_attrs_define
class SearchLeadActions:
    """Filter leads by their action history. All criteria must be satisfied by the same action on the lead (AND logic).

    Attributes:
        type_ (list[str] | str | Unset): Action type(s) to filter by. Accepts a single value or an array. Custom actions
            can be referenced by their numeric ID (e.g., "1001"). See the `type` field in `SearchLeadAction` for the full
            list of valid values. Example: ['INCOMING_CALL', 'OUTGOING_CALL'].
        performed_by (list[str] | str | Unset): Team member email(s) who performed the action. Accepts a single email or
            an array. Example: agent@company.com.
        performed_at (SearchLeadActionsPerformedAt | Unset): Time range in which the action was performed. Each bound
            accepts a Unix millisecond timestamp or a date-time string in any common format (e.g., "01/01/2025",
            "2025-01-31T23:59:59", "31-01-2025 23:59:59"). When the timezone is ambiguous the workspace default timezone is
            used.
    """

    type_: list[str] | str | Unset = UNSET
    performed_by: list[str] | str | Unset = UNSET
    performed_at: SearchLeadActionsPerformedAt | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: list[str] | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, list):
            type_ = self.type_

        else:
            type_ = self.type_

        performed_by: list[str] | str | Unset
        if isinstance(self.performed_by, Unset):
            performed_by = UNSET
        elif isinstance(self.performed_by, list):
            performed_by = self.performed_by

        else:
            performed_by = self.performed_by

        performed_at: dict[str, Any] | Unset = UNSET
        if not isinstance(self.performed_at, Unset):
            performed_at = self.performed_at.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if performed_by is not UNSET:
            field_dict["performed_by"] = performed_by
        if performed_at is not UNSET:
            field_dict["performed_at"] = performed_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.search_lead_actions_performed_at import (
            SearchLeadActionsPerformedAt,
        )

        d = dict(src_dict)

        def _parse_type_(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                type_type_1 = cast(list[str], data)

                return type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

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

        _performed_at = d.pop("performed_at", UNSET)
        performed_at: SearchLeadActionsPerformedAt | Unset
        if isinstance(_performed_at, Unset):
            performed_at = UNSET
        else:
            performed_at = SearchLeadActionsPerformedAt.from_dict(_performed_at)

        search_lead_actions = cls(
            type_=type_,
            performed_by=performed_by,
            performed_at=performed_at,
        )

        search_lead_actions.additional_properties = d
        return search_lead_actions

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
