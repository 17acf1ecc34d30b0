"""The interface's words in Arabic and English: every label, button, caption and message.

No string shown by the interface is written anywhere else: the page and its parts call ``t(key)``
(with ``str.format`` fields) and the language comes from the sidebar's switch, Arabic by default when
the browser asks for Arabic. Numbers and dates are formatted for the chosen language with Babel.
Article text is never translated, only the interface around it.

The language is held per script run (a context variable), not per process: one server serves
several sessions at once, each in its own thread, and one reader's switch must not flip another's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = {"en": "English", "ar": "العربية"}
DEFAULT = "en"

# key -> text; the Arabic table has every key of the English one with the same fields (a test checks it).
# Keys ending in ".one"/".other" are the singular and plural of one message (see ``plural``).
STRINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "app.title": "Makan · مكان",
        "auth.prompt": "This Makan is shared by its team: log in with your organisation's account to open it.",
        "auth.login": "Log in",
        "auth.logout": "Log out",
        "auth.signed_in": "Signed in as {email} ({role})",
        "auth.refused": "{email} has no access to this Makan. Ask its administrator to add you.",
        "auth.misconfigured": "The login of this server is not configured: {problem}",
        "role.viewer": "viewer",
        "role.editor": "editor",
        "role.admin": "admin",
        "admin.audit": "Audit log: who changed what",
        "admin.audit_empty": "No change has been made yet.",
        "admin.audit_export": "Export the audit log (CSV)",
        "admin.users": "Users and roles",
        "admin.col.at": "When (UTC)",
        "admin.col.actor": "Who",
        "admin.col.action": "What",
        "admin.col.target": "On",
        "admin.col.detail": "Value",
        "admin.col.who": "Address or domain",
        "admin.col.kind": "Kind",
        "admin.col.role": "Role",
        "language": "Language · اللغة",
        # processing
        "processing.progress": "Processing the corpus: {progress}. The page shows what is stored so far.",
        "processing.reading": "Reading the articles…",
        "processing.show_stored": "Show what is stored so far",
        "processing.failed": "{count} file(s) could not be processed",
        "processing.reprocess": "Reprocess the corpus",
        "processing.summary": "{processed} processed, {unchanged} unchanged, {failed} failed -> {target}, "
                              "{empty} empty",
        "processing.missing": ", {missing} missing",
        "processing.files_of": "{done} of {total} files",
        "processing.files": "{done} files",
        "processing.rate": "{files} · {articles} articles · {mb_per_s} MB/s",
        "processing.left": "about {duration} left",
        "duration.seconds": "{n} s",
        "duration.minutes": "{n} min",
        "duration.hours": "{n} h",
        # page
        "basemap.drawing": "Drawing the base map…",
        "basemap.no_outlines": "Map drawn without outlines: {error}",
        "store.error": "{error}",
        "summary": "{places} places · {mentions} mentions in the selection",
        # map
        "map.label": "Map",
        "map.points": "Points",
        "map.clusters": "Clusters",
        "map.governorate": "Governorates",
        "map.district": "Districts",
        "map.area_mentions.one": "{count} mention",
        "map.area_mentions.other": "{count} mentions",
        "map.overlaps": "{count} places under the pointer:",
        "map.overlaps_more": "and {count} more: zoom in to reach them",
        "area.unnamed": "governorate {code}",
        # timeline
        "timeline.title": "Timeline",
        "timeline.empty": "No dated mentions in this selection.",
        "timeline.help": "One bar per {unit}. Drag across the bars to choose dates; the sidebar's slider shows "
                         "and resets them.",
        "timeline.outside": "{count} dated mention(s) outside {lo} – {hi} (not on the timeline)",
        "timeline.undated": "Undated mentions (not on the timeline): {count}",
        "timeline.axis": "mentions per {unit}",
        "timeline.from": "from",
        "timeline.until": "until",
        "timeline.mentions": "mentions",
        "timeline.bar": "bar",
        "timeline.exact": "dated within the bar",
        "timeline.month_only": "month only",
        "timeline.year_only": "year only",
        "timeline.column.date": "date",
        "timeline.column.mentions": "mentions",
        "unit.day": "day",
        "unit.week": "week",
        "unit.month": "month",
        "unit.year": "year",
        # filters
        "filters.title": "Filters",
        "filters.dates": "Date range",
        "filters.undated": "Include undated mentions",
        "filters.level": "Place level",
        "filters.sense": "Sense",
        "filters.source": "Source",
        "filters.governorate": "Governorate",
        "level.country": "country",
        "level.admin1": "governorate",
        "level.admin2": "district",
        "level.city": "city",
        "level.town": "town",
        "level.village": "village",
        "level.district": "neighbourhood",
        "level.region": "region",
        "level.poi": "site",
        "sense.literal": "literal",
        "sense.metonymic": "metonymic",
        # reader
        "reader.title": "Reader",
        "reader.empty": "No place in this selection.",
        "reader.place": "Place",
        "reader.listed": "The {listed} most mentioned of {total} places are listed; click any other on the map, "
                         "or type its name in the search box.",
        "reader.count.one": "{shown} of {total} passage, newest first",
        "reader.count.other": "{shown} of {total} passages, newest first",
        "reader.more": "Show {count} more",
        "passage.undated": "undated",
        "passage.corrected": "(corrected)",
        "passage.article_of": "in an article of {date}",
        "passage.why": "why here: {why}",
        "passage.repeats.one": "the same words in {count} other article:",
        "passage.repeats.other": "the same words in {count} other articles:",
        "passage.repeats_more": "and {count} more",
        "reader.folded.one": "{count} passage repeats another word for word: it is named under the first copy.",
        "reader.folded.other": "{count} passages repeat others word for word: each is named under the first copy.",
        "passage.confidence": "confidence {confidence}",
        # date corrections
        "dates.title": "Correct a document's date",
        "dates.choose_place": "Choose a place: its documents can be corrected here.",
        "dates.document": "Document",
        "dates.document_label": "{title} ({date})",
        "dates.undated": "undated",
        "dates.found": "Found by extraction: {date} ({source})",
        "dates.none": "none",
        "date_source.text": "the text",
        "date_source.metadata": "metadata",
        "date_source.url": "the URL",
        "date_source.none": "none",
        "date_source.user": "corrected",
        "dates.value": "Date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "dates.save": "Save date",
        "dates.not_iso": "Not an ISO date: {value}",
        "dates.remove": "Remove correction",
        "dates.history": "Corrections, latest first (the latest applies):",
        "dates.history_line": "{date} by {editor}, {at} UTC",
        "dates.removed": "correction removed",
        # export
        "export.toggle": "Export the selection",
        "export.geojson": "Export GeoJSON",
        "export.csv": "Export CSV",
        # permalink
        "link.title": "Link to this view",
        "link.help": "Copy this address to share the view: place, dates, filters, map layer and language.",
        # search
        "search.label": "Search the passages",
        "search.placeholder": "حمص, \"الغوطة الشرقية\", Deir ez-Zor …",
        "search.note.unmatched_quote": "A quote mark without its pair was ignored.",
        "search.note.operators_ignored": "AND, OR, NOT and NEAR are not operators here: every word must match.",
        "search.note.too_many_terms": "Only the first 12 words or phrases are searched.",
        "search.nothing": "Nothing to search for: type a word or a \"quoted phrase\".",
        "search.places": "Place names searched as places (their mentions): {names}",
        "search.results": "Search results",
        "search.place": "Passages of",
        "search.all": "Every matching passage",
        "search.count": "{shown} of {total} matching passages, newest first",
        "search.none": "No passage matches this search and the filters.",
        "search.more": "Show {n} more results",
        "corr.title": "Correct a place",
        "corr.none": "Choose a place: the mentions its passages show can be corrected here.",
        "corr.which": "Mention",
        "corr.mention": "«{words}» in {title} ({date})",
        "corr.undated": "undated",
        "corr.action": "Correction",
        "corr.action.move": "Move to another place",
        "corr.action.not_place": "Not a place",
        "corr.action.sense": "Change its sense",
        "corr.search": "Find the place (Arabic or English name)",
        "corr.no_match": "No place in the gazetteer is named like {query}.",
        "corr.place": "Place (nearest first)",
        "corr.sense": "Sense",
        "corr.sense.literal": "the place itself",
        "corr.sense.metonymic": "its government or people (metonymic)",
        "corr.scope": "Apply to",
        "corr.scope.mention": "this mention only",
        "corr.scope.document": "every «{words}» in this document",
        "corr.scope.corpus": "every «{words}» in the corpus",
        "corr.apply": "Apply the correction",
        "corr.history": "Corrections made ({count})",
        "corr.history_empty": "No correction yet.",
        "corr.did.move": "moved to {place}",
        "corr.did.not_place": "not a place",
        "corr.did.sense": "sense: {sense}",
        "corr.reach.mention": "one mention",
        "corr.reach.document": "in one document",
        "corr.reach.corpus": "in the whole corpus",
        "corr.line": "«{words}» {what} ({scope}) by {user} at {at}",
        "corr.unresolved": "unresolved: the place is no longer in the gazetteer",
        "corr.undone": "undone by {user} at {at}",
        "corr.undo": "Undo",
        "upload.title": "Upload articles",
        "upload.choose": "Files (txt, html, json, jsonl, csv, or zip of these)",
        "upload.limit": "At most {mb} MB per upload. Zips are read in memory, member by member.",
        "upload.process": "Process the upload",
        "upload.refused": "Upload refused: {reason}",
        "upload.unfinished": "{count} earlier upload(s) were not processed to the end: {names}",
        "upload.resume": "Process them again",
        "upload.reading": "reading the files…",
        "upload.progress": "Processing the upload: {text}",
        "upload.summary": "Upload processed: {new} new, {changed} changed, {unchanged} unchanged, {failed} failed, {empty} empty",
        "upload.stopped": "The processing stopped before the end; what was stored is kept. Process the upload again to complete it.",
        "upload.failed": "{count} file(s) or row(s) could not be processed:",
    },
    "ar": {
        "app.title": "مكان · Makan",
        "auth.prompt": "هذا التطبيق مشترك بين أعضاء الفريق: سجّل الدخول بحساب مؤسستك لفتحه.",
        "auth.login": "تسجيل الدخول",
        "auth.logout": "تسجيل الخروج",
        "auth.signed_in": "مسجّل الدخول باسم {email} ({role})",
        "auth.refused": "لا يملك {email} صلاحية الوصول إلى هذا التطبيق. اطلب من المسؤول إضافتك.",
        "auth.misconfigured": "تسجيل الدخول على هذا الخادم غير مُعدّ: {problem}",
        "role.viewer": "قارئ",
        "role.editor": "محرّر",
        "role.admin": "مسؤول",
        "admin.audit": "سجل التدقيق: من غيّر ماذا",
        "admin.audit_empty": "لم يُجرَ أي تغيير بعد.",
        "admin.audit_export": "تصدير سجل التدقيق (CSV)",
        "admin.users": "المستخدمون والأدوار",
        "admin.col.at": "متى (UTC)",
        "admin.col.actor": "من",
        "admin.col.action": "ماذا",
        "admin.col.target": "على",
        "admin.col.detail": "القيمة",
        "admin.col.who": "العنوان أو النطاق",
        "admin.col.kind": "النوع",
        "admin.col.role": "الدور",
        "language": "اللغة · Language",
        "processing.progress": "جارٍ معالجة المدوّنة: {progress}. تعرض الصفحة ما خُزّن حتى الآن.",
        "processing.reading": "جارٍ قراءة المقالات…",
        "processing.show_stored": "اعرض ما خُزّن حتى الآن",
        "processing.failed": "تعذّرت معالجة ملفات عددها {count}",
        "processing.reprocess": "أعد معالجة المدوّنة",
        "processing.summary": "عولج: {processed}، دون تغيير: {unchanged}، تعذّر: {failed} ← {target}، "
                              "بلا نص: {empty}",
        "processing.missing": "، مفقود: {missing}",
        "processing.files_of": "{done} من {total} ملفات",
        "processing.files": "ملفات: {done}",
        "processing.rate": "{files} · مقالات: {articles} · {mb_per_s} م.ب/ث",
        "processing.left": "يتبقى نحو {duration}",
        "duration.seconds": "{n} ث",
        "duration.minutes": "{n} د",
        "duration.hours": "{n} س",
        "basemap.drawing": "جارٍ رسم الخريطة الأساسية…",
        "basemap.no_outlines": "رُسمت الخريطة دون حدود: {error}",
        "store.error": "تعذّرت قراءة المخزن: {error}",
        "summary": "الأماكن: {places} · الإشارات: {mentions} في التحديد",
        "map.label": "الخريطة",
        "map.points": "نقاط",
        "map.clusters": "تجمّعات",
        "map.governorate": "المحافظات",
        "map.district": "المناطق",
        "map.area_mentions.one": "إشارة واحدة",
        "map.area_mentions.other": "الإشارات: {count}",
        "map.overlaps": "الأماكن تحت المؤشر: {count}",
        "map.overlaps_more": "وغيرها: {count}، قرّب الخريطة لتصل إليها",
        "area.unnamed": "محافظة {code}",
        "timeline.title": "الخط الزمني",
        "timeline.empty": "لا إشارات مؤرّخة في هذا التحديد.",
        "timeline.help": "كل عمود {unit}. اسحب فوق الأعمدة لاختيار التواريخ؛ يعرضها منزلق الشريط الجانبي "
                         "ويعيد ضبطها.",
        "timeline.outside": "إشارات مؤرّخة عددها {count} خارج {lo} – {hi} (ليست على الخط الزمني)",
        "timeline.undated": "إشارات بلا تاريخ (ليست على الخط الزمني): {count}",
        "timeline.axis": "الإشارات في كل {unit}",
        "timeline.from": "من",
        "timeline.until": "إلى",
        "timeline.mentions": "الإشارات",
        "timeline.bar": "العمود",
        "timeline.exact": "مؤرّخة داخل العمود",
        "timeline.month_only": "الشهر فقط",
        "timeline.year_only": "السنة فقط",
        "timeline.column.date": "التاريخ",
        "timeline.column.mentions": "الإشارات",
        "unit.day": "يوم",
        "unit.week": "أسبوع",
        "unit.month": "شهر",
        "unit.year": "سنة",
        "filters.title": "المرشّحات",
        "filters.dates": "نطاق التاريخ",
        "filters.undated": "ضمّ الإشارات غير المؤرّخة",
        "filters.level": "مستوى المكان",
        "filters.sense": "المعنى",
        "filters.source": "المصدر",
        "filters.governorate": "المحافظة",
        "level.country": "دولة",
        "level.admin1": "محافظة",
        "level.admin2": "منطقة",
        "level.city": "مدينة",
        "level.town": "بلدة",
        "level.village": "قرية",
        "level.district": "حي",
        "level.region": "إقليم",
        "level.poi": "موقع",
        "sense.literal": "حرفي",
        "sense.metonymic": "كنائي",
        "reader.title": "القارئ",
        "reader.empty": "لا مكان في هذا التحديد.",
        "reader.place": "المكان",
        "reader.listed": "القائمة تعرض أكثر {listed} مكانًا ذكرًا من {total}؛ انقر أي مكان آخر على الخريطة، "
                         "أو اكتب اسمه في مربع البحث.",
        "reader.count.one": "{shown} من {total} مقطع، الأحدث أولًا",
        "reader.count.other": "{shown} من {total} مقاطع، الأحدث أولًا",
        "reader.more": "اعرض {count} أخرى",
        "passage.undated": "بلا تاريخ",
        "passage.corrected": "(مصحَّح)",
        "passage.article_of": "في مقال بتاريخ {date}",
        "passage.why": "لماذا هنا: {why}",
        "passage.repeats.one": "الكلمات نفسها في مقال آخر:",
        "passage.repeats.other": "الكلمات نفسها في مقالات أخرى ({count}):",
        "passage.repeats_more": "وغيرها: {count}",
        "reader.folded.one": "مقطع واحد يكرر مقطعًا آخر حرفيًا: مذكور تحت النسخة الأولى.",
        "reader.folded.other": "مقاطع تكرر غيرها حرفيًا، كلٌّ منها مذكور تحت النسخة الأولى: {count}.",
        "passage.confidence": "الثقة {confidence}",
        "dates.title": "صحّح تاريخ مستند",
        "dates.choose_place": "اختر مكانًا: يمكن تصحيح مستنداته هنا.",
        "dates.document": "المستند",
        "dates.document_label": "{title} ({date})",
        "dates.undated": "بلا تاريخ",
        "dates.found": "وجده الاستخراج: {date} ({source})",
        "dates.none": "لا شيء",
        "date_source.text": "النص",
        "date_source.metadata": "البيانات الوصفية",
        "date_source.url": "الرابط",
        "date_source.none": "لا مصدر",
        "date_source.user": "مصحَّح",
        "dates.value": "التاريخ (YYYY أو YYYY-MM أو YYYY-MM-DD)",
        "dates.save": "احفظ التاريخ",
        "dates.not_iso": "ليس تاريخًا بصيغة ISO: {value}",
        "dates.remove": "احذف التصحيح",
        "dates.history": "التصحيحات، الأحدث أولًا (يُعتمد الأحدث):",
        "dates.history_line": "{date}، صحّحه {editor}، {at} بالتوقيت العالمي",
        "dates.removed": "أُزيل التصحيح",
        "export.toggle": "صدّر التحديد",
        "export.geojson": "صدّر GeoJSON",
        "export.csv": "صدّر CSV",
        "link.title": "رابط هذا العرض",
        "link.help": "انسخ هذا العنوان لمشاركة العرض: المكان والتواريخ والمرشّحات وطبقة الخريطة واللغة.",
        "search.label": "ابحث في المقاطع",
        "search.placeholder": "حمص، \"الغوطة الشرقية\"، Deir ez-Zor …",
        "search.note.unmatched_quote": "تم تجاهل علامة تنصيص بلا علامة مقابلة.",
        "search.note.operators_ignored": "AND وOR وNOT وNEAR ليست عوامل بحث هنا: يجب أن تطابق كل الكلمات.",
        "search.note.too_many_terms": "يُبحث عن أول 12 كلمة أو عبارة فقط.",
        "search.nothing": "لا شيء للبحث عنه: اكتب كلمة أو \"عبارة بين علامتي تنصيص\".",
        "search.places": "أسماء أماكن يُبحث عنها كأماكن (مواضع ذكرها): {names}",
        "search.results": "نتائج البحث",
        "search.place": "مقاطع",
        "search.all": "كل المقاطع المطابقة",
        "search.count": "{shown} من {total} مقطعًا مطابقًا، الأحدث أولًا",
        "search.none": "لا يطابق أي مقطع هذا البحث والمرشحات.",
        "search.more": "اعرض {n} نتيجة أخرى",
        "corr.title": "تصحيح مكان",
        "corr.none": "اختر مكانًا: يمكن هنا تصحيح الإشارات التي تعرضها مقاطعه.",
        "corr.which": "الإشارة",
        "corr.mention": "«{words}» في {title} ({date})",
        "corr.undated": "بلا تاريخ",
        "corr.action": "التصحيح",
        "corr.action.move": "نقل إلى مكان آخر",
        "corr.action.not_place": "ليس مكانًا",
        "corr.action.sense": "تغيير المعنى",
        "corr.search": "ابحث عن المكان (بالاسم العربي أو الإنجليزي)",
        "corr.no_match": "لا يوجد في المعجم الجغرافي مكان باسم يشبه {query}.",
        "corr.place": "المكان (الأقرب أولًا)",
        "corr.sense": "المعنى",
        "corr.sense.literal": "المكان نفسه",
        "corr.sense.metonymic": "حكومته أو أهله (كناية)",
        "corr.scope": "طبّق على",
        "corr.scope.mention": "هذه الإشارة فقط",
        "corr.scope.document": "كل «{words}» في هذه الوثيقة",
        "corr.scope.corpus": "كل «{words}» في المدوّنة كلها",
        "corr.apply": "طبّق التصحيح",
        "corr.history": "التصحيحات ({count})",
        "corr.history_empty": "لا تصحيح بعد.",
        "corr.did.move": "نُقلت إلى {place}",
        "corr.did.not_place": "ليست مكانًا",
        "corr.did.sense": "المعنى: {sense}",
        "corr.reach.mention": "إشارة واحدة",
        "corr.reach.document": "في وثيقة واحدة",
        "corr.reach.corpus": "في المدوّنة كلها",
        "corr.line": "«{words}» {what} ({scope}) بواسطة {user} في {at}",
        "corr.unresolved": "غير محسوم: لم يعد المكان في المعجم الجغرافي",
        "corr.undone": "ألغاه {user} في {at}",
        "corr.undo": "تراجع",
        "upload.title": "رفع مقالات",
        "upload.choose": "ملفات (txt أو html أو json أو jsonl أو csv، أو ملف zip يضمها)",
        "upload.limit": "الحد الأقصى {mb} ميغابايت لكل رفع. تُقرأ ملفات zip في الذاكرة عضوًا عضوًا.",
        "upload.process": "معالجة الملفات المرفوعة",
        "upload.refused": "رُفض الرفع: {reason}",
        "upload.unfinished": "لم تكتمل معالجة {count} من عمليات الرفع السابقة: {names}",
        "upload.resume": "أعد معالجتها",
        "upload.reading": "جارٍ قراءة الملفات…",
        "upload.progress": "جارٍ معالجة الملفات المرفوعة: {text}",
        "upload.summary": "اكتملت المعالجة: {new} جديد، {changed} معدّل، {unchanged} دون تغيير، {failed} فشل، {empty} فارغ",
        "upload.stopped": "توقفت المعالجة قبل نهايتها؛ ما خُزّن محفوظ. أعد معالجة الملفات لإكمالها.",
        "upload.failed": "تعذّرت معالجة {count} من الملفات أو الصفوف:",
    },
}

_current: ContextVar[str] = ContextVar("makan_language", default=DEFAULT)


def set_language(language: str) -> None:
    """Choose the language of every later ``t`` call in this script run."""
    _current.set(language if language in STRINGS else DEFAULT)


def language() -> str:
    """The language of this run: ``"en"`` or ``"ar"``."""
    return _current.get()


def is_rtl() -> bool:
    """Whether the interface is laid out right to left."""
    return _current.get() == "ar"


def preferred(accept_language: str | None) -> str:
    """The first of our languages a browser asks for (``"ar-SY,ar;q=0.9,en;q=0.8"`` -> ``"ar"``),
    in the order of its q-values; English when it asks for none of them."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-q, position, tag.strip().lower().split("-")[0].split("_")[0]))
    return next((code for _, _, code in sorted(ranked) if code in STRINGS), DEFAULT)


