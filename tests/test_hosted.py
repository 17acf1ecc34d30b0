"""Hosted mode without a browser: roles, the launcher's refusal, the gate and the rights in the page
(Streamlit AppTest with a seeded ``st.user``), the audit log, and backup and restore of the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import backup
from geo.store import Store, StoreError
from makan_ui.auth import auth_problem
from makan_ui.roles import RolesError, can, load_roles
from makan_ui.serve import problems, streamlit_options
from tests.conftest import REPO, write_fixture_store

COOKIE_SECRET = "c" * 40
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": COOKIE_SECRET,
        "client_id": "makan", "client_secret": "makan-secret",
        "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration"}
ROLES = """unknown = "refuse"
[users]
"Admin@Example.org" = "admin"
"editor@example.org" = "editor"
[domains]
"example.org" = "viewer"
"""


def write_secrets(path: Path, auth: dict[str, str]) -> Path:
    path.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in auth.items()), encoding="utf-8")
    return path


@pytest.fixture
def roles_file(tmp_path: Path) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    return path


# --- roles ------------------------------------------------------------------------------------

def test_roles_by_address_then_domain_unknown_refused(roles_file):
    config = load_roles(roles_file)
    assert config.role_of("admin@example.org") == "admin"  # addresses compare without case
    assert config.role_of("EDITOR@example.org") == "editor"
    assert config.role_of("someone@example.org") == "viewer"
    assert config.role_of("someone@elsewhere.org") is None
    assert config.role_of(None) is None and config.role_of("not-an-address") is None


def test_unknown_users_can_be_viewers(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('unknown = "viewer"\n[users]\n"a@b.org" = "admin"\n', encoding="utf-8")
    assert load_roles(path).role_of("stranger@elsewhere.org") == "viewer"


def test_rights_grow_with_the_role():
    assert can("viewer", "export") and not can("viewer", "correct") and not can("viewer", "upload")
    assert can("editor", "correct") and can("editor", "upload") and not can("editor", "reprocess")
    assert can("admin", "reprocess") and can("admin", "audit") and can("admin", "users")
    assert not can(None, "read")


@pytest.mark.parametrize("text, message", [
    ('[users]\n"a@b.org" = "owner"\n', "'owner' is not a role"),
    ('[users]\n"example.org" = "admin"\n', "not an e-mail address"),
    ('unknown = "guest"\n[users]\n"a@b.org" = "admin"\n', "unknown = 'guest'"),
    ('[user]\n"a@b.org" = "admin"\n', "unknown key(s) user"),
    ('unknown = "viewer"\n', "names nobody"),
    ('[users\n', "not a TOML file"),
])
def test_bad_roles_file_is_named_with_its_problem(tmp_path, text, message):
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesError, match=str(path)) as error:
        load_roles(path)
    assert message in str(error.value)


# --- the launcher refuses to start without a working login -------------------------------------

@pytest.mark.parametrize("change, message", [
    ({"client_secret": ""}, "lacks client_secret"),
    ({"cookie_secret": "short"}, "cookie_secret is shorter than 32"),
    ({"redirect_uri": "http://127.0.0.1:8501/"}, "must end with /oauth2callback"),
    ({"server_metadata_url": "idp.example.org/.well-known"}, "not an absolute http(s) URL"),
])
def test_incomplete_auth_table_is_refused(change, message):
    assert message in auth_problem({**AUTH, **change}, "secrets.toml")
    assert auth_problem(AUTH, "secrets.toml") is None
    assert "no [auth] table" in auth_problem(None, "secrets.toml")


def test_serve_refuses_without_login_and_exits_nonzero(tmp_path, roles_file):
    result = subprocess.run([sys.executable, "-m", "makan_ui.serve", "--roles", str(roles_file),
                             "--secrets", str(tmp_path / "absent.toml")],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"{tmp_path / 'absent.toml'}: cannot read the secrets file" in result.stderr
    assert "refusing to start" in result.stderr


def test_serve_checks_both_files(tmp_path, roles_file):
    secrets = write_secrets(tmp_path / "secrets.toml", AUTH)
    assert problems(secrets, roles_file) == []
    assert problems(secrets, tmp_path / "none.toml")[0].startswith(f"{tmp_path / 'none.toml'}: cannot read")
    result = subprocess.run([sys.executable, "-m", "makan_ui.serve", "--roles", str(roles_file),
                             "--secrets", str(secrets), "--check"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_hosted_server_options_lock_it_down():
    options = streamlit_options("0.0.0.0", 8600, Path("/etc/makan/secrets.toml"), 50)
    pairs = dict(zip(options[::2], options[1::2]))
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert pairs["--server.enableXsrfProtection"] == "true" and pairs["--server.enableCORS"] == "true"
    assert pairs["--server.maxUploadSize"] == "50" and int(pairs["--server.maxMessageSize"]) > 0
    assert pairs["--server.address"] == "0.0.0.0" and pairs["--secrets.files"] == "/etc/makan/secrets.toml"
    assert pairs["--runner.postScriptGC"] == "false"  # no full collection holding every session up per click


# --- the page behind the gate (AppTest seeds st.user) ------------------------------------------

def _hosted(monkeypatch, db: Path, roles: Path, email: str | None) -> AppTest:
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--hosted", "--roles", str(roles), "--db", str(db)])
    monkeypatch.delenv("MAKAN_CORPUS", raising=False)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": email is not None, **({"email": email} if email else {})}
    return at.run()


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "caption", "markdown", "text", "error") for e in at.get(kind)
             if hasattr(e, "value")]
    return "\n".join(str(p) for p in parts)


def test_logged_out_page_is_only_the_login(monkeypatch, corpus_db, roles_file):
    at = _hosted(monkeypatch, corpus_db, roles_file, None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    text = _texts(at)
    assert "places ·" not in text and "حمص" not in text
    assert not at.get("component_instance") and not at.selectbox


def test_unknown_user_is_refused(monkeypatch, corpus_db, roles_file):
    at = _hosted(monkeypatch, corpus_db, roles_file, "stranger@elsewhere.org")
    assert "stranger@elsewhere.org has no access" in _texts(at)
    assert "places ·" not in _texts(at) and not at.get("component_instance")


def test_hosted_without_auth_shows_the_problem_not_the_corpus(monkeypatch, corpus_db, roles_file):
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--hosted", "--roles", str(roles_file), "--db", str(corpus_db)])
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": "admin@example.org"}
    at.run()
    assert "not configured" in _texts(at) and "places ·" not in _texts(at)


def test_viewer_reads_and_exports_but_cannot_correct(monkeypatch, corpus_db, roles_file):
    at = _hosted(monkeypatch, corpus_db, roles_file, "reader@example.org")
    assert not at.exception
    assert "3 places · 6 mentions in the selection" in _texts(at)
    keys = {w.key for w in at.selectbox} | {w.key for w in at.button} | {w.key for w in at.toggle}
    assert "date_doc" not in keys and "date_save" not in keys
    assert "export" in keys and "reprocess" not in keys
    assert "Signed in as reader@example.org (viewer)" in _texts(at)


def test_editor_correction_is_audited_with_the_address(monkeypatch, corpus_db, roles_file):
    at = _hosted(monkeypatch, corpus_db, roles_file, "editor@example.org")
    at.selectbox(key="date_doc").set_value("aid_undated.txt").run()
    at.text_input(key="date_value:aid_undated.txt").input("2016-03").run()
    at.button(key="date_save").click().run()
    with Store(corpus_db) as store:
        log = store.audit_log()
    row = log.iloc[0]
    assert (row["actor"], row["action"], row["target"], row["detail"]) == (
        "editor@example.org", "date correction", "aid_undated.txt", "2016-03")
    assert not any("Audit" in e.label for e in at.expander)  # an editor does not see the log


def test_admin_sees_the_audit_log_and_the_users(monkeypatch, corpus_db, roles_file):
    with Store(corpus_db) as store:
        store.set_document_date("homs_2012.txt", "2012-05", user="editor@example.org")
    at = _hosted(monkeypatch, corpus_db, roles_file, "admin@example.org")
    labels = [e.label for e in at.expander]
    assert any("Audit log" in label for label in labels) and "Users and roles" in labels
    audit = next(df.value for df in at.dataframe if "Who" in df.value.columns)
    assert audit.iloc[0]["Who"] == "editor@example.org" and audit.iloc[0]["On"] == "homs_2012.txt"
    users = next(df.value for df in at.dataframe if "Role" in df.value.columns)
    assert ("admin@example.org", "admin") in set(zip(users["Address or domain"], users["Role"]))


def test_local_run_records_the_account(monkeypatch, corpus_db):
    monkeypatch.setenv("MAKAN_DB", str(corpus_db))
    monkeypatch.delenv("MAKAN_CORPUS", raising=False)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    at.selectbox(key="date_doc").set_value("aid_undated.txt").run()
    at.text_input(key="date_value:aid_undated.txt").input("2016-03").run()
    at.button(key="date_save").click().run()
    with Store(corpus_db) as store:
        assert store.audit_log().iloc[0]["actor"].startswith("local")


# --- the audit log and backups in the store ----------------------------------------------------

def test_every_date_write_is_audited_in_order(store):
    store.set_document_date("homs_2017.txt", "2017-06-30", user="a@example.org")
    store.set_document_date("homs_2017.txt", None, user="b@example.org")
    store.record("c@example.org", "reprocess", "/corpus")
    log = store.audit_log()
    assert list(log["action"]) == ["reprocess", "date correction removed", "date correction"]
    assert list(log["actor"]) == ["c@example.org", "b@example.org", "a@example.org"]
    assert all(at.endswith("+00:00") for at in log["at"])
    assert len(store.audit_log(limit=1)) == 1


def test_refused_date_leaves_no_audit_row(store):
    with pytest.raises(ValueError):
        store.set_document_date("homs_2017.txt", "22/07/2017", user="a@example.org")
    assert store.audit_log().empty


def _sqlite_store(tmp_path: Path) -> Path:
    """Backups copy a SQLite file (a PostgreSQL store has pg_dump)."""
    path = tmp_path / "store.sqlite"
    write_fixture_store(path)
    return path


def test_backup_and_restore_keep_corrections_and_audit(tmp_path):
    corpus_db = _sqlite_store(tmp_path)
    with Store(corpus_db) as store:
        store.set_document_date("aid_undated.txt", "2016-03", user="editor@example.org")
    copy = tmp_path / "backup.sqlite"
    run = [sys.executable, "-m", "geo.backup"]
    assert subprocess.run([*run, str(corpus_db), str(copy)], cwd=REPO, timeout=120).returncode == 0
    with Store(corpus_db) as store:  # a mistake after the backup ...
        store.set_document_date("aid_undated.txt", "1999", user="editor@example.org")
    assert subprocess.run([*run, "--restore", str(copy), str(corpus_db)], cwd=REPO, timeout=120).returncode == 0
    with Store(corpus_db) as store:  # ... is undone by the restore
        assert store.documents().set_index("doc_id").loc["aid_undated.txt", "date"] == "2016-03"
        assert len(store.audit_log()) == 1 and len(store.documents()) == 4


def test_restore_refuses_what_is_not_a_store(tmp_path):
    corpus_db = _sqlite_store(tmp_path)
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database\n" * 200)
    with pytest.raises(StoreError, match="notes.sqlite"):
        backup.restore(bad, corpus_db)
    with pytest.raises(StoreError, match="no such store"):
        backup.backup(tmp_path / "absent.sqlite", tmp_path / "copy.sqlite")
    with Store(corpus_db) as store:
        assert len(store.documents()) == 4


def test_make_serve_refuses_without_secrets(tmp_path, roles_file):
    """The README's command, as make runs it (setup taken as done: the venv is this interpreter's)."""
    result = subprocess.run(["make", "-o", "setup", "serve", f"PY={sys.executable}", f"ROLES={roles_file}",
                             f"SECRETS={tmp_path / 'secrets.toml'}"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "refusing to start a hosted server without a working login" in result.stderr


def test_example_roles_file_is_valid():
    config = load_roles(REPO / "deploy" / "roles.example.toml")
    assert config.role_of("lead@example.org") == "admin" and config.unknown is None
    assert "REPLACE" in (REPO / "deploy" / "secrets.example.toml").read_text()
