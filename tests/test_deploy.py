"""The README's Hosting section holds: its unit file, container recipe and commands are checked here
(docker and systemd are not on the test machine, so their files are parsed and the commands they
run are run), and every make target and Python module it names exists."""

from __future__ import annotations

import configparser
import importlib.util
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

from makan_ui.serve import parse_args
from tests.conftest import REPO
from tests.test_hosted import AUTH, ROLES, write_secrets

README = (REPO / "README.md").read_text(encoding="utf-8")
HOSTING = README[README.index("## Hosting"):README.index("\n## ", README.index("## Hosting") + 5)]


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#",))
    unit.optionxform = str  # keys keep their case, as systemd reads them
    unit.read_string((REPO / "deploy" / "makan.service").read_text(encoding="utf-8"))
    return unit


def test_unit_file_runs_the_checked_hosted_server(tmp_path):
    unit = _unit()
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    start = shlex.split(service["ExecStart"])
    assert start[:3] == ["/opt/makan/.venv/bin/python", "-m", "makan_ui.serve"]
    args, dashboard = parse_args(start[3:])
    assert str(args.address) == "127.0.0.1" and not args.check
    assert dashboard[dashboard.index("--db") + 1].startswith("/var/lib/makan/")
    assert service["RestartPreventExitStatus"] == "2"  # a refused configuration is not retried
    assert "/var/lib/makan" in service["ReadWritePaths"].split()
    # The pre-start check, with this machine's paths: passes on a good configuration, refuses a bad one.
    check = shlex.split(service["ExecStartPre"])
    secrets = write_secrets(tmp_path / "secrets.toml", AUTH)
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    command = [sys.executable, *check[1:]]
    command = [str(secrets) if a == "/etc/makan/secrets.toml" else str(roles) if a == "/etc/makan/roles.toml"
               else a for a in command]
    assert subprocess.run(command, cwd=REPO, timeout=120).returncode == 0
    roles.write_text("", encoding="utf-8")
    assert subprocess.run(command, cwd=REPO, timeout=120, capture_output=True).returncode == 2


def _instructions() -> list[tuple[str, str]]:
    """(instruction, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (REPO / "Dockerfile").read_text(encoding="utf-8"))
    return [tuple(line.split(None, 1)) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_dockerfile_sets_up_with_make_and_serves_behind_the_login():
    steps = _instructions()
    kinds = [kind for kind, _ in steps]
    assert kinds[0] == "FROM" and "USER" in kinds and kinds.index("USER") > kinds.index("RUN")
    runs = " && ".join(args for kind, args in steps if kind == "RUN")
    assert "make setup" in runs
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^setup:", makefile, re.M)
    entry = json.loads(dict(steps)["ENTRYPOINT"])
    cmd = json.loads(dict(steps)["CMD"])
    assert entry[:3] == [".venv/bin/python", "-m", "makan_ui.serve"]
    args, dashboard = parse_args(entry[3:] + cmd)
    assert str(args.roles) == "/etc/makan/roles.toml" and "--corpus" in dashboard
    health = json.loads(dict(steps)["HEALTHCHECK"].split("CMD", 1)[1])
    assert importlib.util.find_spec(health[2]) is not None
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored and ".streamlit/secrets.toml" in ignored  # no secret is baked into an image


def test_nginx_forwards_the_websocket_to_the_local_server():
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://127.0.0.1:8501;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "listen 443 ssl;" in conf
    assert conf.count("{") == conf.count("}")


def test_hosting_section_names_only_what_exists():
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", HOSTING, re.S))
    modules = set(re.findall(r"python -m ([\w.]+)", HOSTING))
    assert {"makan_ui.serve", "makan_ui.health", "geo.backup"} <= modules
    assert all(importlib.util.find_spec(m) is not None for m in modules), modules
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"\bmake (\w+)", blocks)):
        assert re.search(rf"^{target}:", makefile, re.M), target
    for path in set(re.findall(r"\b(deploy/[\w.-]+)", HOSTING)):
        assert (REPO / path).is_file(), path


def test_example_secrets_are_refused_until_filled_in(tmp_path):
    """The README's first commands: copy the examples, check them (the placeholder secret is refused)."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text((REPO / "deploy" / "secrets.example.toml").read_text(encoding="utf-8"), encoding="utf-8")
    roles = tmp_path / "roles.toml"
    roles.write_text((REPO / "deploy" / "roles.example.toml").read_text(encoding="utf-8"), encoding="utf-8")
    command = [sys.executable, "-m", "makan_ui.serve", "--check", "--roles", str(roles), "--secrets", str(secrets)]
    refused = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "cookie_secret is shorter than 32" in refused.stderr
    secrets.write_text(secrets.read_text().replace("REPLACE-WITH-64-HEX-CHARACTERS", "ab" * 32))
    assert subprocess.run(command, cwd=REPO, timeout=120).returncode == 0
