from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.set_team_member_state_body_state import SetTeamMemberStateBodyState

T = TypeVar("T", bound="SetTeamMemberStateBody")


@_attrs_define
class SetTeamMemberStateBody:
    """
    Attributes:
        state (SetTeamMemberStateBodyState): State of the team member. Example: Working.
        email (str): Email of the team member whose availability changes. Example: jane.doe@example.com.
    """

    state: SetTeamMemberStateBodyState
    email: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        email = self.email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
                "email": email,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        state = SetTeamMemberStateBodyState(d.pop("state"))

        email = d.pop("email")

        set_team_member_state_body = cls(
            state=state,
            email=email,
        )

        set_team_member_state_body.additional_properties = d
        return set_team_member_state_body

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
