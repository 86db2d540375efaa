from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.team_member_license_type_0 import TeamMemberLicenseType0


T = TypeVar("T", bound="TeamMemberResponse")


@_attrs_define
class TeamMemberResponse:
    """
    Attributes:
        name (None | str | Unset): Full name of the team member. Example: Jane Doe.
        email (None | str | Unset): Email address of the team member. Example: jane.doe@example.com.
        status (None | str | Unset): Current availability status of the team member. Known values: Active, Inactive, On
            Leave, Working, Invited, Deleted. Example: Working.
        phone_number (None | str | Unset): WhatsApp/phone number of the team member. Example: 919999999999.
        manager_name (None | str | Unset): Full name of the team member's direct manager. Example: John Smith.
        manager_email (None | str | Unset): Email address of the team member's direct manager. Example:
            john.smith@example.com.
        permission_template_name (None | str | Unset): Name of the permission template assigned to the team member.
            Example: Sales Agent.
        license_ (None | TeamMemberLicenseType0 | Unset):
    """

    name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    phone_number: None | str | Unset = UNSET
    manager_name: None | str | Unset = UNSET
    manager_email: None | str | Unset = UNSET
    permission_template_name: None | str | Unset = UNSET
    license_: None | TeamMemberLicenseType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.team_member_license_type_0 import TeamMemberLicenseType0

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        manager_name: None | str | Unset
        if isinstance(self.manager_name, Unset):
            manager_name = UNSET
        else:
            manager_name = self.manager_name

        manager_email: None | str | Unset
        if isinstance(self.manager_email, Unset):
            manager_email = UNSET
        else:
            manager_email = self.manager_email

        permission_template_name: None | str | Unset
        if isinstance(self.permission_template_name, Unset):
            permission_template_name = UNSET
        else:
            permission_template_name = self.permission_template_name

        license_: dict[str, Any] | None | Unset
        if isinstance(self.license_, Unset):
            license_ = UNSET
        elif isinstance(self.license_, TeamMemberLicenseType0):
            license_ = self.license_.to_dict()
        else:
            license_ = self.license_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if status is not UNSET:
            field_dict["status"] = status
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if manager_name is not UNSET:
            field_dict["manager_name"] = manager_name
        if manager_email is not UNSET:
            field_dict["manager_email"] = manager_email
        if permission_template_name is not UNSET:
            field_dict["permission_template_name"] = permission_template_name
        if license_ is not UNSET:
            field_dict["license"] = license_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.team_member_license_type_0 import TeamMemberLicenseType0

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phone_number", UNSET))

        def _parse_manager_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manager_name = _parse_manager_name(d.pop("manager_name", UNSET))

        def _parse_manager_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manager_email = _parse_manager_email(d.pop("manager_email", UNSET))

        def _parse_permission_template_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        permission_template_name = _parse_permission_template_name(
            d.pop("permission_template_name", UNSET)
        )

        def _parse_license_(data: object) -> None | TeamMemberLicenseType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_team_member_license_type_0 = (
                    TeamMemberLicenseType0.from_dict(data)
                )

                return componentsschemas_team_member_license_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TeamMemberLicenseType0 | Unset, data)

        license_ = _parse_license_(d.pop("license", UNSET))

        team_member_response = cls(
            name=name,
            email=email,
            status=status,
            phone_number=phone_number,
            manager_name=manager_name,
            manager_email=manager_email,
            permission_template_name=permission_template_name,
            license_=license_,
        )

        team_member_response.additional_properties = d
        return team_member_response

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
