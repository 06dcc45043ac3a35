"""The words casualty counting reads (rasd.text.casualties): cue words, person nouns, stop words and the patterns
built from them."""

from __future__ import annotations

import re

from rasd.model import CountKind

B = r"(?<![^\W\d_])"
E = r"(?![^\W\d_])"
CL = r"(?:[وفبل]|لل|وب|ول|فب)?"

# Event nouns and verbs: the number usually follows.
FORWARD: dict[CountKind, str] = {
    "killed": r"مقتل|قتل|قتلت|قتلوا|يقتل|استشهاد|استشهد|مصرع|اغتيال|اعدام|اعدم|تصفيه|وفاه|توفي|قضي"
              r"|اودي\s+(?:[^\W\d_]+\s+)?بحياه|اودت\s+(?:[^\W\d_]+\s+)?بحياه",
    "injured": r"اصابه|اصيب|اصيبت|اصيبوا|جرح|جرحت|جرحوا|اصابات",
    "captured": r"اسر|اسرت|اسروا|اختطاف|اختطف|اختطفت|اختطفوا|خطف|خطفت|احتجاز|احتجز|احتجزت|اعتقال|اعتقل|اعتقلت"
                r"|اعتقلوا|توقيف|اوقفت|ضبط|القبض\s+علي|القاء\s+القبض\s+علي",
}
# Count nouns and plural verbs: the number usually comes before.
BACKWARD: dict[CountKind, str] = {
    "killed": r"قتيل|قتيلا|قتيلان|قتيلين|قتلي|القتلي|شهيد|شهيدا|شهيدين|شهداء|الشهداء|جثه|جثث|جثتين|جثتي|ضحيه|ضحايا"
              r"|الضحايا|قتلوا|قتلا|لقوا\s+حتفهم|لقي\s+حتفه|لقي\s+مصرعه|لقيت\s+حتفها|لقيت\s+مصرعها|لقوا\s+مصرعهم"
              r"|حتفهم|مصرعهم|مصرعه|حتفه|مصرعها|حتفها|استشهدوا|لقيا\s+حتفهما|لقيا\s+مصرعهما|حتفهما|مصرعهما",
    "injured": r"جريح|جريحا|جريحين|جريحان|جرحي|الجرحي|مصاب|مصابا|مصابين|المصابين|اصيبوا|جرحوا|بجروح",
    "captured": r"اسير|اسيرا|اسيرين|اسري|الاسري|رهينه|رهائن|الرهائن|معتقلين|المعتقلين|مختطفين|المختطفين|اعتقلوا"
                r"|اختطفوا|خطفوا|اسروا|فقدوا|احتجزوا",
}
DUAL_CUES = re.compile(r"قتيلين|قتيلان|جريحين|جريحان|شهيدين|جثتين|جثتي|اسيرين|رهينتين")
PLURAL_CUES = {"قتلي", "جرحي", "شهداء", "اسري", "رهائن", "جثث", "ضحايا"}


def cue_regex(alts: str) -> re.Pattern[str]:
    return re.compile(B + CL + r"(?P<w>" + alts + r")" + E)


FWD = {k: cue_regex(v) for k, v in FORWARD.items()}
BWD = {k: cue_regex(v) for k, v in BACKWARD.items()}
JOINT = re.compile(r"\s+و(?:اصابه|جرح|اسر)" + E)
TOLL = re.compile(
    B + r"(?:عدد|حصيله)\s+(?:ال)?(?P<w>قتلي|ضحايا|شهداء|جرحي|مصابين|المصابين|اصابات|معتقلين|اسري|مختطفين|وفيات)"
    + E)
TOLL_KIND: dict[str, CountKind] = {"جرحي": "injured", "مصابين": "injured", "المصابين": "injured", "اصابات": "injured",
                                    "معتقلين": "captured", "اسري": "captured", "مختطفين": "captured"}

