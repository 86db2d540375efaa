from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_action_response import CreateActionResponse
    from ..models.remark import Remark


T = TypeVar("T", bound="CreateLeadResponse")


@_attrs_define
class CreateLeadResponse:
    """The lead was created. Fields and actions that failed validation were NOT saved: they are listed in `remarks`, and
    failed actions have status IGNORED and a null action_id.

        Attributes:
            lead_id (str):
            actions (list[CreateActionResponse] | Unset): One entry per requested action, in request order.
            remarks (list[Remark] | Unset): Remarks for lead creation
    """

    lead_id: str
    actions: list[CreateActionResponse] | Unset = UNSET
    remarks: list[Remark] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lead_id = self.lead_id

        actions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.actions, Unset):
            actions = []
            for actions_item_data in self.actions:
                actions_item = actions_item_data.to_dict()
                actions.append(actions_item)

        remarks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.remarks, Unset):
            remarks = []
            for remarks_item_data in self.remarks:
                remarks_item = remarks_item_data.to_dict()
                remarks.append(remarks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lead_id": lead_id,
            }
        )
        if actions is not UNSET:
            field_dict["actions"] = actions
        if remarks is not UNSET:
            field_dict["remarks"] = remarks

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_action_response import CreateActionResponse
        from ..models.remark import Remark

        d = dict(src_dict)
        lead_id = d.pop("lead_id")

        _actions = d.pop("actions", UNSET)
        actions: list[CreateActionResponse] | Unset = UNSET
        if _actions is not UNSET:
            actions = []
            for actions_item_data in _actions:
                actions_item = CreateActionResponse.from_dict(actions_item_data)

                actions.append(actions_item)

        _remarks = d.pop("remarks", UNSET)
        remarks: list[Remark] | Unset = UNSET
        if _remarks is not UNSET:
            remarks = []
            for remarks_item_data in _remarks:
                remarks_item = Remark.from_dict(remarks_item_data)

                remarks.append(remarks_item)

        create_lead_response = cls(
            lead_id=lead_id,
            actions=actions,
            remarks=remarks,
        )

        create_lead_response.additional_properties = d
        return create_lead_response

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
