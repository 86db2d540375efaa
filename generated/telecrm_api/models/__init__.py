"""Contains all the data models used in inputs/outputs"""

from .async_custom_action import AsyncCustomAction
from .async_lead_upsert import AsyncLeadUpsert
from .async_queued import AsyncQueued
from .built_in_action import BuiltInAction
from .create_action_response import CreateActionResponse
from .create_actions_body import CreateActionsBody
from .create_actions_response import CreateActionsResponse
from .create_lead_response import CreateLeadResponse
from .create_team_member_request import CreateTeamMemberRequest
from .create_team_member_request_role import CreateTeamMemberRequestRole
from .create_team_member_response import CreateTeamMemberResponse
from .custom_action import CustomAction
from .custom_action_detailed import CustomActionDetailed
from .custom_action_detailed_allow_predated_activity import (
    CustomActionDetailedAllowPredatedActivity,
)
from .custom_action_detailed_display_schema import CustomActionDetailedDisplaySchema
from .custom_action_detailed_field_schema import CustomActionDetailedFieldSchema
from .custom_action_detailed_quick_add import CustomActionDetailedQuickAdd
from .custom_action_fields import CustomActionFields
from .custom_action_summary import CustomActionSummary
from .custom_actions import CustomActions
from .custom_field_detailed import CustomFieldDetailed
from .custom_field_detailed_options_item import CustomFieldDetailedOptionsItem
from .custom_field_detailed_tags_item import CustomFieldDetailedTagsItem
from .custom_field_summary import CustomFieldSummary
from .custom_fields import CustomFields
from .enterprise_metadata import EnterpriseMetadata
from .error import Error
from .error_detail import ErrorDetail
from .error_error import ErrorError
from .input_custom_action import InputCustomAction
from .input_lead import InputLead
from .input_lead_update import InputLeadUpdate
from .input_payment_action import InputPaymentAction
from .input_payment_action_type import InputPaymentActionType
from .lead import Lead
from .lead_fields import LeadFields
from .lead_lost_reason import LeadLostReason
from .lead_no_action import LeadNoAction
from .lead_stage import LeadStage
from .lead_stage_pipeline import LeadStagePipeline
from .lead_status import LeadStatus
from .payment_action import PaymentAction
from .payment_action_type import PaymentActionType
from .payment_currency_field import PaymentCurrencyField
from .payment_status_field import PaymentStatusField
from .remark import Remark
from .search_lead import SearchLead
from .search_lead_action import SearchLeadAction
from .search_lead_action_created_on import SearchLeadActionCreatedOn
from .search_lead_action_results import SearchLeadActionResults
from .search_lead_actions import SearchLeadActions
from .search_lead_actions_performed_at import SearchLeadActionsPerformedAt
from .search_lead_fields import SearchLeadFields
from .search_lead_fields_additional_property_type_7 import (
    SearchLeadFieldsAdditionalPropertyType7,
)
from .search_lead_fields_created_on import SearchLeadFieldsCreatedOn
from .search_lead_results import SearchLeadResults
from .set_team_member_state_body import SetTeamMemberStateBody
from .set_team_member_state_body_state import SetTeamMemberStateBodyState
from .set_team_member_state_response_200 import SetTeamMemberStateResponse200
from .team_member_license_type_0 import TeamMemberLicenseType0
from .team_member_list import TeamMemberList
from .team_member_response import TeamMemberResponse
from .update_custom_action import UpdateCustomAction
from .update_payment_action import UpdatePaymentAction
from .update_payment_action_type import UpdatePaymentActionType

__all__ = (
    "AsyncCustomAction",
    "AsyncLeadUpsert",
    "AsyncQueued",
    "BuiltInAction",
    "CreateActionResponse",
    "CreateActionsBody",
    "CreateActionsResponse",
    "CreateLeadResponse",
    "CreateTeamMemberRequest",
    "CreateTeamMemberRequestRole",
    "CreateTeamMemberResponse",
    "CustomAction",
    "CustomActionDetailed",
    "CustomActionDetailedAllowPredatedActivity",
    "CustomActionDetailedDisplaySchema",
    "CustomActionDetailedFieldSchema",
    "CustomActionDetailedQuickAdd",
    "CustomActionFields",
    "CustomActionSummary",
    "CustomActions",
    "CustomFieldDetailed",
    "CustomFieldDetailedOptionsItem",
    "CustomFieldDetailedTagsItem",
    "CustomFieldSummary",
    "CustomFields",
    "EnterpriseMetadata",
    "Error",
    "ErrorDetail",
    "ErrorError",
    "InputCustomAction",
    "InputLead",
    "InputLeadUpdate",
    "InputPaymentAction",
    "InputPaymentActionType",
    "Lead",
    "LeadFields",
    "LeadLostReason",
    "LeadNoAction",
    "LeadStage",
    "LeadStagePipeline",
    "LeadStatus",
    "PaymentAction",
    "PaymentActionType",
    "PaymentCurrencyField",
    "PaymentStatusField",
    "Remark",
    "SearchLead",
    "SearchLeadAction",
    "SearchLeadActionCreatedOn",
    "SearchLeadActionResults",
    "SearchLeadActions",
    "SearchLeadActionsPerformedAt",
    "SearchLeadFields",
    "SearchLeadFieldsAdditionalPropertyType7",
    "SearchLeadFieldsCreatedOn",
    "SearchLeadResults",
    "SetTeamMemberStateBody",
    "SetTeamMemberStateBodyState",
    "SetTeamMemberStateResponse200",
    "TeamMemberLicenseType0",
    "TeamMemberList",
    "TeamMemberResponse",
    "UpdateCustomAction",
    "UpdatePaymentAction",
    "UpdatePaymentActionType",
)
