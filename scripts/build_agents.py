"""Build src/rasd/resources/data/agents.yaml: a curated generic-agent list merged with PETRARCH Arabic agents."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rasd.text.normalise import norm

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/rasd/resources/data/agents.yaml"
ACTORS = ROOT / "src/rasd/resources/data/actors"
PETRARCH = ROOT.parent / "shared/corpus/dictionaries/petrarch_ar"
FILES = ("agents.all.ar.txt", "agents.all.ar_v3.txt")
# PETRARCH sectors kept (CAMEO agent codes); business, agriculture, environment ... add noise, not conflict actors.
SECTORS = {
    "CVL": "civilians", "MIL": "military", "COP": "police", "REB": "rebels", "OPP": "opposition", "SPY": "intelligence",
    "MED": "media", "HLH": "health", "EDU": "education", "REF": "refugees", "REL": "religious", "JUD": "judiciary",
    "LEG": "legislature", "GOV": "government", "LAB": "labour", "UAF": "armed_unaffiliated", "CRM": "criminals",
    "HRI": "human_rights", "IGO": "igo", "NGO": "ngo",
}
# Single words PETRARCH lists that mostly mean something else in news text.
STOP = {
    "حي", "طائرة", "مجتمع", "أم", "حشد", "صياد", "مسافر", "مشاهد", "أصلي", "تبني", "عامل", "مالك", "المالك", "منتج",
    "قائد", "رئيس", "مدير", "وزير", "عضو", "الحكومة", "حكومة", "الدولة", "دولة", "مجلس", "المجلس", "لجنة", "اللجنة",
    "وطني", "تأسيسي", "مستعمر", "المتنزه", "متنزه", "رحال", "زبون", "ناخب", "حارس", "الحرس", "مكتب", "وكالة",
    "هيئة", "الهيئة", "النظام", "نظام", "دير", "الدير", "كنيسة", "مسجد", "المسجد", "جامع", "معبد", "مدرسة",
    "جامعة", "مستشفى", "محكمة", "المحكمة", "برلمان", "البرلمان", "شرطة", "الشرطة", "حزب", "الحزب", "حركة",
    "جماعة", "قوة", "القوة", "قوات", "القوات", "الجيش", "جيش", "مقاتل", "عنصر", "عناصر", "مصدر", "المصدر",
    # ordinary nouns that rarely name a group of people in news text
    "صحيفة", "الصحيفة", "جريدة", "مجلة", "قافلة", "القافلة", "إدارة", "الإدارة", "مبعوث", "المبعوث", "إرهابي",
    "الإرهابي", "قوة عسكرية", "مؤسسة", "المؤسسة", "شركة", "الشركة", "منظمة", "المنظمة", "جمعية", "الجمعية",
    "سفارة", "السفارة", "قنصلية", "وزارة", "الوزارة", "بلدية", "البلدية", "محافظة", "المحافظة", "مديرية",
    "المديرية", "قيادة", "القيادة", "سلطة", "السلطة", "السلطات", "الأمانة", "أمانة", "ممثل", "مندوب", "سفير",
    "متحدث", "المتحدث", "ناطق", "الناطق", "مراقب", "المراقب", "مستشار", "نائب", "النائب", "خبير", "الخبير",
    "محلل", "قاض", "القاضي", "محام", "المحامي", "مفتش", "سكرتير", "أمين", "الأمين", "زعيم", "الزعيم", "رئاسة",
    "الرئاسة", "كتيبة", "الكتيبة", "فرقة", "الفرقة", "سرية", "السرية", "دورية", "الدورية", "وحدة", "الوحدة",
    "بعثة", "البعثة", "وفد", "الوفد", "شعب", "الشعب", "جمهور", "الجمهور", "إذاعة", "الإذاعة", "تلفزيون",
    "التلفزيون", "قناة", "القناة", "موقع", "الموقع", "تحالف", "التحالف", "ائتلاف", "الائتلاف", "مجموعة",
    "المجموعة", "عصبة", "أسطول", "الأسطول", "طيار", "الطيار", "سائق", "السائق", "ركاب", "الركاب",
}
LINE = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*(?:\{[^}]*\})?\s*\[~([A-Z]+)\]\s*(.*?)\s*$")
ARABIC = re.compile(r"[\u0600-\u06FF]")

# Curated generic agents: id suffix, English plural, Arabic name, sector, Arabic variants.
CURATED: list[tuple[str, str, str, str, list[str]]] = [
    ("CIV", "civilians", "مدنيون", "CVL", ["مدنيين", "المدنيين", "المدنيون", "مدنيا", "مدني", "المدني", "أهالي",
                                         "الأهالي", "الأهالى", "سكان", "السكان", "مواطنين", "المواطنين", "مواطنون",
                                         "مواطنا", "مواطن", "المدنيين العزل", "الأبرياء", "شخصا", "أشخاص"]),
    ("CHILD", "children", "أطفال", "CVL", ["الأطفال", "طفل", "طفلا", "طفلة", "أطفالا", "قاصرين", "القاصرين",
                                          "المراهقين", "فتى", "فتاة"]),
    ("WOMEN", "women", "نساء", "CVL", ["النساء", "امرأة", "سيدة", "سيدات", "نسوة"]),
    ("FAMILY", "families", "عائلات", "CVL", ["العائلات", "أسر", "الأسر", "عائلة"]),
    ("SOLDIER", "soldiers", "جنود", "MIL", ["الجنود", "جندي", "جنديا", "جنديين", "عسكريين", "العسكريين", "عسكريون",
                                          "عسكري", "عسكريا", "ضباط", "الضباط", "ضابط", "مجندين", "المجندين", "مجند"]),
    ("POLICE", "police", "شرطة", "COP", ["الشرطة", "رجال الأمن", "عناصر الأمن", "رجال الشرطة", "عناصر الشرطة",
                                        "شرطي", "شرطيين", "أفراد الأمن", "قوات الأمن", "الأجهزة الأمنية",
                                        "قوى الأمن", "دورية أمنية", "رجل أمن", "عنصر أمن"]),
    ("PROTEST", "protesters", "متظاهرون", "CVL", ["متظاهرين", "المتظاهرين", "المتظاهرون", "محتجين", "المحتجين",
                                                 "المحتجون", "محتجون", "المعتصمين", "معتصمين"]),
    ("PRISONER", "prisoners", "سجناء", "CVL", ["السجناء", "معتقلين", "المعتقلين", "المعتقلون", "معتقلون", "أسرى",
                                             "الأسرى", "المحتجزين", "محتجزين", "الرهائن", "رهائن", "المختطفين"]),
    ("FIGHTER", "fighters", "مقاتلون", "UAF", ["مقاتلين", "المقاتلين", "المقاتلون", "مسلحين", "المسلحين",
                                             "المسلحون", "مسلحون", "مسلح", "عناصر", "العناصر", "عناصر مسلحة",
                                             "مجموعة مسلحة", "مجموعات مسلحة", "جماعات مسلحة", "الجماعات المسلحة",
                                             "مجهولون", "مسلحون مجهولون", "ملثمين", "ملثمون"]),
    ("MILITANT", "militants", "متشددون", "UAF", ["المتشددين", "متشددين", "المتشددون", "المتطرفين", "متطرفين",
                                               "الإرهابيين", "إرهابيين", "الإرهابيون", "العناصر الإرهابية",
                                               "الجهاديين", "جهاديين", "الجهاديون", "التكفيريين", "انتحاري",
                                               "الانتحاري", "انتحاريين", "انتحارية", "الانتحارية"]),
    ("REBEL", "rebels", "متمردون", "REB", ["المتمردين", "متمردين", "المتمردون", "ثوار", "الثوار", "معارضين",
                                          "المعارضين", "المعارضة", "المعارضة المسلحة"]),
    ("REFUGEE", "refugees", "لاجئون", "REF", ["لاجئين", "اللاجئين", "اللاجئون", "لاجئ", "لاجئا", "طالبي اللجوء",
                                            "المهاجرين", "مهاجرين"]),
    ("IDP", "displaced people", "نازحون", "REF", ["نازحين", "النازحين", "النازحون", "المهجرين", "مهجرين",
                                               "الفارين", "المشردين"]),
    ("JOURNALIST", "journalists", "صحفيون", "MED", ["صحفيين", "الصحفيين", "صحافيين", "الصحافيين", "الصحافيون",
                                                   "صحفي", "صحافي", "مراسل", "مراسلين", "إعلاميين", "الإعلاميين",
                                                   "ناشطين إعلاميين", "ناشط إعلامي", "مصور صحفي"]),
    ("ACTIVIST", "activists", "ناشطون", "CVL", ["ناشطين", "الناشطين", "الناشطون", "ناشط", "نشطاء", "النشطاء",
                                              "ناشطين محليين"]),
    ("DOCTOR", "medical workers", "أطباء", "HLH", ["الأطباء", "طبيب", "الكوادر الطبية", "كوادر طبية", "المسعفين",
                                                  "مسعفين", "الطواقم الطبية", "طواقم طبية", "ممرضين", "عمال الإغاثة",
                                                  "عاملين في المجال الإنساني", "العاملين في المجال الإنساني"]),
    ("STUDENT", "students", "طلاب", "EDU", ["الطلاب", "طلبة", "الطلبة", "تلاميذ", "التلاميذ", "طالب", "طالبة",
                                          "معلمين", "المعلمين"]),
    ("WORSHIP", "worshippers", "مصلون", "REL", ["مصلين", "المصلين", "المصلون"]),
    ("PILGRIM", "pilgrims", "حجاج", "REL", ["الحجاج", "حجاجا", "المعتمرين", "الزوار", "زوار"]),
    ("CLERIC", "clerics", "رجال الدين", "REL", ["رجل دين", "علماء الدين", "أئمة", "الأئمة", "إمام مسجد", "شيوخ"]),
    ("TRIBE", "tribes", "عشائر", "CVL", ["العشائر", "عشيرة", "العشيرة", "قبائل", "القبائل", "قبيلة", "القبيلة",
                                        "شيوخ العشائر", "وجهاء"]),
    ("TRIBAL_FIGHTER", "tribal fighters", "مقاتلو العشائر", "UAF", ["مقاتلي العشائر", "متطوعي العشائر",
                                                                  "متطوعو العشائر", "أبناء العشائر",
                                                                  "أبناء القبائل", "رجال القبائل", "مسلحي العشائر",
                                                                  "مسلحين قبليين", "مسلحي القبائل"]),
    ("FARMER", "farmers", "مزارعون", "CVL", ["مزارعين", "المزارعين", "فلاحين", "الفلاحين", "رعاة", "الرعاة"]),
    ("FISHER", "fishermen", "صيادون", "CVL", ["صيادين", "الصيادين"]),
    ("WORKER", "workers", "عمال", "LAB", ["العمال", "موظفين", "الموظفين", "عاملين"]),


    ("SMUGGLER", "smugglers", "مهربون", "CRM", ["مهربين", "المهربين", "تجار المخدرات", "عصابة", "عصابات",
                                              "مطلوبين", "المطلوبين", "الخارجين عن القانون", "المشتبه بهم",
                                              "مشتبه بهم"]),
    ("OFFICIAL", "officials", "مسؤولون", "GOV", ["مسؤولين", "المسؤولين", "مسؤول", "مسؤول حكومي", "مسؤولين حكوميين",
                                               "موظف حكومي", "دبلوماسيين", "الدبلوماسيين", "دبلوماسي"]),
    ("LEADER", "local leaders", "وجهاء محليون", "CVL", ["الوجهاء", "مختار", "المخاتير", "أعيان", "الأعيان"]),
    ("WOUNDED", "the wounded", "جرحى", "CVL", ["الجرحى", "المصابين", "مصابين"]),
    ("VOLUNTEER", "volunteers", "متطوعون", "UAF", ["متطوعين", "المتطوعين"]),
    ("WITNESS", "eyewitnesses", "شهود عيان", "SRC", ["شاهد عيان", "الشهود", "شهود العيان"]),
    ("SOURCE.LOCAL", "local sources", "مصادر محلية", "SRC", ["مصدر محلي", "مصادر أهلية", "مصادر ميدانية",
                                                           "مصادر مطلعة", "مصدر مطلع"]),
    ("SOURCE.PRESS", "press sources", "مصادر صحفية", "SRC", ["مصادر صحافية", "مصدر صحفي", "مصادر إعلامية",
                                                           "مصدر إعلامي", "تقارير إعلامية", "وسائل إعلام محلية"]),
    ("SOURCE.SECURITY", "security source", "مصدر أمني", "SRC", ["مصادر أمنية", "مصدر أمني مسؤول", "مصدر في الشرطة",
                                                              "مصادر في الشرطة", "مصدر بالشرطة"]),
    # "مصادر في الجيش العراقي": sources inside a named army speak for it (rasd.stages.claims), so no alias here
    ("SOURCE.MILITARY", "military source", "مصدر عسكري", "SRC", ["مصادر عسكرية"]),
    ("SOURCE.JUDICIAL", "judicial source", "مصدر قضائي", "SRC", ["مصادر قضائية"]),
    ("SOURCE.MEDICAL", "medical source", "مصدر طبي", "SRC", ["مصادر طبية", "مصادر في المستشفى", "مصدر في المستشفى"]),
    ("SOURCE.OFFICIAL", "official source", "مصدر رسمي", "SRC", ["مصادر رسمية", "مصدر حكومي", "مصادر حكومية",
                                                              "مصدر مسؤول", "مصادر مسؤولة"]),
    ("SOURCE.OPPOSITION", "opposition source", "مصدر معارض", "SRC", ["مصادر معارضة", "مصدر في المعارضة",
                                                                    "مصادر في المعارضة", "مصدر من المعارضة"]),
    ("MERC", "mercenaries", "مرتزقة", "UAF", ["المرتزقة", "المقاتلين الأجانب", "مقاتلين أجانب", "المهاجرين الأجانب"]),
]


# Lone nisba words PETRARCH lists that news uses as nouns for people.
NISBA_NOUNS = frozenset({"محامي", "طاغية", "مربية"})


def read_petrarch(folder: Path) -> dict[tuple[str, str], list[str]]:
    """(ENGLISH_KEY, SECTOR) -> Arabic phrases, from both PETRARCH agent files, deduplicated, comments dropped."""
    out: dict[tuple[str, str], list[str]] = {}
    for name in FILES:
        for raw in (folder / name).read_text(encoding="utf-8").splitlines():
            if raw.lstrip().startswith("#"):
                continue
            m = LINE.match(raw)
            if not m:
                continue
            key, sector, phrase = m.groups()
            if "#" in phrase or "?" in phrase:  # PETRARCH editors' doubts: leave those out
                continue
            phrase = " ".join(phrase.split())
            if sector not in SECTORS or not ARABIC.search(phrase) or phrase in STOP:
                continue
            if " " not in phrase and len(phrase.removeprefix("ال")) < 5:  # short single words: too ambiguous
                continue
            if " " not in phrase and phrase.endswith(("ي", "ية")) and phrase not in NISBA_NOUNS:
                continue  # a lone nisba is an adjective as often as a person (دستوري، سياحي، احتياطي)
            items = out.setdefault((key.strip("_").upper(), sector), [])
            if phrase not in items:
                items.append(phrase)
    return out


def actor_names(folder: Path) -> set[str]:
    """Normalised Arabic names, aliases and role titles of the curated actor entries (actors/*.yaml)."""
    out: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            texts = [raw.get("name_ar")]
            texts += [a if isinstance(a, str) else a.get("text") for a in raw.get("aliases_ar") or []]
            texts += [r.get("role") for r in raw.get("roles") or []]
            out.update(norm(t) for t in texts if isinstance(t, str))
    return out


def english_name(name: str, sector: str) -> str:
    """An agent's English name; a civilian group's says it is one, as ACLED names its civilian actors ("civilians
    (children)", "civilians (worshippers)"): whatever the article calls them, the victims are civilians (CAMEO's
    sector CVL), and a reader, or a referee matching names, finds them under either word."""
    return f"{SECTORS[sector]} ({name})" if sector == "CVL" and name != SECTORS[sector] else name


def build(folder: Path) -> list[dict]:
    """Curated agents, then PETRARCH agents whose phrases no curated agent or actor already names (normalised)."""
    entries: list[dict] = []
    seen: set[str] = actor_names(ACTORS)
    for suffix, name, name_ar, sector, aliases in CURATED:
        mine = [a for a in aliases if norm(a) not in seen]
        entries.append({"id": f"AGENT.{suffix}", "name": english_name(name, sector), "name_ar": name_ar,
                        "kind": "agent", "country": None, "parent": None, "sector": sector, "source": "rasd",
                        "aliases_ar": mine})
        seen.update(norm(t) for t in [name_ar, *mine])
    for (key, sector), phrases in sorted(read_petrarch(folder).items()):
        fresh = list({norm(p): p for p in phrases if norm(p) not in seen}.values())
        if not fresh:
            continue
        seen.update(norm(p) for p in fresh)
        entries.append({"id": f"AGENT.P.{sector}.{key}", "name": english_name(key.replace("_", " ").lower(), sector),
                        "name_ar": fresh[0],
                        "kind": "agent", "country": None, "parent": None, "sector": sector, "source": "petrarch",
                        "aliases_ar": fresh[1:]})
    return entries


HEADER = """\
# rasd generic agents (kind: agent), built by scripts/build_agents.py -- do not edit by hand.
# Curated entries (source: rasd) were written for rasd (Apache-2.0). Entries with source: petrarch are converted from
# the UniversalPetrarch Arabic agent dictionaries agents.all.ar.txt and agents.all.ar_v3.txt
# (github.com/openeventdata/UniversalPetrarch, branch 'arabic' a0af422b, MIT licence, (c) 2016 Open Event Data
# Alliance), filtered to conflict-relevant CAMEO sectors. See ACTORS_README.md.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--petrarch", type=Path, default=PETRARCH)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    entries = build(args.petrarch)
    body = "".join(
        "- " + "\n  ".join(yaml.safe_dump(e, allow_unicode=True, sort_keys=False, width=10000,
                                          default_flow_style=None).splitlines()) + "\n"
        for e in entries
    )
    args.out.write_text(HEADER + body, encoding="utf-8")
    print(f"{len(entries)} agents -> {args.out}", file=sys.stderr)
    print("then run scripts/compile_resources.py (the JSON copies the package reads)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
