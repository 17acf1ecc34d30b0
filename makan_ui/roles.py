"""Who may do what in the hosted mode: roles by e-mail address or domain, from a small TOML file.

The identity provider says who someone is; this file says what they may do here, so the server's
owner grants rights without touching the provider. Three roles, each with the rights of the one
before it: ``viewer`` reads, searches and exports; ``editor`` also corrects and uploads; ``admin``
also reprocesses the corpus and sees the users and the audit log. An authenticated person the file
does not name is a viewer or is refused, as ``unknown`` says::

    unknown = "refuse"            # or "viewer"
    [users]
    "lead@example.org" = "admin"
    [domains]
    "example.org" = "editor"      # everyone at example.org

An address listed under ``[users]`` wins over its domain. Addresses compare without case.
Streamlit-free, so the launcher can check the file before starting a server.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("viewer", "editor", "admin")  # each has every right of those before it
RIGHTS: Mapping[str, frozenset[str]] = {
    "viewer": frozenset({"read", "search", "export"}),
    "editor": frozenset({"read", "search", "export", "correct", "upload"}),
    "admin": frozenset({"read", "search", "export", "correct", "upload", "reprocess", "audit", "users"}),
}
REFUSE = "refuse"


class RolesError(ValueError):
    """The roles file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class RoleConfig:
    """Roles by exact address and by domain, and what an unlisted person gets (None: refused)."""

    users: Mapping[str, str] = field(default_factory=dict)
    domains: Mapping[str, str] = field(default_factory=dict)
    unknown: str | None = None

    def role_of(self, email: str | None) -> str | None:
        """The role of an authenticated address; None when it is refused (or the provider gave none)."""
        if not email or "@" not in email:
            return None
        email = email.strip().lower()
        if email in self.users:
            return self.users[email]
        return self.domains.get(email.rsplit("@", 1)[1], self.unknown)


def can(role: str | None, right: str) -> bool:
    """Whether ``role`` has ``right`` (``read``, ``correct``, ``reprocess``, ``audit`` ...)."""
    return role is not None and right in RIGHTS.get(role, frozenset())


def _role(path: Path, where: str, value: object) -> str:
    if value not in ROLES:
        raise RolesError(f"{path}: {where} = {value!r} is not a role (one of {', '.join(ROLES)})")
    return str(value)


def load_roles(path: str | Path) -> RoleConfig:
    """Read a roles file; any problem is a ``RolesError`` naming the file and the entry."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RolesError(f"{path}: cannot read the roles file ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RolesError(f"{path}: not a TOML file ({exc})") from exc
    extra = set(data) - {"unknown", "users", "domains"}
    if extra:
        raise RolesError(f"{path}: unknown key(s) {', '.join(sorted(extra))} (expected unknown, [users], [domains])")
    unknown = data.get("unknown", REFUSE)
    if unknown != REFUSE:
        unknown = _role(path, "unknown", unknown)
    tables: dict[str, dict[str, str]] = {}
    for name in ("users", "domains"):
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise RolesError(f"{path}: [{name}] must be a table of address = role")
        tables[name] = {str(key).strip().lower().lstrip("@"): _role(path, f"[{name}] {key!r}", value)
                        for key, value in table.items()}
    for email in tables["users"]:
        if "@" not in email:
            raise RolesError(f"{path}: [users] {email!r} is not an e-mail address (domains go under [domains])")
    if not tables["users"] and not tables["domains"]:
        raise RolesError(f"{path}: names nobody: add an admin under [users]")
    return RoleConfig(tables["users"], tables["domains"], None if unknown == REFUSE else unknown)
