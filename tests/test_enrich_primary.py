"""Primary place: where the story happens, by how places are named (crawler/enrich/primary.py).

Each test is one rule class with texts written for it (none of them is in
the evaluation set), so a rule that only fits the labelled set fails here.
"""

from __future__ import annotations

import pytest

from crawler.enrich import enrich
from crawler.enrich.tokens import tokenize


def primary(title: str, body: str) -> str | None:
    found = enrich(title, body)
    return found.primary.name_ar if found.primary else None


def test_a_credit_line_is_not_the_lead() -> None:
    body = "وكالة الأنباء - متابعات\nاندلع حريق كبير في سوق مدينة جبلة، وامتد إلى محال مجاورة.\nوأرسلت اللاذقية فرق إطفاء."
    assert tokenize("عنوان", body).lead == 2
    assert tokenize("عنوان", "قصف على سراقب. ثم هدوء.").lead == 1  # a short sentence ended by a full stop is the lead
    assert primary("حريق في ريف اللاذقية", body) == "جبلة"


@pytest.mark.parametrize(
    "body",
    [
        "تعطلت حافلة على طريق حلب - دمشق الدولي قرب بلدة خان شيخون، وتأخر المسافرون ساعات.",
        "أغلق أوتوستراد حمص طرطوس قرب مدينة تلكلخ بسبب الثلوج، بحسب شرطة المرور.",
    ],
)
def test_a_roads_end_points_are_not_where_it_happens(body: str) -> None:
    places = [p.place.name_ar for p in enrich("", body).places]
    assert len(places) == 3  # the end points are still places the article names
    assert primary("", body) in ("خان شيخون", "تلكلخ")


def test_an_origin_or_direction_is_not_where_it_happens() -> None:
    body = "وصلت عشرات العائلات من مدينة حمص ومن حماة إلى بلدة سرمدا، بحسب الدفاع المدني."
    assert primary("", body) == "سرمدا"
    body = "اشتباكات عنيفة في ريف درعا الشرقي دفعت عائلات للنزوح باتجاه مدينة درعا."
    assert primary("", body) == "محافظة درعا"
    assert primary("", "توزعت المساعدات في كل من منبج وجرابلس.") == "منبج"  # "كل من" is not an origin


def test_a_place_in_a_quotation_weighs_less_than_the_reported_one() -> None:
    body = 'قال المسؤول: «الأوضاع في حلب وحلب وحلب مستقرة»، فيما سقطت قذائف على مدينة أعزاز وأعزاز.'
    assert primary("", body) == "أعزاز"


def test_the_governorate_of_the_title_and_lead_wins_and_a_seat_named_bare_is_the_governorate() -> None:
    found = enrich(
        "إصابات بالتسمم في دير الزور والرقة",
        "سجلت مديرية الصحة عشرات حالات التسمم في محافظة دير الزور. وفي الرقة وزعت فرق الصحة أدوية. وفي الرقة أيضا حملة.",
    )
    assert found.primary is not None and found.primary.name_ar == "محافظة دير الزور"
    assert primary("قصف على ريف إدلب", "قصفت المدفعية بلدة كفرنبل بريف إدلب الجنوبي.") == "كفرنبل"


def names(body: str) -> list[str]:
    return [p.place.name_ar for p in enrich("", body).places]


def test_badiya_of_a_seat_city_is_the_governorate() -> None:
    assert names("هجوم على نقاط عسكرية في بادية حمص الشرقية.") == ["محافظة حمص"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("قصفت الطائرات قرى في ريفي حماة وإدلب", ["محافظة حماة", "محافظة إدلب"]),
        ("نزحت عائلات من أرياف اللاذقية وطرطوس", ["محافظة اللاذقية", "محافظة طرطوس"]),
        ("عاد النازحون إلى ريف حلب والرقة", ["محافظة حلب", "محافظة الرقة"]),
        ("توجهوا إلى مدنهم في ريف دمشق وحمص", ["محافظة ريف دمشق", "حمص"]),  # ريف دمشق is a governorate's own name
        ("وصلت القوافل إلى حلب وإدلب", ["حلب", "إدلب"]),  # no region word: the cities
    ],
)
def test_a_region_word_applies_to_each_seat_listed_after_it(body: str, expected: list[str]) -> None:
    assert names(body) == expected


def test_a_facility_wins_a_tie_with_its_city_and_two_towns_tie_to_the_first() -> None:
    assert primary("غارات على دمشق ومطار المزة", "استهدفت الغارات محيط دمشق ومطار المزة العسكري.") == "مطار المزة العسكري"
    assert primary("أزمة خبز في طرطوس وبانياس", "تشهد طرطوس وبانياس أزمة خبز.") == "طرطوس"


def test_a_dateline_in_parentheses_is_not_a_place() -> None:
    assert [p.place.name_ar for p in enrich("", "(ريف إدلب) - وصلت قافلة مساعدات إلى مدينة الرقة").places] == ["الرقة"]
