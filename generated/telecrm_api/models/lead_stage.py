from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.lead_status import LeadStatus


T = TypeVar("T", bound="LeadStage")


@_attrs_define
class LeadStage:
    """
    Attributes:
        stageid (str): Unique identifier of the stage
        stage_type (str): Type of the lead stage. Known values: OPEN, WON, LOST.
        visibility (bool | Unset): Whether the stage is visible
        active_statuses (list[LeadStatus] | Unset): Currently active statuses in this stage
        archived_statuses (list[LeadStatus] | Unset): Archived statuses in this stage
    """

    stageid: str
    stage_type: str
    visibility: bool | Unset = UNSET
    active_statuses: list[LeadStatus] | Unset = UNSET
    archived_statuses: list[LeadStatus] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stageid = self.stageid

        stage_type = self.stage_type

        visibility = self.visibility

        active_statuses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.active_statuses, Unset):
            active_statuses = []
            for active_statuses_item_data in self.active_statuses:
                active_statuses_item = active_statuses_item_data.to_dict()
                active_statuses.append(active_statuses_item)

        archived_statuses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.archived_statuses, Unset):
            archived_statuses = []
            for archived_statuses_item_data in self.archived_statuses:
                archived_statuses_item = archived_statuses_item_data.to_dict()
                archived_statuses.append(archived_statuses_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "stageid": stageid,
                "stageType": stage_type,
            }
        )
        if visibility is not UNSET:
            field_dict["visibility"] = visibility
        if active_statuses is not UNSET:
            field_dict["activeStatuses"] = active_statuses
        if archived_statuses is not UNSET:
            field_dict["archivedStatuses"] = archived_statuses

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lead_status import LeadStatus

        d = dict(src_dict)
        stageid = d.pop("stageid")

        stage_type = d.pop("stageType")

        visibility = d.pop("visibility", UNSET)

        _active_statuses = d.pop("activeStatuses", UNSET)
        active_statuses: list[LeadStatus] | Unset = UNSET
        if _active_statuses is not UNSET:
            active_statuses = []
            for active_statuses_item_data in _active_statuses:
                active_statuses_item = LeadStatus.from_dict(active_statuses_item_data)

                active_statuses.append(active_statuses_item)

        _archived_statuses = d.pop("archivedStatuses", UNSET)
        archived_statuses: list[LeadStatus] | Unset = UNSET
        if _archived_statuses is not UNSET:
            archived_statuses = []
            for archived_statuses_item_data in _archived_statuses:
                archived_statuses_item = LeadStatus.from_dict(
                    archived_statuses_item_data
                )

                archived_statuses.append(archived_statuses_item)

        lead_stage = cls(
            stageid=stageid,
            stage_type=stage_type,
            visibility=visibility,
            active_statuses=active_statuses,
            archived_statuses=archived_statuses,
        )

        lead_stage.additional_properties = d
        return lead_stage

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
