"""Place mentions found and understood as a careful reader would, on sentences we wrote.

Each test runs the real composition (``Pipeline`` with a small in-code gazetteer) and asserts
what a user relies on: the span, the place chosen, the sense.
"""

from __future__ import annotations

import pytest

from extraction.document import Document
from extraction.pipeline import Pipeline
from tests.helpers import small_gazetteer


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(small_gazetteer())


def places(pipeline: Pipeline, text: str) -> list[tuple[str, str | None]]:
    """(surface text, place id) of every place mention, checking the offset contract on the way."""
    out = pipeline.process(Document("t.txt", text)).places
    for m in out:
        assert text[m.start:m.end] == m.text
        assert m.passage_start <= m.start < m.end <= m.passage_end
    return [(m.text, m.place_id) for m in out]


def senses(pipeline: Pipeline, text: str) -> dict[str, str]:
    return {m.text: m.sense for m in pipeline.process(Document("t.txt", text)).places}


@pytest.mark.parametrize("text, surface, pid", [
    ("وحمص مدينة منكوبة", "حمص", "sy_homs"),
    ("دخلت القوات بحمص أمس", "حمص", "sy_homs"),
    ("توجه المقاتلون لتلبيسة شمالا", "تلبيسة", "sy_talbiseh"),
    ("وصلت المساعدات للغوطة الشرقية", "لغوطة الشرقية", "sy_eastern_ghouta"),
    ("تقدم الجيش وبالرقة اشتباكات", "الرقة", "sy_raqqa"),
    ("فحمص هادئة اليوم", "حمص", "sy_homs"),
    ("كحلب تماما عانت المدينة", "حلب", "sy_aleppo"),
    ("وللغوطة حصة من القصف", "لغوطة", "sy_eastern_ghouta"),
])
def test_clitics_are_peeled_only_to_find_a_known_stem(pipeline, text, surface, pid):
    assert (surface, pid) in places(pipeline, text)


@pytest.mark.parametrize("text, surface, pid", [
    ("تظاهر أهالي بانياس على الساحل", "بانياس", "sy_banias"),
    ("أغار الطيران على كفرنبل", "كفرنبل", "sy_kafranbel"),
    ("زار الوفد لبنان ثم عاد", "لبنان", "country_lb"),
])
def test_names_beginning_with_clitic_letters_are_never_cut(pipeline, text, surface, pid):
    assert places(pipeline, text) == [(surface, pid)]


@pytest.mark.parametrize("text, surface, pid", [
    ("خرج المسلحون من حمص القديمة صباحا", "حمص القديمة", "sy_old_homs"),
    ("انتقلوا إلى ريف حمص الشمالي بالحافلات", "ريف حمص الشمالي", "sy_homs_countryside_n"),
    ("سيطرت الفصائل على جسر الشغور", "جسر الشغور", "sy_jisr"),
    ("أعلنت الولايات المتحدة الأمريكية عقوبات", "الولايات المتحدة الأمريكية", "country_us"),
    ("وصلت التعزيزات إلى البو كمال", "البو كمال", "sy_bukamal"),
    ("قصف على غوطة الشرقية", "غوطة الشرقية", "sy_eastern_ghouta"),
])
def test_multiword_names_longest_match_one_mention(pipeline, text, surface, pid):
    assert places(pipeline, text) == [(surface, pid)]


def test_direction_and_outskirts_keep_the_place_and_record_the_qualifier(pipeline):
    doc = pipeline.process(Document("t.txt", "سقطت قذائف شرقي دمشق وعلى أطراف حلب"))
    found = {m.text: m for m in doc.places}
    assert found["دمشق"].place_id == "sy_damascus" and "direction" in found["دمشق"].why
    assert found["حلب"].place_id == "sy_aleppo" and "outskirts" in found["حلب"].why
    assert all(m.sense == "literal" for m in doc.places)


