"""The dashboard in a real browser, offline: base map and places drawn, names, click, brush, paging.

Starts ``streamlit run dashboard.py`` on a small corpus written here (Damascus in 60 articles
over January and February 2017, Homs in 4, Aleppo in 6 in June) and drives Debian's chromium with
Playwright (never a downloaded browser). Places are drawn on canvas, so the tests ask Leaflet
(``window.map`` in the map's iframe) where each marker is. Every request the page makes is
recorded: any host other than this machine means the map would not draw without internet.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import REPO, require

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
BASE_PANES = ["makan-countries", "makan-coastline", "makan-governorates", "makan-districts"]

# Tooltip texts of the place markers on the map.
TOOLTIPS = """() => { const out = []; if (!window.map || !window.L) return out;
    window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.getTooltip())
        out.push(String(l.getTooltip().getContent()).replace(/<[^>]+>/g, ' ')); });
    return out; }"""
# Counts what the page sends to the server from now on: a rerun is a message on the websocket.
COUNT_SENT = """() => { window.makanSent = 0; const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) { window.makanSent++; return send.call(this, data); }; }"""
# Where (in the iframe) to click so that the named marker, and no other, is under the pointer
# (and no open popup over it).
POINT_ON = """(name) => { const markers = [];
    window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.getTooltip()) markers.push(l); });
    const mine = markers.find(l => String(l.getTooltip().getContent()).includes(name));
    if (!mine) return null;
    const origin = document.getElementById("map_div").getBoundingClientRect();
    const c = window.map.latLngToContainerPoint(mine.getLatLng());
    for (let r = 0; r < mine.getRadius(); r += 1) for (let a = 0; a < 360; a += 30) {
        const p = L.point(c.x + r * Math.cos(a * Math.PI / 180), c.y + r * Math.sin(a * Math.PI / 180));
        if (p.x < 5 || p.y < 5 || p.x > origin.width - 5 || p.y > origin.height - 5) continue;
        const there = document.elementFromPoint(origin.left + p.x, origin.top + p.y);
        if (there && there.closest(".leaflet-popup")) continue;  // the list of places a click opened covers it
        const others = markers.filter(l => l !== mine && window.map.latLngToContainerPoint(l.getLatLng())
            .distanceTo(p) <= l.getRadius() + (l.options.weight || 0) / 2 + 1);  // Leaflet's click tolerance
        if (!others.length) return [origin.left + p.x, origin.top + p.y]; }
    return null; }"""


def _corpus(folder: Path) -> Path:
    """Damascus bombed daily from 2017-01-01 (60 articles), Homs in 4 January ones, Aleppo in June."""
    start = date(2017, 1, 1)
    rows = [(f"dam{i}", "دمشق", start + timedelta(days=i)) for i in range(60)]
    rows += [(f"homs{i}", "حمص", start + timedelta(days=3 * i)) for i in range(4)]
    rows += [(f"alep{i}", "حلب", date(2017, 6, 1) + timedelta(days=i)) for i in range(6)]
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for doc_id, city, day in rows:
            out.write(json.dumps({"id": doc_id, "title": f"قصف {city}", "date": day.isoformat(), "source": "Desk",
                                  # as long as a scraped news site's (okaz.com.sa: 60 characters and more)
                                  "url": f"https://example.org/{doc_id}/Issues/{day:%Y%m%d}/{'7' * 70}.htm",
                                  "text": f"قصفت الطائرات مدينة {city} صباح اليوم."}, ensure_ascii=False) + "\n")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll Streamlit's health endpoint until it answers (or the server dies)."""
    for _ in range(600):
        if server.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return
        except OSError:
            try:
                server.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
    pytest.fail(f"streamlit never answered:\n{log.read_text()}")


