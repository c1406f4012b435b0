"""The article page (reading view) of the project's Datasette."""

from __future__ import annotations

import pytest

from crawler.storage.articles import unpack_body_html


@pytest.mark.parametrize(
    ("stored", "html"),
    [("<p>نص</p>", "<p>نص</p>"), ("<p>نص</p>".encode(), "<p>نص</p>"), (None, ""), ("", "")],
)
def test_body_html_is_read_through_one_function(stored: str | bytes | None, html: str) -> None:
    assert unpack_body_html("نص", stored) == html
