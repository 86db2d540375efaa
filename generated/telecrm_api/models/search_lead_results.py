from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.lead_no_action import LeadNoAction


T = TypeVar("T", bound="SearchLeadResults")


@_attrs_define
class SearchLeadResults:
    """Results are sorted in descending order of creation timestamp. (newest first)

    Attributes:
        data (list[LeadNoAction] | Unset):
        total_count (int | Unset):  Example: 1.
        skip (int | Unset):
        limit (int | Unset):  Example: 10.
    """

    data: list[LeadNoAction] | Unset = UNSET
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
        from ..models.lead_no_action import LeadNoAction

        d = dict(src_dict)
        _data = d.pop("data", UNSET)
        data: list[LeadNoAction] | Unset = UNSET
        if _data is not UNSET:
            data = []
            for data_item_data in _data:
                data_item = LeadNoAction.from_dict(data_item_data)

                data.append(data_item)

        total_count = d.pop("total_count", UNSET)

        skip = d.pop("skip", UNSET)

        limit = d.pop("limit", UNSET)

        search_lead_results = cls(
            data=data,
            total_count=total_count,
            skip=skip,
            limit=limit,
        )

        search_lead_results.additional_properties = d
        return search_lead_results

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
