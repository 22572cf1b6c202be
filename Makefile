# speeddate: `make demo` runs the whole pipeline on the bundled sample; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
OUT ?= speeddate-out

.PHONY: demo test install install-test bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(VENV)/bin/python
	$(PIP) install --quiet -e '.[pdf,plot]'

install-test: $(VENV)/bin/python
	$(PIP) install --quiet -e '.[test]'

demo: install
	$(VENV)/bin/speeddate demo --out $(OUT) --force

test: install-test
	$(PY) -m pytest -q

bench: install-test
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info .pytest_cache .hypothesis
