from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.team_member_response import TeamMemberResponse


T = TypeVar("T", bound="TeamMemberList")


@_attrs_define
class TeamMemberList:
    """Paginated list of team members sorted in ascending order by name.

    Attributes:
        data (list[TeamMemberResponse] | Unset):
        total_count (int | Unset): Total number of team members matching the query. Example: 42.
        skip (int | Unset): Number of team members skipped. Example: 0.
        limit (int | Unset): Maximum number of team members returned. Example: 10.
    """

    data: list[TeamMemberResponse] | Unset = UNSET
    total_count: int | Unset = UNSET
    skip: int | Unset = UNSET
    limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = []
            for data_item_data in self.data:
                data_item = data_item_data.to_dict()
                data.append(data_item)

        total_count = self.total_count

        skip = self.skip

        limit = self.limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if data is not UNSET:
            field_dict["data"] = data
        if total_count is not UNSET:
            field_dict["total_count"] = total_count
        if skip is not UNSET:
            field_dict["skip"] = skip
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.team_member_response import TeamMemberResponse

        d = dict(src_dict)
        _data = d.pop("data", UNSET)
        data: list[TeamMemberResponse] | Unset = UNSET
        if _data is not UNSET:
            data = []
            for data_item_data in _data:
                data_item = TeamMemberResponse.from_dict(data_item_data)

                data.append(data_item)

        total_count = d.pop("total_count", UNSET)

        skip = d.pop("skip", UNSET)

        limit = d.pop("limit", UNSET)

        team_member_list = cls(
            data=data,
            total_count=total_count,
            skip=skip,
            limit=limit,
        )

        team_member_list.additional_properties = d
        return team_member_list

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
