"""Many colleagues at once on one hosted instance: does it hold up, and how fast does it answer?

``python scripts/bench_hosted.py [--sessions 20] [--editors 5] [--seconds 120] [--pause MIN MAX]``
processes the demo corpus into a store, starts a local OpenID Connect provider (oidc-provider-mock)
and ``python -m makan_ui.serve`` on 127.0.0.1, then drives that many Playwright contexts in one
Debian chromium for the given time: each logs in; viewers click markers, brush the timeline, pick
places in the reader and search while editors correct documents' dates. Without ``--pause`` every
session acts again the moment its last action is done: 20 sessions then keep both cores busy
(chromium draws all 20 pages on the same cores as the server), and the times measure the queue,
not an answer. ``--pause 2 8`` has each session wait 2-8 s between actions, as a person looks at
the map or reads a passage before the next click (the first action after a pause of 0 to MAX s,
so that the sessions do not act in step). It prints the interactions and
their p50/p95 time (from the action's last gesture, the click, the mouse's release or Enter, to
the page's script having finished its run; a date correction counts as its three steps: choose the
document, type the date, save; every action changes something, and one that starts no run within
20 s is counted apart), the errors seen in any page or in the server's log, and whether every
saved correction is in the store
(its date history and its audit log, one row per save). Bounded in count and in time; figures,
not assertions: the README's Hosting section reports them.

Where the time goes: each interaction is also timed until the server's message that its run
finished (before the page draws it), and the CPU seconds the server, chromium and the benchmark
used while the sessions interacted are printed. ``--browser-nice N`` runs chromium at a lower
priority, so the server takes the CPU first, as when the browsers run on colleagues' machines.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from playwright.async_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.store import Store  # noqa: E402
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, POINT_ON, TOOLTIPS  # noqa: E402

COOKIE_SECRET = "b" * 48
LOGINS_AT_ONCE = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_by_process(server: int) -> dict[str, float]:
    """CPU seconds used so far by the server (its process and children), by chromium (every page's
    renderer, its GPU and network processes) and by the rest of this benchmark (this script with the
    identity provider's thread, and Playwright's driver), read from /proc: on these 2 cores all of
    them share the CPU that answers a click."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    command: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:  # the process ended meanwhile
            continue
        parent[int(entry.name)] = int(stat[1])
        used[int(entry.name)] = (int(stat[11]) + int(stat[12])) / tick

    def under(pid: int, root: int) -> bool:
        while pid > 1:
            if pid == root:
                return True
            pid = parent.get(pid, 0)
        return False

    out = {"server": 0.0, "chromium": 0.0, "benchmark": 0.0}
    for pid, seconds in used.items():
        if under(pid, server):
            out["server"] += seconds
        elif under(pid, os.getpid()):
            out["chromium" if "chrom" in command[pid] else "benchmark"] += seconds
    return out


def start_provider() -> str:
    """oidc-provider-mock on 127.0.0.1 in a thread; its URL."""
    import oidc_provider_mock
    import werkzeug.serving

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def start_server(tmp: Path, provider: str, db: Path, editors: int) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                       f'cookie_secret = "{COOKIE_SECRET}"\nclient_id = "makan"\nclient_secret = "bench"\n'
                       f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    roles = tmp / "roles.toml"
    roles.write_text('unknown = "viewer"\n[users]\n' + "".join(f'"editor{i}@example.org" = "editor"\n'
                                                             for i in range(editors)), encoding="utf-8")
    log = tmp / "server.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "makan_ui.serve", "--roles", str(roles), "--secrets", str(secrets), "--port", str(port),
         "--", "--db", str(db)], cwd=REPO, env={**os.environ, "XDG_DATA_HOME": str(tmp / "data")},
        stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return server, url, log
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server never answered:\n{log.read_text()}")


NO_RUN_WITHIN = 20.0  # seconds for an action's run to start before it counts as having started none
# Resolves once the page shows no run going on: what the last run sent has been drawn.
DRAWN = """() => new Promise(resolve => {
    const idle = () => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning';
    if (idle()) return resolve();
    const watch = new MutationObserver(() => { if (idle()) { watch.disconnect(); resolve(); } });
    watch.observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
})"""


