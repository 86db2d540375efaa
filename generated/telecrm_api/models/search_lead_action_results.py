from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.built_in_action import BuiltInAction
    from ..models.custom_action import CustomAction
    from ..models.payment_action import PaymentAction


T = TypeVar("T", bound="SearchLeadActionResults")


@_attrs_define
class SearchLeadActionResults:
    """Results are sorted in descending order of creation timestamp. (newest first)

    Attributes:
        data (list[BuiltInAction | CustomAction | PaymentAction] | Unset):
        total_count (int | Unset):  Example: 1.
        skip (int | Unset):
        limit (int | Unset):  Example: 10.
    """

    data: list[BuiltInAction | CustomAction | PaymentAction] | Unset = UNSET
    total_count: int | Unset = UNSET
    skip: int | Unset = UNSET
    limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.custom_action import CustomAction
        from ..models.payment_action import PaymentAction

        data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = []
            for data_item_data in self.data:
                data_item: dict[str, Any]
                if isinstance(data_item_data, PaymentAction) or isinstance(
                    data_item_data, CustomAction
                ):
                    data_item = data_item_data.to_dict()
                else:
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
        from ..models.built_in_action import BuiltInAction
        from ..models.custom_action import CustomAction
        from ..models.payment_action import PaymentAction

        d = dict(src_dict)
        _data = d.pop("data", UNSET)
        data: list[BuiltInAction | CustomAction | PaymentAction] | Unset = UNSET
        if _data is not UNSET:
            data = []
            for data_item_data in _data:

                def _parse_data_item(
                    data: object,
                ) -> BuiltInAction | CustomAction | PaymentAction:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_timeline_action_type_0 = (
                            PaymentAction.from_dict(data)
                        )

                        return componentsschemas_timeline_action_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_timeline_action_type_1 = (
                            CustomAction.from_dict(data)
                        )

                        return componentsschemas_timeline_action_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_timeline_action_type_2 = BuiltInAction.from_dict(
                        data
                    )

                    return componentsschemas_timeline_action_type_2

                data_item = _parse_data_item(data_item_data)

                data.append(data_item)

        total_count = d.pop("total_count", UNSET)

        skip = d.pop("skip", UNSET)

        limit = d.pop("limit", UNSET)

        search_lead_action_results = cls(
            data=data,
            total_count=total_count,
            skip=skip,
            limit=limit,
        )

        search_lead_action_results.additional_properties = d
        return search_lead_action_results

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
