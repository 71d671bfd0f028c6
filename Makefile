# Passerelle — the two set-up commands: `make run` (the app on a demo profile) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_PROFILE ?= .demo-profile
DEMO_JEUNES ?= 800
# The demo profile holds only fictitious data; where no OS keyring exists it is locked by this passphrase.
DEMO_PASSPHRASE ?= demo-passerelle

.PHONY: run test demo bench convergence clean package

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

$(DEMO_PROFILE)/profile.json: | $(STAMP)
	PASSERELLE_PASSPHRASE=$(DEMO_PASSPHRASE) $(VENV)/bin/passerelle --profile $(DEMO_PROFILE) demo --jeunes $(DEMO_JEUNES)

demo: $(DEMO_PROFILE)/profile.json

# Before the window: the system libraries Qt needs (the Debian packages to install, said in French).
run: $(STAMP) $(DEMO_PROFILE)/profile.json
	@$(PY) -m desktop_app.views.shell.bibliotheques
	PASSERELLE_PASSPHRASE=$(DEMO_PASSPHRASE) $(VENV)/bin/passerelle --profile $(DEMO_PROFILE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

# The randomized field scenario of the sync tests, longer and over more seeds, and the 5-laptop round time.
convergence: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/convergence.py $(CONVERGENCE_ARGS)

# Linux bundle (dist/passerelle-linux-x86_64.tar.gz) built with PyInstaller, then its --self-test.
package: $(STAMP)
	PY=$(PY) installers/linux/build.sh

clean:
	rm -rf $(VENV) $(DEMO_PROFILE) build dist *.egg-info
