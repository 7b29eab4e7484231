# Every target bootstraps what it needs: a fresh clone runs `make demo` or `make test` directly.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: demo test test-js lint format benchmark bench-test e2e system-deps

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

system-deps:
	@bash scripts/system-deps.sh

## The main job on bundled sample data: one class computed, rendered, signed, archived and verified.
DEMO_OUT ?= demo-out
demo: system-deps $(STAMP)
	rm -rf $(DEMO_OUT)/ho-so $(DEMO_OUT)/luu-tru-* $(DEMO_OUT)/chuyen-truong
	$(VENV)/bin/hoso-longan demo --out $(DEMO_OUT)

## Lint, the Frappe artefact validator, the framework-free tests and the portal's JavaScript unit tests.
test: system-deps $(STAMP) test-js
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

## The teachers' portal's ES modules (grid keys, decimals, drafts, conflicts) under node's own test runner:
## no npm package is installed (node >= 18).
test-js:
	@command -v node >/dev/null || { echo "test-js: node (>= 18) is needed for the portal's JavaScript tests"; exit 2; }
	node --test tests/js/

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

benchmark: system-deps $(STAMP)
	$(PY) -m benchmarks

## Frappe integration tests on a real bench: make bench-test BENCH=/path/to/bench SITE=site.name
BENCH ?= $(HOME)/frappe-bench
SITE ?= hoso.test
bench-test:
	cd $(BENCH) && CI=1 bench --site $(SITE) run-tests --app hoso_longan

## Browser tests on a bench site (Debian's chromium, never a downloaded one): make e2e BENCH=/path SITE=site.name
E2E_VENV ?= .venv-e2e
$(E2E_VENV)/.installed: e2e/requirements.txt
	$(PYTHON) -m venv $(E2E_VENV)
	$(E2E_VENV)/bin/pip install -q -r e2e/requirements.txt
	touch $@

e2e: $(E2E_VENV)/.installed
	@command -v chromium >/dev/null || { echo "e2e: install Debian's chromium (apt-get install chromium)"; exit 2; }
	E2E_BENCH=$(BENCH) E2E_SITE=$(SITE) $(E2E_VENV)/bin/python -m pytest -p no:cacheprovider -v e2e $(E2E_ARGS)
