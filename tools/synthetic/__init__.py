"""The one renderer of synthetic Arabic news pages.

``words`` holds the Arabic word material (places, actors, events, sentence
parts, sections, authors, month names, whole paragraphs), ``templates`` the
parts of a page (head, OpenGraph, JSON-LD, Arabic dates, breadcrumbs, share
and related blocks, "اقرأ أيضاً", RSS, sitemaps). Four sites are drawn with
them, each with its own look:

* tools/build_demo.py           the offline demo site (seeds/demo/)
* tools/build_fixture_pages.py  the labelled extraction fixtures (tests/fixtures/pages/)
* tests/sites/build.py          the discovery test site (tests/sites/monitor/)
* bench/site.py                 the benchmark site of N articles, rendered on demand
"""
