"""A realistic Telecrm integration, end to end, on the embedded fake server (`make demo`).

Discovers the workspace, creates a lead with a custom action and a payment, shows what the
API ignores and what the SDK refuses, completes the payment, searches, bulk-ingests leads
through the Async API with upsert_many, and prints the final counts. No account or network needed.
"""

from __future__ import annotations

import random
from decimal import Decimal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from telecrm import CustomAction, IngestProgress, Payment, PaymentStatus, Telecrm, ValidationError
from telecrm.testing import FakeTelecrm

console = Console()
BULK_LEADS = 300
# The fake's Async tokens allow this many requests an hour (real ones: 18,000); upsert_many
# paces each token just under it, so the demo never sees a 429.
DEMO_RATE_PER_HOUR = 360_000


def heading(text: str) -> None:
    console.print()
    console.rule(f"[bold]{text}")


def discover(client: Telecrm) -> None:
    heading("1. Discover the workspace (Sync API)")
    metadata = client.workspace.metadata()
    console.print(f"Workspace [bold]{metadata.name}[/] ({metadata.industry}), lead identifier: "
                  f"[bold]{metadata.lead_identifier_field}[/]")  # fmt: skip

    fields = Table("API name", "type", "options", title="Lead fields")
    for field in client.workspace.custom_fields(detail=True):
        marker = " (identifier)" if field.is_lead_identifier else ""
        fields.add_row(field.api_name + marker, field.type, ", ".join(field.options or field.tags)[:60])
    console.print(fields)

    actions = Table("code", "name", "source", "fields", title="Custom actions")
    for summary in client.workspace.custom_actions():
        detail = client.workspace.custom_action(summary.code)
        actions.add_row(
            str(detail.code), detail.display_name or "", detail.source or "", ", ".join(detail.field_schema)
        )
    console.print(actions)

    pipeline = client.workspace.pipeline()
    stages = Table("stage", "active statuses", "archived (read-only)", title="Pipeline")
    for stage in pipeline.stages:
        stages.add_row(
            stage.type,
            ", ".join(status.label for status in stage.active_statuses),
            ", ".join(status.label for status in stage.archived_statuses),
        )
    console.print(stages)
    console.print("Active lost reasons: " + ", ".join(sorted(pipeline.active_lost_reason_labels)))


def create_lead(client: Telecrm) -> tuple[str, str]:
    heading("2. Create a lead with a site visit and a payment")
    result = client.leads.create(
        {
            "name": "Meera Kapoor",
            "phone": "+91 98200 12345".replace(" ", ""),
            "email": "meera.kapoor@example.com",
            "status": "Interested",
            "lead_source": "Website",
            "interests": ["2BHK", "3BHK"],
            "budget_lakhs": 85,
            "rating": 7,  # out of range: the API ignores it and says so
        },
        actions=[
            CustomAction("ACTION_1001", {"note": "Visited tower B", "outcome": "Interested"}),
            Payment(Decimal("25000"), "INR", PaymentStatus.PENDING),
        ],
    )
    table = Table("#", "action", "status", "action id")
    for outcome in result.actions:
        table.add_row(str(outcome.index), type(outcome.action).__name__, outcome.status, outcome.id or "-")
    console.print(f"Lead [bold]{result.lead_id}[/] created.", table)

    heading("3. Partial success is never silent")
    for remark in result.remarks:
        console.print(f"[yellow]{remark.status}[/] {remark.field}: {remark.remark}")
    console.print(f"result.ok = {result.ok}; result.raise_for_ignored() would raise PartialSuccessError.")
    payment_id = result.actions[1].action_id
    assert payment_id is not None
    return result.lead_id, payment_id


