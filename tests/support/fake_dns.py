"""DNS answers chosen by a test, through the crawl's own resolver.

``-s TWISTED_DNS_RESOLVER=tests.support.fake_dns.FakeAnswers`` with
``-s TEST_DNS_ANSWERS={"news.example": "127.0.0.1"}``: the product's
:class:`~crawler.resolver.ConfinedResolver` with only its lookup replaced,
so the answer goes through the same judgement as a real one. Names not in
the table are resolved as usual.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, ClassVar

from twisted.internet import defer
from twisted.internet.defer import Deferred

from crawler.resolver import ConfinedResolver

SETTING = "TEST_DNS_ANSWERS"


class FakeAnswers(ConfinedResolver):
    answers: ClassVar[dict[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> FakeAnswers:
        resolver = super().from_crawler(crawler, reactor)
        resolver.answers = crawler.settings.getdict(SETTING)
        return resolver

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        if name in self.answers:
            return defer.succeed(self.answers[name])
        return super().lookup(name, timeout)


def fake_dns(answers: dict[str, str]) -> list[str]:
    """The ``-s`` options of a crawl that gets these DNS answers."""
    return ["-s", f"TWISTED_DNS_RESOLVER={__name__}.FakeAnswers", "-s", f"{SETTING}={json.dumps(answers)}"]
