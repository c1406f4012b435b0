"""``scrapy crawl``, checking the sources file and the database first.

A bad sources file or an unusable database stops the command before any
request is made, with one clear line (file, line, reason) instead of a
traceback, and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler import db as dbmod
from crawler.sources import SourcesError, load_sources


def preflight(settings: Any, spider_args: dict[str, str]) -> None:
    """Raise SourcesError/DatabaseError for what would make the crawl fail."""
    if not spider_args.get("url"):
        load_sources(settings.get("NEWS_SOURCES"))
    dbmod.check(settings.get("NEWS_DB"))


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            preflight(self.settings, opts.spargs)
        except (SourcesError, dbmod.DatabaseError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        super().run(args, opts)
