# syntax=docker/dockerfile:1
# The web server of the production profile (web in deploy/compose.yml: the shop page, the
# widget, the support console, the hand-over API), `python -m shopbot.web` on Python 3.11;
# the same image runs the conversation-summary consumer (summaries: `shopbot conversations
# follow --broker amqp`) and the one-shot prepare job (deploy/docker/prepare.py).
# The environment is the one scripts/bootstrap.sh builds as .venv (see actions.Dockerfile),
# plus the widget's one npm dependency from web/package-lock.json, as
# scripts/web_assets.sh installs it.
# Build from the repository's root: docker build -f deploy/docker/web.Dockerfile .
# No secret is in the image: every one comes from the environment at run time.

FROM node:20-bookworm-slim AS widget
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm AS environment
# A package index of your own (a mirror), or PyTorch's CPU wheels: pip reads these.
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /app/.venv
# The dependencies first, in a layer of their own that code changes keep: pyproject.toml
# alone builds a distribution with no package, whose install brings its pinned dependencies.
COPY pyproject.toml README.md ./
RUN /app/.venv/bin/pip install /app
COPY core/ core/
COPY knowledge/ knowledge/
COPY shop/ shop/
COPY shopbot/ shopbot/
COPY actions/ actions/
RUN /app/.venv/bin/pip install --no-deps -e /app

FROM python:3.11-slim-bookworm
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
COPY domain.yml domain.yml
COPY responses/ responses/
COPY credentials.yml credentials.yml
COPY web/ web/
COPY --from=widget /web/node_modules/ web/node_modules/
COPY deploy/docker/prepare.py deploy/docker/prepare.py
COPY --chmod=755 deploy/docker/healthcheck.py /usr/local/bin/shopbot-healthcheck
# Written at run time: the channels' credentials (prepare), the product index and the
# embedding cache (prepare builds them for the action servers).
RUN mkdir -p var/prod var/index var/cache && chown -R 10001:10001 var
USER 10001:10001
EXPOSE 8100
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["shopbot-healthcheck", "http://127.0.0.1:8100/health"]
CMD ["/app/.venv/bin/python", "-m", "shopbot.web", "--host", "0.0.0.0", "--port", "8100", "--rasa-url", "http://localhost:8080"]
