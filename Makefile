# The project's workflow. Every target sets up what it needs on a fresh machine:
# a locked Python environment (.venv, via a pinned uv) and, for Prism, locked Node packages.

PYTHON ?= python3
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup generate check-generated update-spec lint test fuzz demo bench clean

setup: $(VENV)/.synced node_modules/.installed

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	UV_PYTHON=$(PYTHON) $(UV) sync --locked --all-extras --quiet
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## generate: vendor spec + overlays -> openapi/telecrm.patched.yaml -> generated/telecrm_api
generate: $(VENV)/.synced
	$(BIN)/python tools/pipeline.py generate

## check-generated: fail if the committed patched spec or generated/ differ from a fresh generation
check-generated: $(VENV)/.synced
	$(BIN)/python tools/pipeline.py check

## update-spec SPEC=path/to/sync.yaml: adopt a new vendor spec, report stale overlay actions, regenerate
update-spec: $(VENV)/.synced
	@test -n "$(SPEC)" || { echo "usage: make update-spec SPEC=path/to/new-vendor-spec.yaml" >&2; exit 2; }
	$(BIN)/python tools/pipeline.py update-spec "$(SPEC)"

lint: $(VENV)/.synced
	$(BIN)/ruff check src tests tools bench examples
	$(BIN)/ruff format --check src tests tools bench examples
	$(BIN)/mypy

test: setup check-generated lint
	$(BIN)/pytest

## fuzz: the argument fuzz with many random examples (TELECRM_FUZZ_EXAMPLES per test, default 600; a few
## minutes); ends with the number of calls made and of raw exceptions seen
fuzz: $(VENV)/.synced
	TELECRM_FUZZ=1 $(BIN)/pytest tests/robustness/test_fuzz_arguments.py -q -rfE

demo: $(VENV)/.synced
	$(BIN)/python examples/demo.py

bench: $(VENV)/.synced
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .tools node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