SINGULAR = (
    "شخص رجل امراه سيده طفل طفله جندي ضابط مجند عنصر مدني مواطن مسلح مقاتل شرطي عسكري قيادي قايد زعيم مسوول صحفي"
    " صحافي ناشط فتاه شاب سائق عامل طالب حارس متظاهر لاجي مهاجم انتحاري امير مستوطن فلسطيني اسرائيلي عقيد لواء"
    " عميد نقيب ملازم رايد مقدم رقيب عريف شيخ نائب وزير محافظ قاضي مختار طبيب ممرض موظف صبي رضيع مسن مدرس معلم"
    " جهادي ارهابي متشدد مطلوب مشتبه رييس مدير امين عضو نجل شقيق قاض متطرف فرد جاني مهرب مدان بحار قناص"
).split()
# Duals of nouns whose plural is broken (جنديين is two; not عسكريين، مسؤولين، عاملين، سائقين, plurals as well).
BROKEN_DUAL = {w + sfx for w in "فرد شخص رجل طفل جندي ضابط عنصر شرطي قايد زعيم شاب طالب حارس"
               " جاني".split() for sfx in ("ين", "ان")} | {"رجلي", "ضابطي", "قايدي", "شخصي"}
PLURAL_PERSONS = (
    "افراد اشخاص رجال نساء اطفال جنود ضباط عناصر مدنيين مدنيون مواطنين مواطنون مسلحين مسلحون مقاتلين مقاتلون مقاتلي"
    " عسكريين شرطيين قياديين قاده زعماء مسوولين صحفيين صحافيين ناشطين شبان شباب عمال طلاب حراس متظاهرين"
    " لاجيين مهاجمين مستوطنين فلسطينيين اسرائيليين اخرين اخرون عناصر افراد مجندين ارهابيين متشددين مطلوبين"
    " مشتبهين انتحاريين جهاديين موظفين جناه مدانين مهربين متطرفين متطرفون قناصه قناصين"
).split()
STOP = set(
    "في علي عن الي جراء اثر خلال بعد قبل امس اليوم حين عندما اثناء منذ بجروح بينهم منهم اضافه اذ حيث اي كما اما لكن"
    " الذين الذي التي اللذين بسبب نتيجه عقب لدي اليوم اول اخر بينما فيما وفق حسب ان انه بان قرب داخل امام عند"
    " قتلوا اصيبوا جرحوا اعتقلوا لقوا لقي حتفهم حتفه مصرعه مصرعهم برصاص بنيران بقصف بانفجار مساء صباح فجر ليل"
    " مقابل بالاضافه برفقه رفقه فضلا".split()
)
WORD = re.compile(r"[^\W\d_]+")
# A cue under negation gives no count: لم يبلغ عن قتلى، دون أنباء عن إصابات، لم يقتل أحد، لا إصابات.
NEG = re.compile(r"(?<![^\W\d_])[وف]?(?:لم|لا|دون|بدون|عدم|ليس|لن)\s+(?P<mid>(?:[^\W\d_]+\s+){0,4})$")
NEG_NOT = {"يقل", "تقل", "يزال", "تزال", "يزالون", "سيما", "يتجاوز", "تتجاوز", "يعرف", "تعرف"}
NEG_LAST = {"عن", "اي", "وقوع", "سقوط", "تسجيل", "حدوث", "تقع", "يقع", "تسجل", "يسجل", "ترد", "يرد", "تذكر", "يذكر",
             "انباء", "تقارير", "معلومات", "من"}
# Negation over news, not over the casualties: "دون أنباء عن إصابات", "ولم ترد معلومات عن ضحايا" say nothing is known
# yet, not that no one was hurt (the gold leaves these counts empty); no count, not 0.
NO_NEWS = {"انباء", "معلومات"}
# Plural verb cues whose subject may be long: نحو 260 مقاتلا كرديا من حزب العمال قتلوا.
LONG_SUBJECT = {"قتلوا", "اصيبوا", "جرحوا", "اعتقلوا", "استشهدوا", "فقدوا", "اختطفوا", "خطفوا", "اسروا", "احتجزوا",
                 "حتفهم", "مصرعهم", "لقوا حتفهم", "لقوا مصرعهم"}
