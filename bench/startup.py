"""What a fresh interpreter pays before its first answer (``import``, ``cold-start``).

Both run in ``.build/runtime``: the built wheel installed in a clean venv with only the locked runtime
dependencies, as users install it (the dev venv's httpx would also import click, rich and pygments, which
flatters the SDK). Every interpreter is fresh (``python -I -c ...``: no user site, no ``PYTHON*`` variables,
no working directory on ``sys.path``), and bytecode is compiled beforehand, so no contender pays for
compiling. Contenders alternate in paired rounds, their order rotating each round.

Measured in each child: CPU time (``time.process_time``) from the first line of the measured code to the
last -- the cost of the import (and client, and first call), without the interpreter's own start-up and
shutdown, which are the same for both and would only dilute the ratio. The whole child's CPU (interpreter
start-up and exit included, from ``getrusage(RUSAGE_CHILDREN)``) is shown beside it.

import
    ``import telecrm`` against ``import httpx``.
cold-start
    import, build the client, make the first call and decode its answer -- ``workspace.metadata()`` (a GET)
    and ``leads.create(...)`` of a web-form lead (a POST: the serverless case of the issue) -- against raw
    httpx doing the same call (``import httpx``, ``httpx.Client()``, build the request, ``send``,
    ``json.loads``), both against the canned server of ``_scenario.py`` on loopback.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import tempfile
from dataclasses import dataclass

from _measure import Figure, Ratio, ratio, rounds, verdict
from _scenario import ROOT, WEB_FORM_LEAD, Server, api_server

RUNTIME_PYTHON = ROOT / ".build" / "runtime" / "bin" / "python"
GOAL = 1.2

# The measured code runs between the two clock readings; settings arrive as JSON on argv before them. The
# code may note when its imports are done (``imported``); the generated modules loaded are counted after.
_PROBE = """\
import sys, json, time
given = json.loads(sys.argv[1])
started = imported = time.process_time()
{code}
ended = time.process_time()
models = sum(name.startswith("telecrm_api.models.") for name in sys.modules)
print(json.dumps({{"cpu": ended - started, "after_import": ended - imported, "models": models}}))
"""

_SDK_METADATA = """\
import telecrm
imported = time.process_time()
client = telecrm.Telecrm(**given["settings"])
client.workspace.metadata()
"""

_SDK_CREATE = """\
import telecrm
imported = time.process_time()
client = telecrm.Telecrm(**given["settings"])
client.leads.create(given["lead"], [telecrm.CustomAction(1000, {"preferred_time": "evening"})])
"""

_RAW_CALL = """\
import httpx
imported = time.process_time()
client = httpx.Client()
request = client.build_request(given["method"], given["url"], headers=given["headers"], content=given["body"])
response = client.send(request)
response.raise_for_status()
json.loads(response.content)
"""


def _environment() -> dict[str, str]:
    """The parent's environment without anything that would change what the child imports or writes."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "TELECRM_")) and name not in ("VIRTUAL_ENV",)
    }


@dataclass(frozen=True)
class Child:
    """What one fresh interpreter reported, in CPU seconds."""

    cpu: float  # the measured code
    after_import: float  # the code after its imports (client and first call)
    whole: float  # the whole child: start-up and exit included
    models: int  # telecrm_api.models modules loaded at the end


