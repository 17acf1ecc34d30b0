"""Arabic language data the place finder relies on: clitics, cue words, organisations, homographs.

Kept apart from code, as spaCy keeps ``lang/ar`` data apart from its tokenizer. Every list
is written in ordinary spelling and folded once at import with the same normaliser that
folds articles, so a list can never disagree with the text it is compared to.
"""

from __future__ import annotations

from pathlib import Path

from extraction.normalise import fold

DATA_DIR = Path(__file__).resolve().parent / "data"


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Proclitics, outermost first: conjunction, then preposition. "لل" before a name is ل + ال.
CONJUNCTIONS = ("و", "ف")
PREPOSITION_CLITICS = ("ب", "ل", "ك")

# Words after which a name is very likely a place ("في حمص", "إلى دمشق", "قرب تدمر").
PREPOSITIONS = _folded(
    "في من إلى الى على عن نحو قرب بقرب داخل خارج حول باتجاه اتجاه تجاه حتى عند لدى بين وسط بمحيط محيط "
    "أنحاء انحاء مناطق منطقة أرجاء ارجاء قبالة مقابل جوار بجوار بالقرب أطراف اطراف ضواحي تخوم مشارف محيط "
    "مدخل مداخل عبر وفي ومن وإلى والى وعلى وعن ونحو وقرب وداخل وحول وباتجاه فى بإتجاه إتجاه")

# Direction words: "شرق دمشق", "شرقي حلب", "شمال غرب إدلب".
DIRECTIONS = _folded("شرق غرب شمال جنوب شرقي غربي شمالي جنوبي شمالي شرق وشرق وغرب وشمال وجنوب وشرقي وغربي "
                     "وشمالي وجنوبي بشرق بغرب بشمال بجنوب شرقها غربها")

# Feature words before a name: they raise confidence and say which kind of place it is.
TRIGGER_LEVELS: dict[str, tuple[str, ...]] = {
    fold(word): levels for words, levels in (
        ("مدينة مدينتي المدينة", ("city", "town")),
        ("بلدة بلدتي قرية قريتي بلدات قرى", ("town", "village")),
        ("حي حيي أحياء احياء", ("district",)),
        ("محافظة محافظتي محافظات", ("admin1",)),
        ("منطقة مناطق ناحية", ("admin2", "region", "town")),
        ("ضاحية ضواحي", ("district", "town")),
        ("مخيم مخيمي", ("poi", "district")),
        ("معبر مطار قاعدة سد قلعة", ("poi",)),
        ("جبل جبال سهل نهر وادي بادية", ("region",)),
        ("دولة دول بلد", ("country",)),
        ("عاصمة العاصمة", ("city",)),
    ) for word in words.split()
}
# Of those, the generic ones that are never part of a name: a gazetteer name starting with one
# ("مدينة حمص") is matched without it, so the span is the name and the word stays a cue.
GENERIC_TRIGGERS = _folded("مدينة محافظة بلدة قرية حي دولة ناحية منطقة")
# Of those, the ones after which an unknown single word is still reported as a place.
NAMING_TRIGGERS = _folded("مدينة بلدة قرية حي ناحية مخيم معبر مطار مدينتي بلدتي قريتي حيي بلدات قرى منطقة ضاحية")
# Of those, the ones that also head ordinary phrases ("منطقة عازلة", "منطقة خفض التصعيد"): after them an
# unknown word is a name only when it is no common word of the language (word frequency decides).
WEAK_NAMING_TRIGGERS = _folded("منطقة ضاحية")
# Words that follow a feature word without being a name: adjectives, ordinals, particles
# ("قرية صغيرة", "القرى المحيطة", "الحي الثاني").
NOT_A_NAME = _folded(
    "صغيرة كبيرة واحدة أخرى اخرى جديدة قديمة سورية عربية محاصرة آمنة امنة منكوبة مجاورة حدودية قريبة بعيدة "
    "كاملة رئيسية عسكرية صناعية سكنية تابعة واقعة مهمة هامة استراتيجية ساحلية جبلية صحراوية حديثة نائية "
    "ثانية أولى اولى ثالثة عدة كل بعض معظم غالبية هذه هذا تلك ذلك التي الذي نفسها نفسه ذات فقط أيضا ايضا "
    "كردية تركية لبنانية عراقية أردنية اردنية إيرانية ايرانية روسية أمريكية امريكية محتلة مدمرة خالية "
    "مختلفة متعددة عديدة كثيرة قليلة المجاورة أكبر اكبر أصغر اصغر تقع تضم يقطنها يسكنها فيها منها عليها "
    "الأول الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الأخير الاخير "
    "إلى الى على عن مع بعد قبل منذ خلال حيث رقم محيطة المحيطة محيط المحيط متاخمة المتاخمة "
    "الجنوب الشمال الشرق الغرب الجنوبي الشمالي الشرقي الغربي ريف أرياف ارياف "
    "المياه مياه الكهرباء كهرباء الوقود وقود الحرب حرب القطار الحافلات النقل الصرف "
    "الوسط الداخل الخارج التابع التابعة التابعين المذكور المذكورة")

