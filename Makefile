# The two commands of the README:
#   make demo   crawl the bundled offline demo site into data/news.db
#   make test   lint and run the test suite
#   make datasette  browse data/news.db with the project's metadata and plugins
# They create the virtual environment (.venv) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint datasette

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
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
	$(BIN)/datasette $(DATASETTE_DB) -m datasette/metadata.yml --plugins-dir datasette/plugins --setting truncate_cells_html 300