PAREN = re.compile(r"\([^()]{0,80}\)|,\s*(?:و?من\s+)?(?:بينهم|منهم|ومنهم)\s+[^,.;:]{1,40},"
                   r"|\s(?:بينهم|منهم)\s+[\"«“][^\"«»“”]{1,40}[\"»”]")
# Singular verb cues after a person noun with no number: شخصا لقي مصرعه، جندي لقي حتفه.
SINGLE_AFTER = {"مصرعه", "حتفه", "مصرعها", "حتفها", "لقي حتفه", "لقي مصرعه", "لقيت حتفها", "لقيت مصرعها"}
# Dual verb cues: the dual pronoun counts two with no number (ضابط ومجند لقيا مصرعهما).
DUAL_AFTER = {"مصرعهما", "حتفهما", "لقيا مصرعهما", "لقيا حتفهما"}
TIME_WORDS = set(
    "يوم امس اول اليوم مساء صباح فجر ليل ليله ظهر الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت ايضا مجددا"
    " كذلك بدورها".split())
# Verbal nouns after which two name-like words are probably a person: مقتل محسن الفضلي، اغتيال أبو محمد.
NAME_CUES = {"مقتل", "اغتيال", "اعدام", "استشهاد", "مصرع", "اعتقال", "اختطاف", "احتجاز", "توقيف",
              "خطف", "اصابه"}
NOUN_CUES = (NAME_CUES - {"خطف"}) | {"وفاه", "تصفيه", "اصابات", "القبض علي", "القاء القبض علي"}
NAME_HEADS = {"ابو", "ابن", "بن", "عبد", "ام", "بنت"}
NOT_NAME = set(
    "جميع كل بعض معظم غالبيه اغلب هولاء هذا هذه هذين هاتين تلك ذلك اولئك حتي نحو اكثر اقل ما عدد احد ضد بين دون"
    " امام جراء جماعي ميداني مع".split())
NAME_OK_W = {"وليد", "وايل", "وسام", "وديع", "وحيد", "وجدي", "وضاح"}
# An executed death sentence: the verb of carrying out, then the sentence and whom it was carried out on.
EXECUTED = re.compile(r"(?<![^\W\d_])(?:تنفيذ|نفذ|نفذت|ينفذ|تنفذ|نفذا)(?P<mid>(?:\s+[^\W\d_]+){0,4}?)\s+"
                       r"(?P<w>حكم|حكمي|احكام|عقوبه)\s+(?:القتل|الاعدام)(?:\s+(?:تعزيرا|قصاصا|حدا|رميا\s+بالرصاص))?"
                       r"\s+(?:في\s+|بحق\s+|ب)")
# A death sentence passed (حكما غيابيا بإعدام فلان، قضت المحكمة بإعدام): the name after إعدام is not killed.
SENTENCED = re.compile(r"(?<![^\W\d_])(?:حكم|حكما|احكام|حكمت|الحكم|قضت|يقضي|تقضي|قضي)(?:\s+[^\W\d_]+){0,3}\s+ب?$")
# A passive verb after إن/أن and its accusative singular subject: أن جنديا تركيا قتل وأصيب آخر (one killed).
PASSIVE_ONE = re.compile(r"(?<![^\W\d_])[وف]?[بل]?ان\s+(?P<n>[^\W\d_]+ا)(?P<mid>(?:\s+[^\W\d_]+){0,2}?)\s+[«\"“]?"
                         r"(?P<w>قتل|قتلت|استشهد|استشهدت|اصيب|اصيبت|جرح|جرحت)(?![^\W\d_])")
# The same with a subject noun that shows no case ending (a construct or a title before a name): أن رئيس المخابرات
# السابق فلان قتل في ...
PASSIVE_ONE_BARE = re.compile(r"(?<![^\W\d_])[وف]?[بل]?ان\s+(?:ال)?(?P<n>[^\W\d_]+)(?P<mid>(?:\s+[^\W\d_]+){0,4}?)"
                              r"\s+[«\"“]?(?P<w>قتل|قتلت|استشهد|استشهدت|اصيب|اصيبت|جرح|جرحت)(?![^\W\d_])")