@contextmanager
def served_dashboard(corpus: Path, tmp: Path) -> Iterator[str]:
    """The dashboard on ``corpus`` (a store in ``tmp``), processed in the background, on a free port
    of 127.0.0.1; yields its URL once it answers, and stops it after."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    port, log = _free_port(), tmp / "streamlit.log"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp / "data")}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--browser.gatherUsageStats", "false",
             "--", "--corpus", str(corpus), "--db", str(tmp / "store.sqlite")],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Iterator[str]:
    """The dashboard on the corpus above; yields its URL."""
    tmp = tmp_path_factory.mktemp("browser")
    with served_dashboard(_corpus(tmp), tmp) as url:
        yield url


@pytest.fixture
def page(dashboard):
    """A page on the dashboard once the corpus is processed and its places are drawn; after the
    test, asserts that nothing was fetched from beyond this machine."""
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(dashboard)
            expect(page.get_by_text(re.compile(r"70 processed"))).to_be_visible(timeout=240_000)
            expect(page.get_by_text("3 places · 70 mentions in the selection")).to_be_visible(timeout=60_000)
            _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 3", timeout=60_000)
            # the reader and the timeline follow once the map has reported itself drawn
            expect(page.get_by_role("combobox", name="Place", exact=True)).to_be_visible(timeout=60_000)
            expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=60_000)
            yield page
        finally:
            browser.close()
    remote = sorted({urlparse(u).hostname for u in requests
                     if urlparse(u).scheme in ("http", "https", "ws", "wss")} - LOCAL_HOSTS)
    assert remote == [], f"the page fetched from the internet: {remote}"


# The page's script is not running (Streamlit's own attribute on the app's root).
SCRIPT_IDLE = "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"

# Counts the runs the page has started (Streamlit's attribute turning to 'running'), once installed.
_COUNT_RUNS = """() => {
    if (window.makanRuns !== undefined) return window.makanRuns;
    window.makanRuns = 0;
    const app = document.querySelector('[data-testid=stApp]');
    new MutationObserver(() => { if (app.dataset.testScriptState === 'running') window.makanRuns += 1; })
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    return 0;
}"""


def after_its_run(page, action, starts_within: int = 5_000) -> None:
    """Do ``action`` and wait until the run it starts is over. A fixed pause then SCRIPT_IDLE may pass
    before that run has begun (a loaded machine), and the test then acts on a page about to redraw.
    An action that starts no run (a value unchanged) waits ``starts_within`` ms, then goes on."""
    before = page.evaluate(_COUNT_RUNS)
    action()
    try:
        page.wait_for_function(f"() => window.makanRuns > {before}", timeout=starts_within)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: the action started no run
        pass
    page.wait_for_function(SCRIPT_IDLE, timeout=60_000)


def _map(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def _click_marker_until(page, name: str, chooser, shown) -> tuple[float, float]:
    """Click the marker of ``name`` until the reader's ``chooser`` shows ``shown``; on a loaded machine
    the map may still be settling its view, so aim again (three tries). Returns the page point clicked."""
    from playwright.sync_api import expect

    for attempt in range(3):
        point = _map(page).evaluate(POINT_ON, name)
        assert point is not None, f"no visible marker drawn at {name}"
        box = page.locator(MAP_FRAME).bounding_box()
        at = (box["x"] + point[0], box["y"] + point[1])
        page.mouse.click(*at)
        try:
            expect(chooser).to_have_value(shown, timeout=10_000)
            return at
        except AssertionError:
            if attempt == 2:
                raise
    return at


def test_offline_base_map_beneath_the_places(page):
    frame = _map(page)
    frame.wait_for_function(
        "(panes) => panes.every(p => { let n = 0; window.map.eachLayer(l => { if (l.options && l.options.pane === p) n++; });"
        " return n > 0; })", arg=BASE_PANES, timeout=60_000)
    z = frame.evaluate("(panes) => panes.map(p => +window.map.getPane(p).style.zIndex)", BASE_PANES)
    assert all(0 < value < 400 for value in z)  # beneath the overlay pane, where the places are
    # the names are drawn on one canvas in their own pane (no element per label: a compositor layer each)
    drawn = frame.evaluate("() => window.makanLabels.drawn")
    assert any("حمص" in text and "Homs" in text for text, _, _ in drawn)
    assert frame.evaluate("() => window.map.getPane('makan-labels').querySelectorAll('*').length") == 1
    # ... where the map shows each place: the canvas has ink at the point of every label it drew
    inked = frame.evaluate("""() => {
        const r = window.makanLabels, ctx = r._ctx, scale = r._container.width / r._container.clientWidth;
        return r.drawn.map(([text, x, y]) => {
            const at = window.map.containerPointToLayerPoint([x, y]).subtract(r._bounds.min).multiplyBy(scale);
            const px = ctx.getImageData(Math.round(at.x) - 4, Math.round(at.y) - 4, 9, 9).data;
            let ink = 0; for (let i = 3; i < px.length; i += 4) ink += px[i] > 0;
            return [text, ink];
        });
    }""")
    assert inked and all(ink > 0 for _, ink in inked), [i for i in inked if i[1] == 0]
    loaded = frame.evaluate("() => performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)")
    assert "/app/static/vendor/leaflet.js" in loaded
    assert any(p.startswith("/app/static/basemap/governorates-") for p in loaded)
    page.screenshot(path="/tmp/makan-map.png")


def test_elements_awaiting_a_run_dim_in_one_step_not_an_animation(page):
    """Streamlit fades an element a run has not redrawn over 1 s of frames; the page makes it a
    step after the same 0.5 s (``makan_ui.page_style``), so 20 pages on one server do not animate."""
    # the page's own runs over first (on a loaded machine its last may still be going): the click's
    # run is the one watched, and what is already stale is read at once, not only when it changes
    page.wait_for_function(SCRIPT_IDLE, timeout=60_000)
    page.evaluate("""() => { window.makanStale = null;
        const look = () => {
            const e = document.querySelector('[data-stale="true"]');
            if (!e || window.makanStale !== null) return;
            seen.disconnect();
            const s = getComputedStyle(e);
            window.makanStale = [s.transitionProperty, s.transitionDuration, s.transitionDelay];
        };
        const seen = new MutationObserver(look);
        seen.observe(document.body, {attributes: true, subtree: true, attributeFilter: ["data-stale"]});
        look(); }""")
    page.get_by_text("Clusters", exact=True).click()  # a rerun: what it has not redrawn yet is stale
    page.wait_for_function("() => window.makanStale !== null", timeout=60_000)
    assert page.evaluate("() => window.makanStale") == ["opacity", "0s", "0.5s"]


def test_local_toolbar_has_no_deploy_button(page):
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Main menu")).to_be_visible(timeout=30_000)  # the toolbar is drawn
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)


def test_governorates_listed_by_name_in_the_filter(page):
    chips = page.locator('[data-testid="stSidebar"] [data-tag]').all_inner_texts()
    assert any("حمص · Homs" in chip for chip in chips), chips
    assert not [chip for chip in chips if re.fullmatch(r"SY\d+", chip.strip())]


def test_marker_click_opens_the_reader(page):
    from playwright.sync_api import expect

    chooser = page.get_by_role("combobox", name="Place", exact=True)
    expect(chooser).to_have_value(re.compile("دمشق"))  # the most mentioned place comes first
    aleppo = re.compile(r"حلب · Aleppo \(6\)")
    _click_marker_until(page, "حلب", chooser, aleppo)
    expect(page.locator("div[dir=rtl] mark", has_text="حلب").first).to_be_visible(timeout=30_000)
    page.screenshot(path="/tmp/makan-reader.png")
    # The next click is reported at once (the places layer's own handler) and only once: the page
    # sends one rerun, and streamlit-folium's late report (its 250 ms debounce) finds nothing new.
    # Timers of 250 ms or more in the map are held back, so that late report never comes.
    page.evaluate(COUNT_SENT)
    _map(page).evaluate("""() => { window.makanReports = 0; const report = window.Streamlit.setComponentValue;
        window.Streamlit.setComponentValue = function (v) { window.makanReports++; return report.call(this, v); };
        const later = window.setTimeout;
        window.setTimeout = function (f, ms, ...rest) { return ms >= 250 ? 0 : later(f, ms, ...rest); }; }""")
    point = _map(page).evaluate(POINT_ON, "حمص")
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(chooser).to_have_value(re.compile(r"حمص · Homs \(4\)"), timeout=10_000)
    page.wait_for_timeout(1500)
    assert _map(page).evaluate("() => window.makanReports") == 1
    assert page.evaluate("() => window.makanSent") == 1


def test_a_long_link_stays_inside_the_reader_column(page):
    """An article's URL is one unbroken word: unwrapped, it ran out of the reader over the map."""
    from playwright.sync_api import expect

    links = page.locator('div[dir=rtl] a[href^="https://example.org/"]')
    expect(links.first).to_be_visible(timeout=30_000)
    column = page.locator('[data-testid="stColumn"]').filter(has=page.get_by_role("heading", name="Reader"))
    left, width = (column.bounding_box()[k] for k in ("x", "width"))
    for i in range(5):
        box = links.nth(i).bounding_box()
        assert left - 1 <= box["x"] and box["x"] + box["width"] <= left + width + 1, (box, left, width)


