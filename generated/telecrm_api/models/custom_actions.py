from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_action_detailed import CustomActionDetailed
    from ..models.custom_action_summary import CustomActionSummary


T = TypeVar("T", bound="CustomActions")


@_attrs_define
class CustomActions:
    """
    Attributes:
        custom_actions (list[CustomActionDetailed | CustomActionSummary] | Unset): Array of custom action definitions.
            When detail=false, returns summary objects with basic fields only. When detail=true, returns detailed objects
            with complete action definition including schemas and metadata.
    """

    custom_actions: list[CustomActionDetailed | CustomActionSummary] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.custom_action_detailed import CustomActionDetailed

        custom_actions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_actions, Unset):
            custom_actions = []
            for custom_actions_item_data in self.custom_actions:
                custom_actions_item: dict[str, Any]
                if isinstance(custom_actions_item_data, CustomActionDetailed):
                    custom_actions_item = custom_actions_item_data.to_dict()
                else:
                    custom_actions_item = custom_actions_item_data.to_dict()

                custom_actions.append(custom_actions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_actions is not UNSET:
            field_dict["customActions"] = custom_actions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.custom_action_detailed import CustomActionDetailed
        from ..models.custom_action_summary import CustomActionSummary

        d = dict(src_dict)
        _custom_actions = d.pop("customActions", UNSET)
        custom_actions: list[CustomActionDetailed | CustomActionSummary] | Unset = UNSET
        if _custom_actions is not UNSET:
            custom_actions = []
            for custom_actions_item_data in _custom_actions:

                def _parse_custom_actions_item(
                    data: object,
                ) -> CustomActionDetailed | CustomActionSummary:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        custom_actions_item_type_0 = CustomActionDetailed.from_dict(
                            data
                        )

                        return custom_actions_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    custom_actions_item_type_1 = CustomActionSummary.from_dict(data)

                    return custom_actions_item_type_1

                custom_actions_item = _parse_custom_actions_item(
                    custom_actions_item_data
                )

                custom_actions.append(custom_actions_item)

        custom_actions = cls(
            custom_actions=custom_actions,
        )

        custom_actions.additional_properties = d
        return custom_actions

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