def _run(code: str, given: dict[str, object], workdir: str) -> Child:
    """Run ``code`` in a fresh runtime interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [str(RUNTIME_PYTHON), "-I", "-c", _PROBE.format(code=code), json.dumps(given)],
        capture_output=True,
        text=True,
        env=_environment(),
        cwd=workdir,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise RuntimeError(f"the child failed:\n{completed.stderr}")
    whole = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    reported = json.loads(completed.stdout)
    return Child(reported["cpu"], reported["after_import"], whole, reported["models"])


def runtime_missing() -> str | None:
    """Why the runtime venv cannot be used, or ``None``."""
    if not RUNTIME_PYTHON.exists():
        return f"{RUNTIME_PYTHON.relative_to(ROOT)} is missing (make bench builds it)"
    return None


def _compile_bytecode(workdir: str) -> None:
    """Compile every installed module once (the machine may set PYTHONDONTWRITEBYTECODE)."""
    site = subprocess.run(
        [str(RUNTIME_PYTHON), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        cwd=workdir,
    ).stdout.strip()
    subprocess.run(
        [str(RUNTIME_PYTHON), "-I", "-m", "compileall", "-q", site],
        check=True,
        capture_output=True,
        env=_environment(),
        cwd=workdir,
    )


Samples = dict[str, list[Child]]


def _paired(contenders: dict[str, tuple[str, dict[str, object]]], count: int, workdir: str) -> Samples:
    """Per contender, one child per round; the order of the contenders rotates each round."""
    for code, given in contenders.values():  # write any bytecode cache the first run would write
        _run(code, given, workdir)
    samples: Samples = {name: [] for name in contenders}
    names = list(contenders)
    for index in range(count):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            code, given = contenders[name]
            samples[name].append(_run(code, given, workdir))
    return samples


def _ms(children: list[Child], field: str = "cpu") -> str:
    return f"{statistics.median(getattr(child, field) for child in children) * 1e3:.1f} ms"


def _ratio(samples: Samples, first: str, second: str, field: str) -> Ratio:
    return ratio([getattr(c, field) for c in samples[first]], [getattr(c, field) for c in samples[second]])


def _report(title: str, name: str, first: str, second: str, samples: Samples) -> Figure:
    own, whole = _ratio(samples, first, second, "cpu"), _ratio(samples, first, second, "whole")
    a, b = samples[first], samples[second]
    print(
        f"  {title}: {first} {_ms(a)} vs {second} {_ms(b)} CPU: {own}\n"
        f"    whole interpreter (start-up and exit too): {_ms(a, 'whole')} vs {_ms(b, 'whole')}: {whole}",
        flush=True,
    )
    if a[0].after_import != a[0].cpu:  # the code noted the end of its imports
        print(
            f"    after the imports (client and first call): {_ms(a, 'after_import')} vs "
            f"{_ms(b, 'after_import')}; telecrm_api.models modules loaded: {a[-1].models}",
            flush=True,
        )
    detail = f"{own} ({_ms(a)} vs {_ms(b)}; whole process {whole.value:.2f}x)"
    if a[-1].models:
        detail += f"; {a[-1].models} models modules"
    return Figure(name, detail, f"<= {GOAL}x", verdict(own.value <= GOAL))


def bench_import() -> list[Figure]:
    why = runtime_missing()
    if why:
        return [Figure.skipped("import telecrm / import httpx", f"<= {GOAL}x", why)]
    count = rounds(21)
    with tempfile.TemporaryDirectory() as workdir:
        _compile_bytecode(workdir)
        samples = _paired(
            {
                "import telecrm": ("import telecrm", {}),
                "import httpx": ("import httpx", {}),
                "pass": ("pass", {}),
            },
            count,
            workdir,
        )
    bare = _ms(samples["pass"], "whole")
    print(f"import, clean runtime venv, {count} paired rounds (a bare interpreter: {bare} CPU)")
    return [_report("import", "import telecrm / import httpx", "import telecrm", "import httpx", samples)]


def _raw_twin(server: Server, sdk_code: str, workdir: str) -> dict[str, object]:
    """What raw httpx needs to make the very call the SDK's cold start made: run the SDK's child once and
    read the request back from the server."""
    _run(sdk_code, {"settings": server.client_settings(), "lead": WEB_FORM_LEAD}, workdir)
    sent = server.last_request()
    keep = ("authorization", "accept", "content-type")
    return {
        "method": sent["method"],
        "url": server.url + sent["target"],
        "headers": {name: value for name, value in sent["headers"] if name.lower() in keep},
        "body": sent["body"],
    }


def bench_cold_start() -> list[Figure]:
    names = ("cold start: workspace.metadata", "cold start: leads.create")
    why = runtime_missing()
    if why:
        return [Figure.skipped(name, f"<= {GOAL}x", why) for name in names]
    count = rounds(21)  # fresh interpreters vary by tens of ms: a ratio near its goal needs many rounds
    with tempfile.TemporaryDirectory() as workdir, api_server() as server:
        _compile_bytecode(workdir)
        sdk_given: dict[str, object] = {"settings": server.client_settings(), "lead": WEB_FORM_LEAD}
        samples = _paired(
            {
                "sdk metadata": (_SDK_METADATA, sdk_given),
                "raw metadata": (_RAW_CALL, _raw_twin(server, _SDK_METADATA, workdir)),
                "sdk create": (_SDK_CREATE, sdk_given),
                "raw create": (_RAW_CALL, _raw_twin(server, _SDK_CREATE, workdir)),
            },
            count,
            workdir,
        )
    print(f"cold start (import, client, first call), clean runtime venv, {count} paired rounds")
    return [
        _report("workspace.metadata", names[0], "sdk metadata", "raw metadata", samples),
        _report("leads.create", names[1], "sdk create", "raw create", samples),
    ]
