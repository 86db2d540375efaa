from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.lead_lost_reason import LeadLostReason
    from ..models.lead_stage import LeadStage


T = TypeVar("T", bound="LeadStagePipeline")


@_attrs_define
class LeadStagePipeline:
    """
    Attributes:
        lead_stages (list[LeadStage]): Array of lead stages in the pipeline
        active_lead_lost_reasons (list[LeadLostReason] | Unset): Currently active lost reasons
        archived_lead_lost_reasons (list[LeadLostReason] | Unset): Archived lost reasons
        creation_timestamp (float | Unset): Timestamp when the pipeline was created Example: 1609459200000.
        modification_timestamp (float | Unset): Timestamp when the pipeline was last modified Example: 1609459200000.
        last_modified_by (str | Unset): User who last modified the pipeline
        version (float | Unset): Version number of the pipeline Example: 1.
    """

    lead_stages: list[LeadStage]
    active_lead_lost_reasons: list[LeadLostReason] | Unset = UNSET
    archived_lead_lost_reasons: list[LeadLostReason] | Unset = UNSET
    creation_timestamp: float | Unset = UNSET
    modification_timestamp: float | Unset = UNSET
    last_modified_by: str | Unset = UNSET
    version: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lead_stages = []
        for lead_stages_item_data in self.lead_stages:
            lead_stages_item = lead_stages_item_data.to_dict()
            lead_stages.append(lead_stages_item)

        active_lead_lost_reasons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.active_lead_lost_reasons, Unset):
            active_lead_lost_reasons = []
            for active_lead_lost_reasons_item_data in self.active_lead_lost_reasons:
                active_lead_lost_reasons_item = (
                    active_lead_lost_reasons_item_data.to_dict()
                )
                active_lead_lost_reasons.append(active_lead_lost_reasons_item)

        archived_lead_lost_reasons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.archived_lead_lost_reasons, Unset):
            archived_lead_lost_reasons = []
            for archived_lead_lost_reasons_item_data in self.archived_lead_lost_reasons:
                archived_lead_lost_reasons_item = (
                    archived_lead_lost_reasons_item_data.to_dict()
                )
                archived_lead_lost_reasons.append(archived_lead_lost_reasons_item)

        creation_timestamp = self.creation_timestamp

        modification_timestamp = self.modification_timestamp

        last_modified_by = self.last_modified_by

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "leadStages": lead_stages,
            }
        )
        if active_lead_lost_reasons is not UNSET:
            field_dict["activeLeadLostReasons"] = active_lead_lost_reasons
        if archived_lead_lost_reasons is not UNSET:
            field_dict["archivedLeadLostReasons"] = archived_lead_lost_reasons
        if creation_timestamp is not UNSET:
            field_dict["creationTimestamp"] = creation_timestamp
        if modification_timestamp is not UNSET:
            field_dict["modificationTimestamp"] = modification_timestamp
        if last_modified_by is not UNSET:
            field_dict["lastModifiedBy"] = last_modified_by
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lead_lost_reason import LeadLostReason
        from ..models.lead_stage import LeadStage

        d = dict(src_dict)
        lead_stages = []
        _lead_stages = d.pop("leadStages")
        for lead_stages_item_data in _lead_stages:
            lead_stages_item = LeadStage.from_dict(lead_stages_item_data)

            lead_stages.append(lead_stages_item)

        _active_lead_lost_reasons = d.pop("activeLeadLostReasons", UNSET)
        active_lead_lost_reasons: list[LeadLostReason] | Unset = UNSET
        if _active_lead_lost_reasons is not UNSET:
            active_lead_lost_reasons = []
            for active_lead_lost_reasons_item_data in _active_lead_lost_reasons:
                active_lead_lost_reasons_item = LeadLostReason.from_dict(
                    active_lead_lost_reasons_item_data
                )

                active_lead_lost_reasons.append(active_lead_lost_reasons_item)

        _archived_lead_lost_reasons = d.pop("archivedLeadLostReasons", UNSET)
        archived_lead_lost_reasons: list[LeadLostReason] | Unset = UNSET
        if _archived_lead_lost_reasons is not UNSET:
            archived_lead_lost_reasons = []
            for archived_lead_lost_reasons_item_data in _archived_lead_lost_reasons:
                archived_lead_lost_reasons_item = LeadLostReason.from_dict(
                    archived_lead_lost_reasons_item_data
                )

                archived_lead_lost_reasons.append(archived_lead_lost_reasons_item)

        creation_timestamp = d.pop("creationTimestamp", UNSET)

        modification_timestamp = d.pop("modificationTimestamp", UNSET)

        last_modified_by = d.pop("lastModifiedBy", UNSET)

        version = d.pop("version", UNSET)

        lead_stage_pipeline = cls(
            lead_stages=lead_stages,
            active_lead_lost_reasons=active_lead_lost_reasons,
            archived_lead_lost_reasons=archived_lead_lost_reasons,
            creation_timestamp=creation_timestamp,
            modification_timestamp=modification_timestamp,
            last_modified_by=last_modified_by,
            version=version,
        )

        lead_stage_pipeline.additional_properties = d
        return lead_stage_pipeline

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