def test_feature_words_choose_the_kind_of_place(pipeline):
    assert places(pipeline, "اجتمع المحافظ مع وجهاء محافظة حمص") == [("حمص", "sy_gov_homs")]
    assert places(pipeline, "عادت الحياة إلى مدينة حمص") == [("حمص", "sy_homs")]


def test_unknown_name_after_a_feature_word_is_reported_unresolved(pipeline):
    doc = pipeline.process(Document("t.txt", "قصفت الطائرات قرية كفرزيتون في ريف حماة الشمالي"))
    unknown = [m for m in doc.places if m.text == "كفرزيتون"]
    assert unknown and unknown[0].place_id is None and unknown[0].lat is None
    assert places(pipeline, "وصلنا إلى قرية صغيرة") == []  # an adjective is not a name


@pytest.mark.parametrize("text", [
    "قال الناشط الحمصي إن الوضع صعب",
    "أعلنت قوات سوريا الديمقراطية السيطرة على الحي",
    "نقلت صحيفة القدس العربي عن مصدر",
    "قال لـ القدس العربي إن المفاوضات مستمرة",
    "هاجمت هيئة تحرير الشام مواقع للجيش",
    "لن تدمر الحرب إرادة الناس",
    "وتدمر المقدرات السورية كل يوم",
    "حضر الاجتماع ممثلون عن الأهالي",
    "الوفد الذي حضر اللقاء غادر",
    "فتح الباب أمام المفاوضات",
    "وهنأ الرئيس الروسي فلاديمير بوتين نظيره",
    "عادت القرى المحيطة إلى الهدوء وقرى محيطة بها",
    "قال مسؤول في مصرف سوريا المركزي إن الأسعار ارتفعت",
    "وقعت الحكومة عقدا مع موانئ دبي العالمية",
    "استهدفت الغارات مستودعات لـ«فيلق القدس» قرب المطار",
    "ارتفعت الأسعار بعد توقف محطة المياه الرئيسية",
])
def test_not_places(pipeline, text):
    assert places(pipeline, text) == []


@pytest.mark.parametrize("text, surface, pid", [
    ("سيطر التنظيم على مدينة تدمر الأثرية", "تدمر", "sy_palmyra"),
    ("انسحبت القوات من تدمر باتجاه الشرق", "تدمر", "sy_palmyra"),
    ("وصلت القافلة إلى حمص وتدمر مساء", "تدمر", "sy_palmyra"),
    ("قصف مدفعي على حضر في ريف القنيطرة", "حضر", "sy_hadar"),
    ("دخلت القوات إلى الباب بعد معارك", "الباب", "sy_bab"),
])
def test_homographs_count_with_a_place_cue(pipeline, text, surface, pid):
    assert (surface, pid) in places(pipeline, text)


def test_homographs_in_a_list_of_places(pipeline):
    found = places(pipeline, "شملت الهدنة دمشق وحلب وحماة")
    assert [s for s, _ in found] == ["دمشق", "حلب", "حماة"]


