from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.async_custom_action import AsyncCustomAction
    from ..models.input_payment_action import InputPaymentAction
    from ..models.lead_fields import LeadFields


T = TypeVar("T", bound="AsyncLeadUpsert")


@_attrs_define
class AsyncLeadUpsert:
    """
    Attributes:
        fields (LeadFields):
        actions (list[AsyncCustomAction | InputPaymentAction] | Unset):
    """

    fields: LeadFields
    actions: list[AsyncCustomAction | InputPaymentAction] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.input_payment_action import InputPaymentAction

        fields = self.fields.to_dict()

        actions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.actions, Unset):
            actions = []
            for actions_item_data in self.actions:
                actions_item: dict[str, Any]
                if isinstance(actions_item_data, InputPaymentAction):
                    actions_item = actions_item_data.to_dict()
                else:
                    actions_item = actions_item_data.to_dict()

                actions.append(actions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fields": fields,
            }
        )
        if actions is not UNSET:
            field_dict["actions"] = actions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.async_custom_action import AsyncCustomAction
        from ..models.input_payment_action import InputPaymentAction
        from ..models.lead_fields import LeadFields

        d = dict(src_dict)
        fields = LeadFields.from_dict(d.pop("fields"))

        _actions = d.pop("actions", UNSET)
        actions: list[AsyncCustomAction | InputPaymentAction] | Unset = UNSET
        if _actions is not UNSET:
            actions = []
            for actions_item_data in _actions:

                def _parse_actions_item(
                    data: object,
                ) -> AsyncCustomAction | InputPaymentAction:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_async_lead_action_type_0 = (
                            InputPaymentAction.from_dict(data)
                        )

                        return componentsschemas_async_lead_action_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_async_lead_action_type_1 = (
                        AsyncCustomAction.from_dict(data)
                    )

                    return componentsschemas_async_lead_action_type_1

                actions_item = _parse_actions_item(actions_item_data)

                actions.append(actions_item)

        async_lead_upsert = cls(
            fields=fields,
            actions=actions,
        )

        async_lead_upsert.additional_properties = d
        return async_lead_upsert

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
