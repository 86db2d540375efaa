from enum import StrEnum


class PaymentCurrencyField(StrEnum):
    AED = "AED"
    AUD = "AUD"
    CAD = "CAD"
    INR = "INR"
    MYR = "MYR"
    PKR = "PKR"
    QAR = "QAR"
    SAR = "SAR"
    SGD = "SGD"
    USD = "USD"
    XOF = "XOF"

    def __str__(self) -> str:
        return str(self.value)