@pytest.mark.parametrize("text, name, sense", [
    ("قررت دمشق إغلاق المعبر", "دمشق", "metonymic"),
    ("روسيا تقول إن الهدنة صامدة", "روسيا", "metonymic"),
    ("نفت الولايات المتحدة أي دور لها", "الولايات المتحدة", "metonymic"),
    ("دمشق لم تعد ترى في الغارات انتهاكا", "دمشق", "metonymic"),
    ("تعاظم دور إيران في المنطقة", "إيران", "metonymic"),
    ("وصلت ميليشيات موالية لإيران إلى البادية", "إيران", "metonymic"),
    ("انتشرت الميليشيات الموالية لإيران في المنطقة", "إيران", "metonymic"),
    ("اجتمع ممثلو روسيا وإيران وتركيا", "تركيا", "metonymic"),
    ("سقطت قذائف في دمشق صباحا", "دمشق", "literal"),
    ("سقطت قذائف شرقي دمشق", "دمشق", "literal"),
    ("سافر الوفد إلى روسيا", "روسيا", "literal"),
    ("يعيش اللاجئون في لبنان منذ سنوات", "لبنان", "literal"),
    ("تقول موسكو إن القوات انسحبت", "موسكو", "metonymic"),
    ("وقد قامت تركيا بإغلاق حدودها", "تركيا", "metonymic"),
    ("تصاعد الخلاف بين روسيا وتركيا حول إدلب", "روسيا", "metonymic"),
    ("قاتلت الفصائل بجانب تركيا في الشمال", "تركيا", "metonymic"),
    ("أرسلت الدول المانحة مساعدات لسوريا", "سوريا", "literal"),
    ("يعبر النهر بين سوريا والعراق", "سوريا", "literal"),
    ("خسرت أميركا وحلفاؤها رهانهم", "أميركا", "metonymic"),
    ("سمحت لهم تركيا بالعبور", "تركيا", "metonymic"),
    ("دعا الوزير إلى الحوار مع روسيا حول الهدنة", "روسيا", "metonymic"),
    ("انتهت المعارك في العراق، بدأت الحكومة الإعمار", "العراق", "literal"),
    ("ندد المبعوث الخاص بتحالف واشنطن بالهجوم", "واشنطن", "metonymic"),
    ("فيما اكتفت موسكو ببيان مقتضب", "موسكو", "metonymic"),
    ("وكانت روسيا نجحت في فرض الهدنة", "روسيا", "metonymic"),
    ("بينما تشترط دمشق انسحابا كاملا", "دمشق", "metonymic"),
    ("في المقابل التزمت دمشق الصمت", "دمشق", "metonymic"),
    ("هنأت موسكو دمشق بالإنجاز", "دمشق", "metonymic"),
    ("قصفت روسيا دمشق بالصواريخ", "دمشق", "literal"),
    ("تتقاسم إيران مع روسيا النفوذ", "روسيا", "metonymic"),
    ("أكدت موسكو التزام دمشق بالاتفاق", "دمشق", "metonymic"),
    ("زار الوفد بيت دمشق القديم", "دمشق", "literal"),
    ("أعلنت الفصائل دخول دمشق وتقول إن الرئيس غادر", "دمشق", "literal"),
    ("شعر سكان دمشق بالهزة", "دمشق", "literal"),
    ("فدمشق الجديدة تطلب الاعتراف", "دمشق", "metonymic"),
    ("إن عودة اللاجئين من لبنان وتركيا ستخفف الضغط", "تركيا", "literal"),
])
def test_sense_literal_or_metonymic(pipeline, text, name, sense):
    assert senses(pipeline, text)[name] == sense


