from enum import StrEnum


class SetTeamMemberStateBodyState(StrEnum):
    ACTIVE = "Active"
    INACTIVE = "Inactive"
    ON_LEAVE = "On Leave"
    WORKING = "Working"

    def __str__(self) -> str:
        return str(self.value)
