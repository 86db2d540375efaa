from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_field_detailed_options_item import (
        CustomFieldDetailedOptionsItem,
    )
    from ..models.custom_field_detailed_tags_item import CustomFieldDetailedTagsItem


T = TypeVar("T", bound="CustomFieldDetailed")


@_attrs_define
class CustomFieldDetailed:
    """
    Attributes:
        id (str): Unique identifier of the custom field
        type_ (str): Type of the custom field. Known values: TEXT, NUMBER, EMAIL, PHONE, DATE, DROPDOWN, TAGS, MONEY,
            WEBSITE, UNIQUE; other types (e.g. RATING) exist. Example: DROPDOWN.
        api_name (str): API name used to reference this field Example: contact_source.
        description (str | Unset): Description of the custom field
        lock_after_create (bool | Unset): Whether the field is locked after creation Example: False.
        is_leadid (bool | Unset): Indicates whether this field is the unique identifier field for the enterprise
            Example: False.
        options (list[CustomFieldDetailedOptionsItem] | Unset): Options for dropdown fields
        tags (list[CustomFieldDetailedTagsItem] | Unset): Tags for tag fields
        date_format (str | Unset): Date format for date fields Example: DD/MM/YYYY.
        time_format (str | Unset): Time format for date fields Example: HH:mm.
    """

    id: str
    type_: str
    api_name: str
    description: str | Unset = UNSET
    lock_after_create: bool | Unset = UNSET
    is_leadid: bool | Unset = UNSET
    options: list[CustomFieldDetailedOptionsItem] | Unset = UNSET
    tags: list[CustomFieldDetailedTagsItem] | Unset = UNSET
    date_format: str | Unset = UNSET
    time_format: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        api_name = self.api_name

        description = self.description

        lock_after_create = self.lock_after_create

        is_leadid = self.is_leadid

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        date_format = self.date_format

        time_format = self.time_format

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "apiName": api_name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if lock_after_create is not UNSET:
            field_dict["lockAfterCreate"] = lock_after_create
        if is_leadid is not UNSET:
            field_dict["isLeadid"] = is_leadid
        if options is not UNSET:
            field_dict["options"] = options
        if tags is not UNSET:
            field_dict["tags"] = tags
        if date_format is not UNSET:
            field_dict["dateFormat"] = date_format
        if time_format is not UNSET:
            field_dict["timeFormat"] = time_format

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.custom_field_detailed_options_item import (
            CustomFieldDetailedOptionsItem,
        )
        from ..models.custom_field_detailed_tags_item import CustomFieldDetailedTagsItem

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        api_name = d.pop("apiName")

        description = d.pop("description", UNSET)

        lock_after_create = d.pop("lockAfterCreate", UNSET)

        is_leadid = d.pop("isLeadid", UNSET)

        _options = d.pop("options", UNSET)
        options: list[CustomFieldDetailedOptionsItem] | Unset = UNSET
        if _options is not UNSET:
            options = []
            for options_item_data in _options:
                options_item = CustomFieldDetailedOptionsItem.from_dict(
                    options_item_data
                )

                options.append(options_item)

        _tags = d.pop("tags", UNSET)
        tags: list[CustomFieldDetailedTagsItem] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = CustomFieldDetailedTagsItem.from_dict(tags_item_data)

                tags.append(tags_item)

        date_format = d.pop("dateFormat", UNSET)

        time_format = d.pop("timeFormat", UNSET)

        custom_field_detailed = cls(
            id=id,
            type_=type_,
            api_name=api_name,
            description=description,
            lock_after_create=lock_after_create,
            is_leadid=is_leadid,
            options=options,
            tags=tags,
            date_format=date_format,
            time_format=time_format,
        )

        custom_field_detailed.additional_properties = d
        return custom_field_detailed

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
