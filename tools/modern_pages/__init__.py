"""Labelled pages built like today's Arabic news templates (issue #14, "Body" and "Fields").

    .venv/bin/python -m tools.modern_pages

Writes ``tests/fixtures/modern/*.html`` and their ``truth.json``, scored by
``python -m crawler.evaluate`` as the "modern templates" set. The stories are
invented for this project; every truth (title, subtitle, author, date, body
paragraphs, boilerplate that must not leak) is written by hand next to the page
it describes, never computed from the markup. Each outlet has its own markup:

- ``framework``: server-rendered JavaScript-framework outlets (hashed class
  names, ``<div>`` paragraphs, ``<br><br>`` text, ``__NEXT_DATA__``,
  ``window.__NUXT__``, ``window.__INITIAL_STATE__``, JSON-LD ``articleBody``);
- ``wordpress``: classic Arabic WordPress outlets (entry-content, Jetpack
  sharing/likes/related posts, wp-caption credits, oEmbed cards, comment forms,
  author boxes);
- ``others``: live blogs with several timestamps, agency copy, and custom CMS
  pages with dek/subtitle boxes, follow calls, newsletter boxes, ad labels and
  social embeds.

Truth conventions: several authors are joined with "، " (Arabic comma and a
space), in byline order; a translator, editor, photographer or news agency is
never the author (agency copy has ``author: null``); ``published_at`` is the
first publication (never a live blog's last update), with the Damascus offset
(+03:00) when the page prints no offset; captions, credits ("الصورة:",
"تصوير:", "ترجمة:", "تحرير:", "المصدر:"), the subtitle and the title are not
body; a live blog's entry times are not body.
"""
