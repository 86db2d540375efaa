from enum import StrEnum


class CreateTeamMemberRequestRole(StrEnum):
    ADMIN = "ADMIN"
    CALLER = "CALLER"
    MANAGER = "MANAGER"
    MARKETING_USER = "MARKETING_USER"

    def __str__(self) -> str:
        return str(self.value)
