# Two commands set everything up on a fresh machine (Python 3.11+ with venv):
#   make demo   creates .venv, installs the project, reads the bundled samples
#   make test   creates .venv if needed, runs the test suite
# Extra: make samples (regenerate samples/, needs Debian CJK fonts), make bench.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: demo test install samples bench fonts clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	@for f in samples/scans/a4-two-sides-0.jpg samples/scans/003-business_license-clean.jpg \
	          samples/scans/digital-domain-0.pdf samples/scans/010-id_card_front-photo.jpg; do \
	  $(VENV)/bin/beian extract $$f || exit $$?; done

test: $(STAMP)
	$(PY) -m pytest -q

fonts:
	apt-get update -qq && apt-get install -y -qq fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei \
	  fonts-arphic-ukai fonts-arphic-uming >/dev/null

samples: $(STAMP)
	$(PY) -m pip install --quiet -e '.[samples]'
	rm -rf samples/scans && $(PY) samples/generate.py samples/scans --seed 7 \
	  --captures clean,scan_pdf,photo,skew,rot90,rot180,blur,jpeg,photocopy

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[samples]'
	$(PY) benchmarks/extract_bench.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
