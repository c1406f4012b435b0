"""Every NEWS_* setting the code reads is documented in README.md."""

from __future__ import annotations

import re

from tests.support.paths import ROOT


def test_every_news_setting_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used: set[str] = set()
    for path in [*ROOT.glob("crawler/**/*.py"), *ROOT.glob("pipelines/**/*.py")]:
        used |= set(re.findall(r"\bNEWS_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert used, "no NEWS_* settings found: the scan is broken"
    missing = sorted(name for name in used if f"`{name}`" not in readme)
    assert not missing, f"settings missing from README.md: {missing}"