class Runs:
    """The page's script runs, counted from the server's messages on its websocket: a run begins
    with ``new_session`` and ends with ``script_finished`` (unless it stopped for the rerun that
    follows it). Read off the socket, not the page: under load the browser may render a short run's
    start and end together, and polling the page kept all 20 pages busy."""

    def __init__(self, page) -> None:
        self.started = self.finished = 0
        self.finished_at = 0.0  # time.monotonic() when the server's last run was reported finished
        self.changed = asyncio.Event()
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        try:
            message = ForwardMsg.FromString(payload)
        except Exception:  # noqa: BLE001 - not a message of Streamlit's
            return
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.started += 1
        elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.finished = self.started
            self.finished_at = time.monotonic()
        else:
            return
        self.changed.set()

    async def settled(self, before: int, start_within: float = NO_RUN_WITHIN, timeout: float = 60.0) -> bool:
        """Until the runs started since ``before`` runs have finished; False when none started within
        ``start_within`` s (a click lost, or an action that changed nothing after all)."""
        deadline = time.monotonic() + timeout
        start_by = time.monotonic() + start_within
        while not (self.started > before and self.finished >= self.started):
            now = time.monotonic()
            if self.started == before and now >= start_by:
                return False
            if now >= deadline:
                raise TimeoutError(f"the page's run did not finish within {timeout:.0f} s")
            self.changed.clear()
            try:
                until = min(start_by, deadline) if self.started == before else deadline
                await asyncio.wait_for(self.changed.wait(), until - now)
            except asyncio.TimeoutError:
                pass
        return True


async def login(page, runs: Runs, url: str, provider: str, email: str) -> None:
    await page.goto(url, wait_until="commit", timeout=180_000)
    await page.get_by_role("button", name="Log in").click(timeout=120_000)
    await page.wait_for_url(f"{provider}/**", timeout=120_000)
    await page.fill("input[name=sub]", email)
    await page.get_by_role("button", name="Authorize").click()
    await page.wait_for_url(f"{url}/**", timeout=120_000)
    await page.get_by_text(f"Signed in as {email}").wait_for(timeout=120_000)
    await runs.settled(0, 180, 180)
    await page.evaluate(DRAWN)


LABEL = re.compile(r"\s*(.+?\(\d+\))")  # a marker tooltip's first line: a place's label, its count last
# The place the reader (or a search's results) shows, as its chooser names it; "" when none.
SHOWN_PLACE = """() => (document.querySelector('input[role=combobox][aria-label="Place"]')
    || document.querySelector('input[role=combobox][aria-label="Passages of"]') || {value: ""}).value.trim()"""


# Each action is prepared (what the person does before the last gesture: finding a marker, opening
# a list, typing words) and returns that last gesture (the click, the release of the mouse, Enter),
# which the interaction's time starts from.
Gesture = Callable[[], Awaitable[None]]


NOTHING_TO_DO = "nothing to do: "  # counted with the actions not timed, printed apart


class NothingToDo(LookupError):
    """The page offers nothing for this action: the map shows no marker but the reader's place, or
    a chooser lists one option (a brush over a year or two of the demo corpus can leave one). A
    person would do something else, and so does the session; counted apart, not as an error."""


async def click_marker(page, rng: random.Random) -> Gesture:
    """Click a marker other than the place the reader shows (a click on that one changes nothing)."""
    frame = await (await page.locator(MAP_FRAME).element_handle(timeout=60_000)).content_frame()
    shown = await page.evaluate(SHOWN_PLACE)
    # each marker by its whole label ("حلب · Aleppo (8)"): a first word such as ريف names many
    labels = {match.group(1) for match in map(LABEL.match, await frame.evaluate(TOOLTIPS)) if match}
    labels.discard(shown)
    if not labels:
        raise NothingToDo("marker: none but the reader's place")
    # a marker that others cover wholly (a suburb under its city) cannot be clicked: try others
    for label in rng.sample(sorted(labels), len(labels)):
        point = await frame.evaluate(POINT_ON, label)
        if point is not None:
            break
    else:
        raise LookupError(f"none of the map's {len(labels)} other markers can be clicked")
    box = await page.locator(MAP_FRAME).bounding_box()
    return lambda: page.mouse.click(box["x"] + point[0], box["y"] + point[1])


