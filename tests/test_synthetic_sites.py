"""The committed synthetic sites are exactly what their builders write.

The demo site, the extraction fixtures and the discovery test site are drawn
with tools/synthetic/ and committed; their truths (seeds/demo_articles.toml,
tests/fixtures/pages/truth.json, the tests of discovery) were written by hand
against those bytes. A change to the shared templates or word material that
would silently change a committed page fails here, naming the files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sites import build as discovery_site
from tests.support.paths import ROOT, SHARED
from tools import build_demo, build_fixture_pages


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(committed: Path, built: Path) -> list[str]:
    old, new = files_of(committed), files_of(built)
    assert old, f"nothing committed in {committed}: the comparison would prove nothing"
    return sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))


def test_discovery_site_is_what_its_builder_writes(tmp_path: Path) -> None:
    discovery_site.build(tmp_path / "monitor")
    assert differences(discovery_site.ROOT, tmp_path / "monitor") == []


def test_fixture_pages_are_what_their_builder_writes(tmp_path: Path) -> None:
    build_fixture_pages.build(tmp_path / "pages")
    assert differences(build_fixture_pages.OUT, tmp_path / "pages") == []


def test_demo_site_is_what_its_builder_writes(tmp_path: Path) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the demo's seed article is read from {seeds}")
    build_demo.build(seeds, tmp_path / "demo")
    assert differences(ROOT / "seeds" / "demo", tmp_path / "demo") == []
