"""Table-driven tests of URL canonicalization and of which rel=canonical is trusted."""

from __future__ import annotations

import pytest
from lxml import html

from crawler.text.urls import canonical_link, canonicalize_url, is_amp_url, site_key

BASE = "https://www.example.com/2017/10/15/%D8%AF%D9%8A%D8%B1-%D8%A7%D9%84%D8%B2%D9%88%D8%B1"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "/",
        BASE + "//",
        BASE + "?utm_source=twitter&utm_medium=social",
        BASE + "?UTM_Campaign=x",
        BASE + "?fbclid=abc123",
        BASE + "?gclid=1&mc_cid=2&igshid=3",
        BASE + "#comments",
        "HTTPS://WWW.EXAMPLE.COM:443/2017/10/15/%D8%AF%D9%8A%D8%B1-%D8%A7%D9%84%D8%B2%D9%88%D8%B1",
        "https://www.Example.com/2017/10/15/%d8%af%d9%8a%d8%b1-%d8%a7%d9%84%d8%b2%d9%88%d8%b1",
        "https://www.example.com/2017/10/15/دير-الزور",
        "https://www.example.com/2017/10/15/دير-%D8%A7%D9%84%D8%B2%D9%88%D8%B1",
        "https://www.example.com/2017/./10/15/../15/دير-الزور",
        " " + BASE + " ",
        BASE + "/amp",
        BASE + "/amp/",
        BASE + "?amp=1",
        BASE + "?amp",
        BASE + "?outputType=amp",
        BASE + ".amp",
    ],
)
def test_variants_of_one_page_are_equal(variant: str) -> None:
    assert canonicalize_url(variant) == canonicalize_url(BASE)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM:80", "http://example.com/"),
        ("http://example.com:8080/a/", "http://example.com:8080/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?id=1&utm_source=x", "https://example.com/a?id=1"),
        ("https://example.com/news/x.amp.html", "https://example.com/news/x.html"),
        ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),
        ("https://example.com/50%25", "https://example.com/50%25"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("file:///srv/demo/a.html", "file:///srv/demo/a.html"),
        ("https://موقع.سوريا/خبر", "https://xn--4gbrim.xn--mgbtf8fl/%D8%AE%D8%A8%D8%B1"),
        ("https://xn--4gbrim.xn--mgbtf8fl/%D8%AE%D8%A8%D8%B1", "https://xn--4gbrim.xn--mgbtf8fl/%D8%AE%D8%A8%D8%B1"),
    ],
)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/a?id=1", "https://example.com/a?id=2"),
        ("https://example.com/a", "https://example.org/a"),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a"),
        ("https://example.com/a%2Fb", "https://example.com/a/b"),
        ("https://example.com/campaign", "https://example.com/camp"),
        ("https://example.com/amp-festival", "https://example.com/"),
        ("https://example.com/دير-الزور", "https://example.com/دير-الزور-2"),
    ],
)
def test_different_pages_stay_different(a: str, b: str) -> None:
    assert canonicalize_url(a) != canonicalize_url(b)


@pytest.mark.parametrize(
    ("url", "amp"),
    [
        ("https://e.com/a/amp", True),
        ("https://e.com/a/amp/", True),
        ("https://e.com/a.amp.html", True),
        ("https://e.com/a?amp=1", True),
        ("https://e.com/amp/2017/a.html", True),
        ("https://amp.e.com/a", True),
        ("https://e.com/a", False),
        ("https://e.com/campaign", False),
        ("https://e.com/amp-festival", False),
    ],
)
def test_is_amp_url(url: str, amp: bool) -> None:
    assert is_amp_url(url) is amp


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.sana.sy/x", "https://sana.sy/y", True),
        ("https://m.sana.sy/x", "https://sana.sy:443/y", True),
        ("http://sana.sy/x", "https://sana.sy/y", True),
        ("http://sana.sy:8080/x", "https://sana.sy/y", False),
        ("https://amp.sana.sy/x", "https://sana.sy/y", True),
        ("https://sana.sy/x", "https://enabbaladi.net/x", False),
        ("http://127.0.0.1:8001/x", "http://127.0.0.1:8002/x", False),
        ("file:///a/x.html", "file:///b/y.html", True),
        ("file:///a/x.html", "http://127.0.0.1/x.html", False),
    ],
)
def test_site_key(a: str, b: str, same: bool) -> None:
    assert (site_key(a) == site_key(b)) is same


PAGE = "https://www.example.com/2017/10/15/story.html"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("", PAGE),
        ('<link rel="canonical" href="story-x.html">', "https://www.example.com/2017/10/15/story-x.html"),
        ('<link rel="canonical" href="https://example.com/s">', "https://example.com/s"),
        ('<link rel="canonical" href="http://example.com/s">', "http://example.com/s"),
        ('<link rel="Canonical" href=" /s ">', "https://www.example.com/s"),
        ('<link rel="canonical" href="https://other-outlet.com/original">', PAGE),
        ('<link rel="canonical" href="https://www.example.com/">', PAGE),
        ('<link rel="canonical" href="javascript:void(0)">', PAGE),
        ('<link rel="canonical">', PAGE),
        ('<link rel="amphtml" href="story.amp.html">', PAGE),
    ],
)
def test_canonical_link_trusts_only_same_site_canonicals(link: str, expected: str) -> None:
    tree = html.fromstring(f"<html><head>{link}</head><body><p>x</p></body></html>")
    assert canonical_link(tree, PAGE) == expected


def test_home_page_may_declare_itself() -> None:
    tree = html.fromstring('<html><head><link rel="canonical" href="https://example.com/"></head><body/></html>')
    assert canonical_link(tree, "https://www.example.com/") == "https://example.com/"
