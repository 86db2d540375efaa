from enum import StrEnum


class UpdatePaymentActionType(StrEnum):
    PAYMENT = "PAYMENT"

    def __str__(self) -> str:
        return str(self.value)
