"""Table-driven tests of loading and validating the sources file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import SCHEMA, SourcesError, load_sources, source_for_url


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
        ('[[sources]]\nname = "a b"\nurl = "https://a.example/"\n', "key 'name': expected a name of 1-64 letters"),
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


# --- every key's type, the shape of the file, URLs (issue 15) -------------------------

GOOD = 'name = "a"\nurl = "https://a.example/"\n'
# TOML values of every type; each key accepts some and refuses the others
VALUES = {
    "integer": "5",
    "number": "1.5",
    "boolean": "true",
    "string": '"x"',
    "list of strings": '["x"]',
    "list of integers": "[1, 2]",
    "table": "{ a = 1 }",
    "date": "2024-01-01",
}
ACCEPTED = {
    "name": {"string"},
    "url": {"string"},
    "title": {"string"},
    "language": set(),  # "x" is a string, but not a language code
    "feeds": {"string", "list of strings"},
    "sitemaps": {"string", "list of strings"},
    "listings": {"string", "list of strings"},
    "article_pattern": {"string"},
    "enabled": {"boolean"},
}


def entry_with(key: str, value: str) -> str:
    lines = {"name": '"a"', "url": '"https://a.example/"', key: value}
    return "[[sources]]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items())


def test_every_key_has_a_rule() -> None:
    assert set(ACCEPTED) == set(SCHEMA)


@pytest.mark.parametrize(("key", "kind"), [(k, t) for k in ACCEPTED for t in VALUES if t not in ACCEPTED[k]])
def test_a_value_of_the_wrong_type_is_refused_naming_file_entry_and_key(tmp_path: Path, key: str, kind: str) -> None:
    with pytest.raises(SourcesError) as excinfo:
        load_sources(write(tmp_path, entry_with(key, VALUES[kind])))
    message = str(excinfo.value)
    assert message.startswith(f"{tmp_path / 'sources.toml'}:")
    assert f"key {key!r}" in message
    assert "source " in message
    assert "\n" not in message


@pytest.mark.parametrize(("key", "kind"), [(k, t) for k in ACCEPTED for t in ACCEPTED[k]])
def test_a_value_of_the_right_type_is_accepted(tmp_path: Path, key: str, kind: str) -> None:
    value = VALUES[kind]
    if key in {"name", "url"}:
        value = {"name": '"x"', "url": '"https://x.example/"'}[key]
    (source,) = load_sources(write(tmp_path, entry_with(key, value)))
    assert source.name in {"a", "x"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"ar"', None),
        ('"en-GB"', None),
        ("5", "key 'language': expected a language code"),
        ('"Arabic!"', "key 'language': expected a language code"),
        ('["ar"]', "key 'language': expected a language code"),
    ],
)
def test_language(tmp_path: Path, value: str, message: str | None) -> None:
    path = write(tmp_path, entry_with("language", value))
    if message is None:
        assert load_sources(path)[0].language == value.strip('"')
    else:
        with pytest.raises(SourcesError, match=message):
            load_sources(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources = [1, 2]\n", ":1: source #1: expected a [[sources]] table, got integer 1"),
        ('sources = ["a"]\n', "source #1: expected a [[sources]] table, got string 'a'"),
        ("sources = 5\n", "'sources' must be [[sources]] tables, got integer 5"),
        ("[sources]\n" + GOOD, "'sources' must be [[sources]] tables, got table"),
        ('sources = [{ name = "a", url = "https://a.example/" }, 3]\n', "source #2: expected a [[sources]] table"),
        (
            "[[sources]]\n" + GOOD + "[[sources]]\nname = 7\n",
            ":4: source '#2': key 'name': expected a name of 1-64 letters, digits, - and _, got integer 7",
        ),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesError) as excinfo:
        load_sources(write(tmp_path, text))
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


@pytest.mark.parametrize("key", ["url", "feeds", "sitemaps", "listings"])
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://user:secret@a.example/", "user name or password"),
        ("https://user@a.example/", "user name or password"),
        ("http://:secret@a.example/feed", "user name or password"),
        ("https://a.example:99999/", "bad host or port"),
        ("https://a.example:http/", "bad host or port"),
        ("https://a.example/a b", "spaces or control characters"),
        ("https://a.example/\\u0000", "spaces or control characters"),
        ("ftp://a.example/", "unsupported URL scheme"),
        ("https:///path", "URL without a host"),
    ],
)
def test_a_url_the_crawler_cannot_request_is_refused(tmp_path: Path, key: str, url: str, message: str) -> None:
    value = f'"{url}"' if key == "url" else f'["{url}"]'
    with pytest.raises(SourcesError) as excinfo:
        load_sources(write(tmp_path, entry_with(key, value)))
    assert message in str(excinfo.value)
    assert f"key {key!r}" in str(excinfo.value)
    assert "secret" not in str(excinfo.value)  # credentials are never echoed


@pytest.mark.parametrize(
    "url",
    [
        "https://user:secret@a.example/",
        "https://a.example:99999/",
        "https://a.example/a b",
        "gopher://a.example/",
        "https://",
    ],
)
def test_a_bad_home_url_on_the_command_line_is_a_sources_error(url: str) -> None:
    with pytest.raises(SourcesError, match=r"^-a url: ") as excinfo:
        source_for_url(url)
    assert "secret" not in str(excinfo.value)
