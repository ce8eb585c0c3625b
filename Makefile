# Two commands set everything up on a fresh machine (Python 3.11+ with venv):
#   make demo   creates .venv, installs the project, runs the nightly intake flow over the
#               bundled sample submissions (local folder store, Prefect's ephemeral API)
#   make test   creates .venv if needed, installs Debian's chromium when missing (root), runs the tests
# make test-fast: the suite without the OCR engine or servers (under 2 minutes); make lint: ruff (CI runs it first).
# Extra: make samples (regenerate samples/, needs Debian CJK fonts), make fit-scorer, make bench, bench-real, bench-lookalike, bench-intake, bench-scaleout, bench-api, bench-engines.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: demo test test-fast lint install samples ocr-replay fit-scorer bench bench-real bench-lookalike bench-intake bench-scaleout bench-engines bench-api fonts clean browser paddle test-paddle

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	@rm -rf out/demo && mkdir -p out/demo/incoming && cp -r samples/submissions/* samples/independent/submissions/* out/demo/incoming/
	@rm -f out/demo/incoming/*/expected.json
	$(VENV)/bin/beian run out/demo --as-of 2026-11-28
	@echo "reports: out/demo/reports/<submission>/report.json; one of them: $(VENV)/bin/beian check samples/submissions/name-typo --as-of 2026-11-28"

# two processes (CI's two cores): each test module runs whole in one of them, the longest first
# (tests/conftest.py `FIRST`)
TEST_WORKERS ?= 2
test: $(STAMP) browser
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# the tables, rules, validators, layouts and doctests: no OCR engine, no server (under 2 minutes)
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# the review page is tested in headless Chromium (Debian's package); installed when missing
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "note: no chromium (apt-get install chromium): the review page tests will be skipped"

fonts:
	apt-get update -qq && apt-get install -y -qq fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei \
	  fonts-arphic-ukai fonts-arphic-uming >/dev/null

samples: $(STAMP)
	$(PY) -m pip install --quiet -e '.[samples]'
	rm -rf samples/scans && $(PY) samples/generate.py samples/scans --seed 7 \
	  --captures clean,scan_pdf,photo,skew,rot90,rot180,blur,jpeg,photocopy --org-captures clean,photo
	rm -rf samples/submissions && $(PY) samples/generate.py samples/submissions --submissions --seed 11

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[samples]'
	$(PY) benchmarks/extract_bench.py

# the real set in folds, the field scorer refitted without each, through the OCR cache in out/ocr-cache
bench-real: $(STAMP)
	$(PY) -m pip install --quiet -e '.[fit,samples]'
	$(PY) benchmarks/real_bench.py

# fit the field scorer on both renderers' training sets and the real set: extractors/data/field_scorer.json
fit-scorer: $(STAMP)
	$(PY) -m pip install --quiet -e '.[fit,samples]'
	$(PY) benchmarks/fit_scorer.py

# look-alike characters in domains, rendered in the installed fonts (make fonts), through the OCR cache
bench-lookalike: $(STAMP)
	$(PY) benchmarks/lookalike_bench.py

bench-intake: $(STAMP)
	$(PY) benchmarks/intake_bench.py

bench-scaleout: $(STAMP)
	$(PY) benchmarks/scaleout_bench.py

bench-api: $(STAMP)
	$(PY) benchmarks/api_bench.py

# The paddleocr engine in its own environment (.venv-paddle): paddlex brings opencv-contrib-python,
# which writes the same cv2/ files as opencv-python-headless. The headless build of the same
# version is reinstalled last, so cv2 is one build that needs no GUI libraries, and both
# packages stay installed for pip and for paddlex's own dependency check.
PADDLE_VENV ?= .venv-paddle
PADDLE_STAMP := $(PADDLE_VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

paddle: $(PADDLE_STAMP)

$(PADDLE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(PADDLE_VENV)
	$(PADDLE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PADDLE_VENV)/bin/python -m pip install --quiet -e '.[paddle,test]'
	$(PADDLE_VENV)/bin/python -m pip install --quiet --force-reinstall --no-deps \
	  "opencv-python-headless==$$($(PADDLE_VENV)/bin/python -c 'from importlib.metadata import version; print(version("opencv-contrib-python"))')"
	$(PADDLE_VENV)/bin/python -m pip check
	rm -f $(PADDLE_VENV)/.installed-*
	touch $(PADDLE_STAMP)

# the committed replay of the samples' OCR (tests/ocr-replay): what the engine answered for their
# pixels, packed from a run of the tests that read them; rebuild it when preparation, the engine or
# the samples change (the test run's last line says how much was read with the engine)
# (the paddleocr engine's too, from the conformance suite's samples only: never a real document)
ocr-replay: $(STAMP) $(PADDLE_STAMP)
	rm -rf out/replay-build
	BEIAN_OCR_CACHE_DIR=out/replay-build BEIAN_OCR_REPLAY_DIR= $(PY) -m pytest -q -p no:cacheprovider \
	  tests/test_read_samples.py tests/test_independent_samples.py tests/test_submissions.py tests/test_review_page.py
	BEIAN_OCR_CACHE_DIR=out/replay-build BEIAN_OCR_REPLAY_DIR= BEIAN_CONFORMANCE_ENGINES=paddleocr \
	  $(PADDLE_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/test_engine_conformance.py \
	  -k "not real_documents and not network_cut_off"
	rm -rf tests/ocr-replay && $(PY) -m beian.extractors.ocr_cache pack out/replay-build tests/ocr-replay

# the engines side by side (accuracy per type, speed ratio, peak memory)
bench-engines: $(STAMP) $(PADDLE_STAMP)
	$(PY) benchmarks/engine_bench.py --paddle-python $(PADDLE_VENV)/bin/python

# the engine-conformance suite with the paddleocr engine (the default engine runs it in make test)
test-paddle: $(PADDLE_STAMP)
	BEIAN_CONFORMANCE_ENGINES=paddleocr $(PADDLE_VENV)/bin/python -m pytest -q tests/test_engine_conformance.py

clean:
	rm -rf $(VENV) $(PADDLE_VENV) .pytest_cache build *.egg-info out