# Whether the ISO date in an element's text is drawn in order (its year left of its day), as the
# browser lays it out: after Arabic words, the bidi rules drew 2017-01-01 as 01-01-2017.
DATE_IN_ORDER = """(element) => { const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const found = /\\d{4}-\\d{2}-\\d{2}/.exec(node.data); if (!found) continue;
        const year = document.createRange(), day = document.createRange();
        year.setStart(node, found.index); year.setEnd(node, found.index + 4);
        day.setStart(node, found.index + 8); day.setEnd(node, found.index + 10);
        return year.getBoundingClientRect().x < day.getBoundingClientRect().x; }
    return null; }"""


def test_dates_among_arabic_words_are_drawn_in_order(page, dashboard):
    from playwright.sync_api import expect

    page.goto(f"{dashboard}/?lang=ar")
    page.get_by_text("صحّح تاريخ مستند").click()
    found = page.get_by_text(re.compile("^وجده الاستخراج: "))
    expect(found).to_be_visible(timeout=60_000)
    assert found.evaluate(DATE_IN_ORDER) is True, found.inner_text()


def test_a_date_after_an_arabic_title_is_drawn_in_order_in_english(page):
    """The date editor lists documents as "title (date)": in the English interface the date came
    after the article's Arabic title and was drawn (01-03-2017) until a mark came before it. The
    chosen label is drawn in a left-to-right line of the page, as the list draws its options."""
    from playwright.sync_api import expect

    page.get_by_text("Correct a document's date").click()
    chooser = page.get_by_role("combobox", name="Document", exact=True)
    expect(chooser).to_have_value(re.compile(r"^قصف .*\d{4}-\d{2}-\d{2}\)$"), timeout=60_000)
    drawn = page.evaluate("""([label, inOrder]) => { const line = document.createElement("div");
        line.dir = "ltr"; line.textContent = label; document.body.appendChild(line);
        try { return eval(inOrder)(line); } finally { line.remove(); } }""", [chooser.input_value(), DATE_IN_ORDER])
    assert drawn is True, chooser.input_value()


