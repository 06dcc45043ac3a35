"""Hostile input files for the tests, made on the fly (no corpus text): one per failure of issue 12."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

from rasd.config import Limits

# small limits, so that the over-limit cases stay fast; every good record is far below them
LIMITS = Limits(text_chars=2000, member_bytes=64 * 1024, archive_bytes=200 * 1024)

GOOD = ("قصف الطيران الحربي مواقع في ريف إدلب الجنوبي صباح اليوم، وقال ناشطون إن الغارات استهدفت بلدات عدة "
        "وأسفرت عن أضرار كبيرة في المنازل والممتلكات، فيما نزح عشرات السكان نحو المخيمات القريبة من الحدود")
LONG_URL = "http://example.org/" + "a" * 3000


def _line(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


# line number -> (JSON Lines line, what happens to it)
JSONL_LINES: list[tuple[str, str]] = [
    (_line({"id": "h1", "published": "2024-03-01", "text": GOOD}), "stored"),
    ('{"id": "h2", "published": "2024-03-01", "text": "\\ud800 تظاهر العمال أمام المصنع"}', "stored"),
    ('{"id": "h3\\udc80", "published": "2024-03-01", "text": "أعلنت الشرطة اعتقال مطلوبين في حلب"}', "stored"),
    ('{"id": "h4", "published": "2024-03-01", "title": "\\udfff", "outlet": "a\\ud83d", "text": "قصف في حماة"}',
     "stored"),
    ('{"id": "h5\\u0000", "published": "2024-03-01", "text": "تظاهر الطلاب في عدن"}', "stored"),
    ('{"id": "h6", "published": "2024-03-01", "title": "\\u0000=1", "outlet": "x\\u0000", "text": "قصف في حلب"}',
     "stored"),
    (_line({"url": LONG_URL, "published": "2024-03-01", "text": "اعتقال ناشط في درعا"}), "stored"),
    ("{not json", "failed"),
    (_line({"id": "h9", "text": "قصف " * 600}), "failed"),  # 2,400 characters: over LIMITS.text_chars
    (_line({"id": "h10", "text": "  "}), "empty"),
    (_line(["a", "list"]), "failed"),
    ('{"id": "h12", "published": "2024-03-01", "text": "قصف في\\u0000 الرقة"}', "stored"),
    (_line({"id": "h13", "text": "\u0001\u0002\u0003\u0004" * 20 + "قصف"}), "failed"),
    (_line({"id": "h14", "text": "ك" * 40000}), "failed"),  # 80 KB line: over LIMITS.member_bytes
    (_line({"id": "h15", "published": "2024-03-02", "text": GOOD + " (نقلا عن وكالة)"}), "stored"),
]


def make_hostile_corpus(root: Path) -> dict[str, object]:
    """Write the hostile files under root; returns what reading them must give (counts and failed positions)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "bad.jsonl").write_text("\n".join(line for line, _ in JSONL_LINES) + "\n", encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a-big.json", " " * (5 << 20))  # 5 MB of spaces in a few KB: over LIMITS.member_bytes
        z.writestr("b-ok.jsonl", _line({"id": "z1", "published": "2024-03-03", "text": "اعتقال مسلحين في الموصل"}))
        z.writestr("c-pad.txt", "ش" * 30000)  # 60 KB: the archive passes LIMITS.archive_bytes here
        z.writestr("d-pad.txt", "س" * 30000)
        z.writestr("e-late.jsonl", _line({"id": "z2", "text": "قصف في غزة"}))
    (root / "bomb.zip").write_bytes(buf.getvalue())
    record = _line({"id": "u16", "published": "2024-03-04", "text": "تظاهر المئات في بغداد"}) + "\n"
    (root / "utf16.jsonl").write_bytes(record.encode("utf-16"))
    (root / "old-site.txt").write_bytes("قصفت المدفعية قرية في ريف حلب الشمالي\nونزح السكان".encode("cp1256"))
    (root / "binary.jsonl").write_bytes(os.urandom(100_000))
    (root.joinpath(os.fsdecode(b"bad-name-\xff.jsonl"))).write_text(  # a file name that is not UTF-8
        _line({"id": "fn1", "published": "2024-03-05", "text": "اعتقال في حمص"}) + "\n", encoding="utf-8")
    (root / "english.txt").write_text("Gunmen attacked a checkpoint near Tikrit yesterday.\nTwo were hurt.",
                                      encoding="utf-8")
    stored_lines = [str(n) for n, (_, what) in enumerate(JSONL_LINES, 1) if what == "stored"]
    return {
        "stored": len(stored_lines) + 1 + 1 + 1 + 1 + 1,  # + z1, u16, old-site.txt, english.txt, fn1
        "empty": 1,
        "failed_jsonl_lines": {str(n) for n, (_, what) in enumerate(JSONL_LINES, 1) if what == "failed"},
        "failed_files": {"bomb.zip", "binary.jsonl"},
    }