# Nouns that govern a place in a construct ("معركة حلب", "استعادة تدمر", "قلب البادية") and
# verbs of taking or entering one ("لتدخل حلب"): a place cue for a homograph after them.
PLACE_GOVERNORS = _folded(
    "معركة معارك حصار سقوط تحرير استعادة استعاد استعادت دخول اقتحام قصف مدينة أحياء احياء أهالي اهالي سكان "
    "شوارع أسواق اسواق قلب أطراف اطراف مشارف محيط ضواحي جنوبي شمالي ريفي مداخل تدخل لتدخل دخلت دخل "
    "اقتحمت حاصرت استعادت حررت تحرير أسوار اسوار قلعة آثار اثار متحف")

# Heads of named buildings and sites: "مستشفى الرازي", "مرفأ بيروت", "سجن صيدنايا". With a name the
# gazetteer lacks they are reported as a point of interest, head and name together, unplaced.
# (Houses of worship and prisons are left out: news names them after people far more than as places.)
# Schools and grounds are heads too ("مدرسة الفاروق", "ملعب العباسيين"); "مدرسة الطب" (a faculty)
# is then a site as well, which recognition sets that mark no buildings count against us.
POI_HEADS = _folded("مستشفى مشفى معهد مرفأ ميناء فندق مقبرة شارع دوار ساحة قلعة سد "
                    "مطار معبر مخيم جسر برج مصفاة محطة ثكنة سفارة جامعة مجمع مدرسة ملعب ستاد")
# Words before a head that make it an ordinary noun: "عن طريق" (by means of).
POI_BLOCKERS = _folded("عن")

# First words of two-word village names ("عين ترما", "تل رفعت", "كفر نبل", "دير حافر").
NAME_PREFIXES = _folded("عين تل كفر دير بيت خربة أم ام أبو ابو رأس راس جسر بئر بير سرمين معرة قصر مزرعة "
                        "حوش جب عرب")

# Words that follow a name and make it an organisation, a medium or an operation, not a place.
ORG_AFTER = _folded("الديمقراطية الديموقراطية الديمقراطي العربي الإخبارية الاخبارية الفضائية "
                    "الحرة الحر للأنباء للانباء المركزي العالمية للتنمية "
                    # mastheads named after their city ("نيويورك تايمز", "واشنطن بوست", "فرانس برس")
                    "تايمز بوست برس تريبيون جورنال هيرالد غازيت نيوز توداي "
                    # clubs named after their city ("مانشستر يونايتد", "مانشستر سيتي")
                    "يونايتد يونايتيد سيتي هوتسبير")
