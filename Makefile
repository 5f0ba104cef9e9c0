# Shopbot: the two commands are `make run` and `make test`; the rest are helpers.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run stop run-prod stop-prod chat test lint audit format setup train seed index bench eval eval-nlu clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run:  ## Set up everything that is missing, start the Rasa and action servers, say where to go
	@scripts/run.sh

stop:  ## Stop the servers `make run` started
	@scripts/stop.sh

run-prod:  ## The production profile: 2 Rasa + 2 action servers behind nginx on PostgreSQL, Redis, RabbitMQ (docs/production.md)
	@scripts/run-prod.sh

stop-prod:  ## Stop the production profile
	@scripts/stop-prod.sh

chat:  ## Chat with the running assistant in the terminal
	@.venv/bin/shopbot chat

test:  ## Set up what is missing and run the whole test suite
	@scripts/test.sh

lint:  ## ruff, mypy (the Rasa side under Python 3.10 with Rasa too) and the floors' import contracts (docs/architecture.md)
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy
	@.venv/bin/mypy --config-file requirements/rasa-side/pyproject.toml --python-executable .venv-rasa/bin/python \
		bot knowledge/language knowledge/out_of_scope knowledge/responses knowledge/sentiment
	@.venv/bin/lint-imports --no-cache

# What `make audit` does when an advisory service cannot be reached: fail (exit 2), or warn
# and pass (.ci/run, on machines that reach only the package registries). It says so either way.
AUDIT_UNREACHABLE ?= fail

audit:  ## Known vulnerabilities with a fixed version: pip-audit on both environments, npm audit on the widget (docs/security.md)
	@scripts/bootstrap.sh
	@.venv/bin/python scripts/audit.py --unreachable=$(AUDIT_UNREACHABLE)

format:  ## Format the code
	@.venv/bin/ruff format .
	@.venv/bin/ruff check --fix .

setup:  ## Create or update the two environments only
	@scripts/bootstrap.sh

train:  ## Train the model if its inputs changed
	@scripts/train.sh

seed:  ## Create the demo order database if it is empty
	@scripts/seed.sh

index:  ## Bring the product search index up to date (encodes only what changed)
	@scripts/index.sh

bench:  ## Turn latency over REST, against a stock `rasa init` bot and the bot without its multilingual components
	@scripts/bootstrap.sh && scripts/seed.sh && scripts/train.sh && .venv/bin/shopbot bench turns --multilingual-cost

eval:  ## Every understanding benchmark on the public sets (SHOPBOT_EVAL_DIR=folder): language ID, sentiment, search, intents, out of scope (hours)
	@scripts/eval.sh

eval-nlu:  ## Intent accuracy on a held-out split of our own NLU data
	@scripts/bootstrap.sh && .venv-rasa/bin/python bench/nlu_holdout.py

clean:  ## Remove models, databases and logs (keeps the environments)
	rm -rf models var results test-artifacts
