from decimal import Decimal

from telecrm import CustomAction, LeadAlreadyExistsError, Payment, Telecrm

with Telecrm() as client:  # reads TELECRM_ENTERPRISE_ID, TELECRM_SYNC_TOKEN, TELECRM_ASYNC_TOKEN
    try:
        result = client.leads.create(
            {"name": "Jane Doe", "phone": "919999999999", "rating": 7},
            actions=[
                CustomAction(1001, {"note": "Site visit completed"}),  # a custom action of your workspace
                Payment(Decimal("5000"), "INR", "PENDING"),
            ],
        )
    except LeadAlreadyExistsError as error:
        raise SystemExit(error.message) from None

    # The API answered 201, but did not save everything: it says so only in remarks.
    for remark in result.remarks:
        print(remark.field, remark.status, remark.remark)

    # A payment's amount never changes; its status does.
    payment_id = result.actions[1].action_id
    client.actions.set_payment_status(result.lead_id, payment_id, "COMPLETED")

    # Searches page lazily: a list of values means "any of them".
    for lead in client.leads.search(fields={"status": ["Won", "Interested"]}):
        print(lead.fields["name"])

    # The Async API, for volume: queued create-or-update, custom actions sent as ACTION_1001 for you.
    queued = client.ingest.upsert({"phone": "919999999999", "city": "Pune"}, actions=[CustomAction(1001)])
    print(queued.status)
