"""Enrichment rules on hand-written sentences: one behaviour per case.

Truths are written by hand from reading each sentence (see
tests/fixtures/enrich/README.md); the evaluation set is scored by
tests/test_enrich_gate.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.enrich import GOVERNORATES, enrich
from crawler.enrich.casualties import casualty_rules, read_number
from crawler.enrich.gazetteer import GazetteerError, load_gazetteer
from crawler.enrich.tokens import tokenize


def places(body: str, title: str = "") -> list[str]:
    return [p.place.name_ar for p in enrich(title, body).places]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("وقصفت المدفعية قرى بريف دير الزور الشرقي", ["محافظة دير الزور"]),
        ("وصلت التعزيزات إلى الرقة والقامشلي", ["الرقة", "القامشلي"]),
        ("أرسلت شحنة مساعدات للرقة أمس", ["الرقة"]),
        ("ارتفعت الأسعار بالحسكة", ["الحسكة"]),
        ("زار الوفد مدينة حلب", ["حلب"]),
        ("انقطعت الكهرباء في محافظة الحسكة", ["محافظة الحسكة"]),
        ("وصل النازحون إلى مخيم الهول شرقي الحسكة", ["مخيم الهول", "الحسكة"]),
        ("عبرت الشاحنات معبر باب الهوى", ["معبر باب الهوى"]),
        ("سيطرت القوات على سد تشرين", ["سد تشرين"]),
        ("اشتباكات في مدينة رأس العين", ["رأس العين"]),
        ("قتل مدنيون في كفرزيتا", ["كفر زيتا"]),
        ("وقال إن حماه تشهد هدوءا", ["حماة"]),
    ],
)
def test_places_with_clitics_and_spellings(body: str, expected: list[str]) -> None:
    assert places(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "قال الوزير إن القرار يفتح الباب أمام الاستثمار",
        "تناول الحمص والفول مفيد للصائمين",
        "وقف عند رأس التل ينظر إلى عين الماء",
        "ودعا إلى المشاركة السلمية في شتى الميادين",
        "رفع المتظاهرون شعار حماة الديار عليكم سلام",
        "قال فريق الإنقاذ إن فرقه ما زالت تعمل",
        "التقى أبو حلب بأصدقائه في المقهى",
        # the second labelling round's classes, in other words
        "وسجل الهدف الثاني اللاعب يوسف الإدلبي بعد تمريرة من زميله الحلبي",
        "قال مراسل قناة الميادين إن الغارات طالت جنوب لبنان",
        "اندلعت اشتباكات في العاصمة الليبية طرابلس",
        "يبقى الحصن المنيع للأمة وحدتها",
        "قال المحلل إن الحرب تدمر اقتصادات المنطقة على المدى القصير",
    ],
)
def test_common_words_and_names_are_not_places(body: str) -> None:
    assert places(body) == []


def test_a_name_shared_by_two_places_follows_the_articles_other_places() -> None:
    assert [(p.place.name_ar, p.place.governorate) for p in enrich("", "زار الوفد بانياس في الجولان المحتل").places] == [
        ("بانياس", "القنيطرة"), ("الجولان", "القنيطرة"),
    ]  # fmt: skip
    assert [p.place.governorate for p in enrich("", "انقطاع الكهرباء في بانياس").places] == ["طرطوس"]
    assert places("زار السياح قلعة الحصن") == ["الحصن"]  # "قلعة" is a place word: the cue an ambiguous name needs


def test_ambiguous_name_counts_with_a_local_cue() -> None:
    assert places("انفجرت سيارة في الباب بريف حلب الشرقي") == ["الباب", "محافظة حلب"]
    assert places("انفجرت سيارة في مدينة الباب") == ["الباب"]


def test_place_in_a_quote_about_another_country_does_not_count() -> None:
    body = 'وقال المسؤول: "ما جرى في بغداد لن يتكرر في الباب أو تدمر أو القصير".'
    assert places(body) == []
    assert places('وقال المسؤول: "الوضع في حلب صعب".') == ["حلب"]


def test_primary_place_governorates_and_title() -> None:
    found = enrich(
        "قصف على بلدة كفرنبل بريف إدلب",
        "قتل مدنيان بقصف استهدف بلدة كفرنبل بريف إدلب الجنوبي، فيما سقطت قذائف على أطراف حلب.",
    )
    assert found.primary is not None and found.primary.name_ar == "كفرنبل"
    assert found.governorates == ["إدلب", "حلب"]
    kafranbel = next(p for p in found.places if p.place.name_ar == "كفرنبل")
    assert (kafranbel.mentions, kafranbel.in_title, kafranbel.is_primary) == (2, True, True)


def test_dateline_is_not_a_place_of_the_story() -> None:
    assert places("دمشق - سانا: وصلت قافلة مساعدات إلى مدينة الرقة") == ["الرقة"]


@pytest.mark.parametrize(
    ("words", "value", "at_least"),
    [
        ("12", 12, False),
        ("١٢", 12, False),
        ("15,000", 15000, False),
        ("خمسة", 5, False),
        ("أحد عشر", 11, False),
        ("ثلاثة عشر", 13, False),
        ("خمسة وعشرين", 25, False),
        ("ثلاثة آلاف", 3000, False),
        ("عشرات", 10, True),
        ("مئات", 100, True),
    ],
)
def test_numbers(words: str, value: int, at_least: bool) -> None:
    _used, figure = read_number(tokenize("", words).tokens, 0, casualty_rules())
    assert figure is not None and (figure.number, figure.at_least) == (value, at_least)


@pytest.mark.parametrize(
    ("body", "killed", "injured"),
    [
        ("قتل خمسة مدنيين وأصيب 12 آخرون بقصف على البلدة.", "5", "12"),
        ("أسفر الانفجار عن مقتل أحد عشر شخصا.", "11", "-"),
        ("أدى القصف إلى سقوط قتلى وجرحى في صفوف المدنيين.", "?", "?"),
        ("قتل 5 أشخاص بغارة. ثم ارتفعت حصيلة القتلى إلى 30 قتيلا.", "30", "-"),
        ("سقط عشرات القتلى في الهجوم.", ">=10", "-"),
        ("قتل ما لا يقل عن 20 مدنيا.", ">=20", "-"),
        ("قتل طفل وأصيب شخصان.", "1", "2"),
        ("سقطت قذيفة دون أن تسفر عن إصابات.", "-", "-"),
        ("سجلت الوزارة 35 إصابة بالكوليرا و3 وفيات بفيروس كورونا.", "-", "-"),
        ("نظمت عائلات الشهداء وقفة في ساحة الشهداء.", "-", "-"),
    ],
)
def test_casualty_figures(body: str, killed: str, injured: str) -> None:
    found = enrich("", body).casualties
    got = (str(found.killed) if found and found.killed else "-", str(found.injured) if found and found.injured else "-")
    assert got == (killed, injured)


def test_casualty_row_names_the_place_of_its_sentence() -> None:
    found = enrich("", "قتل ثلاثة مدنيين بقصف على بلدة سرمين بريف إدلب.").casualties
    assert found is not None and found.place_id is not None
    assert load_gazetteer().places[found.place_id].name_ar == "سرمين"
    assert "قتل ثلاثة مدنيين" in found.text


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("قصف مدفعي على ريف حماة", "", ["shelling"]),
        ("غارات جوية على إدلب", "", ["airstrike"]),
        ("قصف جوي على البلدة", "", ["airstrike"]),
        ("اشتباكات عنيفة في درعا", "", ["clashes"]),
        ("انفجار عبوة ناسفة", "", ["explosion"]),
        ("حملة دهم واعتقالات", "", ["arrests"]),
        ("موجة نزوح جديدة", "", ["displacement"]),
        ("عودة اللاجئين من لبنان", "", ["refugee_return"]),
        ("مظاهرات في السويداء", "", ["protest"]),
        ("زلزال يضرب الشمال", "", ["natural_disaster"]),
        ("انقطاع الكهرباء عشرين ساعة", "", ["services_crisis"]),
        ("ارتفاع أسعار الذهب", "", ["economy"]),
        ("امتحانات الشهادة الثانوية", "", ["education"]),
        ("إصابات جديدة بالكوليرا", "", ["health"]),
        ("انتخابات مجلس الشعب", "", ["elections"]),
        ("افتتاح معرض للكتاب", "", ["other"]),
        ("الجيش ينفي وقوع اشتباكات", "", ["other"]),
        # a phrase's adjective agrees with a definite noun: "الأمطار الغزيرة" is "أمطار غزيرة"
        ("الأمطار الغزيرة تغمر المنازل", "", ["natural_disaster"]),
        ("القصف الجوي يستهدف البلدة", "", ["airstrike"]),
        ("إجلاء سكان القرى", "", ["displacement"]),
        ("عودة عائلات من لبنان", "", ["refugee_return"]),  # "عودة العائلات" without the article
        # a violent event in a sentence stating a toll is reported, not mentioned in passing
        ("حادث أمني في المنطقة", "وصلت دورية إلى المكان. واشتبك عناصرها مع المسلحين ما أدى إلى مقتل اثنين.", ["clashes"]),
        ("حادث أمني في المنطقة", "وصلت دورية إلى المكان. ويخشى الأهالي من اشتباكات جديدة.", ["other"]),
        # a hospital in a sentence about the wounded is where they went, not a health story
        ("انفجار في السوق", "واستقبل المستشفى الوطني ثلاثة قتلى وخمسة جرحى. ونقل المصابون إلى مشفى المدينة.", ["explosion"]),
        ("افتتاح مستشفى جديد", "افتتحت وزارة الصحة مستشفى للأطفال.", ["health"]),
    ],
)
def test_event_types(title: str, body: str, expected: list[str]) -> None:
    assert enrich(title, body).events == expected


def test_services_crisis_names_the_service() -> None:
    found = enrich("طوابير أمام الأفران", "اصطف المواطنون ساعات بسبب نقص الخبز، وسط انقطاع المياه.")
    assert "services_crisis" in found.events
    assert found.services == ["water", "bread"]


def test_actor_names_follow_the_publication_date() -> None:
    body = "أرسل الجيش السوري تعزيزات إلى المنطقة."
    assert [a.code for a in enrich("", body, date(2019, 1, 1)).actors] == ["assad_forces"]
    assert [a.code for a in enrich("", body, "2025-03-01T10:00:00+03:00").actors] == ["syrian_army"]
    assert [a.code for a in enrich("", "قالت قسد وداعش").actors] == ["sdf", "isis"]


def test_gazetteer_has_the_fourteen_governorates() -> None:
    gazetteer = load_gazetteer()
    rows = {p.governorate for p in gazetteer.places.values() if p.kind == "governorate"}
    assert rows == set(GOVERNORATES)
    syrian = [p for p in gazetteer.places.values() if not p.foreign]
    assert all(p.latitude is not None and 32 < p.latitude < 37.5 and 35.5 < p.longitude < 42.5 for p in syrian)


def test_a_broken_gazetteer_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "places.csv"
    bad.write_text("id,name_ar\nx,حلب\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"places\.csv"):
        load_gazetteer(bad)
    with pytest.raises(GazetteerError, match="cannot read"):
        load_gazetteer(tmp_path / "missing.csv")


def test_the_rules_version_changes_with_the_code_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import crawler.enrich as enrichment

    before = enrichment.rules_version()
    enrichment.rules_version.cache_clear()
    monkeypatch.setattr(enrichment, "ENRICHMENT_VERSION", enrichment.ENRICHMENT_VERSION + 1)
    try:
        assert enrichment.rules_version() != before  # stored results of the older code are re-applied
    finally:
        enrichment.rules_version.cache_clear()
