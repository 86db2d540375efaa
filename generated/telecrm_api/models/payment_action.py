from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_action_type import PaymentActionType
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentAction")


@_attrs_define
class PaymentAction:
    """
    Attributes:
        type_ (PaymentActionType):
        created_on (int | str | Unset): Unix timestamp or date-time in DD/MM/YYYY HH:mm:ss format. Time component
            defaults to 00:00:00 if omitted.
            **Values in other formats may not be processed correctly.**
            If not specified, the current timestamp is set. Field is ignored for non-predated actions.
             Example: 01/01/2023 11:30:00.
        amount (str | Unset): Payment amount as a decimal string; must be greater than 0. Example: 5000.
        status (str | Unset): Known values: PENDING, COMPLETED, FAILED, REFUNDED, CANCELLED, PROCESSING. Example:
            COMPLETED.
        currency (str | Unset): Known values: INR, USD, PKR, AED, QAR, SAR, MYR, AUD, CAD, SGD, XOF. Example: INR.
    """

    type_: PaymentActionType
    created_on: int | str | Unset = UNSET
    amount: str | Unset = UNSET
    status: str | Unset = UNSET
    currency: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        created_on: int | str | Unset
        if isinstance(self.created_on, Unset):
            created_on = UNSET
        else:
            created_on = self.created_on

        amount = self.amount

        status = self.status

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if amount is not UNSET:
            field_dict["amount"] = amount
        if status is not UNSET:
            field_dict["status"] = status
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = PaymentActionType(d.pop("type"))

        def _parse_created_on(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        created_on = _parse_created_on(d.pop("created_on", UNSET))

        amount = d.pop("amount", UNSET)

        status = d.pop("status", UNSET)

        currency = d.pop("currency", UNSET)

        payment_action = cls(
            type_=type_,
            created_on=created_on,
            amount=amount,
            status=status,
            currency=currency,
        )

        payment_action.additional_properties = d
        return payment_action

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
