"""Start the dashboard for colleagues to open from their browsers: ``make serve``.

``python -m makan_ui.serve --roles FILE [--secrets FILE] [--address A] [--port P] -- DASHBOARD ARGS``
checks the login's ``[auth]`` table and the roles file first and refuses to start, naming the file
and the problem with exit status 2, unless both can be used: a hosted server never runs open.
Then it replaces itself with ``streamlit run makan_ui/hosted_app.py ... -- --hosted --roles FILE
...`` (the dashboard plus a ``/health`` route, see ``makan_ui.hosted_app``) and the server options a
shared instance needs, so the unit file, the container and ``make serve``
all start the same thing. ``--check`` only checks (a systemd ``ExecStartPre`` or a deploy script).

Local use (``make run``) stays login-free and binds 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

from makan_ui.auth import auth_problem
from makan_ui.roles import RolesError, load_roles

HERE = Path(__file__).resolve().parents[1]
MAX_UPLOAD_MB = 50  # one upload (an archive of articles), in MB
MAX_MESSAGE_MB = 200  # one websocket message either way: a large corpus's map layer fits


def streamlit_options(address: str, port: int, secrets: Path, max_upload_mb: int) -> list[str]:
    """The server options of a hosted instance (each also explained in the README's Hosting section)."""
    return ["--server.address", address, "--server.port", str(port), "--server.headless", "true",
            "--server.enableCORS", "true", "--server.enableXsrfProtection", "true",
            "--server.maxUploadSize", str(max_upload_mb), "--server.maxMessageSize", str(MAX_MESSAGE_MB),
            "--server.runOnSave", "false", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
            "--client.showErrorDetails", "none", "--secrets.files", str(secrets),
            # a full collection after every run took ~0.2 s of the interpreter per click, with 20
            # sessions the largest part of the server's time (see .streamlit/config.toml)
            "--runner.postScriptGC", "false"]


def problems(secrets: Path, roles: Path) -> list[str]:
    """Everything that stops a hosted server from starting; empty when it may start."""
    found = []
    try:
        section = tomllib.loads(secrets.read_text(encoding="utf-8")).get("auth")
    except OSError as exc:
        found.append(f"{secrets}: cannot read the secrets file ({exc.strerror or exc}); its [auth] table "
                     "configures the login")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        found.append(f"{secrets}: not a TOML file ({exc})")
    else:
        problem = auth_problem(section, str(secrets))
        if problem:
            found.append(problem)
    try:
        load_roles(roles)
    except RolesError as exc:
        found.append(str(exc))
    return found


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the dashboard's (those after ``--``)."""
    ours, dashboard_args = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(prog="python -m makan_ui.serve",
                                     description="Serve the dashboard behind a login (hosted mode).")
    parser.add_argument("--roles", type=Path, required=True, help="TOML file of roles by e-mail address or domain")
    parser.add_argument("--secrets", type=Path, default=HERE / ".streamlit" / "secrets.toml",
                        help="secrets.toml with the [auth] table (default: .streamlit/secrets.toml)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: the reverse proxy's side)")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--max-upload-mb", type=int, default=MAX_UPLOAD_MB)
    parser.add_argument("--check", action="store_true", help="only check the configuration")
    return parser.parse_args(ours), dashboard_args


def main(argv: list[str] | None = None) -> int:
    """Check, then exec Streamlit; the dashboard's own arguments follow ``--``."""
    args, dashboard_args = parse_args(sys.argv[1:] if argv is None else argv)
    found = problems(args.secrets, args.roles)
    if found:
        for problem in found:
            print(f"makan serve: {problem}", file=sys.stderr)
        print("makan serve: refusing to start a hosted server without a working login (see README, Hosting)",
              file=sys.stderr)
        return 2
    if args.check:
        print(f"makan serve: {args.secrets} and {args.roles} are ready")
        return 0
    command = [sys.executable, "-m", "streamlit", "run", str(HERE / "makan_ui" / "hosted_app.py"),
               *streamlit_options(args.address, args.port, args.secrets.resolve(), args.max_upload_mb),
               "--", "--hosted", "--roles", str(args.roles.resolve()), *dashboard_args]
    sys.stdout.flush()
    os.execv(sys.executable, command)
    return 0  # not reached: exec replaced this process


if __name__ == "__main__":
    sys.exit(main())