def test_brushing_the_timeline_narrows_the_map(page):
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.6
    page.mouse.move(box["x"] + box["width"] * 0.45, y)  # from March back past the first day: not June
    page.mouse.down()
    page.mouse.move(box["x"] + 2, y, steps=10)
    page.mouse.up()
    _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 2", timeout=30_000)
    names = " ".join(_map(page).evaluate(TOOLTIPS))
    assert "دمشق" in names and "حلب" not in names
    thumbs = page.locator('[data-testid="stSidebar"] input[type="range"]')
    ends = [thumbs.nth(i).get_attribute("aria-valuetext") for i in range(thumbs.count())]
    assert len(ends) == 2 and all(e.startswith("2017-0") and e < "2017-04" for e in ends), ends  # follows the brush


def test_reader_pages_fifty_passages_at_a_time_and_reads_a_repeated_one_once(page):
    """Damascus's 60 articles all say "قصفت الطائرات مدينة دمشق صباح اليوم.": the reader reads 50,
    then the other 10, and shows the words once, under the newest article, naming the others."""
    from playwright.sync_api import expect

    expect(page.get_by_text("50 of 60 passages, newest first · 49 passages repeat others word for word")
           ).to_be_visible(timeout=30_000)
    expect(page.locator("div[dir=rtl] mark")).to_have_count(1)
    expect(page.get_by_text("the same words in 49 other articles:")).to_be_visible()
    expect(page.get_by_text("and 39 more")).to_be_visible()  # ten named, with their dates and links
    page.get_by_role("button", name="Show 10 more").click()
    expect(page.get_by_text("60 of 60 passages, newest first · 59 passages repeat")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("the same words in 59 other articles:")).to_be_visible(timeout=30_000)
    expect(page.locator("div[dir=rtl] mark")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("^Show .* more$"))).to_have_count(0)


