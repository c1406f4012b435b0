"""Shared fixtures (helpers live in tests/support/)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.demo import DEMO
from tests.support.servers import serve


@pytest.fixture
def demo_site() -> Iterator[str]:
    with serve(DEMO) as url:
        yield url