SKIP_BEFORE_Q = re.compile(r"\s*(?:(?:امس|اليوم|ايضا|كذلك|حتي\s+الان|ما|فيه|فيها|فيهم|خلاله|خلالها)\s+)?")
# People fallen: سقوط N + a person noun or من + a plural of people (سقوط 16 من الحوثيين; not سقوط 5 قذائف).
FALLEN = re.compile(r"(?<![^\W\d_])(?:[وب]?)(?P<w>سقوط)\s+")
FALLEN_PERSONS = re.compile(r"من\s+(?:ال)?[^\W\d_]+(?:ين|يون|ون)(?![^\W\d_])")
# Two sides' tolls of one clash: the second joined by و، بينما، فيما، في حين، مقابل (+ أسفرت عن، أدت إلى).
SIDES = re.compile(r"(?:^|[\s,])(?:و|بينما|فيما|في\s+حين|مقابل)\s*(?:(?:اسفرت|اسفر|ادت|ادي)\s+(?:عن|الي)\s+)?$")
# Words that make the second count another tally or another incident: a place, an updated or overall toll.
SIDES_BREAK = {"في", "ارتفع", "ليرتفع", "يرتفع", "بلغ", "ليبلغ", "حصيله", "اجمالي", "منذ", "اخري", "اخر", "تلتها",
               "تليها", "ثم", "بقريه", "ببلده", "بمدينه", "بمنطقه", "بحي", "بمحافظه"}
# Where the subject of a plural verb cue begins: after إن/أن/بأن or لقي/لقيت/لقوا.
SUBJECT_START = re.compile(r"(?<![^\W\d_])(?:[وفبل]?ان|لقي|لقيت|لقوا)\s+")
# Negated casualty nouns that say no one was hurt (دون وقوع إصابات، لم يسفر عن ضحايا): the kinds they count 0 of.
NONE_HURT: dict[str, tuple[CountKind, ...]] = {
    "اصابات": ("killed", "injured"), "ضحايا": ("killed",), "قتلي": ("killed",), "القتلي": ("killed",),
    "جرحي": ("injured",), "الجرحي": ("injured",)}
# A verbal noun with a person's pronoun: one killed (أدى إلى مقتله), two for the dual; not a past one nor an
# attempt (منذ مقتله، بعد عام على مقتله، حتى مقتله، محاولة اغتياله); not اغتياله، إعدامه (mostly threats, attempts,
# sentences: يهدد بإعدامه).
KILLED_PRONOUN = re.compile(r"(?<![^\W\d_])(?P<pre>(?:منذ|ذكري|علي|حتي|قبل|محاوله|محاولات)\s+)?[وبل]?"
                            r"(?P<w>(?:مقتل|استشهاد)"
                            r"(?P<pn>ه|ها|هما))(?![^\W\d_])")
# A past killing verb with its object's pronoun: one killed (قتله مسلحون، أعدمه التنظيم، اغتالوها، أردوه قتيلا), two
# for the dual (قتلهما). ب/ل before it make it a verbal noun, mostly a threat or a plan (هدد بقتله، خطط لقتله), so
# only و/ف may come before; أردى counts only with قتيلا after it. Not قتلاه (its dead: the plural noun).
KILLING_STEMS = "قتل|اعدم|اغتال|ذبح"
KILLED_OBJECT = re.compile(r"(?<![^\W\d_])[وف]?(?P<w>(?:(?P<v>" + KILLING_STEMS + r")"
                           r"(?:وا|و|تا|ت)?|(?P<rda>ارد)(?:ا|و|تا|ت))(?P<pn>ه|ها|هما))(?P<qatil>\s+قتيل[اه])?"
                           r"(?![^\W\d_])")
# Where such a verb may stand (a stem, at most two letters, the pronoun's ه): a cheap scan before the full pattern.
KILLED_STEM = re.compile(r"(?:" + KILLING_STEMS + r"|ارد)[^\W\d_]{0,2}ه")
# Words before such a verb that make the killing tried, threatened, planned, feared, forbidden or one of two
# outcomes (القبض عليه أو قتله), not done.
NOT_DONE = set(
    "حاول حاولوا حاولت يحاول يحاولون تحاول محاوله محاولات هدد هددوا هددت يهدد يهددون تهدد خطط خططوا يخطط يخططون"
    " ينوي ينوون نوي اراد ارادوا ارادت يريد يريدون تريد قرر قرروا يعتزم اعتزم كاد كادوا كادت يستطع تستطع"
    " او خشيه خوفا يجوز حرم".split())