def test_the_selection_downloads_as_csv_and_geojson_made_when_clicked(page):
    """The export's files are made when their button is clicked (Streamlit calls the function the
    page gave it, in a thread of its own), and hold every mention of the selection."""
    import csv

    from playwright.sync_api import expect

    page.get_by_text("Export the selection", exact=True).click()
    button = page.get_by_role("button", name="Export CSV")
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename == "makan-selection.csv"
    with open(download.value.path(), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 70 and {row["text"] for row in rows} == {"دمشق", "حمص", "حلب"}
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Export GeoJSON").click()
    features = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["features"]
    assert len(features) == 70 and all(f["geometry"]["type"] == "Point" for f in features)


def _fresh(page, url: str, **context: object):
    """Another browser session (its own Streamlit session) on ``url``, e.g. a copied link."""
    other = page.context.browser.new_context(viewport={"width": 1400, "height": 1100}, **context)
    fresh = other.new_page()
    fresh.goto(url)
    return fresh


def test_arabic_interface_right_to_left_and_default_for_an_arabic_browser(page, dashboard):
    from playwright.sync_api import expect

    page.locator('[data-testid="stSidebar"]').get_by_text("العربية", exact=True).click()
    expect(page.get_by_text("الأماكن: 3 · الإشارات: 70 في التحديد")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("combobox", name="المكان", exact=True)).to_be_visible()
    expect(page.get_by_text("الخط الزمني", exact=True)).to_be_visible()  # the timeline's caption
    page.wait_for_url(re.compile(r"lang=ar"))
    direction = "(s) => getComputedStyle(document.querySelector(s)).direction"
    assert page.evaluate(direction, '[data-testid="stMain"]') == "rtl"
    assert page.evaluate(direction, '[data-testid="stSidebar"]') == "rtl"
    assert page.evaluate(direction, '[data-testid="stCustomComponentV1"]') == "ltr"  # the map reads left to right
    assert page.evaluate(direction, '[data-testid="stVegaLiteChart"]') == "ltr"
    page.screenshot(path="/tmp/makan-arabic.png")
    arabic = _fresh(page, dashboard, locale="ar-SY")  # no lang= in the link: the browser's language decides
    expect(arabic.get_by_role("heading", name="القارئ")).to_be_visible(timeout=60_000)
    expect(arabic.get_by_text("الأماكن: 3 · الإشارات: 70 في التحديد")).to_be_visible(timeout=30_000)


def test_a_click_on_the_map_keeps_the_arabic_interface(page, dashboard):
    """A click on a marker or on the layer switch reruns the map and the reader alone (a fragment),
    without the page's language switch: they were drawn in English ("Reader", "Place", "Points")
    beside an Arabic sidebar."""
    from playwright.sync_api import expect

    arabic = _fresh(page, dashboard, locale="ar")
    chooser = arabic.get_by_role("combobox", name="المكان", exact=True)
    expect(chooser).to_be_visible(timeout=60_000)
    _map(arabic).wait_for_function(f"() => ({TOOLTIPS})().length === 3", timeout=60_000)
    _click_marker_until(arabic, "حلب", chooser, re.compile(r"حلب · Aleppo \(6\)"))
    expect(arabic.get_by_role("heading", name="القارئ")).to_be_visible()
    expect(arabic.get_by_text("نقاط", exact=True)).to_be_visible()
    expect(arabic.get_by_text("Reader", exact=True)).to_have_count(0)
    arabic.get_by_text("تجمّعات", exact=True).click()  # Clusters
    _map(arabic).wait_for_function("() => { let n = 0; window.map.eachLayer(l => { if (l instanceof "
                                   "L.MarkerClusterGroup) n++; }); return n > 0; }", timeout=60_000)
    expect(arabic.get_by_role("combobox", name="المكان", exact=True)).to_be_visible(timeout=30_000)
    expect(arabic.get_by_text("Points", exact=True)).to_have_count(0)
    arabic.context.close()


def test_a_copied_link_reopens_place_dates_and_layer(page, dashboard):
    from playwright.sync_api import expect

    chooser = page.get_by_role("combobox", name="Place", exact=True)
    chooser.click()
    page.get_by_role("option", name=re.compile(r"حمص · Homs")).click()
    expect(chooser).to_have_value(re.compile("حمص"))
    test_brushing_the_timeline_narrows_the_map(page)
    page.wait_for_url(re.compile(r"from=2017-0.*to=2017-0"))  # each change is written to the address bar
    page.get_by_text("Clusters", exact=True).click()
    page.wait_for_url(re.compile(r"layer=clusters"))
    link = page.get_by_role("link", name="Link to this view")  # under the reader: a click reruns that part alone
    expect(link).to_have_attribute("href", re.compile("layer=clusters"), timeout=30_000)
    href = link.get_attribute("href")
    shown, address = urlparse(href), urlparse(page.url)
    assert (shown.netloc, shown.path) == (address.netloc, address.path)  # the link to copy is this view's address
    assert parse_qs(shown.query) == parse_qs(address.query)
    days = sorted(re.findall(r"(?:from|to)=(\d{4}-\d\d-\d\d)", page.url))
    copied = _fresh(page, href)
    expect(copied.get_by_role("combobox", name="Place", exact=True)).to_have_value(re.compile("حمص"), timeout=60_000)
    thumbs = copied.locator('[data-testid="stSidebar"] input[type="range"]')
    expect(thumbs.first).to_have_attribute("aria-valuetext", days[0], timeout=30_000)
    assert thumbs.nth(1).get_attribute("aria-valuetext") == days[1]
    expect(copied.get_by_role("radio", name="Clusters")).to_be_checked()
    _map(copied).wait_for_function("() => { let n = 0; window.map.eachLayer(l => { if (l instanceof "
                                   "L.MarkerClusterGroup) n++; }); return n > 0; }", timeout=60_000)
    # the first run drew the link's layer and dates without the controls; drawing them changed nothing
    assert _map(copied).evaluate("() => window.feature_group.length") == 1


def test_switching_layers_leaves_only_the_chosen_one(page):
    """Clusters, then points again: the clusters are gone (the offline map once lacked the maxZoom
    that marker clusters need, and the clusters stayed beneath every later layer)."""
    clusters = ("() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) n++; });"
                " return n; }")
    page.get_by_text("Clusters", exact=True).click()
    _map(page).wait_for_function(f"() => ({clusters})() === 1", timeout=60_000)
    page.get_by_text("Points", exact=True).click()
    _map(page).wait_for_function(f"() => ({clusters})() === 0", timeout=60_000)
    _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 3", timeout=60_000)


def test_the_map_drawn_first_is_kept_when_the_controls_arrive(page, dashboard):
    """A browser's first run draws the map alone (makan_ui.map_first); the next one adds the
    sidebar, the search box, the timeline and the reader around that same map: its frame is not
    rebuilt and its places are not drawn again."""
    from playwright.sync_api import expect

    fresh = _fresh(page, dashboard)
    fresh.locator(MAP_FRAME).wait_for(timeout=60_000)
    _map(fresh).wait_for_function(f"() => ({TOOLTIPS})().length === 3", timeout=60_000)
    _map(fresh).evaluate("() => { window.__first_map = true; }")
    expect(fresh.get_by_role("combobox", name="Place", exact=True)).to_be_visible(timeout=60_000)
    expect(fresh.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=60_000)
    expect(fresh.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')).to_have_count(4)
    expect(fresh.get_by_role("textbox", name="Search the passages")).to_be_visible()
    fresh.wait_for_timeout(1500)  # time for any redraw to land
    assert _map(fresh).evaluate("() => window.__first_map === true"), "the map's frame was rebuilt"
    assert _map(fresh).evaluate("() => window.feature_group.length") == 1, "the places were drawn again"
    assert len(_map(fresh).evaluate(TOOLTIPS)) == 3


# Records, at every frame the browser draws from the moment the map shows its first place, where
# the map's frame is on the page: each position once, in order, with the time it was first seen.
MAP_POSITIONS = """() => { if (window.top !== window) return; window.__map_at = [];
    const look = () => { const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
        let shown = false;
        try { frame.contentWindow.map.eachLayer(l => { if (l.getTooltip && l.getTooltip()) shown = true; }); } catch (e) {}
        if (shown) { const r = frame.getBoundingClientRect(), at = [Math.round(r.x), Math.round(r.y), Math.round(r.width)];
            const last = window.__map_at[window.__map_at.length - 1];
            if (!last || last[0].join() !== at.join()) window.__map_at.push([at, performance.now()]); }
        requestAnimationFrame(look); };
    requestAnimationFrame(look); }"""


AIMED_MS = 250  # about the shortest time in which a person sees a marker and clicks it


def test_the_map_stays_where_it_first_appeared_when_the_controls_arrive(page, dashboard):
    """The map drawn alone first (makan_ui.map_first) is not moved by what the next run adds: the
    search box's place keeps its height, held or loading, and the layer switch is under the map.
    (Held empty, they pushed the map 136 px down a second after it appeared, and a click aimed at a
    marker in that second landed beside it and was lost; the search box's half-second skeleton then
    still moved it 28 px.) In English and in Arabic, whose map sits on the left."""
    from playwright.sync_api import expect

    for locale in ("en-GB", "ar"):
        context = page.context.browser.new_context(viewport={"width": 1400, "height": 1100}, locale=locale)
        context.add_init_script(script=f"({MAP_POSITIONS})()")
        fresh = context.new_page()
        fresh.goto(dashboard)
        expect(fresh.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=60_000)
        fresh.wait_for_timeout(1000)  # time for the last run's layout to land
        positions = fresh.evaluate("() => window.__map_at")
        # A position held for a frame or two as the page first lays out (18 px, for 9 ms here) is
        # not one a person can aim at; the moves mended lasted 0.5 s and more.
        held = [(at, round(until - since)) for (at, since), (_, until) in zip(positions, positions[1:])]
        assert all(ms < AIMED_MS for _, ms in held), f"{locale}: the map moved: {held} then {positions[-1][0]}"
        context.close()


def test_the_marker_clicked_before_a_reader_choice_can_be_clicked_again(page):
    """Click a marker, choose another place in the reader, click the first marker again on the very
    same pixel: the reader shows it again (streamlit-folium alone sends a click only when it differs
    from its last, so this click was lost)."""
    from playwright.sync_api import expect

    chooser = page.get_by_role("combobox", name="Place", exact=True)
    aleppo = re.compile(r"حلب · Aleppo \(6\)")
    at = _click_marker_until(page, "حلب", chooser, aleppo)
    chooser.click()
    page.get_by_role("option", name=re.compile(r"حمص · Homs")).click()
    expect(chooser).to_have_value(re.compile(r"حمص · Homs"), timeout=30_000)
    page.mouse.click(*at)
    expect(chooser).to_have_value(aleppo, timeout=30_000)


def test_clicking_the_selected_marker_again_or_panning_keeps_the_reader(page):
    from playwright.sync_api import expect

    chooser = page.get_by_role("combobox", name="Place", exact=True)
    aleppo = re.compile(r"حلب · Aleppo \(6\)")
    _click_marker_until(page, "حلب", chooser, aleppo)
    box = page.locator(MAP_FRAME).bounding_box()
    expect(page.locator("div[dir=rtl] mark", has_text="حلب").first).to_be_visible(timeout=30_000)
    for nudge in (2, -2):  # the same marker again, a little off where it was first clicked
        point = _map(page).evaluate(POINT_ON, "حلب")
        page.mouse.click(box["x"] + point[0] + nudge, box["y"] + point[1])
        page.wait_for_timeout(1500)
        expect(chooser).to_have_value(aleppo)
    page.evaluate(COUNT_SENT)
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 220, box["y"] + 160, steps=8)  # pan
    page.mouse.up()
    page.mouse.wheel(0, -300)  # zoom
    page.wait_for_timeout(2000)
    assert page.evaluate("() => window.makanSent") == 0  # no rerun, so nothing is read again
    expect(chooser).to_have_value(aleppo)
    page.get_by_text("Clusters", exact=True).click()  # while a real change does reach the server
    page.wait_for_function("() => window.makanSent > 0", timeout=10_000)
    expect(page.locator("div[dir=rtl] mark", has_text="حلب").first).to_be_visible()
