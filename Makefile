# One task runner, the same commands locally and in CI.
#   make demo    install everything, process the bundled demo corpus, print what was found
#   make test    install everything (PostgreSQL and Chromium included), run the whole suite
#   make bench   speed and memory benchmarks (benchmarks/)
#   make lint    ruff

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= conflictmap.db
SHARED ?= ../shared

.PHONY: install system-deps demo test bench lint serve clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed

system-deps:
	sh scripts/system-deps.sh

demo: install
	@rm -f $(DB)
	$(VENV)/bin/conflictmap ingest data/demo --db $(DB)
	@$(VENV)/bin/conflictmap status --db $(DB)
	@echo ""
	@echo "Next:"
	@echo "  . $(VENV)/bin/activate"
	@echo "  conflictmap events --db $(DB)                     # the events as a table"
	@echo "  conflictmap export --db $(DB) --format acled-csv -o events.csv"
	@echo "  conflictmap serve --db $(DB)                      # then open http://127.0.0.1:8000"

test: install system-deps
	$(PY) -m pytest -q

bench: install
	$(PY) benchmarks/run.py --shared $(SHARED)

lint: install
	$(VENV)/bin/ruff check src tests benchmarks scripts

serve: install
	$(VENV)/bin/conflictmap serve --db $(DB)

clean:
	rm -rf $(VENV) $(DB) .pytest_cache tests/artifacts benchmarks/results
