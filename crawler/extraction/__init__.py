"""Extraction: page bytes in, one :class:`Article` out (see :mod:`crawler.extraction.core`).

The steps are small modules, in the order :func:`extract_article` runs them:
``page`` (decode, parse), ``blocks`` and ``main_content`` (text blocks, the
article's container), ``limits``, ``boilerplate``, the fields (``structured``,
``title``, ``published``, ``authors``, ``taxonomy``), ``body`` and ``language``,
``sanitize``. They import nothing above :mod:`crawler.text`.
"""

from crawler.extraction.article import ARTICLE_FIELDS, STORED_FIELDS, Article, NotAnArticle
from crawler.extraction.core import DEFAULT_MIN_BODY_CHARS, extract_article
from crawler.extraction.limits import DEFAULT_MAX_TEXT_CHARS

__all__ = [
    "ARTICLE_FIELDS",
    "DEFAULT_MAX_TEXT_CHARS",
    "DEFAULT_MIN_BODY_CHARS",
    "STORED_FIELDS",
    "Article",
    "NotAnArticle",
    "extract_article",
]
