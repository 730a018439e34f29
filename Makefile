# scpkg: two commands do all set-up on a fresh machine.
#   make demo   build the graph from the bundled case studies on the embedded store
#   make test   lint and run the whole test suite
# Both create .venv with Python >= 3.12 and install what they need (pip and npm packages).

VENV      ?= .venv
PY        := $(VENV)/bin/python
SCPKG     := $(VENV)/bin/scpkg
LINT_DIR  := tests/cypher_lint
# setuptools notes every editable install of a package-dir layout ("Editable installation... folders with
# the same name"); scpkg's folders are its sub-packages by design, so the note is silenced, nothing else.
PIP_INSTALL := PYTHONWARNINGS='ignore:Editable installation' $(PY) -m pip install --quiet

# First interpreter that is Python >= 3.12: PYTHON from the environment, python3.13, python3.12,
# pyenv's installed versions, then python3. pyenv shims of unselected versions refuse to run, so each
# candidate is tried, not just looked up.
FIND_PYTHON = for p in $${PYTHON:-} python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; \
	done

.PHONY: demo test lint venv venv-dev npm clean help

help:
	@echo "make demo   build, validate and report on the bundled example case studies (embedded store)"
	@echo "make test   ruff + the whole test suite"
	@echo "make clean  remove .venv and installed npm packages"

$(VENV)/.installed: pyproject.toml
	@py="$$($(FIND_PYTHON))"; \
	if [ -z "$$py" ]; then \
	  echo "scpkg needs Python >= 3.12 and none was found (tried python3.13, python3.12, pyenv versions, python3)." >&2; \
	  echo "Install one, e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.12', or set PYTHON=/path/to/python3.12." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py ($$($$py -V))"; \
	"$$py" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e .
	@touch $@

# The test tools (pytest, ruff, playwright) only for `make test`: the demo does not run them.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP_INSTALL) -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

venv-dev: $(VENV)/.installed-dev

$(LINT_DIR)/node_modules/.installed: $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(LINT_DIR) --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "npm not found: the Neo4j Cypher lint tests will be skipped (install Node.js >= 18 and npm)."; \
	fi

npm: $(LINT_DIR)/node_modules/.installed

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: venv-dev npm lint
	$(VENV)/bin/pytest

demo: venv
	$(SCPKG) demo

clean:
	rm -rf $(VENV) $(LINT_DIR)/node_modules
