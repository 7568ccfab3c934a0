# The FIIT information kit. `make build` and `make test` are all a fresh machine needs (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: build test check kits site offline serve lint clean

build: check kits site offline    ## set up, check the content, build every kit, the site and the offline copy

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m kit.doctor
	@touch $(STAMP)

check: $(STAMP)                   ## check all content and report every problem
	$(PY) build_kit.py check

kits: $(STAMP)                    ## the PDF kits, into build/kits/<lang>/
	$(PY) build_kit.py build

site: $(STAMP)                    ## the site, into site/ (with the kits in site/<lang>/downloads/)
	$(PY) build_kit.py site

offline: $(STAMP)                 ## the offline copy for USB sticks, into build/offline/
	$(PY) build_kit.py offline

test: build                       ## set up, build, and run the tests (unit, PDF, site, browser)
	$(PY) -m ruff check .
	$(PY) -m pytest -n auto

serve: $(STAMP)                   ## preview the site at http://127.0.0.1:8000
	$(PY) build_kit.py serve

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf site build .site-* .pytest_cache
