from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTeamMemberResponse")


@_attrs_define
class CreateTeamMemberResponse:
    """
    Attributes:
        name (str | Unset): Name of the created team member Example: John Doe.
        email (str | Unset): Email of the created team member Example: john.doe@example.com.
        phone_number (str | Unset): Phone number of the created team member Example: 919876543210.
        role (str | Unset): Assigned role Example: CALLER.
        status (str | Unset): INVITED when an invite email was sent (no password given), Active otherwise. Example:
            INVITED.
    """

    name: str | Unset = UNSET
    email: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    role: str | Unset = UNSET
    status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email = self.email

        phone_number = self.phone_number

        role = self.role

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if role is not UNSET:
            field_dict["role"] = role
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        email = d.pop("email", UNSET)

        phone_number = d.pop("phone_number", UNSET)

        role = d.pop("role", UNSET)

        status = d.pop("status", UNSET)

        create_team_member_response = cls(
            name=name,
            email=email,
            phone_number=phone_number,
            role=role,
            status=status,
        )

        create_team_member_response.additional_properties = d
        return create_team_member_response

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
