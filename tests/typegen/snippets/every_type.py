"""A workspace with every field type and awkward names: each line marked `# error` is an error in both
checkers, and no other line is."""

from datetime import date

from ws_every import (
    LeadFields,
    LeadUpdate,
    NewLead,
    SiteVisit2002Fields,
    action_2nd_call,
    site_visit,
    site_visit_2002,
)

from telecrm import Telecrm

lead: NewLead = {
    "lead-id": "C-1",
    "class": ["VIP"],
    "date": date(2026, 1, 5),
    "__secret": "s",
    "source": 'He said "hi"',
    "status": 'Call "back"',
    "empty_dropdown": "anything",
    "budget": 3,
    "deal_value": "10.50",
}
change: LeadUpdate = {"source": "back\\slash", "website": "https://example.com"}
wanted: LeadFields = {"lead-id": "C-1"}
visit = site_visit(note="n", visited_on=1767225600000, outcome="Interested", tags=["a"], people=2.5)
odd_fields: SiteVisit2002Fields = {"created_on": date(2026, 1, 5), "next-step": "call"}
odd = site_visit_2002(action_created_on_=date(2026, 1, 6), **odd_fields)
odd_keywords = site_visit_2002(fields="f", action_created_on="a", created_on=date(2026, 1, 5))
second_call = action_2nd_call()


def use(client: Telecrm) -> None:
    client.leads.create(lead, [visit, odd, odd_keywords, second_call])
    client.leads.update("65a1f0c2e4b0a1b2c3d4e501", change)
    client.leads.search(fields=wanted)
    client.ingest.upsert(lead)


missing_identifier: NewLead = {"class": ["VIP"]}  # error
identifier_changed: LeadUpdate = {"lead-id": "C-2"}  # error
unknown_option: LeadUpdate = {"source": "He said hi"}  # error
shadowed_date_as_text: LeadUpdate = {"date": "05/01/2026"}  # error
keyword_key_as_text: LeadUpdate = {"class": "VIP"}  # error
misspelt_odd_key: LeadUpdate = {"next-step": "call"}  # error
odd_action_field_wrong: SiteVisit2002Fields = {"next-step": 3}  # error
action_field_is_not_the_backdate = site_visit_2002(created_on="05/01/2026")  # error
