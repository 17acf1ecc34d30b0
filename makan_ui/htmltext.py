"""Article text to HTML: everything that comes from an article is escaped here.

Article text is untrusted. Popups, tooltips and the reader only ever receive what these functions
return, and links are kept only for http(s) URLs.
"""

from __future__ import annotations

import html

from makan_ui.i18n import is_rtl, language, t, value_label
from makan_ui.reasons import reason_in

RTL = 'dir="rtl" style="text-align:right;font-size:1.05em;line-height:1.7"'


def esc(text: str | None) -> str:
    """HTML-escape article text, plus the characters that would end or interpolate a JavaScript
    template literal (backtick, ``$``, backslash), since folium wraps some strings in them."""
    return html.escape(text or "").replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def highlight(text: str, marks: list[tuple[int, int]]) -> str:
    """The passage as HTML with the place marked; every slice of article text is escaped and its
    line breaks are ``<br>``."""
    out, cursor = [], 0
    for start, end in sorted(marks):
        if start < cursor:
            continue
        out.append(esc(text[cursor:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        cursor = end
    out.append(esc(text[cursor:]))
    # A blank line would end the HTML block in Markdown and let the rest be read as Markdown.
    return "".join(out).replace("\r", "").replace("\n", "<br>")


def safe_link(url: str | None, text: str | None = None) -> str:
    """An escaped link reading ``text`` (else the URL), only for http(s): a ``javascript:`` URL from
    an article must not run."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return ""
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(text or url)}</a>'


REPEATS_NAMED = 10  # the other articles of a repeated passage named under it; then how many more


def repeats_html(repeats: list[dict]) -> str:
    """The line under a passage that ran word for word in other articles: each one's source, date
    and title (a link to the article when it has an http(s) URL), escaped as everything from an
    article, in the interface's direction."""
    if not repeats:
        return ""
    named = []
    for row in repeats[:REPEATS_NAMED]:
        title = " ".join((row["title"] or row["doc_id"]).split())
        link = safe_link(row["url"], title) or esc(title)
        parts = (esc(row["source"] or ""), esc(row["date"] or t("passage.undated")), link)
        named.append(" · ".join(f"<bdi>{part}</bdi>" for part in parts if part))
    more = len(repeats) - REPEATS_NAMED
    tail = f" {esc(t('passage.repeats_more', count=more))}" if more > 0 else ""
    head = esc(t(f"passage.repeats.{'one' if len(repeats) == 1 else 'other'}", count=len(repeats)))
    separator = "؛ " if is_rtl() else "; "
    return (f'<br><small dir="{"rtl" if is_rtl() else "ltr"}" style="color:#666;overflow-wrap:anywhere">'
            f'{head} {separator.join(named)}{tail}</small>')


def passage_html(row: dict, repeats: list[dict] | None = None) -> str:
    """One reader entry: title, date, source and link above the passage, right to left; the evidence
    line (the pipeline's reasons, written in English and said in Arabic in the Arabic interface) in
    the interface's direction."""
    when = esc(row["date"] or t("passage.undated"))
    if row["date_source"] == "user":
        when += f" {esc(t('passage.corrected'))}"
    # A passage dated otherwise than its article (an event announced for later, a past one recalled)
    # names the article's date too: the date alone read as when the news was published.
    reported = row.get("article_date")
    article = (esc(t("passage.article_of", date=reported))
               if reported and row["date"] and reported != row["date"] else "")
    meta = " · ".join(f"<bdi>{x}</bdi>" for x in (when, article, esc(row["source"] or ""), safe_link(row["url"])) if x)
    title = " ".join(esc(row["title"] or row["doc_id"]).split())  # <bdi>: a Latin name keeps its order in RTL
    why = ""
    if row.get("why"):  # the resolver's and the sense reader's one-line reasons, as evidence for the user
        said = language()
        confidence = (f" · {esc(t('passage.confidence', confidence=format(float(row['confidence']), '.2f')))}"
                      if row.get("confidence") is not None else "")
        sense = (f" · {esc(value_label('sense', row['sense']))}: {esc(reason_in(said, row['sense_why'] or ''))}"
                 if row.get("sense") else "")
        why = (f'<br><small dir="{"rtl" if is_rtl() else "ltr"}" style="color:#666">'
               f'{esc(t("passage.why", why=reason_in(said, row["why"])))}{confidence}{sense}</small>')
    # A scraped URL is one word of a hundred characters: it may break anywhere rather than run out of
    # the reader's column over the map (seen on SaudiNewsNet's okaz.com.sa links).
    return (f'<div {RTL}><strong><bdi>{title}</bdi></strong><br><small style="overflow-wrap:anywhere">{meta}</small>'
            f'<p>{highlight(row["passage"], row["marks"])}{why}{repeats_html(repeats or [])}</p></div>')
