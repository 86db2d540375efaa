from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_team_member_request_role import CreateTeamMemberRequestRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTeamMemberRequest")


@_attrs_define
class CreateTeamMemberRequest:
    """
    Attributes:
        name (str): Full name of the team member Example: John Doe.
        email (str): Email address of the team member Example: john.doe@example.com.
        phone_number (str): Phone number with country code (e.g. 919876543210) Example: 919876543210.
        role (CreateTeamMemberRequestRole): Role to assign to the team member Example: CALLER.
        password (str | Unset): Optional password for the team member. If not provided, an invite will be sent. Example:
            securePassword123.
    """

    name: str
    email: str
    phone_number: str
    role: CreateTeamMemberRequestRole
    password: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email = self.email

        phone_number = self.phone_number

        role = self.role.value

        password = self.password

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "email": email,
                "phone_number": phone_number,
                "role": role,
            }
        )
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        email = d.pop("email")

        phone_number = d.pop("phone_number")

        role = CreateTeamMemberRequestRole(d.pop("role"))

        password = d.pop("password", UNSET)

        create_team_member_request = cls(
            name=name,
            email=email,
            phone_number=phone_number,
            role=role,
            password=password,
        )

        create_team_member_request.additional_properties = d
        return create_team_member_request

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
