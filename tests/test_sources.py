"""Table-driven tests of loading and validating the sources file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import SourcesError, load_sources


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[sources]]\nname = "a"\nurl = "https://a.example/"\n[[sources\n', "TOML syntax error"),
        ('[[sources]]\nname = "a"\nurl = "https://a.example/"\nfeed = ["x"]\n', "unknown key(s) feed"),
        ('[[sources]]\nname = "a"\nurl = "ftp://a.example/"\n', "unsupported URL scheme"),
        ('[[sources]]\nname = "a"\nurl = "https://"\n', "URL without a host"),
        ('[[sources]]\nname = "a b"\nurl = "https://a.example/"\n', "'name' must match"),
        ('[[sources]]\nname = "a"\n', "'url' is required"),
        ('[[sources]]\nname = "a"\nurl = "https://a.example/"\narticle_pattern = "("\n', "not a valid regex"),
        (
            '[[sources]]\nname = "a"\nurl = "https://a.example/"\n[[sources]]\nname = "a"\nurl = "https://b.example/"\n',
            "duplicate source name",
        ),
        ("", "no [[sources]] entries"),
        ("source = 1\n", "unknown top-level key"),
    ],
)
def test_bad_sources_file_is_rejected_with_a_clear_message(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesError, match=r".*") as excinfo:
        load_sources(write(tmp_path, text))
    assert message in str(excinfo.value)
    assert "sources.toml" in str(excinfo.value)


def test_error_names_the_line_of_the_bad_entry(tmp_path: Path) -> None:
    text = '[[sources]]\nname = "ok"\nurl = "https://a.example/"\n\n[[sources]]\nname = "bad"\nurl = "gopher://x"\n'
    with pytest.raises(SourcesError, match=r"sources\.toml:6: source 'bad'"):
        load_sources(write(tmp_path, text))


def test_relative_paths_resolve_next_to_the_sources_file(tmp_path: Path) -> None:
    (source,) = load_sources(write(tmp_path, '[[sources]]\nname = "d"\nurl = "demo/index.html"\n'))
    assert source.url == (tmp_path / "demo" / "index.html").as_uri()


def test_bundled_sources_file_is_valid() -> None:
    from crawler.settings import NEWS_SOURCES

    names = [s.name for s in load_sources(NEWS_SOURCES)]
    assert "demo" in names
