from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadFields")


@_attrs_define
class LeadFields:
    """
    Attributes:
        name (str | Unset): Text field with optional length constraints Example: John.
        phone (str | Unset): Phone number with international country code (e.g. +91 for India). If country code is not
            specified, enterprise's default country code will be used. Example: +919999999999.
        email (str | Unset): Valid email address Example: john.doe@example.com.
        rating (int | Unset): Rating value between 1 and 5 Example: 3.
        status (str | Unset): Lead status value. Must be one of the statuses defined in the workspace's lead stage
            pipeline. Defaults to 'Fresh'. Example: Fresh.
        assignee (str | Unset): Valid email address Example: john.doe@example.com.
    """

    name: str | Unset = UNSET
    phone: str | Unset = UNSET
    email: str | Unset = UNSET
    rating: int | Unset = UNSET
    status: str | Unset = UNSET
    assignee: str | Unset = UNSET
    additional_properties: dict[str, float | int | list[str] | str] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        phone = self.phone

        email = self.email

        rating = self.rating

        status = self.status

        assignee = self.assignee

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, list):
                field_dict[prop_name] = prop

            else:
                field_dict[prop_name] = prop

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if email is not UNSET:
            field_dict["email"] = email
        if rating is not UNSET:
            field_dict["rating"] = rating
        if status is not UNSET:
            field_dict["status"] = status
        if assignee is not UNSET:
            field_dict["assignee"] = assignee

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        phone = d.pop("phone", UNSET)

        email = d.pop("email", UNSET)

        rating = d.pop("rating", UNSET)

        status = d.pop("status", UNSET)

        assignee = d.pop("assignee", UNSET)

        lead_fields = cls(
            name=name,
            phone=phone,
            email=email,
            rating=rating,
            status=status,
            assignee=assignee,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> float | int | list[str] | str:
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    additional_property_type_5 = cast(list[str], data)

                    return additional_property_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(float | int | list[str] | str, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        lead_fields.additional_properties = additional_properties
        return lead_fields

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> float | int | list[str] | str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: float | list[str] | str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
