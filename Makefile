# Quick start: `make run` reviews the bundled example; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup docs bench clean

$(STAMP): pyproject.toml setup.py src/iacreview/hcl/_lexer.c src/iacreview/hcl/_tree.c src/iacreview/hcl/_parser.c src/iacreview/hcl/token_kinds.h src/iacreview/fmt/_layout.c
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (Python >= 3.11 is required)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# An editable install leaves the package uncompiled (a regular pip install compiles it); with
	@# PYTHONDONTWRITEBYTECODE set every start-up would compile ~170 modules again (~0.1 s).
	$(BIN)/python -m compileall -q src >/dev/null
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/iacreview review examples/region-migration

test: $(STAMP)
	-$(BIN)/python tests/dashboard/headless_chromium.py --install
	$(BIN)/python -m pytest -q -n 2 tests

docs: $(STAMP)
	$(BIN)/python scripts/gen_rule_docs.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache src/iacreview/hcl/_lexer.*.so src/iacreview/hcl/_tree.*.so src/iacreview/hcl/_parser.*.so src/iacreview/fmt/_layout.*.so
