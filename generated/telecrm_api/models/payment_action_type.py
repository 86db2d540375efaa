from enum import StrEnum


class PaymentActionType(StrEnum):
    PAYMENT = "PAYMENT"

    def __str__(self) -> str:
        return str(self.value)
