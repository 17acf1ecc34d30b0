"""The timeline: bars of mentions over the bulk of the dates, with a brush that sets the date range.

Counts come from the store per date value (``Store.date_counts``), a few thousand rows at most;
binning here is over those rows, never over mentions. The default extent is where the mentions
dated to the day are dense (mostly the articles' own dates; a bare year in the text, "في عام 1990",
would otherwise pull it decades back), so an article recalling 1817 or planning for 2060 is counted
and listed apart instead of stretching the axis. A month- or year-only date is never put on a fake
day: when bins are finer than its precision it is drawn as a translucent bar as wide as its period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pandas as pd

from geo.store import date_period
from makan_ui.i18n import is_rtl, t

if TYPE_CHECKING:
    import altair as alt

UNITS = ("day", "week", "month", "year")
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# Bar kinds: dates at least as precise as the bins, and coarser ones drawn over their whole period
# (named in the legend by ``t("timeline.<kind>")``).
EXACT, MONTH_ONLY, YEAR_ONLY = "exact", "month_only", "year_only"
COLOURS = {EXACT: "#9b2226", MONTH_ONLY: "#0a9396", YEAR_ONLY: "#ee9b00"}
# Vega names months in English only: in Arabic the axis writes dates in digits instead.
DIGIT_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


@dataclass(frozen=True)
class Extent:
    """The dates the timeline and the slider span, and what lies outside them."""

    lo: date
    hi: date  # inclusive
    outside: pd.DataFrame  # date value, mentions: dated mentions whose period misses [lo, hi]

    @property
    def outside_mentions(self) -> int:
        """How many dated mentions the timeline leaves out (listed under it)."""
        return int(self.outside["mentions"].sum()) if len(self.outside) else 0


def periods(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` (date, mentions) with each value's period: start, end (exclusive) and precision."""
    rows = [(d, n, *p) for d, n in zip(counts["date"], counts["mentions"]) if (p := date_period(d))]
    return pd.DataFrame(rows, columns=["date", "mentions", "start", "end", "precision"])


