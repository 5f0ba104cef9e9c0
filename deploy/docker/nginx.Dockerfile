# syntax=docker/dockerfile:1
# The reverse proxy of the production profile (nginx in deploy/compose.yml): Debian's nginx,
# as scripts/nginx.sh installs it for `make run-prod`, with deploy/nginx/nginx.conf (the
# profile's configuration with the compose services' names: deploy/containers.py renders
# it), run as the profile runs it (`nginx -p ... -c ... -e ...`, in the foreground) by an
# unprivileged user. Its logs go to the container's output.
# Build from the repository's root: docker build -f deploy/docker/nginx.Dockerfile .

FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx curl \
    && rm -rf /var/lib/apt/lists/*
# The profile's folders below /app: the state folder (pid, temporary files) and the logs,
# which are links to the container's output.
RUN mkdir -p /app/var/prod/nginx /app/var/log/prod \
    && ln -sf /dev/stderr /app/var/log/prod/nginx-error.log \
    && ln -sf /dev/stdout /app/var/log/prod/nginx-access.log \
    && ln -sf /dev/stdout /app/var/log/prod/nginx-actions-access.log \
    && chown -R www-data:www-data /app/var
COPY deploy/nginx/nginx.conf /app/var/prod/nginx.conf
USER www-data
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/shopbot-proxy-health"]
CMD ["nginx", "-p", "/app/var/prod", "-c", "/app/var/prod/nginx.conf", "-e", "/app/var/log/prod/nginx-error.log"]
