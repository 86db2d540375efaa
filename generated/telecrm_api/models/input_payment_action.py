from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_payment_action_type import InputPaymentActionType
from ..models.payment_currency_field import PaymentCurrencyField
from ..models.payment_status_field import PaymentStatusField
from ..types import UNSET, Unset

T = TypeVar("T", bound="InputPaymentAction")


@_attrs_define
class InputPaymentAction:
    """A payment to record. All four of type, status, currency and amount are required.

    Attributes:
        type_ (InputPaymentActionType):
        status (PaymentStatusField):  Example: PENDING.
        currency (PaymentCurrencyField):
        amount (str): Payment amount as a decimal string; must be greater than 0. Example: 5000.
        created_on (int | str | Unset): Unix timestamp or date-time in DD/MM/YYYY HH:mm:ss format. Time component
            defaults to 00:00:00 if omitted.
            **Values in other formats may not be processed correctly.**
            If not specified, the current timestamp is set. Field is ignored for non-predated actions.
             Example: 01/01/2023 11:30:00.
    """

    type_: InputPaymentActionType
    status: PaymentStatusField
    currency: PaymentCurrencyField
    amount: str
    created_on: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        status = self.status.value

        currency = self.currency.value

        amount = self.amount

        created_on: int | str | Unset
        if isinstance(self.created_on, Unset):
            created_on = UNSET
        else:
            created_on = self.created_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "status": status,
                "currency": currency,
                "amount": amount,
            }
        )
        if created_on is not UNSET:
            field_dict["created_on"] = created_on

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = InputPaymentActionType(d.pop("type"))

        status = PaymentStatusField(d.pop("status"))

        currency = PaymentCurrencyField(d.pop("currency"))

        amount = d.pop("amount")

        def _parse_created_on(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        created_on = _parse_created_on(d.pop("created_on", UNSET))

        input_payment_action = cls(
            type_=type_,
            status=status,
            currency=currency,
            amount=amount,
            created_on=created_on,
        )

        input_payment_action.additional_properties = d
        return input_payment_action

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
