"""The hosted mode end to end in a real browser, against a local OpenID Connect provider.

The test starts oidc-provider-mock on 127.0.0.1 (its login form takes any address as the user),
then ``python -m makan_ui.serve`` exactly as ``make serve`` does, on the fixture store, and drives
Debian's chromium: logged out, the page is the login and nothing of the corpus reaches the browser
(neither the HTML nor any websocket message); after login the map draws; a viewer has no
correction controls; an admin sees and exports the audit log; logout ends the session.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.store import Store
from tests.conftest import REPO, require, write_fixture_store
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, TOOLTIPS, _free_port, _wait_until_serving
from tests.test_hosted import AUTH, ROLES, write_secrets

pytestmark = pytest.mark.browser

# Words of the fixture corpus (titles, text, places, sources): none may reach a browser before login.
CORPUS_WORDS = ["حمص", "حلب", "دمشق", "قافلة", "Homs", "Aleppo", "Desk A", "example.org/a1", "places ·"]


@pytest.fixture(scope="module")
def hosted_db(tmp_path_factory) -> Path:
    """The fixture store, with a correction made earlier by an editor (for the admin's log)."""
    db = tmp_path_factory.mktemp("hosted_store") / "store.sqlite"
    write_fixture_store(db)
    with Store(db) as store:
        store.set_document_date("homs_2012.txt", "2012-05", user="editor@example.org")
    return db


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, hosted_db) -> Iterator[tuple[str, str]]:
    """(dashboard URL, provider URL): the mock provider and the hosted server on the fixture store."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    import oidc_provider_mock
    import werkzeug.serving

    tmp = tmp_path_factory.mktemp("hosted")
    provider = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    threading.Thread(target=provider.serve_forever, daemon=True).start()
    provider_url = f"http://127.0.0.1:{provider.server_port}"
    port = _free_port()
    secrets = write_secrets(tmp / "secrets.toml", {
        **AUTH, "redirect_uri": f"http://127.0.0.1:{port}/oauth2callback",
        "server_metadata_url": f"{provider_url}/.well-known/openid-configuration"})
    roles = tmp / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    db = hosted_db
    log = tmp / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "makan_ui.serve", "--roles", str(roles), "--secrets", str(secrets),
             "--port", str(port), "--", "--db", str(db)],
            cwd=REPO, env={**os.environ, "XDG_DATA_HOME": str(tmp / "data")}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
        yield url, provider_url
    finally:
        server.terminate()
        server.wait(timeout=30)
        provider.shutdown()
    assert "Traceback" not in log.read_text(), log.read_text()


@pytest.fixture(scope="module")
def browser(hosted):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser profile (no cookie) for each test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    yield context.new_page()
    context.close()


def _login(page, url: str, provider_url: str, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{provider_url}/**")
    page.fill("input[name=sub]", email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=60_000)


def _markers(page) -> list[str]:
    frame = page.locator(MAP_FRAME).element_handle(timeout=60_000).content_frame()
    frame.wait_for_function(f"() => ({TOOLTIPS})().length > 0", timeout=60_000)
    return frame.evaluate(TOOLTIPS)


def test_logged_out_browser_receives_only_the_login(hosted, page):
    from playwright.sync_api import expect

    url, _ = hosted
    received: list[bytes] = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: received.append(payload if isinstance(payload, bytes) else payload.encode())))
    page.goto(url)
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("log in with your organisation's account")).to_be_visible()
    page.reload()  # a second run of the page, to be sure nothing more arrives later
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=60_000)
    assert received, "no websocket message recorded"
    html = page.content()
    for word in CORPUS_WORDS:
        assert word not in html, word
        assert not any(word.encode() in frame for frame in received), f"{word} was sent before login"
    assert page.locator(MAP_FRAME).count() == 0


def test_viewer_logs_in_sees_the_map_cannot_correct_and_logs_out(hosted, page):
    from playwright.sync_api import expect

    url, provider_url = hosted
    _login(page, url, provider_url, "reader@example.org")
    expect(page.get_by_text("(viewer)")).to_be_visible()
    assert any("Homs" in marker for marker in _markers(page))
    expect(page.get_by_text("3 places · 6 mentions in the selection")).to_be_visible()
    assert page.get_by_text("Correct a document's date").count() == 0
    assert page.get_by_text("Audit log").count() == 0
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{provider_url}/oauth2/end_session**")  # the provider's session ends too
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{url}/**")
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=60_000)
    page.goto(url)  # the identity cookie is gone: a new visit is logged out too
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=60_000)
    assert page.locator(MAP_FRAME).count() == 0 and "حمص" not in page.content()


def test_unknown_address_is_refused(hosted, page):
    from playwright.sync_api import expect

    url, provider_url = hosted
    page.goto(url)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{provider_url}/**")
    page.fill("input[name=sub]", "stranger@elsewhere.org")
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("stranger@elsewhere.org has no access")).to_be_visible(timeout=60_000)
    assert page.locator(MAP_FRAME).count() == 0 and "حمص" not in page.content()


def test_editor_has_the_correction_controls(hosted, page):
    from playwright.sync_api import expect

    url, provider_url = hosted
    _login(page, url, provider_url, "editor@example.org")
    expect(page.get_by_text("Correct a document's date")).to_be_visible(timeout=60_000)
    assert page.get_by_text("Audit log").count() == 0


def test_admin_sees_and_exports_the_audit_log(hosted, page):
    from playwright.sync_api import expect

    url, provider_url = hosted
    _login(page, url, provider_url, "admin@example.org")
    page.get_by_text("Audit log: who changed what").click()
    table = page.locator('[data-testid="stDataFrame"]').filter(has_text="editor@example.org")
    expect(table.first).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Export the audit log (CSV)").click()
    assert download.value.suggested_filename == "makan-audit.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "at,actor,action,target,detail"
    assert re.search(r",editor@example.org,date correction,homs_2012.txt,2012-05$", text, re.M)


def test_health_command_checks_server_and_store_without_revealing_them(hosted, hosted_db, tmp_path):
    url, _ = hosted
    run = [sys.executable, "-m", "makan_ui.health", "--url", url]
    ok = subprocess.run([*run, "--db", str(hosted_db)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ok.stdout.strip() == "ok"
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database\n" * 200)
    failed = subprocess.run([*run, "--db", str(bad)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1 and "notes.sqlite: cannot open the store" in failed.stderr
    down = subprocess.run([sys.executable, "-m", "makan_ui.health", "--url", f"http://127.0.0.1:{_free_port()}"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert down.returncode == 1 and "no answer" in down.stderr