@pytest.mark.parametrize("text, name, sense, why", [
    # a passive agent or the source of a decision, support or pressure
    ("انتشرت الكتائب الممولة من إيران قرب الحدود", "إيران", "metonymic", "source"),
    ("يبدو أن الأوامر صدرت من موسكو مباشرة", "موسكو", "metonymic", "source"),
    ("حصلت الحكومة على دعم عسكري واسع من روسيا", "روسيا", "metonymic", "source"),
    ("تلقت الجماعة تمويلا من إيران وروسيا", "روسيا", "metonymic", "listed"),
    ("انسحبت آخر الوحدات من العراق", "العراق", "literal", "preposition"),
    ("أثار قرار الانسحاب من سوريا جدلا", "سوريا", "literal", "preposition"),
    ("عاد المبعوث من موسكو مساء الأحد", "موسكو", "literal", "preposition"),
    # measures against a state, a policy toward it, an advantage given to it
    ("أقرت الدول الغربية حزمة عقوبات مالية جديدة على إيران", "إيران", "metonymic", "target"),
    ("لا تزال القيود الأوروبية على موسكو سارية", "موسكو", "metonymic", "target"),
    ("سقطت صواريخ على دمشق ليلا", "دمشق", "literal", "preposition"),
    ("لاحظ المراقبون تقاربا خليجيا نحو دمشق", "دمشق", "metonymic", "aim"),
    ("تبدلت السياسة الأوروبية تجاه تركيا", "تركيا", "metonymic", "aim"),
    ("تقدمت الأرتال نحو دمشق فجرا", "دمشق", "literal", "preposition"),
    ("منح الانسحاب لواشنطن ذريعة للتدخل", "واشنطن", "metonymic", "receives"),
    ("أرسلت المنظمات أدوية لسوريا", "سوريا", "literal", "preposition"),
    # parties to talks and mediation
    ("توسطت سلطنة عمان في مصالحة بين روسيا وتركيا", "تركيا", "metonymic", "listed"),
    ("فشلت جهود التوسط بين إيران والعراق", "إيران", "metonymic", "party"),
    # allies and partners; objects of warning, supporting, accusing
    ("رفض شركاء واشنطن الخطة", "واشنطن", "metonymic", "ally"),
    ("وصل وفد من حليفتي موسكو", "موسكو", "metonymic", "ally"),
    ("اتهم البيان الرسمي تركيا بخرق الاتفاق", "تركيا", "metonymic", "object"),
    ("يساند الرئيس روسيا في مجلس الأمن", "روسيا", "metonymic", "object"),
    ("حذر الوزير من أن الوضع في لبنان ينهار", "لبنان", "literal", "preposition"),
    # the voices of a capital, and "X has" after إن
    ("نقلت الوكالة عن مصادر في موسكو أن الهدنة مستمرة", "موسكو", "metonymic", "speaks"),
    ("قال إن لروسيا مصالح في الساحل", "روسيا", "metonymic", "has"),
    ("يعيش في واشنطن نحو مليون شخص", "واشنطن", "literal", "preposition"),
    ("شنت الطائرات حملة جوية واسعة على سوريا", "سوريا", "literal", "preposition"),  # a place struck
    ("جاء الضوء الأخضر من واشنطن", "واشنطن", "metonymic", "source"),
    ("رفع المتظاهرون أعلام سوريا", "سوريا", "literal", ""),  # an indefinite head governs the name
    ("وحمّلت الهيئة موسكو مسؤولية المجزرة", "موسكو", "metonymic", "object"),  # to blame
    ("حمل المتظاهرون صور روسيا", "روسيا", "literal", ""),  # to carry
    ("دعم الاتحاد أبناء سوريا في المهجر", "سوريا", "literal", ""),
    # "من قبل" is a passive agent; ب/ل written on the head or on the name
    ("أطلقت الصواريخ من قبل إيران وفق التحقيق", "إيران", "metonymic", "passive agent"),
    ("غادر الوفد قبل روسيا بساعات", "روسيا", "literal", ""),
    ("انسحبت الكتيبة بطلب من موسكو", "موسكو", "metonymic", "source"),
    ("تجددت الاتهامات لإيران بتهريب السلاح", "إيران", "metonymic", "aim"),
    ("يتسع الانفتاح الخليجي على دمشق", "دمشق", "metonymic", "target"),
    ("تصر الحكومة بموسكو على موقفها", "موسكو", "metonymic", "speaks"),
    ("قتل ثلاثة مدنيين بدمشق أمس", "دمشق", "literal", "preposition"),
    # a state that witnesses or suffers events is where they happen
    ("تتواصل الاحتجاجات التي يشهدها العراق منذ أسابيع", "العراق", "literal", "events"),
    ("شهدت سوريا موجة نزوح جديدة", "سوريا", "literal", "events"),
    ("وكانت دمشق قد عانت انقطاع الكهرباء", "دمشق", "literal", "events"),
    # a negation or an auxiliary between a subject and its verb
    ("وموسكو لم تعد تثق بالوعود", "موسكو", "metonymic", "subject"),
    ("وتركيا لا تزال ترفض الانسحاب", "تركيا", "metonymic", "subject"),
    ("فمعركة روسيا مع الغرب طويلة", "روسيا", "metonymic", "party"),
    # a name shaped like a verb is not one
    ("تراجع النفوذ في واشنطن أو موسكو", "موسكو", "literal", ""),
])
def test_sense_of_a_state_after_a_preposition_and_its_evidence(pipeline, text, name, sense, why):
    found = {m.text: m for m in pipeline.process(Document("t.txt", text)).places}
    assert found[name].sense == sense, found[name].sense_why
    assert why in found[name].sense_why