async def brush(page, rng: random.Random) -> Gesture:
    """Drag across part of the timeline."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    await chart.scroll_into_view_if_needed()
    box = await chart.bounding_box()
    y = box["y"] + box["height"] * 0.6
    left = rng.uniform(0.1, 0.5)
    right = left + rng.uniform(0.1, 0.4)
    await page.mouse.move(box["x"] + box["width"] * left, y)

    async def drag() -> None:
        await page.mouse.down()
        await page.mouse.move(box["x"] + box["width"] * right, y, steps=5)
        await page.mouse.up()
    return drag


async def another_option(page, rng: random.Random, chooser, most: int, alone: str) -> None:
    """Open ``chooser``'s list and move 1 to ``most`` options away from the chosen one with the arrow
    keys. The list opens on the chosen option; from the last one (a search's results may name two
    places) the arrow down stays put and Enter changed nothing, so this moves up from there. A list
    of one option raises ``NothingToDo(alone)``. A click that opens no list within 10 s (once in a
    2-minute run, on a busy page) is made again, as a person would."""
    for attempt in range(3):
        await chooser.click()
        try:
            await page.get_by_role("option").first.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    count, chosen = await page.evaluate(OPTIONS)
    if count < 2:
        await page.keyboard.press("Escape")
        raise NothingToDo(alone)
    down = chosen + 1 < count
    for _ in range(min(rng.randint(1, most), count - 1 - chosen if down else chosen)):
        await page.keyboard.press("ArrowDown" if down else "ArrowUp")


OPTIONS = """() => { const options = [...document.querySelectorAll('[role=option]')];
    return [options.length, Math.max(0, options.findIndex(o => o.getAttribute('aria-selected') === 'true'))]; }"""


async def pick_place(page, rng: random.Random) -> Gesture:
    """Choose another place in the reader (or, while a search is shown, in its results)."""
    chooser = page.get_by_role("combobox", name="Place", exact=True).or_(
        page.get_by_role("combobox", name="Passages of", exact=True))
    await another_option(page, rng, chooser, 4, "place: one place listed")
    return lambda: page.keyboard.press("Enter")


SEARCHES = ["حمص", "دمشق", "قصف", "\"ريف دمشق\"", "حلب", "المعارضة", ""]  # "": the search cleared


async def search(page, rng: random.Random) -> Gesture:
    """Type a word, a place or a phrase into the search box (or clear it), another search than the
    one shown, and press Enter."""
    box = page.get_by_label("Search the passages")
    current = await box.input_value()
    await box.fill(rng.choice([words for words in SEARCHES if words != current]))
    return lambda: page.keyboard.press("Enter")


async def timed(page, runs: Runs, kind: str, gesture: Gesture, times: dict[str, list[float]],
                unchanged: dict[str, int]) -> None:
    """Make the ``gesture`` and time it until the run it started is over and the page has drawn it;
    ``times["server: " + kind]`` gets the time until the server's message that the run finished,
    which the page then still has to draw. One that starts no run is counted in ``unchanged``."""
    before = runs.started
    began = time.monotonic()
    await gesture()
    if await runs.settled(before):
        times.setdefault(f"server: {kind}", []).append(runs.finished_at - began)
        await page.evaluate(DRAWN)
        times.setdefault(kind, []).append(time.monotonic() - began)
    else:
        unchanged[kind] = unchanged.get(kind, 0) + 1


async def correct_date(page, runs: Runs, rng: random.Random, email: str, saved: list[str], unconfirmed: list[str],
                       times: dict[str, list[float]], unchanged: dict[str, int]) -> None:
    """Open the date editor, choose a document, type a date and save it: three interactions, each
    timed on its own (``date: choose``, ``date: type``, ``date: save``, the last until the page shows
    the save), as a person waits for each before the next. ``saved`` gets the value once the page
    lists it in the document's history under this editor (the save the user saw succeed),
    ``unconfirmed`` when it does not within 30 s (the click or the run never took effect)."""
    field = page.get_by_label("Date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if not await field.is_visible():
        await page.get_by_text("Correct a document's date").click()
        await field.wait_for(timeout=30_000)
    await another_option(page, rng, page.get_by_role("combobox", name="Document", exact=True), 3,
                         "date: one document listed")
    await timed(page, runs, "date: choose", lambda: page.keyboard.press("Enter"), times, unchanged)
    value = f"{rng.randint(1990, 2020)}-{rng.randint(1, 12):02d}"
    await field.fill(value)
    await timed(page, runs, "date: type", lambda: page.keyboard.press("Enter"), times, unchanged)
    began = time.monotonic()
    await page.get_by_role("button", name="Save date").click()
    try:
        await page.get_by_text(f"{value} by {email}").first.wait_for(timeout=30_000)
    except Exception:  # noqa: BLE001 - counted, not raised
        unconfirmed.append(value)
        raise
    times.setdefault("date: save", []).append(time.monotonic() - began)
    saved.append(value)


class Start:
    """Logins a few at a time (20 browsers loading the page at once only measure the login), then
    every session's interactions start together and run for the same time. With pauses, each
    session's first action comes after a pause drawn from 0 to the longest: drawn from MIN..MAX as the
    others, all 20 first actions fell within MAX - MIN seconds (20-30 s pauses: 20 actions in 10 s,
    2.7 times the steady rate), a crowd that colleagues arriving one by one never make."""

    def __init__(self, sessions: int, seconds: float, pause: tuple[float, float]) -> None:
        self.pause = pause
        self.logins = asyncio.Semaphore(LOGINS_AT_ONCE)
        self.waiting = sessions
        self.all_in = asyncio.Event()
        self.seconds = seconds
        self.deadline = 0.0

    def arrived(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.deadline = time.monotonic() + self.seconds
            self.all_in.set()


async def session(browser, url: str, provider: str, email: str, editor: bool, start: Start, seed: int,
                  times: dict[str, list[float]], unchanged: dict[str, int], errors: list[str],
                  saves: dict[str, list[str]]) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1400, "height": 1100})
    page = await context.new_page()
    runs = Runs(page)
    page.on("pageerror", lambda exc: errors.append(f"{email}: page error {exc}"))
    try:
        try:
            async with start.logins:
                await login(page, runs, url, provider, email)
        finally:
            start.arrived()
        await start.all_in.wait()
        low = 0.0  # the first action comes anywhere within the longest pause (see Start)
        while time.monotonic() < start.deadline:
            if start.pause[1] > 0:  # a person looks at the result before the next action
                left = max(0.0, start.deadline - time.monotonic())
                await asyncio.sleep(min(rng.uniform(low, start.pause[1]), left))
                low = start.pause[0]
                if time.monotonic() >= start.deadline:
                    break
            kind = "correct" if editor and rng.random() < 0.5 else rng.choice(["marker", "brush", "place", "search"])
            try:
                if kind == "correct":  # times its three steps itself
                    await correct_date(page, runs, rng, email, saves.setdefault(email, []),
                                       saves.setdefault(f"unconfirmed:{email}", []), times, unchanged)
                else:
                    prepare = {"marker": click_marker, "brush": brush, "place": pick_place, "search": search}[kind]
                    await timed(page, runs, kind, await prepare(page, rng), times, unchanged)
            except NothingToDo as nothing:
                key = f"{NOTHING_TO_DO}{nothing}"
                unchanged[key] = unchanged.get(key, 0) + 1
                continue
            except Exception as exc:  # noqa: BLE001 - every failure is a figure of this benchmark
                errors.append(f"{email}: {kind}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                continue
            if await page.locator('[data-testid="stException"]').count():
                errors.append(f"{email}: {kind}: an exception is shown in the page")
    except Exception as exc:  # noqa: BLE001
        errors.append(f"{email}: login: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def cpu_while_measured(start: Start, server: int, used: dict[str, float]) -> None:
    """Fill ``used`` with the CPU seconds each part used while the sessions interacted (logins apart)."""
    await start.all_in.wait()
    before = cpu_by_process(server)
    await asyncio.sleep(max(0.0, start.deadline - time.monotonic()))
    used.update({part: seconds - before[part] for part, seconds in cpu_by_process(server).items()})


def niced_chromium(folder: Path, niceness: int) -> Path:
    """A launcher that runs chromium at a lower priority (``nice``): the colleagues' browsers then
    take only the CPU the server leaves, as when they run on their own machines, not on the server's."""
    launcher = folder / "chromium-niced"
    launcher.write_text(f'#!/bin/sh\nexec nice -n {niceness} "{CHROMIUM}" "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return launcher


async def drive(url: str, provider: str, sessions: int, editors: int, seconds: float,
                pause: tuple[float, float], server: int, chromium: Path) -> tuple[dict, dict, list, dict, dict]:
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {}
    unchanged: dict[str, int] = {}
    errors: list[str] = []
    saves: dict[str, list[str]] = {}
    used: dict[str, float] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        start = Start(sessions, seconds, pause)
        await asyncio.gather(cpu_while_measured(start, server, used), *(session(browser, url, provider,
                                       f"editor{i}@example.org" if i < editors else f"viewer{i}@example.org",
                                       i < editors, start, i, times, unchanged, errors, saves)
                               for i in range(sessions)))
        await browser.close()
    return times, unchanged, errors, saves, used


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank: a time that 95% of the interactions did not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def report(times: dict[str, list[float]], everything: str) -> None:
    """Each kind's count and p50/p95/max, then all of them together."""
    every = [t for values in times.values() for t in values]
    for kind, values in sorted(times.items()) + [(everything, every)]:
        if values:
            print(f"    {kind:20} {len(values):5d} interactions  p50 {statistics.median(values):.2f} s  "
                  f"p95 {p95(values):.2f} s  max {max(values):.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "demo")
    parser.add_argument("--pause", type=float, nargs=2, default=(0.0, 0.0), metavar=("MIN", "MAX"),
                        help="seconds each session waits between interactions, drawn evenly from MIN..MAX "
                             "(default 0 0: back to back, the server's and browser's saturation)")
    parser.add_argument("--browser-nice", type=int, default=0, metavar="N",
                        help="run chromium at niceness N (1-19): the server gets the CPU first, as when "
                             "the colleagues' browsers run on their own machines (default 0: equal shares)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="makan-bench-hosted-") as folder:
        tmp = Path(folder)
        db = tmp / "store.sqlite"
        subprocess.run([sys.executable, "-m", "extraction", str(args.corpus), "--db", str(db)], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
        provider = start_provider()
        server, url, log = start_server(tmp, provider, db, args.editors)
        try:
            started = time.monotonic()
            times, unchanged, errors, saves, used = asyncio.run(drive(
                url, provider, args.sessions, args.editors, args.seconds, tuple(args.pause), server.pid,
                niced_chromium(tmp, args.browser_nice) if args.browser_nice else CHROMIUM))
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        server_errors = [line for line in log.read_text().splitlines() if "Traceback" in line or "Error" in line]
        with Store(db) as store:
            audit = store.audit_log()
        pause = f"pauses of {args.pause[0]:g}-{args.pause[1]:g} s" if args.pause[1] > 0 else "no pause"
        niced = f", chromium at niceness {args.browser_nice}" if args.browser_nice else ""
        print(f"{args.sessions} sessions ({args.editors} editors, {pause}{niced}) for {args.seconds:.0f} s "
              f"({elapsed:.0f} s with logins)")
        drawn = {kind: values for kind, values in times.items() if not kind.startswith("server: ")}
        answered = {kind: values for kind, values in times.items() if kind.startswith("server: ")}
        print("  until the page has drawn the run:")
        report(drawn, "all")
        print("  until the server has finished the run (the page then draws it):")
        report(answered, "server: all")
        print("  CPU seconds while the sessions interacted (2 cores give "
              f"{2 * args.seconds:.0f}): " + ", ".join(f"{part} {seconds:.0f}" for part, seconds in used.items()))
        skipped = {kind[len(NOTHING_TO_DO):]: unchanged.pop(kind) for kind in list(unchanged)
                   if kind.startswith(NOTHING_TO_DO)}
        if unchanged:  # not timed: the page showed the user no change
            print(f"  actions that started no run within {NO_RUN_WITHIN:.0f} s: "
                  + ", ".join(f"{kind} {count}" for kind, count in sorted(unchanged.items())))
        if skipped:
            print("  actions not made, the page offering nothing to do: "
                  + ", ".join(f"{kind} {count}" for kind, count in sorted(skipped.items())))
        lost = 0
        for email, values in sorted(saves.items()):
            if email.startswith("unconfirmed:"):
                continue
            rows = audit[(audit["actor"] == email) & (audit["action"] == "date correction")]
            unconfirmed = saves.get(f"unconfirmed:{email}", [])
            stored = set(rows["detail"].astype(str))
            lost += sum(1 for value in values if value not in stored)
            print(f"  {email}: {len(values)} corrections shown saved, {len(unconfirmed)} save clicks never "
                  f"shown saved, {len(rows)} in the audit log")
        print(f"  corrections shown saved but missing from the store: {lost}")
        print(f"  errors in pages: {len(errors)}")
        for line in errors[:20]:
            print(f"    {line}")
        print(f"  errors in the server log: {len(server_errors)}")
        for line in server_errors[:20]:
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