# A passive dual verb after إن/أن and its dual subject: أن جنديين ماليين قتلا وأصيب أربعة (two killed).
PASSIVE_TWO_VERBS = ("قتلا", "استشهدا", "اصيبا", "جرحا")
PASSIVE_TWO = re.compile(r"(?<![^\W\d_])[وف]?[بل]?ان\s+(?:ال)?(?P<n>[^\W\d_]+)(?:ين|ان)(?P<mid>(?:\s+[^\W\d_]+){0,2}?)"
                         r"\s+[«\"“]?(?P<w>" + "|".join(PASSIVE_TWO_VERBS) + r")(?![^\W\d_])")
# A toll over several happenings, when its clause says so: separate or serial attacks (حوادث أمنية متفرقة، هجومين
# منفصلين، سلسلة تفجيرات، 4 هجمات، في مناطق مختلفة) or a span of time (منذ 20 يوليو، منذ بدء العملية، خلال الأسبوع
# الماضي، خلال 24 ساعة): a day's or a campaign's total, not one incident's toll.
AGGREGATE = re.compile(
    r"(?<![^\W\d_])(?:"
    r"(?:حوادث|هجمات|اعمال\s+عنف|اشتباكات|غارات|تفجيرات|عمليات|اعتداءات|معارك|مواجهات)(?:\s+[^\W\d_]+)?"
    r"\s+(?:متفرقه|منفصله)"
    r"|(?:هجومين|تفجيرين|انفجارين|غارتين|حادثين|حادثتين)\s+منفصلين"
    r"|(?:سلسله|موجه)\s+(?:من\s+)?(?:ال)?(?:هجمات|تفجيرات|غارات|اعتداءات|انفجارات)"
    r"|(?:\d+|ثلاث|اربع|خمس|ست|سبع|ثماني|تسع|عشر)\s+(?:هجمات|تفجيرات|غارات|انفجارات|اعتداءات)"
    r"|منذ\s+(?:بدء|بدايه|مطلع|انطلاق|اندلاع|\d)"
    r"|خلال\s+(?:ال)?(?:\d+\s+)?(?:اسبوع|اسابيع|شهر|اشهر|ايام|يومين|ساعات|ساعه)(?:\s+(?:ال)?24)?"
    r"(?:\s+(?:ال)?(?:ماضي|ماضيه|اخيره|الاخير|الاخيره))?"
    r"|في\s+(?:مناطق|انحاء|محافظات|مدن)\s+(?:مختلفه|متفرقه|عده)"
    r")(?![^\W\d_])")
CLAUSE_END = re.compile(r"[.;:!?\n؛؟]")
# A name, not a count: لواء شهداء اليرموك، مقبرة الشهداء، يوم الشهيد.
MARTYRS_NAME = re.compile(r"(?:لواء|الويه|كتيبه|كتايب|سرايا|جيش|مقبره|ساحه|شارع|ميدان|يوم|عيد|اسر|ذوي|عوايل)\s+$")
# Relatives of the victims, not the victims counted (عدد من ذوي ضحايا التفجير، أقارب بعض الضحايا).
VICTIMS_KIN = re.compile(r"(?:اسر|ذوي|عوايل|عايلات|اهالي|اهل|اقارب|اسره|عايله)\s+$")
# Feminine singulars that count one (المواطنة، طالبة): a list, since many such forms are adjectives or other nouns
# (القوات المسلحة، عملية انتحارية، محافظة لحج، مدرسة).
FEMININE = set("مواطنه طالبه ناشطه صحفيه صحافيه معلمه طبيبه ممرضه موظفه شابه مسنه شرطيه مجنده متظاهره لاجيه"
               " عامله سائقه".split())
