# The two commands: `make run` (serve the demo site) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The public address of the site (README, "Adresse publique du site"): every absolute URL
# and the Wagtail Site record follow it; by default the address `make run` serves.
WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
export WAGTAILADMIN_BASE_URL

.PHONY: run serve test install install-dev lint format migrate demo e2e bench backup restore clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamps make a second run skip pip when the requirements did not change.
$(VENV)/.runtime.stamp: requirements.txt | $(PY)
	@echo "→ Installation des dépendances (requirements.txt)…"
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev.stamp: requirements-dev.txt requirements.txt | $(PY)
	@echo "→ Installation des dépendances de test (requirements-dev.txt)…"
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $(VENV)/.runtime.stamp $@

install: $(VENV)/.runtime.stamp
install-dev: $(VENV)/.dev.stamp

migrate: install
	@echo "→ Migration de la base de données…"
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	@echo "→ Contenu de démonstration…"
	$(MANAGE) load_demo --sans-declinaisons
	@echo "→ Déclinaisons des images (une fois : environ deux minutes au premier lancement)…"
	$(MANAGE) generate_renditions

run: demo
	$(MANAGE) ensure_admin
	@echo "→ Site servi sur http://$(HOST):$(PORT)/ (administration : http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

# The production stack on this machine (README, « make serve ») : production settings,
# static files collected and served by whitenoise, gunicorn with deploy/gunicorn.conf.py.
# Without SECRET_KEY, one is generated once into $(SERVE_SECRET_FILE) (not committed).
SERVE_SECRET_FILE := .serve-secret-key
serve: demo
	@test -n "$$SECRET_KEY" || test -s $(SERVE_SECRET_FILE) || { \
	  umask 077; $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $(SERVE_SECRET_FILE); }
	@export DJANGO_SETTINGS_MODULE=cms.settings.production \
	  SECRET_KEY="$${SECRET_KEY:-$$(cat $(SERVE_SECRET_FILE))}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	  GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}"; \
	$(MANAGE) collectstatic --noinput -v 0 && \
	echo "→ Pile de production sur http://$(HOST):$(PORT)/ (gunicorn, deploy/gunicorn.conf.py)" && \
	exec $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py cms.wsgi:application

test: install-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

e2e: install-dev
	$(VENV)/bin/pytest tests/e2e $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pylint cms home projects news alumni tests
	npm ci --no-audit --no-fund --silent
	npx --no-install stylelint "static/css/**/*.css"

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The benchmark databases (emi_bench, emi_bench_100 on PostgreSQL) are restored from
# .bench-cache/<hash of the generator>.dump, or built and dumped when the generator changed.
# The soak starts from a copy of emi_bench_100 (the demo is already loaded there).
bench: install-dev
	$(PY) -m tests.benchmarks.pages.dataset
	SOAK_TEMPLATE_DATABASE=$${SOAK_TEMPLATE_DATABASE:-emi_bench_100} \
	DJANGO_SETTINGS_MODULE=cms.settings.test $(VENV)/bin/pytest tests/benchmarks -p no:cacheprovider -o addopts="" -o python_files="bench_*.py" -s

# Backups: `make backup` prints the archive's path; `make restore ARCHIVE=… [IDENTITY=clé]
# [CONFIRM=1]` replaces the database and the media folders (README, "Sauvegardes").
backup: install
	@$(MANAGE) backup_site

restore: install
	@test -n "$(ARCHIVE)" || { echo "Indiquez l'archive : make restore ARCHIVE=backups/…"; exit 2; }
	$(MANAGE) restore_site "$(ARCHIVE)" $(if $(IDENTITY),--identity "$(IDENTITY)") $(if $(filter 1,$(CONFIRM)),--yes)

clean:
	rm -rf $(VENV) staticfiles
