"""Run the real ``scrapy crawl news`` command, as users and cron do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT

SCRAPY_CRAWL = [sys.executable, "-m", "scrapy", "crawl", "news"]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]
BATCH = ["-s", "NEWS_COMMIT_ITEMS=3"]  # small commit batches: a kill lands between commits


def crawl(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real ``scrapy crawl news`` command in the project directory."""
    command = [*SCRAPY_CRAWL, *args, "-s", f"NEWS_DB={db}", *FAST]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


def crawl_command(url: str, db: Path) -> list[str]:
    """The command line of a crawl of ``url`` in small batches, for tests that start
    (and kill) the process themselves."""
    return [*SCRAPY_CRAWL, "-a", f"url={url}", "-s", f"NEWS_DB={db}", *BATCH, *FAST]
