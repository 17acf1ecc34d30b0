"""The hosted server: the dashboard page plus ``GET /health``, a route a monitor can poll.

``python -m makan_ui.serve`` runs ``streamlit run makan_ui/hosted_app.py -- ARGS``; Streamlit finds
``app`` below and serves ``dashboard.py`` with the same arguments, behind the same login. Streamlit's
own ``/_stcore/health`` says only that the server runs; ``/health`` also opens the store the page
reads (schema checked, nothing read from it) and answers ``200 {"status": "ok"}``, or ``503
{"status": "error", "store": "cannot be read"}`` with the problem itself in the server's log. It
needs no login, so it says nothing of the corpus (no title, no count) nor where the store is.
"""

from __future__ import annotations

import logging

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from makan_ui.health import store_problems
from makan_ui.reads import warm_on_start
from makan_ui.settings import HERE, parse_settings, script_arguments

HEALTH_PATH = "/health"
LOG = logging.getLogger("makan.health")


def problems() -> list[str]:
    """What stops the page from reading its store now; empty when it can."""
    return store_problems(str(parse_settings(script_arguments(), fetch=False).db))


async def health(request: Request) -> JSONResponse:
    """200 when the store opens, else 503 (the problem, which names the store, goes to the log)."""
    found = await run_in_threadpool(problems)  # opening a store blocks: not on the event loop
    if found:
        for problem in found:
            LOG.error("health: %s", problem)
        return JSONResponse({"status": "error", "store": "cannot be read"}, status_code=503,
                            headers={"Cache-Control": "no-store"})
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


app = st.App(str(HERE / "dashboard.py"), routes=[Route(HEALTH_PATH, health, methods=["GET", "HEAD"])],
             lifespan=warm_on_start)