def bulk_extent(counts: pd.DataFrame, share: float = 0.95, edge: float = 0.25) -> Extent | None:
    """Where the dates are dense: the shortest span holding ``share`` of the mentions dated to the day
    (of all dated mentions when none is), widened day by day while the next day still has at least
    ``edge`` times the span's median day and lies next to it; None when nothing is dated.

    Percentiles alone (1st..99th) let a thin tail stretch the axis: in a month of articles that
    recall last year's events, 4% of mentions spread over six months left the month one spike. The
    widening keeps an evenly spread corpus whole instead of clipping its first and last days.
    """
    spans = periods(counts)
    if spans.empty:
        return None
    days = spans[spans["precision"] == "day"]
    daily = (days if len(days) else spans).groupby("start")["mentions"].sum().sort_index()
    starts, weights = list(daily.index), [int(n) for n in daily]
    need, total, j, best = share * sum(weights), 0, 0, (0, len(starts) - 1)
    for i in range(len(starts)):  # two pointers: the shortest window [j, i] holding ``need``
        total += weights[i]
        while total - weights[j] >= need:
            total -= weights[j]
            j += 1
        if total >= need and starts[i] - starts[j] < starts[best[1]] - starts[best[0]]:
            best = (j, i)
    first, last = best
    floor_count = edge * float(pd.Series(weights[first:last + 1]).median())
    gap = timedelta(days=max(1, (starts[last] - starts[first]).days // 10))  # a neighbour, not a far year
    while first > 0 and weights[first - 1] >= floor_count and starts[first] - starts[first - 1] <= gap:
        first -= 1
    while last + 1 < len(starts) and weights[last + 1] >= floor_count and starts[last + 1] - starts[last] <= gap:
        last += 1
    lo = starts[first]
    hi = max(daily.index[last], lo) if len(days) else max(spans[spans["start"] == starts[last]]["end"]) - timedelta(days=1)
    outside = spans[(spans["end"] <= lo) | (spans["start"] > hi)][["date", "mentions"]]
    return Extent(lo, hi, outside.reset_index(drop=True))


def choose_unit(lo: date, hi: date) -> str:
    """Bin width that follows the span: days for weeks, weeks for months, months for years."""
    days = (hi - lo).days + 1
    if days <= 62:
        return "day"
    if days <= 2 * 366:
        return "week"
    if days <= 20 * 366:
        return "month"
    return "year"


def floor(day: date, unit: str) -> date:
    """The first day of the ``unit`` holding ``day`` (weeks start on Monday)."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def step(start: date, unit: str) -> date:
    """The first day of the next ``unit``."""
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def bins(counts: pd.DataFrame, extent: Extent, unit: str) -> pd.DataFrame:
    """Bars inside the extent: (start, end, mentions, kind). Dates at least as precise as ``unit``
    are summed into its bins (``EXACT``); coarser ones keep their own period (``MONTH_ONLY``,
    ``YEAR_ONLY``), clipped to the extent."""
    spans = periods(counts)
    spans = spans[(spans["end"] > extent.lo) & (spans["start"] <= extent.hi)]
    columns = ["start", "end", "mentions", "kind"]
    if spans.empty:
        return pd.DataFrame(columns=columns)
    fine = spans["precision"].map(PRECISION_RANK) <= PRECISION_RANK[unit]
    binned = spans[fine].assign(start=spans[fine]["start"].map(lambda d: floor(d, unit)))
    binned = binned.groupby("start", as_index=False)["mentions"].sum()
    binned["end"] = binned["start"].map(lambda d: step(d, unit))
    binned["kind"] = EXACT
    coarse = spans[~fine].groupby(["start", "end", "precision"], as_index=False)["mentions"].sum()
    coarse["kind"] = coarse["precision"].map({"month": MONTH_ONLY, "year": YEAR_ONLY})
    coarse["start"] = coarse["start"].map(lambda d: max(d, extent.lo))
    coarse["end"] = coarse["end"].map(lambda d: min(d, extent.hi + timedelta(days=1)))
    return pd.concat([binned[columns], coarse[columns]], ignore_index=True)


def chart(bars: pd.DataFrame, extent: Extent, unit: str) -> alt.LayerChart:
    """Bars over a fixed x domain (the extent), with an x-interval brush named ``brush``.

    The chart depends only on the counts, not on the chosen range, so a brush stays where the
    user drew it while the map and the reader follow it. Altair is imported here, not with the module:
    the filters need this module on a page's first run, which draws the map only (``map_first``),
    and importing Altair took about a second of that run.
    """
    import altair as alt

    data = bars.assign(start=pd.to_datetime(bars["start"]), end=pd.to_datetime(bars["end"]),
                       label=bars["kind"].map(lambda kind: t(f"timeline.{kind}")))
    domain = [pd.Timestamp(extent.lo).isoformat(), pd.Timestamp(extent.hi + timedelta(days=1)).isoformat()]
    brush = alt.selection_interval(encodings=["x"], name="brush")
    axis = alt.Axis(format=DIGIT_FORMATS[unit]) if is_rtl() else alt.Axis()
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=axis)
    colour = alt.Color("label:N", title=None, legend=alt.Legend(orient="top"),
                       scale=alt.Scale(domain=[t(f"timeline.{kind}") for kind in COLOURS], range=list(COLOURS.values())))
    tooltip = [alt.Tooltip("start:T", title=t("timeline.from"), format="%Y-%m-%d"),
               alt.Tooltip("end:T", title=t("timeline.until"), format="%Y-%m-%d"),
               alt.Tooltip("mentions:Q", title=t("timeline.mentions")), alt.Tooltip("label:N", title=t("timeline.bar"))]
    fine = alt.Chart(data).transform_filter(alt.datum.kind == EXACT).mark_bar().encode(
        x=x, x2="end:T", y=alt.Y("mentions:Q", title=t("timeline.axis", unit=t(f"unit.{unit}"))), y2=alt.datum(0), color=colour,
        tooltip=tooltip)
    coarse = alt.Chart(data).transform_filter(alt.datum.kind != EXACT).mark_bar(opacity=0.35).encode(
        x=alt.X("start:T"), x2="end:T", y="mentions:Q", y2=alt.datum(0), color=colour, tooltip=tooltip)
    return alt.layer(coarse, fine.add_params(brush)).properties(height=150)  # a strip above the map


def vega_lite(layers: alt.LayerChart) -> dict:
    """The chart as the Vega-Lite spec ``st.vega_lite_chart`` draws, as ``st.altair_chart`` would send
    it: without the default theme's 300-pixel view (Streamlit leaves it out too), the data inline."""
    spec = layers.to_dict()
    view = spec.get("config", {}).get("view", {})
    for key in ("continuousWidth", "continuousHeight"):
        view.pop(key, None)
    if "config" in spec and not view:
        spec["config"].pop("view", None)
        if not spec["config"]:
            del spec["config"]
    return spec


def brushed_range(event: object) -> tuple[date, date] | None:
    """The days a brush covers, from ``st.altair_chart``'s selection event; None when cleared."""
    selection = (event or {}).get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {})
    brush = (selection or {}).get("brush") or {}
    values = next((v for v in brush.values() if isinstance(v, (list, tuple)) and len(v) == 2), None)
    if not values:
        return None
    days = [_as_date(v) for v in values]
    return min(days), max(days)


def _as_date(value: object) -> date:
    """A Vega-Lite selection bound: epoch milliseconds or an ISO string."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date()
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
