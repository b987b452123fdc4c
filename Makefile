# khparse — every target sets itself up from nothing on Debian with Python 3.11.
#   make run    venv + dependencies, then extract every document in corpus/ to out/
#   make test   venv + dependencies, then the whole test suite
#   make bench  speed: per stage, per page and format, and a 2,000-document batch
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := antiword tesseract-ocr tesseract-ocr-vie poppler-utils chromium postgresql

.PHONY: all setup run test bench lint clean sysdeps

all: test

sysdeps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found"; exit 1; }
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,service]'
	@touch $(STAMP)

setup: sysdeps $(STAMP)

run: setup
	@mkdir -p out
	$(VENV)/bin/khparse extract corpus/*.txt -o out/; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 4 ]
	$(VENV)/bin/khparse validate out/*.json
	$(VENV)/bin/khparse evaluate corpus/gold out

test: setup
	$(VENV)/bin/python -m pytest -q

bench: setup
	$(VENV)/bin/python -m parser.bench corpus                # per stage, per document and per 10k characters
	$(VENV)/bin/python -m parser.bench_formats corpus/fixtures # seconds per page: digital PDF, OCR (vs raw Tesseract), DOCX, DOC
	$(VENV)/bin/python -m parser.bench_batch                  # 2,000+ documents: docs/s, pages/s, peak RSS, 1->2 workers

clean:
	rm -rf $(VENV) out .pytest_cache

# make fuzz   long fuzzing run (~15 min): Hypothesis with fresh random examples, then atheris
#             (coverage-guided, installed here) on the readers; crashes land in test-artifacts/fuzz/crashes/
FUZZ_SECONDS ?= 600
.PHONY: fuzz
fuzz: setup
	$(PY) -m pip install -q atheris
	@mkdir -p test-artifacts/fuzz/corpus test-artifacts/fuzz/crashes
	$(PY) -c "from pathlib import Path; from fuzz.seeds import write_seeds; write_seeds(Path('test-artifacts/fuzz/corpus'))"
	KHPARSE_FUZZ_RANDOM=1 KHPARSE_FUZZ_EXAMPLES=40000 KHPARSE_FUZZ_DOC_EXAMPLES=1500 KHPARSE_FUZZ_BYTES_EXAMPLES=5000 \
	  $(PY) -m pytest -q -p no:cacheprovider tests/fuzz -k "not atheris"
	$(PY) fuzz/fuzz_readers.py test-artifacts/fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	  -timeout=60 -artifact_prefix=test-artifacts/fuzz/crashes/ -print_final_stats=1
