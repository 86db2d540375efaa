"""CPU per call of every public operation, and the cost of decoding a search page (``per-call``, ``decode``).

per-call
    Every public operation of ``Telecrm`` (``_scenario.OPERATIONS``) against the cheapest honest baseline:
    the very request the SDK sent (method, target, headers and body, as the server saw it), prebuilt once
    as an ``httpx.Request`` and sent with ``httpx.Client.send``, then ``json.loads(response.content)``. Both
    talk to the same canned server (``_api_server.py``, a process of its own, so its CPU is not counted) and
    get the same bytes back. The SDK client is built as users build it (its own connection pool, default
    settings); the raw client is a default ``httpx.Client``. Measured: ``time.process_time`` per call, many
    calls per sample, the two alternating in paired rounds. The server counts requests, so a call that
    needed more than one request (a pager fetching a second page) is reported instead of timed unfairly.

decode
    Decoding a search page of 100 leads, from the body bytes to the ``Lead`` objects users get, against
    ``json.loads`` of the same bytes, in-process. The SDK is reached through its public API only: it searches
    through an ``httpx.MockTransport`` that answers either the recorded page of 100 leads or an empty page,
    and the decoding of 100 leads is the difference between the two (everything else a call does -- the
    request, the mock round trip, the pager -- is the same on both sides and cancels out). The whole search
    over the mock against a prebuilt request ``send`` + ``json.loads`` over the same mock is shown as well.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
from _measure import Figure, cpu_rounds, per_round_count, ratio, rounds, verdict
from _scenario import OPERATIONS, SEARCH_CITY, Server, api_server

from telecrm import Telecrm

SEARCH = "leads.search (page of 100)"
GOALS = {SEARCH: 1.3}  # every other operation: 1.1
DEFAULT_GOAL = 1.1
SAMPLE_CPU_SECONDS = 0.02  # CPU per sample and contender
_DROPPED = {"host", "content-length", "transfer-encoding", "connection"}


def _replay(server: Server, raw: httpx.Client) -> Callable[[], object]:
    """The raw baseline for the request the server answered last: prebuilt once, sent as is."""
    sent = server.last_request()
    request = httpx.Request(
        sent["method"],
        server.url + sent["target"],
        headers=[(name, value) for name, value in sent["headers"] if name.lower() not in _DROPPED],
        content=sent["body"].encode("utf-8"),
    )

    def call() -> object:
        response = raw.send(request)
        if not response.is_success:
            raise RuntimeError(f"raw {request.method} {request.url} answered {response.status_code}")
        return json.loads(response.content)

    return call


def _requests_per_call(server: Server, call: Callable[[], object]) -> int:
    before = server.stats()["requests"]
    call()
    return server.stats()["requests"] - before


def _one_operation(
    name: str, sdk: Callable[[], object], server: Server, raw: httpx.Client, count: int
) -> Figure:
    """The paired measurement of one operation, printed as a row of the table."""
    goal = GOALS.get(name, DEFAULT_GOAL)
    if (requests := _requests_per_call(server, sdk)) != 1:
        return Figure(f"per call: {name}", f"{requests} requests per call", f"<= {goal}x", "MISS")
    baseline = _replay(server, raw)
    for _ in range(5):  # warm: connections, lazily imported modules, caches
        sdk()
        baseline()
    per_round = per_round_count(sdk, target_seconds=SAMPLE_CPU_SECONDS)
    samples = cpu_rounds({"sdk": sdk, "raw": baseline}, rounds=count, per_round=per_round)
    measured = ratio(samples["sdk"], samples["raw"])
    figure = Figure(f"per call: {name}", str(measured), f"<= {goal}x", verdict(measured.value <= goal))
    print(
        f"  {name:<30} {measured.first * 1e6:8.0f} {measured.second * 1e6:8.0f}  {measured!s:<22} "
        f"{goal:>5}x  {figure.verdict}",
        flush=True,
    )
    return figure


def bench_per_call() -> list[Figure]:
    count = rounds(15)
    figures: list[Figure] = []
    print(f"per-call CPU, {count} paired rounds; SDK vs prebuilt request + send + json.loads (same bytes)")
    print(f"  {'operation':<30} {'SDK us':>8} {'raw us':>8}  {'ratio [range]':<22} {'goal':>6}  verdict")
    with api_server() as server, Telecrm(**server.client_settings()) as client, httpx.Client() as raw:
        ids = server.ids
        for name, operation in OPERATIONS.items():
            sdk: Callable[[], object] = lambda operation=operation: operation(client, ids)  # noqa: E731
            try:
                figures.append(_one_operation(name, sdk, server, raw, count))
            except Exception as error:  # one operation that cannot run must not hide the others
                print(f"  {name:<30} failed: {type(error).__name__}: {error}")
                figures.append(Figure(f"per call: {name}", f"failed: {type(error).__name__}", "-", "FAIL"))
    return figures


def _mock_client(body: bytes) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return httpx.Client(transport=httpx.MockTransport(answer))


def bench_decode() -> list[Figure]:
    count = rounds(15)
    with api_server() as server:  # only for the recorded page and the client settings
        page = server.recorded_body("POST", "/lead/search")
        settings = server.client_settings()
    empty = json.dumps({"data": [], "total_count": 0}).encode()
    full_http, empty_http, raw_http = _mock_client(page), _mock_client(empty), _mock_client(page)
    full = Telecrm(**settings, http_client=full_http)
    none = Telecrm(**settings, http_client=empty_http)
    request = raw_http.build_request("POST", settings["base_url"] + "/search", json={"fields": {"city": "x"}})
    if len(list(full.leads.search(fields={"city": SEARCH_CITY}))) != 100:
        raise RuntimeError("the recorded search page does not hold 100 leads")

    contenders: dict[str, Callable[[], object]] = {
        "sdk, page of 100": lambda: list(full.leads.search(fields={"city": SEARCH_CITY})),
        "sdk, empty page": lambda: list(none.leads.search(fields={"city": SEARCH_CITY})),
        "json.loads": lambda: json.loads(page),
        "raw send + json.loads": lambda: json.loads(raw_http.send(request).content),
    }
    for call in contenders.values():
        call()
    per_round = per_round_count(contenders["sdk, page of 100"], target_seconds=SAMPLE_CPU_SECONDS)
    samples = cpu_rounds(contenders, rounds=count, per_round=per_round)
    decoding = [f - e for f, e in zip(samples["sdk, page of 100"], samples["sdk, empty page"], strict=True)]
    decode = ratio(decoding, samples["json.loads"])
    whole = ratio(samples["sdk, page of 100"], samples["raw send + json.loads"])
    print(
        f"decode a search page of 100 leads ({len(page):,} bytes), {count} paired rounds, in-process CPU:\n"
        f"  SDK decoding (page of 100 minus empty page) {decode.first * 1e6:.0f} us, "
        f"json.loads {decode.second * 1e6:.0f} us: {decode}\n"
        f"  whole search over httpx.MockTransport {whole.first * 1e6:.0f} us vs prebuilt send + json.loads "
        f"{whole.second * 1e6:.0f} us: {whole}"
    )
    for client in (full, none):
        client.close()
    for http in (full_http, empty_http, raw_http):
        http.close()
    return [
        Figure(
            "decode: search page of 100 vs json.loads",
            f"{decode} ({decode.first * 1e6:.0f} vs {decode.second * 1e6:.0f} us)",
            "(see per call <= 1.3x)",
            verdict(None),
        ),
        Figure(
            "decode: whole search over MockTransport",
            f"{whole} ({whole.first * 1e6:.0f} vs {whole.second * 1e6:.0f} us)",
            "(see per call <= 1.3x)",
            verdict(None),
        ),
    ]
