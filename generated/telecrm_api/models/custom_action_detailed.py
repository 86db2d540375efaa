from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_action_detailed_allow_predated_activity import (
        CustomActionDetailedAllowPredatedActivity,
    )
    from ..models.custom_action_detailed_display_schema import (
        CustomActionDetailedDisplaySchema,
    )
    from ..models.custom_action_detailed_field_schema import (
        CustomActionDetailedFieldSchema,
    )
    from ..models.custom_action_detailed_quick_add import CustomActionDetailedQuickAdd


T = TypeVar("T", bound="CustomActionDetailed")


@_attrs_define
class CustomActionDetailed:
    """
    Attributes:
        id (str): Unique identifier of the custom action
        display_name (str): Display name of the custom action Example: Site Visit.
        code (str): Unique code identifying the custom action Example: ACTION_1001.
        source (str): Source of the custom action definition. Known values: SYSTEM, USER. Example: USER.
        icon (str | Unset): Icon identifier for the action
        description (str | Unset): Description of the custom action
        score (float | Unset): Score/weight assigned to this action Example: 10.
        field_schema (CustomActionDetailedFieldSchema | Unset): Schema defining the fields for this custom action
        display_schema (CustomActionDetailedDisplaySchema | Unset): Schema defining how the action should be displayed
        allow_predated_activity (CustomActionDetailedAllowPredatedActivity | Unset): Configuration for allowing
            backdated activities
        quick_add (CustomActionDetailedQuickAdd | Unset): Configuration for quick add functionality
        definition_type (str | Unset): Type of the custom action definition
        created_on (float | Unset): Timestamp when the action was created Example: 1609459200000.
        created_by (str | Unset): User who created the action
        modified_on (float | Unset): Timestamp when the action was last modified Example: 1609459200000.
        modified_by (str | Unset): User who last modified the action
    """

    id: str
    display_name: str
    code: str
    source: str
    icon: str | Unset = UNSET
    description: str | Unset = UNSET
    score: float | Unset = UNSET
    field_schema: CustomActionDetailedFieldSchema | Unset = UNSET
    display_schema: CustomActionDetailedDisplaySchema | Unset = UNSET
    allow_predated_activity: CustomActionDetailedAllowPredatedActivity | Unset = UNSET
    quick_add: CustomActionDetailedQuickAdd | Unset = UNSET
    definition_type: str | Unset = UNSET
    created_on: float | Unset = UNSET
    created_by: str | Unset = UNSET
    modified_on: float | Unset = UNSET
    modified_by: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        display_name = self.display_name

        code = self.code

        source = self.source

        icon = self.icon

        description = self.description

        score = self.score

        field_schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.field_schema, Unset):
            field_schema = self.field_schema.to_dict()

        display_schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.display_schema, Unset):
            display_schema = self.display_schema.to_dict()

        allow_predated_activity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.allow_predated_activity, Unset):
            allow_predated_activity = self.allow_predated_activity.to_dict()

        quick_add: dict[str, Any] | Unset = UNSET
        if not isinstance(self.quick_add, Unset):
            quick_add = self.quick_add.to_dict()

        definition_type = self.definition_type

        created_on = self.created_on

        created_by = self.created_by

        modified_on = self.modified_on

        modified_by = self.modified_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "displayName": display_name,
                "code": code,
                "source": source,
            }
        )
        if icon is not UNSET:
            field_dict["icon"] = icon
        if description is not UNSET:
            field_dict["description"] = description
        if score is not UNSET:
            field_dict["score"] = score
        if field_schema is not UNSET:
            field_dict["fieldSchema"] = field_schema
        if display_schema is not UNSET:
            field_dict["displaySchema"] = display_schema
        if allow_predated_activity is not UNSET:
            field_dict["allowPredatedActivity"] = allow_predated_activity
        if quick_add is not UNSET:
            field_dict["quickAdd"] = quick_add
        if definition_type is not UNSET:
            field_dict["definitionType"] = definition_type
        if created_on is not UNSET:
            field_dict["createdOn"] = created_on
        if created_by is not UNSET:
            field_dict["createdBy"] = created_by
        if modified_on is not UNSET:
            field_dict["modifiedOn"] = modified_on
        if modified_by is not UNSET:
            field_dict["modifiedBy"] = modified_by

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.custom_action_detailed_allow_predated_activity import (
            CustomActionDetailedAllowPredatedActivity,
        )
        from ..models.custom_action_detailed_display_schema import (
            CustomActionDetailedDisplaySchema,
        )
        from ..models.custom_action_detailed_field_schema import (
            CustomActionDetailedFieldSchema,
        )
        from ..models.custom_action_detailed_quick_add import (
            CustomActionDetailedQuickAdd,
        )

        d = dict(src_dict)
        id = d.pop("id")

        display_name = d.pop("displayName")

        code = d.pop("code")

        source = d.pop("source")

        icon = d.pop("icon", UNSET)

        description = d.pop("description", UNSET)

        score = d.pop("score", UNSET)

        _field_schema = d.pop("fieldSchema", UNSET)
        field_schema: CustomActionDetailedFieldSchema | Unset
        if isinstance(_field_schema, Unset):
            field_schema = UNSET
        else:
            field_schema = CustomActionDetailedFieldSchema.from_dict(_field_schema)

        _display_schema = d.pop("displaySchema", UNSET)
        display_schema: CustomActionDetailedDisplaySchema | Unset
        if isinstance(_display_schema, Unset):
            display_schema = UNSET
        else:
            display_schema = CustomActionDetailedDisplaySchema.from_dict(
                _display_schema
            )

        _allow_predated_activity = d.pop("allowPredatedActivity", UNSET)
        allow_predated_activity: CustomActionDetailedAllowPredatedActivity | Unset
        if isinstance(_allow_predated_activity, Unset):
            allow_predated_activity = UNSET
        else:
            allow_predated_activity = (
                CustomActionDetailedAllowPredatedActivity.from_dict(
                    _allow_predated_activity
                )
            )

        _quick_add = d.pop("quickAdd", UNSET)
        quick_add: CustomActionDetailedQuickAdd | Unset
        if isinstance(_quick_add, Unset):
            quick_add = UNSET
        else:
            quick_add = CustomActionDetailedQuickAdd.from_dict(_quick_add)

        definition_type = d.pop("definitionType", UNSET)

        created_on = d.pop("createdOn", UNSET)

        created_by = d.pop("createdBy", UNSET)

        modified_on = d.pop("modifiedOn", UNSET)

        modified_by = d.pop("modifiedBy", UNSET)

        custom_action_detailed = cls(
            id=id,
            display_name=display_name,
            code=code,
            source=source,
            icon=icon,
            description=description,
            score=score,
            field_schema=field_schema,
            display_schema=display_schema,
            allow_predated_activity=allow_predated_activity,
            quick_add=quick_add,
            definition_type=definition_type,
            created_on=created_on,
            created_by=created_by,
            modified_on=modified_on,
            modified_by=modified_by,
        )

        custom_action_detailed.additional_properties = d
        return custom_action_detailed

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
