"""Who is using the dashboard: the name every write (a correction, an upload, a reprocess) records.

Locally (``make run``) there is no login: the user is the account running the server. The hosted mode
replaces this with the logged-in user's e-mail address (``st.user``).
"""

from __future__ import annotations

import getpass


def current_user() -> str:
    """The name recorded with a write made from this session."""
    try:
        return f"local:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container without /etc/passwd entries
        return "local"