# Words that head an organisation name when a place follows them ("هيئة تحرير الشام", "جيش حلب").
ORG_BEFORE = _folded("هيئة تحرير أحرار احرار فيلق صقور جند جبهة لواء ألوية الوية كتائب كتيبة جيش حركة تجمع "
                     "فتح تنظيم صحيفة جريدة قناة وكالة مجلة تلفزيون تلفزيونية إذاعة اذاعة راديو شبكة "
                     "حزب ائتلاف الائتلاف فريق نادي منتخب مصرف بنك صندوق موانئ شركة كأس بطولة دوري "
                     # the first word of a club named after its city ("لوكوموتيف موسكو", "أس روما")
                     "لوكوموتيف دينامو ديناموا سبارتاك أتلتيكو اتلتيكو أتليتكو باير بوروسيا أولمبيك اولمبيك "
                     "سبورتنغ سبورتينغ أس")
# Heads of a newspaper, channel or agency: a name that follows them in quotes is its masthead
# ("صحيفة «بابل»", "قناة \"حلب اليوم\"").
MEDIA_HEADS = _folded("صحيفة صحيفتي صحف جريدة مجلة قناة فضائية وكالة إذاعة اذاعة راديو تلفزيون موقع شبكة "
                      "نشرة")
# Well-known organisations and media whose names contain a place (folded phrases, space separated).
ORGANISATIONS = tuple(fold(p) for p in (
    "القدس العربي", "قوات سوريا الديمقراطية", "قوات سورية الديمقراطية", "قوات سورية الديموقراطية",
    "قوات سوريا الديموقراطية", "مجلس سوريا الديمقراطية", "هيئة تحرير الشام", "أحرار الشام", "فتح الشام",
    "جند الشام", "فيلق الشام", "صقور الشام", "الدولة الإسلامية في العراق والشام", "دولة العراق الإسلامية",
    "درع الفرات", "الشرق الأوسط الجديد", "قناة الجزيرة", "الجزيرة نت", "الجيش السوري الحر", "تلفزيون سوريا",
    "المرصد السوري لحقوق الإنسان", "ريال مدريد", "برشلونة", "حزب الله", "سوريا الديمقراطية",
    "الائتلاف الوطني السوري", "صحيفة الوطن", "العربي الجديد", "روسيا اليوم", "إيران إنترناشونال",
))