def test_a_place_name_shaped_like_a_verb_is_not_read_as_one():
    """"بيروت" ends like a past verb ("…ت"): it must not make the next name its subject."""
    from extraction.sense import sense_of
    from extraction.places import PlaceFinder
    finder = PlaceFinder([("بيروت", "lb_beirut"), ("دمشق", "sy_damascus")])
    text = "شعر سكان بيروت ودمشق بالهزة"
    tokens, findings = finder.find(text)
    names = frozenset(i for f in findings for i in range(f.first_token, f.last_token + 1))
    assert sense_of(text, tokens, findings[1], names)[0] == "literal"
    assert sense_of(text, tokens, findings[1])[0] == "metonymic"  # what it read before


def test_non_actor_places_are_always_literal(pipeline):
    assert senses(pipeline, "حمص تشهد هدوءا حذرا")["حمص"] == "literal"


@pytest.mark.parametrize("text, surface", [
    ("نقل الجرحى إلى مستشفى الرازي في المدينة", "مستشفى الرازي"),
    ("وصلت سيارات الإسعاف إلى دوار النعيم", "دوار النعيم"),
    ("وتجمع الأهالي وساحة العاصي محاصرة", "ساحة العاصي"),
])
def test_unknown_sites_are_reported_with_their_head_and_unplaced(pipeline, text, surface):
    assert (surface, None) in places(pipeline, text)


def test_a_head_used_as_an_ordinary_noun_is_not_a_site(pipeline):
    assert places(pipeline, "وصلت المساعدات عن طريق البحر") == []


def test_village_names_that_are_ordinary_words_need_a_place_cue(pipeline):
    assert places(pipeline, "تطوير الزراعة ضروري للاقتصاد") == []
    assert places(pipeline, "سقطت قذائف على الزراعة وحماة") == [("الزراعة", "sy_ziraa"), ("حماة", "sy_hama")]


def test_a_place_first_name_is_an_ordinary_word_only_after_its_cue(pipeline):
    from extraction.places import PlaceFinder

    finder = PlaceFinder([("المغرب", "country_ma")])
    assert [f.text for f in finder.find("زار الوفد المغرب والجزائر")[1]] == ["المغرب"]
    assert finder.find("التقينا بعد صلاة المغرب")[1] == []


def test_a_hashtag_is_one_unit(pipeline):
    assert places(pipeline, "غارات جديدة #حلب") == [("حلب", "sy_aleppo")]
    assert places(pipeline, "تضامن واسع #انفجار_حلب") == []


def test_a_feature_word_names_even_an_ordinary_word():
    from extraction.lexicon import BLOCKED_NAMES
    from extraction.normalise import fold
    from extraction.places import PlaceFinder

    assert fold("المصنع") in BLOCKED_NAMES  # "the factory"
    finder = PlaceFinder([("المصنع", "lb_masnaa")])
    assert finder.find("توقف العمل في المصنع")[1] == []
    assert [f.text for f in finder.find("عبرت الشاحنات معبر المصنع الحدودي")[1]] == ["المصنع"]


