from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.search_lead_fields_additional_property_type_7 import (
        SearchLeadFieldsAdditionalPropertyType7,
    )
    from ..models.search_lead_fields_created_on import SearchLeadFieldsCreatedOn


T = TypeVar("T", bound="SearchLeadFields")


@_attrs_define
class SearchLeadFields:
    """
    Attributes:
        name (list[str] | str | Unset):  Example: ['John Doe', 'Jane Doe'].
        phone (list[str] | str | Unset):  Example: ['919999999999', '919999999998'].
        rating (int | list[int] | Unset):  Example: [3, 4].
        status (list[str] | str | Unset):  Example: ['Won', 'Lost'].
        assignee (list[str] | str | Unset):  Example: ['john.doe@example.com', 'jane.doe@example.com'].
        created_on (SearchLeadFieldsCreatedOn | Unset):  Example: {'from': '01/01/2001', 'to': '02/02/2002'}.
        email (list[str] | str | Unset):  Example: ['jane.doe@example.com'].
    """

    name: list[str] | str | Unset = UNSET
    phone: list[str] | str | Unset = UNSET
    rating: int | list[int] | Unset = UNSET
    status: list[str] | str | Unset = UNSET
    assignee: list[str] | str | Unset = UNSET
    created_on: SearchLeadFieldsCreatedOn | Unset = UNSET
    email: list[str] | str | Unset = UNSET
    additional_properties: dict[
        str,
        float
        | int
        | list[float]
        | list[int]
        | list[list[str]]
        | list[str]
        | SearchLeadFieldsAdditionalPropertyType7
        | str,
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.search_lead_fields_additional_property_type_7 import (
            SearchLeadFieldsAdditionalPropertyType7,
        )

        name: list[str] | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        elif isinstance(self.name, list):
            name = self.name

        else:
            name = self.name

        phone: list[str] | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        elif isinstance(self.phone, list):
            phone = self.phone

        else:
            phone = self.phone

        rating: int | list[int] | Unset
        if isinstance(self.rating, Unset):
            rating = UNSET
        elif isinstance(self.rating, list):
            rating = self.rating

        else:
            rating = self.rating

        status: list[str] | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, list):
            status = self.status

        else:
            status = self.status

        assignee: list[str] | str | Unset
        if isinstance(self.assignee, Unset):
            assignee = UNSET
        elif isinstance(self.assignee, list):
            assignee = self.assignee

        else:
            assignee = self.assignee

        created_on: dict[str, Any] | Unset = UNSET
        if not isinstance(self.created_on, Unset):
            created_on = self.created_on.to_dict()

        email: list[str] | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        elif isinstance(self.email, list):
            email = self.email

        else:
            email = self.email

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, list):
                field_dict[prop_name] = prop

            elif isinstance(prop, list):
                field_dict[prop_name] = []
                for additional_property_type_3_type_1_item_data in prop:
                    additional_property_type_3_type_1_item = (
                        additional_property_type_3_type_1_item_data
                    )

                    field_dict[prop_name].append(additional_property_type_3_type_1_item)

            elif isinstance(prop, list):
                field_dict[prop_name] = prop

            elif isinstance(prop, SearchLeadFieldsAdditionalPropertyType7):
                field_dict[prop_name] = prop.to_dict()
            elif isinstance(prop, list):
                field_dict[prop_name] = prop

            else:
                field_dict[prop_name] = prop

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if rating is not UNSET:
            field_dict["rating"] = rating
        if status is not UNSET:
            field_dict["status"] = status
        if assignee is not UNSET:
            field_dict["assignee"] = assignee
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.search_lead_fields_additional_property_type_7 import (
            SearchLeadFieldsAdditionalPropertyType7,
        )
        from ..models.search_lead_fields_created_on import SearchLeadFieldsCreatedOn

        d = dict(src_dict)

        def _parse_name(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                name_type_1 = cast(list[str], data)

                return name_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_phone(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                phone_type_1 = cast(list[str], data)

                return phone_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_rating(data: object) -> int | list[int] | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rating_type_1 = cast(list[int], data)

                return rating_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | list[int] | Unset, data)

        rating = _parse_rating(d.pop("rating", UNSET))

        def _parse_status(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                status_type_1 = cast(list[str], data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_assignee(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                assignee_type_1 = cast(list[str], data)

                return assignee_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        assignee = _parse_assignee(d.pop("assignee", UNSET))

        _created_on = d.pop("created_on", UNSET)
        created_on: SearchLeadFieldsCreatedOn | Unset
        if isinstance(_created_on, Unset):
            created_on = UNSET
        else:
            created_on = SearchLeadFieldsCreatedOn.from_dict(_created_on)

        def _parse_email(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                email_type_1 = cast(list[str], data)

                return email_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        search_lead_fields = cls(
            name=name,
            phone=phone,
            rating=rating,
            status=status,
            assignee=assignee,
            created_on=created_on,
            email=email,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> (
                float
                | int
                | list[float]
                | list[int]
                | list[list[str]]
                | list[str]
                | SearchLeadFieldsAdditionalPropertyType7
                | str
            ):
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    additional_property_type_0_type_1 = cast(list[str], data)

                    return additional_property_type_0_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    additional_property_type_3_type_1 = []
                    _additional_property_type_3_type_1 = data
                    for (
                        additional_property_type_3_type_1_item_data
                    ) in _additional_property_type_3_type_1:
                        additional_property_type_3_type_1_item = cast(
                            list[str], additional_property_type_3_type_1_item_data
                        )

                        additional_property_type_3_type_1.append(
                            additional_property_type_3_type_1_item
                        )

                    return additional_property_type_3_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    additional_property_type_5_type_1 = cast(list[int], data)

                    return additional_property_type_5_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    additional_property_type_7 = (
                        SearchLeadFieldsAdditionalPropertyType7.from_dict(data)
                    )

                    return additional_property_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    additional_property_type_9_type_1 = cast(list[float], data)

                    return additional_property_type_9_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(
                    float
                    | int
                    | list[float]
                    | list[int]
                    | list[list[str]]
                    | list[str]
                    | SearchLeadFieldsAdditionalPropertyType7
                    | str,
                    data,
                )

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        search_lead_fields.additional_properties = additional_properties
        return search_lead_fields

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(
        self, key: str
    ) -> (
        float
        | int
        | list[float]
        | list[int]
        | list[list[str]]
        | list[str]
        | SearchLeadFieldsAdditionalPropertyType7
        | str
    ):
        return self.additional_properties[key]

    def __setitem__(
        self,
        key: str,
        value: float
        | list[float]
        | list[int]
        | list[list[str]]
        | list[str]
        | SearchLeadFieldsAdditionalPropertyType7
        | str,
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
