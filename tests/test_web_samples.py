"""Sample articles for the server's tests (written for this project) and the store built from them by the real
pipeline; the tests here check that the sample store holds what the API and browser tests rely on."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from rasd.fuse import fuse_incidents
from rasd.ingest.runner import ingest
from rasd.store import open_store

SAMPLES = [
    ("t-01", "الشرق", "2020-02-10", "غارة على سوق في معرة النعمان",
     "قُتل أربعة مدنيين وأصيب سبعة آخرون يوم الأحد 9/2/2020 في غارة جوية استهدفت سوقاً شعبياً في مدينة معرة "
     "النعمان جنوب إدلب، بحسب ما أفاد الدفاع المدني السوري."),
    ("t-02", "النهار", "2020-02-10", "قصف جوي على معرة النعمان",
     "أعلن المرصد السوري لحقوق الإنسان مقتل ستة مدنيين في قصف جوي على مدينة معرة النعمان بريف إدلب الجنوبي "
     "يوم الأحد 9/2/2020، فيما قال ناشطون إن القصف استهدف سوقاً مزدحماً."),
    ("t-03", "الشرق", "2020-02-20", "طلاب يتظاهرون في بغداد",
     "تظاهر مئات الطلاب أمام جامعة بغداد يوم الخميس 20/2/2020 احتجاجاً على تردي الخدمات، وطالبوا الحكومة "
     "بإجراء إصلاحات عاجلة."),
    ("t-04", "النهار", "2020-03-05", "اعتقالات في الموصل",
     "اعتقلت قوات الأمن العراقية عشرين متظاهراً في مدينة الموصل مساء الأربعاء 4/3/2020 بعد مواجهات قرب مبنى "
     "المحافظة، وفق ما أفاد شهود عيان."),
    ("t-05", "الشرق", "2020-03-15", "انفجار عبوة في عدن",
     "انفجرت عبوة ناسفة بسيارة عسكرية في مدينة عدن يوم السبت 14/3/2020، ما أدى إلى مقتل جنديين وإصابة ثلاثة "
     "آخرين."),
    ("t-06", "الشرق", "2020-03-20", "هجوم لداعش في دير الزور",
     "هاجم مسلحون من تنظيم داعش حاجزاً لقوات سوريا الديمقراطية في ريف دير الزور الشرقي فجر الجمعة 20/3/2020، "
     "وقتلوا ثلاثة من عناصر الحاجز، بحسب المرصد السوري لحقوق الإنسان."),
    ("t-07", "النهار", "2020-03-21", "نفي روسي",
     "نفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت مستشفى في مدينة حلب يوم الجمعة 20/3/2020."),
    ("t-08", "الشرق", "2020-03-01", "معرض الكتاب",
     "افتتح معرض للكتاب في عمّان بمشاركة خمسين دار نشر من دول عربية عدة."),
    ("http://example.org/news/9", "الشرق", "2020-03-03", "تفريق متظاهرين في إربد",  # an id with slashes
     "أطلقت الشرطة الأردنية الغاز المسيل للدموع لتفريق مئات المتظاهرين في مدينة إربد شمال الأردن يوم الاثنين "
     "2/3/2020."),
]


def write_samples(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for doc_id, outlet, published, title, text in SAMPLES:
            rec = {"id": doc_id, "outlet": outlet, "published": published, "title": title, "text": text}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def build_store(folder: Path, db: str | None = None) -> str:
    """The sample articles ingested by the default pipeline into a DuckDB file in folder (or into db)."""
    source = write_samples(folder / "samples.jsonl")
    target = db or str(folder / "samples.duckdb")
    store = open_store(target)
    try:
        summary = ingest([source], store, workers=1)
        fuse_incidents(store)
    finally:
        store.close()
    assert not summary.failed, f"the pipeline failed on the sample articles: {dict(summary.examples)}"
    return target


def test_sample_store_has_events_in_several_countries(tmp_path: Path) -> None:
    db = build_store(tmp_path)
    con = duckdb.connect(db, read_only=True)
    try:
        ((articles,),) = con.execute("SELECT count(*) FROM articles").fetchall()
        countries = {r[0] for r in con.execute("SELECT DISTINCT place_country FROM events").fetchall()}
        types = {r[0] for r in con.execute("SELECT DISTINCT type FROM events").fetchall()}
    finally:
        con.close()
    assert articles == len(SAMPLES)
    assert {"SY", "IQ"} <= countries
    assert "ASSAULT" in types
