"""What the checkers refuse: each line marked `# error` is an error in both, and no other line is."""

from decimal import Decimal

from ws_default import LeadFields, LeadUpdate, NewLead, SiteVisitFields, site_visit

# a misspelt field
misspelt: NewLead = {"phone": "919876500101", "lead_sorce": "Website"}  # error
misspelt_kw = NewLead(phone="919876500101", lead_sorce="Website")  # error
misspelt_filter: LeadFields = {"stauts": "Won"}  # error
misspelt_action = site_visit(notes="Liked it")  # error
misspelt_action_field: SiteVisitFields = {"visit_dat": 1767225600000}  # error

# an unknown dropdown value, status or lost reason
unknown_option: NewLead = {"phone": "919876500101", "lead_source": "Webiste"}  # error
unknown_status: LeadUpdate = {"status": "Intrested"}  # error
archived_status: LeadUpdate = {"status": "Old Enquiry"}  # error
unknown_reason: LeadUpdate = {"lostReason": "Too expensive"}  # error
unknown_action_option = site_visit(outcome="Maybe")  # error

# a wrong value type
number_as_text: LeadUpdate = {"budget_lakhs": "85"}  # error
tags_as_text: LeadUpdate = {"interests": "2BHK,3BHK"}  # error
money_as_decimal: LeadUpdate = {"deal_value": Decimal("7500000")}  # error
money_as_number: LeadUpdate = {"deal_value": 7500000}  # error
rating_out_of_range: LeadUpdate = {"rating": 6}  # error
date_as_text: LeadUpdate = {"next_follow_up": "2026-01-05"}  # error
action_date_as_text = site_visit(visit_date="2026-01-05")  # error

# a missing lead identifier on create, and the identifier on an update
no_identifier: NewLead = {"name": "Asha Rao"}  # error
no_identifier_kw = NewLead(name="Asha Rao")  # error
identifier_changed: LeadUpdate = {"phone": "919876500101"}  # error
