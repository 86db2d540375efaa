from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.built_in_action import BuiltInAction
    from ..models.custom_action import CustomAction
    from ..models.lead_fields import LeadFields
    from ..models.payment_action import PaymentAction


T = TypeVar("T", bound="Lead")


@_attrs_define
class Lead:
    """
    Attributes:
        fields (LeadFields | Unset):
        actions (list[BuiltInAction | CustomAction | PaymentAction] | Unset): Paginated list of actions. Only present
            when `includeActions=true`.
        actions_skip (int | Unset): The skip value used for action pagination. Only present when `includeActions=true`.
            Example: 0.
        actions_limit (int | Unset): The limit value used for action pagination. Only present when
            `includeActions=true`. Example: 10.
    """

    fields: LeadFields | Unset = UNSET
    actions: list[BuiltInAction | CustomAction | PaymentAction] | Unset = UNSET
    actions_skip: int | Unset = UNSET
    actions_limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.custom_action import CustomAction
        from ..models.payment_action import PaymentAction

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        actions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.actions, Unset):
            actions = []
            for actions_item_data in self.actions:
                actions_item: dict[str, Any]
                if isinstance(actions_item_data, PaymentAction) or isinstance(
                    actions_item_data, CustomAction
                ):
                    actions_item = actions_item_data.to_dict()
                else:
                    actions_item = actions_item_data.to_dict()

                actions.append(actions_item)

        actions_skip = self.actions_skip

        actions_limit = self.actions_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fields is not UNSET:
            field_dict["fields"] = fields
        if actions is not UNSET:
            field_dict["actions"] = actions
        if actions_skip is not UNSET:
            field_dict["actions_skip"] = actions_skip
        if actions_limit is not UNSET:
            field_dict["actions_limit"] = actions_limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.built_in_action import BuiltInAction
        from ..models.custom_action import CustomAction
        from ..models.lead_fields import LeadFields
        from ..models.payment_action import PaymentAction

        d = dict(src_dict)
        _fields = d.pop("fields", UNSET)
        fields: LeadFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = LeadFields.from_dict(_fields)

        _actions = d.pop("actions", UNSET)
        actions: list[BuiltInAction | CustomAction | PaymentAction] | Unset = UNSET
        if _actions is not UNSET:
            actions = []
            for actions_item_data in _actions:

                def _parse_actions_item(
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

                actions_item = _parse_actions_item(actions_item_data)

                actions.append(actions_item)

        actions_skip = d.pop("actions_skip", UNSET)

        actions_limit = d.pop("actions_limit", UNSET)

        lead = cls(
            fields=fields,
            actions=actions,
            actions_skip=actions_skip,
            actions_limit=actions_limit,
        )

        lead.additional_properties = d
        return lead

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