def _outlets(path: Path = DATA_DIR / "outlets.tsv") -> tuple[str, ...]:
    """Outlets, agencies, channels and clubs named after a place (see the file's header for sources)."""
    names = (fold(line.split("\t")[0].strip()) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#"))
    # "حلب اليوم", "دمشق الآن" are also "Aleppo today", "Damascus now": where they stand decides
    # (extraction/mastheads.py), so they are no unconditional mask.
    return tuple(n for n in names if n.split()[-1] not in _folded("اليوم الآن الان"))


ORGANISATIONS = ORGANISATIONS + _outlets()

# Phrases that contain a place name but refer to no place a map can show ("the Arab states").
NON_PLACE_PHRASES = tuple(fold(p) for p in (
    "الدول العربية", "العالم العربي", "الوطن العربي", "العالم الإسلامي", "الأراضي السورية", "الدول الغربية",
    "الضفة الأخرى", "المجتمع الدولي", "المنطقة العربية",
))

# Names that are also ordinary words: they count as places only with a place cue nearby.
# (تدمر "destroys", حضر "attended", حلب "milked", حماة "protectors", الباب "the door" ...)
# Written one per line so that multiword names ("صلاح الدين", a person and an Aleppo quarter) stay whole.
HOMOGRAPHS = frozenset(fold(line.strip()) for line in """
تدمر
حضر
البادية
حلب
حماة
نوى
جاسم
الباب
السفيرة
القصير
الضمير
الطبقة
قارة
سلمية
الراعي
الميادين
الكسوة
المليحة
التل
الحراك
الهامة
الحارة
دوما
الميدان
التضامن
الشعار
القصور
الفردوس
الأنصاري
صلاح الدين
الوعر
عكرمة
السكري
الجزيرة
الجبل
الأمين
النصر
السلام
الزهراء
الصالحية
الحرية
العدل
الأمل
الاستقلال
الجلاء
الوحدة
الاتحاد
الأمير
الرئيس
البلد
القدم
الحمراء
البيضاء
الجمهورية
الزاوية
الصخرة
العمر
السد
المطار
البوابة
الرمل
الجبهة
القاعدة
الدولة
مارع
الغاب
المزرعة
القرية
الشيخ مسكين
الشيخ سعيد
الشيخ نجار
المنصورة
الرحمن
التوحيد
الإيمان
الأشرفية
الفرقان
فلاديمير
ماري
جورج
""".splitlines() if line.strip())

# Particles and words that put a following verb-homograph in verbal use ("لم تدمر", "الذي حضر").
VERB_PARTICLES = _folded("لم لن قد أن ان لا ما كي لكي سوف التي الذي الذين اللذين اللتين اللاتي وقد فقد ولم "
                         "ولن وأن ولا لقد إذ اذ حين حيث عندما كما ممن مما هو هي هم")

# Verbs that make a preceding or following country or capital an actor (metonymy).
AGENT_VERBS = _folded(
    "قررت قرر قالت قال تقول يقول أعلنت اعلنت أعلن اعلن نفت نفى تنفي ينفي دعمت دعم تدعم يدعم أكدت اكدت أكد اكد "
    "تؤكد يؤكد رفضت رفض ترفض يرفض اتهمت اتهم تتهم يتهم طالبت طالب تطالب يطالب وافقت وافق توافق يوافق هددت هدد "
    "تهدد يهدد حذرت حذر تحذر يحذر أرسلت ارسلت أرسل ترسل يرسل تسعى يسعى سعت سعى تريد يريد أرادت ارادت تحاول "
    "يحاول حاولت حاول ترى يرى رأت اعتبرت اعتبر تعتبر يعتبر أبدت ابدت أبلغت ابلغت طلبت طلب تطلب يطلب دعت دعا "
    "تدعو يدعو عرضت عرض تعرض يعرض قدمت قدم تقدم يقدم أرادت تتهم وقعت وقع توقع استضافت استضاف تستضيف ستستضيف "
    "شنت شن تشن يشن نشرت نشر تنشر ينشر سلمت سلم تسلم دفعت دفع تدفع يدفع تعهدت تعهد تتعهد أيدت ايدت أيد تؤيد "
    "يؤيد انتقدت انتقد تنتقد أدانت ادانت أدان تدين يدين رحبت رحب ترحب يرحب نددت ندد تندد يندد ردت رد ترد يرد "
    "أكدت تحذر تعارض عارضت عارض يعارض تخشى يخشى خشيت تملك تمتلك تنوي ينوي نوت تسيطر يسيطر تفرض يفرض فرضت "
    "فرض تنفذ ينفذ نفذت نفذ تمكنت تمكن تستطيع يستطيع استطاعت تلعب يلعب لعبت تعمل يعمل عملت تبقى ستبقى "
    "وستبقى تواصل يواصل واصلت تحقق حققت تتحمل تحملت تستثمر تراهن راهنت تفضل تدرك أدركت ادركت تعرف عرفت "
    "ستعمل تخطط خططت تتخذ اتخذت تبنت تتبنى تمارس مارست تضغط ضغطت وتسعى وتحقق سحبت تسحب انسحبت تنسحب "
    "بدأت بدأ تبدأ يبدأ استأنفت أوقفت اوقفت توقف أبرمت ابرمت وضعت تضع اقترحت تقترح اقترح تقود قادت تدير "
    "أدارت ادارت ساهمت تساهم ساعدت تساعد هاجمت تهاجم استهدفت تستهدف أسقطت اسقطت تحتج احتجت استدعت "
    "تستدعي سمحت تسمح منعت تمنع اعترفت تعترف تتابع تراقب أنفقت انفقت تنفق تسلح سلحت تمول مولت تواجه "
    "تحدثت تحدث تتحدث يتحدث قامت قام تقوم يقوم أقدمت اقدمت تتدخل تدخلت تخوض خاضت تجري أجرت اجرت "
    "شاركت شارك تشارك يشارك استمرت استمر تستمر يستمر وقفت ذهبت ذهب تذهب يذهب فعلت فعل تفعل يفعل "
    "تعود يعود عادت تشكل شكلت يشكل خسرت خسر تخسر يخسر ربحت كسبت تكسب انتصرت تنتصر هزمت "
    "رعت رعى ترعى يرعى توسطت توسط تتوسط "
    "واجهت تحتضن احتضنت تحتل احتلت تحمي حمت تضمن ضمنت")

# Nouns that, governing a country or capital, make it an actor ("دور إيران", "نفوذ روسيا").
AGENT_NOUNS = _folded(
    "دور نفوذ موقف مواقف سياسة سياسات دعم تدخل مساعي مسعى جهود قرار قرارات حكومة رئيس وزير وزارة خارجية "
    "مصالح مصلحة مشروع مشاريع تحالف حلفاء حليف حليفة حليفتها حلفاء خطة خطط أجندة اجندة رغبة إرادة ارادة "
    "ضغوط ضغط تهديد تهديدات مطالب شروط وساطة رعاية ضمانة ضمانات مبادرة مقترح عرض رد ردود تصريحات "
    "اعتراف موافقة رفض استراتيجية أطماع اطماع هيمنة مخططات عداء عدوان حرب انسحاب قوات ميليشيات ميليشيا "
    "مليشيات جيش طيران طائرات مستشاري مستشارو خبراء سفير سفارة قنصلية مندوب ممثل وفد حصة ممثلي ممثلو "
    "مسؤولي مسؤولو قادة عملاء وكلاء أذرع اذرع أدوات ادوات أجراء اجراء التزام قيادة بقيادة وساطة "
    "مطالبا داعيا محملا متهما مطالبة")

# Words that, as the next token, keep a country or capital literal even after an agent noun
# ("قوات روسيا في سوريا" stays metonymic for Russia, literal for Syria).
LITERAL_AFTER_PREP = PREPOSITIONS | DIRECTIONS


def _ambiguous_names(path: Path = DATA_DIR / "ambiguous_names.tsv") -> dict[str, str]:
    """Gazetteer names that are also ordinary words, with a policy: 'block' (never a place alone)
    or 'cue' (a place only with a place cue). Reviewed by hand, word by word (see the file)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip() and not line.startswith("#"):
            out[fold(parts[0].strip())] = parts[1].strip()
    return out


AMBIGUOUS_NAMES = _ambiguous_names()
# Also blocked: "الضفة" alone is "the bank" (the West Bank is "الضفة الغربية", a longer name);
# "بن" (son of), "تل" (hill), "بصره" (his sight; Basra is البصرة); stems that appear only when a
# clitic is wrongly peeled off a common word: ولد → و+لد (Lod), بلاد → ب+لاد, وزارة → و+زارة,
# فتح → ف+تح, لغات → ل+غات; and adjectives such as متوسط "average", تركية "Turkish".
BLOCKED_NAMES = (frozenset(w for w, policy in AMBIGUOUS_NAMES.items() if policy == "block")
                 | frozenset(TRIGGER_LEVELS)
                 | _folded("الضفة لد لاد زارة تح دو يزال ايزال تبني جيان شيان يان فولى جزيرة متوسط تركية "
                           "بن تل غات فله قراره بصره لاجئ المنشأة")
                 ) - HOMOGRAPHS  # the hand-picked homographs above are places with a cue, never blocked
# Names whose place reading dominates in news although the reviewed list calls them ambiguous;
# their ordinary reading is recognised by the word before them instead ("صلاة المغرب").
PLACE_FIRST: dict[str, frozenset[str]] = {
    fold("المغرب"): _folded("صلاة صلاتي أذان اذان وقت موعد بعد قبل حتى"),
    fold("عمان"): frozenset(),
}
CUE_NAMES = (HOMOGRAPHS | frozenset(w for w, policy in AMBIGUOUS_NAMES.items() if policy == "cue")) - set(PLACE_FIRST)
