# The two commands of the README:
#   make demo   crawl the bundled offline demo site into data/news.db
#   make test   lint and run the test suite
#   make datasette  browse data/news.db with the project's metadata and plugins
#                   (its settings: README "Browsing and exporting", docs/datasette-scale.md)
# They create the virtual environment (.venv) on first use: the packages of
# requirements-dev.txt (runtime + tests), then the project itself, editable
# (`pip install -e .`), so the Datasette plugins and every command import it.
# The pip that ships with Python is used as is: requirements.txt names every
# package the code imports, so no newer resolver is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint datasette

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/scrapy crawl news -a source=demo
	@echo "Stored in data/news.db. Browse it with: make datasette"

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -q

DATASETTE_DB ?= data/news.db

datasette: $(STAMP)
	$(BIN)/datasette $(DATASETTE_DB) -m datasette/metadata.yml --plugins-dir datasette/plugins --template-dir datasette/templates --setting truncate_cells_html 300 \
		--setting suggest_facets off --setting max_csv_mb 0 --setting facet_time_limit_ms 200
