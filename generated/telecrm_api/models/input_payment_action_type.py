from enum import StrEnum


class InputPaymentActionType(StrEnum):
    PAYMENT = "PAYMENT"

    def __str__(self) -> str:
        return str(self.value)
