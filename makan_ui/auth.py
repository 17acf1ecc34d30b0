"""The hosted mode's door: Streamlit's own OpenID Connect login in front of the whole page.

``gate`` runs first in the page, before the store is opened or the corpus processed: someone who
has not logged in gets the title and a login button, and nothing of the corpus (no map, passage,
title or count) leaves the server. After login, the roles file (``makan_ui.roles``) decides what
the person may do; it is read on every run, so an edit takes effect without a restart.

Authentication is Streamlit's (``st.login``/``st.user``/``st.logout``, Authlib underneath),
configured by an ``[auth]`` table in ``.streamlit/secrets.toml`` (``redirect_uri``,
``cookie_secret``, ``client_id``, ``client_secret``, ``server_metadata_url``), so any
organisation's identity provider works. ``auth_problem`` checks that table for the launcher
(``makan_ui.serve``), which refuses to start a hosted server without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from makan_ui.i18n import t
from makan_ui.roles import RoleConfig, RolesError, load_roles

AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
MIN_COOKIE_SECRET = 32  # characters: the cookie that carries the identity is signed with it


def auth_problem(section: object, source: str) -> str | None:
    """What is wrong with an ``[auth]`` table (None if it can be used); ``source`` names its file."""
    if not isinstance(section, Mapping):
        return f"{source}: no [auth] table (OpenID Connect login is required in hosted mode)"
    missing = [key for key in AUTH_KEYS if not str(section.get(key) or "").strip()]
    if missing:
        return f"{source}: [auth] lacks {', '.join(missing)}"
    for key in ("redirect_uri", "server_metadata_url"):
        url = urlparse(str(section[key]))
        if url.scheme not in ("http", "https") or not url.netloc:
            return f"{source}: [auth] {key} = {section[key]!r} is not an absolute http(s) URL"
    if not urlparse(str(section["redirect_uri"])).path.endswith("/oauth2callback"):
        return f"{source}: [auth] redirect_uri must end with /oauth2callback (the server's callback path)"
    if len(str(section["cookie_secret"])) < MIN_COOKIE_SECRET:
        return (f"{source}: [auth] cookie_secret is shorter than {MIN_COOKIE_SECRET} characters; make one with "
                "python3 -c 'import secrets; print(secrets.token_hex(32))'")
    return None


def _configuration(roles_path: Path | None) -> RoleConfig | str:
    """The roles, or what stops the hosted page from working (shown instead of the page)."""
    try:
        section = st.secrets.get("auth")
    except (FileNotFoundError, ValueError) as exc:  # no secrets file, or one that does not parse
        return f"secrets: {exc}"
    problem = auth_problem(section, "secrets.toml")
    if problem:
        return problem
    if roles_path is None:
        return "no --roles file given (hosted mode needs one)"
    try:
        return load_roles(roles_path)
    except RolesError as exc:
        return str(exc)


def gate(roles_path: Path | None) -> str:
    """The logged-in user's role; for anyone else, draws the login (or the refusal) and stops the run."""
    config = _configuration(roles_path)
    if isinstance(config, str):
        st.error(t("auth.misconfigured", problem=config))
        st.stop()
    if st.user.get("is_logged_in") is not True:
        st.title(t("app.title"))
        st.write(t("auth.prompt"))
        st.button(t("auth.login"), on_click=st.login, key="login", type="primary")
        st.stop()
    email = str(st.user.get("email") or "")
    role = config.role_of(email)
    st.sidebar.text(t("auth.signed_in", email=email or "?", role=t(f"role.{role}") if role else "—"))
    st.sidebar.button(t("auth.logout"), on_click=st.logout, key="logout")
    if role is None:
        st.title(t("app.title"))
        st.error(t("auth.refused", email=email or "?"))
        st.stop()
    return role


def role_table(roles_path: Path) -> list[dict[str, str]]:
    """The roles file as rows (who, kind, role) for the admin's user list."""
    config = load_roles(roles_path)
    rows = [{"who": email, "kind": "user", "role": role} for email, role in sorted(config.users.items())]
    rows += [{"who": f"@{domain}", "kind": "domain", "role": role} for domain, role in sorted(config.domains.items())]
    rows.append({"who": "*", "kind": "unknown", "role": config.unknown or "refuse"})
    return rows
