"""Casualty counts that incident records compare across outlets: two people joined by "and" after words qualifying
the first, and the dual pronoun of لقيا حتفهما (sentences written for the tests)."""

from __future__ import annotations

import pytest

from rasd.text.casualties import find_casualties
from rasd.text.normalise import normalise


@pytest.mark.parametrize(("text", "want"), [
    ("أعلنت الوزارة مقتل ضابط شرطة برتبة نقيب وإصابة أربعة", [("killed", 1, 1), ("injured", 4, 4)]),
    ("أعلنت الوزارة مقتل ضابط شرطة مصري ومجند في انفجار عبوة", [("killed", 2, 2)]),
    ("قتل شرطي تركي ومدني في هجوم على نقطة تفتيش", [("killed", 2, 2)]),
    ("مقتل مسلح بنيران الجيش وجندي", [("killed", 1, 1)]),          # the second noun is not joined to the first
    ("مقتل قائد الكتيبة وإصابة جندي", [("killed", 1, 1), ("injured", 1, 1)]),
    ("لقي رجل وابنه مصرعهما في قصف على القرية", [("killed", 2, 2)]),
    ("قالت الحركة إن عنصرين فقط لقيا حتفهما في المعارك", [("killed", 2, 2)]),
    ("لقي جندي حتفه في الاشتباك", [("killed", 1, 1)]),
])
def test_coordinated_persons_and_dual_pronouns(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want