def complete_payment(client: Telecrm, lead_id: str, payment_id: str) -> None:
    heading("4. Complete the payment; its amount can never change")
    payment = client.actions.set_payment_status(lead_id, payment_id, PaymentStatus.COMPLETED)
    assert isinstance(payment, Payment)
    console.print(
        f"Payment {payment_id}: {payment.amount} {payment.currency} is now [green]{payment.status}[/]"
    )
    try:
        client.actions.update(lead_id, payment_id, Payment("30000", "INR", "COMPLETED"))
    except ValidationError as error:
        console.print(f"[red]Refused before sending:[/] {error}")
    try:
        Payment("25000", "INR", "PAID")
    except ValidationError as error:
        console.print(f"[red]Refused:[/] {error}")


def search(client: Telecrm) -> None:
    heading("5. Search: interested leads with a site visit")
    client.actions.create(
        client.leads.create({"name": "Rohan Mehta", "phone": "9820012346", "status": "Interested"}).lead_id,
        [CustomAction(1002, {"attendees": 2})],
    )
    table = Table("name", "phone", "status")
    for lead in client.leads.search(fields={"status": "Interested"}, actions={"type": CustomAction(1001)}):
        table.add_row(
            str(lead.fields.get("name")), str(lead.fields.get("phone")), str(lead.fields.get("status"))
        )
    console.print(table)


def ingest(client: Telecrm, fake: FakeTelecrm) -> None:
    heading(f"6. Bulk-ingest {BULK_LEADS} leads through the Async API")
    rng = random.Random(7)
    sources = ["Facebook Ads", "Google Ads", "99acres", "MagicBricks"]
    records = [
        {
            "fields": {
                "name": f"Buyer {index:03d}",
                "phone": f"91990{index:07d}",
                "lead_source": rng.choice(sources),
                "budget_lakhs": rng.randint(30, 200),
                # A few records carry mistakes the Async API would drop without a word.
                **({"rating": 9} if index % 97 == 13 else {}),
                **({"status": "Old Enquiry"} if index % 101 == 50 else {}),
            },
            "actions": [CustomAction(1002, {"attendees": rng.randint(1, 4)})] if index % 10 == 0 else [],
        }
        for index in range(BULK_LEADS)
    ]
    columns = [
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} req/s"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("upsert_many", total=BULK_LEADS, rate=0.0)

        def show(done: IngestProgress) -> None:
            progress.update(task, completed=done.done, rate=done.requests / max(done.elapsed, 1e-9))

        report = client.ingest.upsert_many(records, rate_per_hour=DEMO_RATE_PER_HOUR, on_progress=show)
    fake.state.wait_idle(timeout=30)
    console.print(
        f"{report.queued} queued, {report.invalid} invalid (never sent), {report.failed} failed; "
        f"{report.requests} requests, {report.rate_limited} answered 429, in {report.elapsed:.1f} s"
    )
    for outcome in report.outcomes:
        if outcome.status == "invalid":
            console.print(f"[yellow]record {outcome.index}[/]: " + "; ".join(outcome.reasons))


def summary(client: Telecrm) -> None:
    heading("7. Final counts")
    table = Table("what", "count")
    table.add_row("leads", str(client.leads.search().first_page().total_count))
    table.add_row(
        "leads from ads",
        str(sum(1 for _ in client.leads.search(fields={"lead_source": ["Facebook Ads", "Google Ads"]}))),
    )
    table.add_row(
        "leads with a demo booked",
        str(sum(1 for _ in client.leads.search(actions={"type": CustomAction(1002)}))),
    )
    table.add_row("team members", str(sum(1 for _ in client.team_members.list())))
    console.print(table)


def main() -> None:
    with FakeTelecrm.running(async_rate_limit=DEMO_RATE_PER_HOUR) as fake:
        console.print(f"Fake Telecrm serving on {fake.base_url} (Sync) and {fake.ingest_base_url} (Async)")
        with Telecrm(
            enterprise_id=fake.enterprise_id,
            token=fake.sync_token,
            ingest_token=fake.async_token,
            base_url=fake.base_url,
            ingest_base_url=fake.ingest_base_url,
        ) as client:
            discover(client)
            lead_id, payment_id = create_lead(client)
            complete_payment(client, lead_id, payment_id)
            search(client)
            ingest(client, fake)
            summary(client)


if __name__ == "__main__":
    main()
