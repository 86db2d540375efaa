"""Every correct form type-checks without a cast: the generated types go straight into the client."""

from datetime import date, datetime
from decimal import Decimal

from ws_default import LeadFields, LeadUpdate, NewLead, SiteVisitFields, quotation_sent, site_visit

from telecrm import AsyncTelecrm, CustomAction, Payment, Telecrm

lead: NewLead = {
    "phone": "919876500101",
    "name": "Asha Rao",
    "status": "Interested",
    "lead_source": "Website",
    "interests": ["2BHK", "Villa"],
    "deal_value": str(Decimal("7500000")),
    "budget_lakhs": 85.5,
    "next_follow_up": date(2026, 1, 5),
    "rating": 4,
    "lostReason": "Budget Mismatch",
}
built = NewLead(phone="919876500102", lead_source="Referral", next_follow_up=datetime(2026, 1, 5, 10, 30))
change: LeadUpdate = {"status": "Won", "interests": ("Plot",), "next_follow_up": 1767225600000}
wanted: LeadFields = {"phone": "919876500101", "lead_source": "Website"}
visit = site_visit(
    note="Liked it", outcome="Interested", visit_date=date(2026, 1, 5), created_on=date(2026, 1, 5)
)
quote = quotation_sent(quote_amount="250000")
visit_fields: SiteVisitFields = {"note": "Second visit", "visited_with": "anita.desai@sunriserealty.example"}
by_hand = CustomAction(1001, visit_fields)


def use(client: Telecrm) -> None:
    client.leads.create(lead, [visit, quote, Payment("250000", "INR", "COMPLETED")])
    client.leads.create(built, actions=[site_visit(**visit_fields)], strict=True)
    client.leads.update("65a1f0c2e4b0a1b2c3d4e501", change)
    for found in client.leads.search(fields=wanted):
        print(found.fields)
    client.ingest.upsert(lead, [visit])
    client.ingest.upsert_many([lead, built])
    client.ingest.upsert_many([(lead, [visit])])
    client.actions.create("65a1f0c2e4b0a1b2c3d4e501", [visit, by_hand])


async def use_async(client: AsyncTelecrm) -> None:
    await client.leads.create(lead, [visit])
    await client.leads.update("65a1f0c2e4b0a1b2c3d4e501", change)
    await client.ingest.upsert(built)
