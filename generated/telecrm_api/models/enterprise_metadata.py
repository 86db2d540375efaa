from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnterpriseMetadata")


@_attrs_define
class EnterpriseMetadata:
    """
    Attributes:
        name (str): Name of the enterprise Example: Acme Corporation.
        id (str): Unique identifier of the enterprise Example: ent_123456.
        creation_time_stamp (float | Unset): Timestamp when the enterprise was created Example: 1609459200000.
        team_size (str | Unset): Size of the team Example: 50-100.
        industry (str | Unset): Industry the enterprise operates in Example: Technology.
        website (str | Unset): Enterprise website URL Example: https://acme.com.
        lead_identifier_field_id (str | Unset): ID of the field used as the lead identifier Example: phone.
        integrations (list[str] | Unset): List of active integrations Example: ['WHATSAPP', 'EMAIL', 'SMS'].
    """

    name: str
    id: str
    creation_time_stamp: float | Unset = UNSET
    team_size: str | Unset = UNSET
    industry: str | Unset = UNSET
    website: str | Unset = UNSET
    lead_identifier_field_id: str | Unset = UNSET
    integrations: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        id = self.id

        creation_time_stamp = self.creation_time_stamp

        team_size = self.team_size

        industry = self.industry

        website = self.website

        lead_identifier_field_id = self.lead_identifier_field_id

        integrations: list[str] | Unset = UNSET
        if not isinstance(self.integrations, Unset):
            integrations = self.integrations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "id": id,
            }
        )
        if creation_time_stamp is not UNSET:
            field_dict["creationTimeStamp"] = creation_time_stamp
        if team_size is not UNSET:
            field_dict["teamSize"] = team_size
        if industry is not UNSET:
            field_dict["industry"] = industry
        if website is not UNSET:
            field_dict["website"] = website
        if lead_identifier_field_id is not UNSET:
            field_dict["leadIdentifierFieldId"] = lead_identifier_field_id
        if integrations is not UNSET:
            field_dict["integrations"] = integrations

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        id = d.pop("id")

        creation_time_stamp = d.pop("creationTimeStamp", UNSET)

        team_size = d.pop("teamSize", UNSET)

        industry = d.pop("industry", UNSET)

        website = d.pop("website", UNSET)

        lead_identifier_field_id = d.pop("leadIdentifierFieldId", UNSET)

        integrations = cast(list[str], d.pop("integrations", UNSET))

        enterprise_metadata = cls(
            name=name,
            id=id,
            creation_time_stamp=creation_time_stamp,
            team_size=team_size,
            industry=industry,
            website=website,
            lead_identifier_field_id=lead_identifier_field_id,
            integrations=integrations,
        )

        enterprise_metadata.additional_properties = d
        return enterprise_metadata

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
