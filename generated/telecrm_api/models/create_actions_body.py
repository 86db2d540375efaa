from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.input_custom_action import InputCustomAction
    from ..models.input_payment_action import InputPaymentAction


T = TypeVar("T", bound="CreateActionsBody")


@_attrs_define
class CreateActionsBody:
    """
    Attributes:
        actions (list[InputCustomAction | InputPaymentAction]):
    """

    actions: list[InputCustomAction | InputPaymentAction]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.input_payment_action import InputPaymentAction

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
                "actions": actions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.input_custom_action import InputCustomAction
        from ..models.input_payment_action import InputPaymentAction

        d = dict(src_dict)
        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:

            def _parse_actions_item(
                data: object,
            ) -> InputCustomAction | InputPaymentAction:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_input_lead_action_type_0 = (
                        InputPaymentAction.from_dict(data)
                    )

                    return componentsschemas_input_lead_action_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_input_lead_action_type_1 = (
                    InputCustomAction.from_dict(data)
                )

                return componentsschemas_input_lead_action_type_1

            actions_item = _parse_actions_item(actions_item_data)

            actions.append(actions_item)

        create_actions_body = cls(
            actions=actions,
        )

        create_actions_body.additional_properties = d
        return create_actions_body

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
