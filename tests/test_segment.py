"""Sentences, clauses and page boilerplate."""

from __future__ import annotations

from rasd.text.segment import boilerplate_start, clauses, sentences

TEXT = ("هاجم مسلحون حاجزا للشرطة مساء الخميس 20/1/2022 في بلدة صغيرة. وقال د. أحمد إن 3.5 بالمئة من السكان نزحوا! "
        "وأضاف: «لن نسكت». هل انتهى الأمر؟ لا")


def test_sentences_survive_dates_decimals_abbreviations_and_quotes() -> None:
    got = [TEXT[s:e] for s, e in sentences(TEXT)]
    assert got[0].endswith("في بلدة صغيرة.")
    assert "20/1/2022" in got[0]
    assert got[1].startswith("وقال د. أحمد") and got[1].endswith("نزحوا!")
    assert got[2] == "وأضاف: «لن نسكت»."
    assert got[3] == "هل انتهى الأمر؟"
    assert got[4] == "لا"


def test_clauses_split_at_commas_not_inside_numbers() -> None:
    s = "قتل 3,500 شخص في المدينة، وأصيب آخرون بجروح مختلفة؛ ثم انسحبت القوات من المنطقة"
    got = [s[a:b] for a, b in clauses(s, 0, len(s))]
    assert got == ["قتل 3,500 شخص في المدينة", "وأصيب آخرون بجروح مختلفة", "ثم انسحبت القوات من المنطقة"]


def test_short_clauses_join_their_neighbour() -> None:
    s = "كثفت طائرات التحالف، أمس، غاراتها على مواقع المسلحين"
    assert [s[a:b] for a, b in clauses(s, 0, len(s))] == [s]


def test_a_span_of_time_since_another_happening_opens_its_own_clause() -> None:
    # written for this test: the bombing named after "بعد ... على" is an earlier happening, not the sentence's own
    s = "وقعت سلسلة انفجارات في العاصمة بعد أقل من أسبوع على تفجير انتحاري استهدف سوقا شعبيا في بلدة شمالية"
    got = [s[a:b] for a, b in clauses(s, 0, len(s))]
    assert got == ["وقعت سلسلة انفجارات في العاصمة",
                   "بعد أقل من أسبوع على تفجير انتحاري استهدف سوقا شعبيا في بلدة شمالية"]
    same = "وصلت التعزيزات بعد الهجوم على المدينة بساعات قليلة من الجنوب"  # no span of time before على: one clause
    assert [same[a:b] for a, b in clauses(same, 0, len(same))] == [same]


def test_boilerplate_at_the_end_is_found() -> None:
    body = "سقطت قذائف على حي سكني في المدينة صباح اليوم.\n\nزر الذهاب إلى الأعلى\nشارك"
    cut = boilerplate_start(body)
    assert cut is not None and body[cut:].startswith("زر الذهاب")
    assert boilerplate_start("خبر قصير عن اشتباكات في الريف الشرقي للمدينة.") is None


def test_closing_tag_list_is_boilerplate() -> None:
    body = "قصفت طائرات حربية مواقع للمسلحين في ريف المدينة صباح اليوم، وقال شهود إن القصف استمر ساعتين."
    text = body + " سمات قصف طائرات المدينة داعش "
    assert boilerplate_start(text) == len(body) + 1
    assert boilerplate_start(body + "\n\xa0 سمات التحالف الدولي. العراق سوريا غارات") == len(body) + 3
    # the ordinary word: a sentence that ends, or one that goes on past a dozen words
    assert boilerplate_start("تحدث الكاتب عن أبرز سمات المرحلة المقبلة في البلاد.") is None
    assert boilerplate_start("من أهم سمات هذه الحرب أنها " + "طويلة جدا " * 8 + "وقاسية") is None


def test_link_marker_inside_a_paragraph_ends_the_article() -> None:
    body = "قصفت طائرات حربية مواقع في الريف الغربي للمدينة صباح اليوم وأوقعت خسائر. " * 3
    text = body + "رابط الخبر بصحيفة محلية: قصف على الريف الغربي"
    assert boilerplate_start(text) == len(body)
    assert boilerplate_start("رابط الخبر في أول النص لا يقطع شيئا " + body) is None