@pytest.mark.parametrize("text, expected", [
    ("حلب-سانا: افتتح المحافظ سوقا جديدا", [("حلب", "sy_aleppo")]),  # a dateline is a place cue
    ("شهدت معركة حلب أعنف الاشتباكات", [("حلب", "sy_aleppo")]),  # a governing noun is a cue
    ("ما زالت تدمر ما تبقى من الاقتصاد", []),  # a verb homograph with no place cue
    ("تعهد المانحون الممول تركياً بالمساعدة", []),  # accusative tanwin: an adverb
    ("دمشق – «القدس»: أعلن مصدر أن القصف توقف", [("دمشق", "sy_damascus")]),  # the outlet is no place
    ("أقيمت ساحة لاختبار المركبات", []),
])
def test_datelines_governors_and_adverbs(pipeline, text, expected):
    assert places(pipeline, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("سقطت قذيفة بمدينة تلبيسة ليلا", [("تلبيسة", "sy_talbiseh")]),  # ب on a feature word
    ("وبمحافظة حمص سجلت إصابات", [("حمص", "sy_gov_homs")]),  # و + ب on a feature word
    ("قتل مدني بقرية كفرزيتا المجاورة", [("كفرزيتا", None)]),  # an unknown name after "بقرية"
    ("نقل المصابون بمستشفى الرازي إلى الطابق الأول", [("مستشفى الرازي", None)]),  # ب on a site head
    ("نقلت الجثث لمشفى الأمل الخاص", [("مشفى الأمل", None)]),  # ل on a site head
    ("ظهرت بلدية جديدة في المدينة", []),  # "بلدية" is no ب + cue word
])
def test_cue_words_carrying_a_preposition_still_cue(pipeline, text, expected):
    assert places(pipeline, text) == expected


def test_a_cue_word_with_its_preposition_keeps_the_span_off_the_clitic(pipeline):
    text = "وصل الجرحى وبمستشفى الرازي نقص في الأدوية"
    [site] = pipeline.process(Document("t.txt", text)).places
    assert site.text == "مستشفى الرازي" and site.level == "poi"


@pytest.mark.parametrize("text, expected", [
    ("انتقل المهاجم إلى لوكوموتيف موسكو الموسم الماضي", []),  # a club named after its city
    ("وقع اللاعب لنادي حمص الفداء عقدا جديدا", []),  # a club head carrying ل
    ("ذكرت واشنطن بوست أن الاجتماع تأجل", []),  # a masthead named after its city
    ("نشرت صحيفة « دمشق » تحقيقا عن الأسعار", []),  # a masthead in quotes after "صحيفة"
    ("قالت قناة \"حلب اليوم\" إن القصف استمر", []),  # a channel in quotes
    ("قال مراسل الصحيفة في دمشق إن القصف استمر", [("دمشق", "sy_damascus")]),  # a place after "في"
    ("وزعت الصحيفة في حلب مجانا", [("حلب", "sy_aleppo")]),  # no quote: the town where it is handed out
    ("تغلب منتخب سوريا على منتخب لبنان", []),  # a national team is the team, not the country
    ("فاز لمنتخب تركيا لاعب من حلب", [("حلب", "sy_aleppo")]),  # the team head may carry ل
])
def test_mastheads_agencies_channels_and_clubs_are_not_places(pipeline, text, expected):
    assert places(pipeline, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("غارات جديدة #حلب: عشرات القتلى", [("حلب", "sy_aleppo")]),  # a colon after the tag
    ("القصف مستمر \u2067#حمص\u2069 الآن", [("حمص", "sy_homs")]),  # bidi isolates around the tag
    ("ليلة صعبة #دمشق. #حلب،", [("دمشق", "sy_damascus"), ("حلب", "sy_aleppo")]),  # full stop, comma
    ("أمطار غزيرة #حمص🌧️", [("حمص", "sy_homs")]),  # an emoji glued to the tag
    ("تضامن واسع #انفجار_حلب: صور", []),  # still a compound tag: an event
])
def test_a_hashtag_ends_at_punctuation_emoji_and_bidi_controls(pipeline, text, expected):
    assert places(pipeline, text) == expected


def _with(*extra):
    from geo.gazetteer import Gazetteer
    from tests.helpers import SMALL_PLACES, place
    return Pipeline(Gazetteer(SMALL_PLACES + [place(*row) for row in extra]))


@pytest.fixture(scope="module")
def abroad() -> Pipeline:
    """The small gazetteer plus far-away towns whose names hide inside ordinary words once a
    one-letter proclitic is peeled off ("برس" = ب + "رس", "كمان" = ك + "مان")."""
    return _with(("sa_rass", "Ar Rass", "الرس|رس", "city", 25.87, 43.5, "SA"),
                 ("xx_man", "Man", "مان", "town", 7.41, -7.55, "CI"),
                 ("de_berlin", "Berlin", "برلين", "city", 52.52, 13.4, "DE"))


