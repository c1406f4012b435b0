"""The token layer every enrichment rule reads: sentences, quotations, and
the index lookup that finds where names may start.

The lookup is a set intersection of the article's words with the written
forms of the names' first words (``PhraseIndex.surfaces``); these tests
check it against the definition (a word is a candidate when one of its
:func:`variants` starts a name) on every labelled text, so a form the
inverse misses fails here rather than silently losing a place.
"""

from __future__ import annotations

import pytest

from crawler.enrich.actors import actor_index
from crawler.enrich.casualties import casualty_rules
from crawler.enrich.events import event_rules
from crawler.enrich.gazetteer import load_gazetteer
from crawler.enrich.places import place_rules
from crawler.enrich.scoring import load_written
from crawler.enrich.tokens import PhraseIndex, tokenize, variants


def _indexes() -> list[tuple[str, PhraseIndex]]:
    casualties = casualty_rules()
    return [
        ("gazetteer", load_gazetteer().index),
        ("not_places", place_rules().not_places),
        ("events", event_rules().index),
        ("services", event_rules().services),
        ("actors", actor_index()),
        ("casualty triggers", casualties.triggers),
    ]


@pytest.mark.parametrize(("name", "index"), _indexes(), ids=lambda v: v if isinstance(v, str) else "")
def test_candidates_are_exactly_the_words_whose_variants_start_a_name(name: str, index: PhraseIndex) -> None:
    firsts = set(index._by_first)
    clitic_forms = " ".join(f"و{w} ب{w} فال{w} لل{w[2:]} وبال{w} كال{w} ل{w}" for w in list(firsts)[:200])
    texts = [(item.title, item.body) for item in load_written()] + [("", clitic_forms)]
    checked = 0
    for title, body in texts:
        text = tokenize(title, body)
        expected = [i for i, t in enumerate(text.tokens) if firsts & set(variants(t.key, index.article))]
        assert sorted(index.candidates(text)) == expected, name
        checked += len(expected)
    assert checked > 0  # the index does meet these texts


def test_sentences_title_and_quotations() -> None:
    text = tokenize("عنوان الخبر", 'قال المسؤول: «الوضع هادئ». ثم أضاف "لا قصف". وانتهى\nسطر «مفتوح')
    by_word = {t.key: t for t in text.tokens}
    assert (by_word["عنوان"].sentence, by_word["عنوان"].in_title) == (0, True)
    assert by_word["قال"].sentence == 1 and by_word["قال"].quote == 0
    assert by_word["هادي"].quote == 1 and by_word["هادي"].sentence == 1
    assert by_word["ثم"].sentence == 2 and by_word["ثم"].quote == 0
    assert by_word["قصف"].quote == 2
    assert by_word["وانتهي"].quote == 0 and by_word["سطر"].sentence == by_word["وانتهي"].sentence + 1
    assert by_word["مفتوح"].quote == 3  # an unclosed quotation runs to the end
    assert text.lead == 1
    assert tokenize("عنوان", "").lead == 1


def test_a_sentences_tokens_and_text() -> None:
    text = tokenize("العنوان هنا", "الجملة الأولى هنا. والثانية  أطول قليلا\nثالثة")
    assert [t.key for t in text.sentence_tokens(2)] == ["والثانيه", "اطول", "قليلا"]
    assert text.sentence_text(2) == "والثانية أطول قليلا"
    assert text.sentence_tokens(0)[0].in_title and text.sentence_tokens(9) == []
