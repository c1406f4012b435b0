"""The project's Datasette (metadata + plugins, as the README command starts it) for tests."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.utils import parse_metadata

from tests.support.paths import ROOT

METADATA = ROOT / "datasette" / "metadata.yml"
PLUGINS = ROOT / "datasette" / "plugins"
TEMPLATES = ROOT / "datasette" / "templates"


def project_datasette(db: Path, **kwargs: Any) -> Datasette:
    metadata = parse_metadata(METADATA.read_text(encoding="utf-8"))
    kwargs.setdefault("template_dir", str(TEMPLATES))
    ds = Datasette([str(db)], metadata=metadata, plugins_dir=str(PLUGINS), **kwargs)
    asyncio.run(ds.invoke_startup())
    return ds


def get(ds: Datasette, path: str, **params: Any) -> Any:
    """GET ``path`` from the in-process Datasette; returns the httpx response."""

    async def fetch() -> Any:
        return await ds.client.get(path, params=params)

    return asyncio.run(fetch())


def element(page: str, tag: str, css_class: str) -> str:
    """The first ``<tag class="css_class">...</tag>`` of an HTML page (fails if there is none)."""
    match = re.search(rf'<{tag} class="{css_class}".*?</{tag}>', page, re.S)
    assert match, page[:2000]
    return match[0]
