# Makan's hosted mode in a container (README, Hosting):
#   docker build -t makan .
#   docker run -p 127.0.0.1:8501:8501 -v /etc/makan:/etc/makan:ro \
#     -v /srv/makan/articles:/srv/makan/articles:ro -v makan-data:/var/lib/makan makan
# The login and roles come from /etc/makan (secrets.toml, roles.toml), the store lives in the volume.
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/makan
COPY . .
RUN make setup PYTHON=python3 \
    && useradd --system --home-dir /var/lib/makan makan \
    && mkdir -p /var/lib/makan && chown -R makan /var/lib/makan static
USER makan
ENV XDG_DATA_HOME=/var/lib/makan
VOLUME ["/var/lib/makan"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=10s CMD [".venv/bin/python", "-m", "makan_ui.health", "--url", "http://127.0.0.1:8501"]
ENTRYPOINT [".venv/bin/python", "-m", "makan_ui.serve", "--roles", "/etc/makan/roles.toml", "--secrets", "/etc/makan/secrets.toml", "--address", "0.0.0.0", "--port", "8501"]
CMD ["--", "--corpus", "/srv/makan/articles", "--db", "/var/lib/makan/makan.sqlite"]
