# syntax=docker/dockerfile:1
# The action servers of the production profile (actions-1, actions-2 in deploy/compose.yml):
# `python -m actions.server` on Python 3.11, with the environment scripts/bootstrap.sh builds
# as .venv: the pinned dependencies of pyproject.toml (without the dev extra), then the
# project installed editable, so its settings find domain.yml, responses/ and
# knowledge/policies below /app as they do in the repository.
# Build from the repository's root: docker build -f deploy/docker/actions.Dockerfile .
# No secret is in the image: every one comes from the environment at run time.
# torch: pyproject.toml pins torch==2.13.0; from the default index that is the CUDA build
# (several GB). For the CPU build, give PyTorch's CPU wheel index as PIP_EXTRA_INDEX_URL.

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
    PYTHONUNBUFFERED=1 \
    SHOPBOT_ACTION_HOST=0.0.0.0 \
    SHOPBOT_ACTION_PORT=5155
RUN groupadd --gid 10001 shopbot \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin shopbot
WORKDIR /app
COPY --from=environment /app /app
COPY domain.yml domain.yml
COPY responses/ responses/
COPY --chmod=755 deploy/docker/healthcheck.py /usr/local/bin/shopbot-healthcheck
# Written at run time: the product index and the embedding cache (volumes shared with the
# prepare job and the other action server).
RUN mkdir -p var/index var/cache var/prod && chown -R 10001:10001 var
USER 10001:10001
EXPOSE 5155 5156
# The profile's health URL of the action server on its port (SHOPBOT_ACTION_PORT).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD shopbot-healthcheck "http://127.0.0.1:${SHOPBOT_ACTION_PORT}/health"
CMD ["/app/.venv/bin/python", "-m", "actions.server"]