# An ISO date or time as the store writes them (2015, 2015-07, 2015-07-26, 2026-12-03T16:50:02+00:00).
ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
LEFT_TO_RIGHT_MARK = "\u200e"  # understood in every element, <input> included, unlike the isolates (U+2066)


def t(key: str, **fields: object) -> str:
    """The text of ``key`` in the current language (English if a table lacks it), fields filled in.

    An ISO date among the words comes after a left-to-right mark: after an Arabic letter, Unicode's
    bidi rules read its digits as Arabic numbers, which hyphens do not join, and drew 2020-02-06 as
    06-02-2020 (in Arabic: the date editor's "found by extraction" and document list, the history's
    times; in English too, after an article's Arabic title: "قصف حمص (2015-11-17)" in the lists of
    documents and mentions to correct). After the mark they are European numbers again."""
    text = STRINGS[_current.get()].get(key) or STRINGS[DEFAULT][key]
    if not fields:
        return text
    fields = {name: f"{LEFT_TO_RIGHT_MARK}{value}" if isinstance(value, str) and ISO_DATE.fullmatch(value)
              else value for name, value in fields.items()}
    return text.format(**fields)


def value_label(kind: str, value: str) -> str:
    """A stored value named in the interface (``level``: ``admin1`` -> "governorate"); a value the
    tables do not know (a level added to the pipeline later) is shown as stored."""
    return labeller(kind)(value)


def labeller(kind: str) -> Callable[[object], str]:
    """``value_label`` for one kind, fixed to the language of this run: a widget's ``format_func``
    must name an option the same way whenever Streamlit calls it (it does so after the run too)."""
    table = STRINGS[_current.get()]

    def label(value: object) -> str:
        key = f"{kind}.{value}"
        return table.get(key) or STRINGS[DEFAULT].get(key) or str(value)

    return label


def plural(key: str, count: int, **fields: object) -> str:
    """``key.one`` for a count of one, else ``key.other``; ``count`` is passed formatted."""
    return t(f"{key}.{'one' if count == 1 else 'other'}", count=number(count), **fields)


def number(value: float) -> str:
    """A count or figure written the way the chosen language writes numbers."""
    return format_decimal(value, locale=_current.get())


def day(value: date) -> str:
    """A date written for the chosen language (``12 يوليو 2015``, ``Jul 12, 2015``)."""
    return format_date(value, format="long" if is_rtl() else "medium", locale=_current.get())
