from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_status_field import PaymentStatusField
from ..models.update_payment_action_type import UpdatePaymentActionType

T = TypeVar("T", bound="UpdatePaymentAction")


@_attrs_define
class UpdatePaymentAction:
    """A payment's new status. Amount, currency and paymentid never change after creation; to correct them, cancel the
    payment and create a new one.

        Attributes:
            type_ (UpdatePaymentActionType):
            status (PaymentStatusField):  Example: PENDING.
    """

    type_: UpdatePaymentActionType
    status: PaymentStatusField
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = UpdatePaymentActionType(d.pop("type"))

        status = PaymentStatusField(d.pop("status"))

        update_payment_action = cls(
            type_=type_,
            status=status,
        )

        update_payment_action.additional_properties = d
        return update_payment_action

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