@pytest.mark.parametrize("text, expected", [
    ("وقال مسؤول لوكالة فرانس برس إن القصف توقف", []),  # "برس" is a word, not ب + "رس"
    ("وصل المدير كمان إلى الاجتماع متأخرا", []),  # "كمان" (also) is a word, not ك + "مان"
    ("وصلت القوات بحلب صباحا", [("حلب", "sy_aleppo")]),  # "بحلب" is far rarer than "حلب": peeled
    ("عاد الوفد من برلين وببرلين بقي السفير", [("برلين", "de_berlin"), ("برلين", "de_berlin")]),
])
def test_a_peeled_proclitic_needs_its_stem_to_be_likelier_than_the_whole_word(abroad, text, expected):
    assert places(abroad, text) == expected


def test_the_reason_says_what_word_frequency_decided(pipeline):
    [m] = pipeline.process(Document("t.txt", "وصلت القوات بحلب صباحا")).places
    assert "word frequency" in m.why and "بحلب" in m.why


@pytest.mark.parametrize("text, expected", [
    ("أقام الهلال الأحمر مستشفى ميداني قرب حمص", [("حمص", "sy_homs")]),  # an adjective after a site head
    ("تحولت البلدة إلى ميناء تجاري مهم", []),
    ("زار الصحفيون قرية هجرها أهلها منذ سنوات", []),  # a verb with its object after a feature word
    ("نزح الأهالي إلى قرى حدودية", []),  # a nisba adjective after a feature word
    ("قصفت الطائرات قرية كفرزيتا", [("كفرزيتا", None)]),  # a rare word: still a name
    ("نقل الجرحى إلى مشفى الرازي", [("مشفى الرازي", None)]),  # a definite name after a site head
])
def test_generic_phrases_after_a_cue_word_are_not_names(pipeline, text, expected):
    assert places(pipeline, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("وحي الوعر محاصر منذ أشهر", [("الوعر", "sy_waer")]),  # a two-letter cue word with its و
    ("غمرت المياه منطقة الدعية بالكامل", [("الدعية", None)]),  # an unknown name after "منطقة"
    ("نزح الأهالي إلى ضاحية قدسيا", [("قدسيا", None)]),  # after "ضاحية"
    ("تجمع المحتجون أمام سفارة النمسا", [("سفارة النمسا", None)]),  # new site heads
    ("تخرج من جامعة الأزهر قبل عامين", [("جامعة الأزهر", None)]),
    ("افتتح مجمع الياسمين التعليمي", [("مجمع الياسمين", None)]),
    ("طالبت أنقرة بإقامة منطقة عازلة", []),  # an ordinary phrase after "منطقة": word frequency decides
    ("انسحب المقاتلون من منطقة الحدود", []),
    ("درس في معهد التابع لجامعة في حمص", [("حمص", "sy_homs")]),  # a cue word is never a name
])
def test_new_cue_words_and_site_heads(pipeline, text, expected):
    assert places(pipeline, text) == expected


def test_announcing_words_are_the_words_whose_cue_word_names_or_heads():
    """The set the unknown-name scan looks words up in holds exactly the words ``_cue_word`` reads as a
    naming trigger or a site head, under any proclitics (tried up to three letters, and other words)."""
    from extraction import places

    triggers = places.NAMING_TRIGGERS | places.POI_HEADS
    letters = "وفبلكاس"
    prefixes = ["", *letters, *(a + b for a in letters for b in letters),
                *(a + b + c for a in "وفب" for b in "بلك" for c in "الل")]
    words = {p + t for t in triggers for p in prefixes} | {t[1:] for t in triggers} | {"حمص", "وحمص", "بلدة", "فسد"}
    for word in words:
        assert (word in places._ANNOUNCING) == (places._cue_word(word) in triggers), word
