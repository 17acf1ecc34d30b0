"""Who is using the dashboard: the name every write (a correction, an upload, a reprocess) records.

Locally (``make run``) there is no login: the user is the account running the server. In the hosted
mode the page is only drawn after an OpenID Connect login (``makan_ui.auth``), and the user is the
address the identity provider vouched for (``st.user``, one per browser session).
"""

from __future__ import annotations

import getpass

import streamlit as st


def current_user() -> str:
    """The name recorded with a write made from this session."""
    if st.user.get("is_logged_in") is True and st.user.get("email"):  # absent without a login
        return str(st.user.get("email"))
    try:
        return f"local:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container without /etc/passwd entries
        return "local"
