"""The schema: numbered migrations, and the upgrade that runs them.

``PRAGMA user_version`` records how many migrations have run, so a database
made by an older version upgrades in place. Append new migrations at the end;
never edit one that has shipped (see README "Adding a column").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils

from crawler.storage import articles, captures, reextraction


class DatabaseError(RuntimeError):
    """The database file cannot be used; the message says which and why."""


def _v1_articles(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            title TEXT,
            subtitle TEXT,
            body TEXT NOT NULL,
            body_html TEXT,
            section TEXT,
            tags TEXT,
            author TEXT,
            published_at TEXT,
            published_raw TEXT,
            fetched_at TEXT NOT NULL,
            updated_at TEXT,
            language TEXT,
            content_hash TEXT NOT NULL,
            duplicate_of INTEGER REFERENCES articles(id),
            search_text TEXT
        )
        """
    )
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["source", "published_at"])
    db["articles"].create_index(["published_at"])
    db["articles"].enable_fts(["title", "search_text"], fts_version="FTS5", create_triggers=True)


def _v2_crawl_runs(db: sqlite_utils.Database) -> None:
    """Run accounting (one row per run and source) and the validators of
    feeds/sitemaps for conditional requests."""
    db.execute(
        """
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            finish_reason TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            pages_fetched INTEGER NOT NULL DEFAULT 0,
            not_modified INTEGER NOT NULL DEFAULT 0,
            known_skipped INTEGER NOT NULL DEFAULT 0,
            articles_stored INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            dropped INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            retry_needed INTEGER NOT NULL DEFAULT 0,
            with_date INTEGER NOT NULL DEFAULT 0,
            with_author INTEGER NOT NULL DEFAULT 0,
            with_section INTEGER NOT NULL DEFAULT 0,
            UNIQUE (run_id, source)
        )
        """
    )
    db["crawl_runs"].create_index(["source", "started_at"])
    db["articles"].create_index(["url"])  # "is this link stored?" for every link of every listing
    db.execute(
        """
        CREATE TABLE fetch_state (
            url TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            lastmod TEXT,
            checked_at TEXT NOT NULL
        )
        """
    )


STORIES_VIEW = """
CREATE VIEW stories AS
SELECT
    o.story_id AS story_id,
    o.id AS original_id,
    o.title AS title,
    o.source AS original_source,
    o.url AS original_url,
    o.published_at AS published_at,
    (SELECT COUNT(*) FROM articles m WHERE m.story_id = o.story_id) AS articles,
    (SELECT COUNT(DISTINCT m.source) FROM articles m WHERE m.story_id = o.story_id) AS outlets,
    (SELECT group_concat(DISTINCT m.source) FROM articles m WHERE m.story_id = o.story_id) AS sources
FROM articles o
WHERE o.duplicate_of IS NULL
"""


def _v3_dedupe(db: sqlite_utils.Database) -> None:
    """Stories, revisions and MinHash LSH buckets (see README "Duplicates,
    stories and revisions"). Existing rows get a story (their own id, or the
    story of the row they duplicate) and their buckets, read in batches."""
    from crawler.text.fingerprints import band_buckets, fingerprint

    db.execute("ALTER TABLE articles ADD COLUMN story_id INTEGER")
    db.execute("UPDATE articles SET story_id = COALESCE(duplicate_of, id)")
    db.execute("CREATE INDEX idx_articles_story_id ON articles(story_id)")
    db.execute(
        """
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            revised_at TEXT NOT NULL,
            old_seen_at TEXT,
            old_hash TEXT NOT NULL,
            new_hash TEXT NOT NULL,
            old_title TEXT,
            old_body TEXT NOT NULL,
            diff TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_revisions_article_id ON revisions(article_id, revised_at)")
    db.execute(
        """
        CREATE TABLE minhash_buckets (
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (bucket, article_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(STORIES_VIEW)
    cursor = db.conn.execute("SELECT id, body FROM articles ORDER BY id")
    while batch := cursor.fetchmany(500):
        db.conn.executemany(
            "INSERT OR IGNORE INTO minhash_buckets (bucket, article_id) VALUES (?, ?)",
            [(bucket, article_id) for article_id, body in batch for bucket in band_buckets(fingerprint(body))],
        )


def _v4_fingerprints(db: sqlite_utils.Database) -> None:
    """Each row's shingle fingerprint (:func:`crawler.text.fingerprints.fingerprint`),
    so a near-duplicate candidate is confirmed without reading and re-shingling
    its body. Its hashing is not the one the buckets of migration 3 used, so
    existing rows get their fingerprint and their buckets anew, read in batches."""
    from crawler.text.fingerprints import band_buckets, fingerprint, to_blob

    db.execute(
        """
        CREATE TABLE fingerprints (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            hashes BLOB NOT NULL
        )
        """
    )
    db.execute("DELETE FROM minhash_buckets")
    cursor = db.conn.execute("SELECT id, body FROM articles ORDER BY id")
    while batch := cursor.fetchmany(500):
        prints = [(article_id, fingerprint(body)) for article_id, body in batch]
        db.conn.executemany(
            "INSERT INTO fingerprints (article_id, hashes) VALUES (?, ?)",
            [(article_id, to_blob(hashes)) for article_id, hashes in prints],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO minhash_buckets (bucket, article_id) VALUES (?, ?)",
            [(bucket, article_id) for article_id, hashes in prints for bucket in band_buckets(hashes)],
        )


FTS_UPDATE_TRIGGER = """
CREATE TRIGGER "articles_au" AFTER UPDATE OF title, search_text ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "search_text")
    VALUES('delete', old.rowid, old."title", old."search_text");
  INSERT INTO "articles_fts" (rowid, "title", "search_text") VALUES (new.rowid, new."title", new."search_text");
END
"""


def _v5_fts_on_text_updates(db: sqlite_utils.Database) -> None:
    """Re-index a row in the full-text index only when its indexed text changes.

    sqlite-utils' update trigger fired on any column, so setting ``story_id``
    or ``duplicate_of`` deleted and re-inserted the whole body in the index
    (about 1 ms per write). The index content is unchanged by this step."""
    db.execute('DROP TRIGGER IF EXISTS "articles_au"')
    db.execute(FTS_UPDATE_TRIGGER)


def _v6_enrichment(db: sqlite_utils.Database) -> None:
    """Places, events, casualty figures and actors of each article (issue #17;
    docs/enrichment.md). ``article_enrichment`` records the rules version each
    article was enriched with, so a new version can be re-applied
    (``python -m crawler.enrich``). Existing articles get none until then."""
    for statement in ENRICHMENT_TABLES:
        db.execute(statement)


ENRICHMENT_TABLES = (
    """CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        name_ar TEXT NOT NULL,
        name_en TEXT,
        kind TEXT NOT NULL,
        governorate TEXT,
        latitude REAL,
        longitude REAL,
        source TEXT NOT NULL,
        source_id TEXT
    )""",
    "CREATE INDEX idx_places_governorate ON places(governorate)",
    """CREATE TABLE article_places (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        place_id INTEGER NOT NULL REFERENCES places(id),
        mentions INTEGER NOT NULL,
        in_title INTEGER NOT NULL,
        is_primary INTEGER NOT NULL,
        PRIMARY KEY (article_id, place_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX idx_article_places_place ON article_places(place_id, article_id)",
    """CREATE TABLE article_events (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        event_type TEXT NOT NULL,
        services TEXT,
        PRIMARY KEY (article_id, event_type)
    ) WITHOUT ROWID""",
    "CREATE INDEX idx_article_events_type ON article_events(event_type, article_id)",
    """CREATE TABLE casualties (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        killed INTEGER,
        killed_at_least INTEGER NOT NULL DEFAULT 0,
        killed_stated INTEGER NOT NULL DEFAULT 0,
        injured INTEGER,
        injured_at_least INTEGER NOT NULL DEFAULT 0,
        injured_stated INTEGER NOT NULL DEFAULT 0,
        text TEXT,
        place_id INTEGER REFERENCES places(id)
    )""",
    """CREATE TABLE article_actors (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (article_id, actor)
    ) WITHOUT ROWID""",
    """CREATE TABLE article_enrichment (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        enriched_at TEXT NOT NULL
    )""",
    "CREATE INDEX idx_article_enrichment_version ON article_enrichment(version)",
    # one row per article and governorate its places lie in: the governorate facet
    """CREATE VIEW article_governorates AS
    SELECT DISTINCT ap.article_id, p.governorate
    FROM article_places ap JOIN places p ON p.id = ap.place_id
    WHERE p.governorate IS NOT NULL""",
    # one row per article with its enrichment: Datasette's facets and the map
    # (latitude/longitude: the primary place)
    """CREATE VIEW enriched_articles AS
    SELECT
        a.id,
        a.published_at,
        a.source,
        a.title,
        pp.name_ar AS primary_place,
        pp.governorate AS governorate,
        pp.latitude AS latitude,
        pp.longitude AS longitude,
        (SELECT json_group_array(governorate) FROM article_governorates g WHERE g.article_id = a.id) AS governorates,
        (SELECT json_group_array(p.name_ar) FROM article_places x JOIN places p ON p.id = x.place_id
          WHERE x.article_id = a.id) AS places,
        (SELECT json_group_array(event_type) FROM article_events e WHERE e.article_id = a.id) AS event_types,
        c.killed,
        c.injured,
        a.url
    FROM articles a
    JOIN article_enrichment en ON en.article_id = a.id
    LEFT JOIN article_places ap ON ap.article_id = a.id AND ap.is_primary = 1
    LEFT JOIN places pp ON pp.id = ap.place_id
    LEFT JOIN casualties c ON c.article_id = a.id""",
)


def _v7_captures(db: sqlite_utils.Database) -> None:
    """The raw-page archive's captures, linked from articles and revisions,
    the kind of each revision (:mod:`crawler.storage.captures`) and the
    progress of re-processing runs (:mod:`crawler.storage.reextraction`)."""
    for statement in (*captures.SCHEMA, *reextraction.SCHEMA):
        db.execute(statement)


def _v8_crawl_runs_cut(db: sqlite_utils.Database) -> None:
    """What crawler.bounds cut from a source's run (sitemaps, URLs, time):
    such a run saw only part of the source, so the next one must not stop
    its listings early."""
    db.execute("ALTER TABLE crawl_runs ADD COLUMN cut INTEGER NOT NULL DEFAULT 0")


def _recompute_story(story: str) -> str:
    """SQL that rewrites the ``story_stats`` row of story ``story`` (an SQL
    expression, e.g. ``new.story_id``) from its articles, or deletes it."""
    return f"""
  DELETE FROM story_stats WHERE story_id = {story};
  INSERT INTO story_stats (story_id, original_id, published_at, articles, outlets, sources)
    SELECT story_id,
           (SELECT id FROM articles WHERE story_id = {story} AND duplicate_of IS NULL ORDER BY id LIMIT 1),
           (SELECT published_at FROM articles WHERE story_id = {story} AND duplicate_of IS NULL ORDER BY id LIMIT 1),
           count(*), count(DISTINCT source), group_concat(DISTINCT source)
    FROM articles WHERE story_id = {story} GROUP BY story_id;"""


STORY_STATS_TRIGGERS = (
    f"""CREATE TRIGGER story_stats_ai AFTER INSERT ON articles WHEN new.story_id IS NOT NULL BEGIN
{_recompute_story("new.story_id")}
END""",
    f"""CREATE TRIGGER story_stats_au AFTER UPDATE OF story_id, duplicate_of, source, published_at ON articles BEGIN
{_recompute_story("old.story_id")}
{_recompute_story("new.story_id")}
END""",
    f"""CREATE TRIGGER story_stats_ad AFTER DELETE ON articles BEGIN
{_recompute_story("old.story_id")}
END""",
)

STORIES_FROM_STATS_VIEW = """
CREATE VIEW stories AS
SELECT
    s.story_id AS story_id,
    s.original_id AS original_id,
    o.title AS title,
    o.source AS original_source,
    o.url AS original_url,
    s.published_at AS published_at,
    s.articles AS articles,
    s.outlets AS outlets,
    s.sources AS sources
FROM story_stats s
JOIN articles o ON o.id = s.original_id
"""


def _v9_browse_at_scale(db: sqlite_utils.Database) -> None:
    """Every Datasette page fast on a million articles (issue #16, docs/datasette-scale.md).

    * Datasette pages a table sorted by ``published_at`` DESC with ``id`` as
      the tie-breaker (``ORDER BY published_at DESC, id``): the indexes hold
      exactly that order, alone and after ``source`` and ``section`` (the
      facet-value pages), so a page reads 100 index entries instead of sorting
      the table, and a facet or a filtered count reads one index range.
      ``crawl_runs``, ``revisions`` and ``captures`` get theirs the same way.
    * ``duplicate_of`` is indexed (non-NULL rows only) for the duplicate joins.
    * ``story_stats``: one row per story (original, article and outlet
      counts, sources), kept by triggers when a row's story, original, source
      or date changes; the ``stories`` view reads it instead of counting
      every story's articles, so sorting stories by outlets is an index scan.
    """
    db.execute("DROP INDEX IF EXISTS idx_articles_published_at")
    db.execute("DROP INDEX IF EXISTS idx_articles_source_published_at")
    for statement in (
        "CREATE INDEX idx_articles_published ON articles(published_at DESC, id)",
        "CREATE INDEX idx_articles_source_published ON articles(source, published_at DESC, id)",
        "CREATE INDEX idx_articles_section_published ON articles(section, published_at DESC, id)",
        "CREATE INDEX idx_articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL",
        "CREATE INDEX idx_crawl_runs_started ON crawl_runs(started_at DESC, id)",
        "CREATE INDEX idx_revisions_revised ON revisions(revised_at DESC, id)",
        "CREATE INDEX idx_captures_fetched ON captures(fetched_at DESC, id)",
        """CREATE TABLE story_stats (
            story_id INTEGER PRIMARY KEY,
            original_id INTEGER,
            published_at TEXT,
            articles INTEGER NOT NULL,
            outlets INTEGER NOT NULL,
            sources TEXT
        )""",
        """INSERT INTO story_stats (story_id, original_id, published_at, articles, outlets, sources)
        SELECT a.story_id, o.id, o.published_at, a.articles, a.outlets, a.sources
        FROM (SELECT story_id, count(*) AS articles, count(DISTINCT source) AS outlets,
                     group_concat(DISTINCT source) AS sources
              FROM articles WHERE story_id IS NOT NULL GROUP BY story_id) a
        LEFT JOIN articles o ON o.id = (SELECT min(id) FROM articles m
                                       WHERE m.story_id = a.story_id AND m.duplicate_of IS NULL)""",
        "CREATE INDEX idx_story_stats_published ON story_stats(published_at DESC, story_id)",
        "CREATE INDEX idx_story_stats_outlets ON story_stats(outlets DESC, story_id)",
        "CREATE INDEX idx_story_stats_articles ON story_stats(articles DESC, story_id)",
        *STORY_STATS_TRIGGERS,
        "DROP VIEW stories",
        STORIES_FROM_STATS_VIEW,
    ):
        db.execute(statement)


def _v10_pack_body_html(db: sqlite_utils.Database) -> None:
    """``body_html`` packed against ``body`` (:func:`crawler.storage.articles.pack_body_html`):
    the second copy of every text becomes a few hundred bytes (issue #16).
    Rows are rewritten in batches; the freed pages are reused by new rows
    (``VACUUM`` gives them back to the file system)."""
    last = 0
    while batch := db.conn.execute(
        "SELECT id, body, body_html FROM articles WHERE id > ? AND typeof(body_html) = 'text' ORDER BY id LIMIT 500",
        [last],
    ).fetchall():
        db.conn.executemany(
            "UPDATE articles SET body_html = ? WHERE id = ?",
            [(articles.pack_body_html(html, body), article_id) for article_id, body, html in batch],
        )
        last = batch[-1][0]


SEARCH_CONTENT_VIEW = """
CREATE VIEW articles_search AS
SELECT id, title, news_search_text(title, subtitle, body) AS search_text, news_search_text(title, NULL, NULL) AS title_key
FROM articles
"""
SEARCH_INDEX = """
CREATE VIRTUAL TABLE articles_fts USING FTS5 (title, search_text, title_key, content='articles_search', content_rowid='id')
"""
_INDEXED = "{0}.id, {0}.title, news_search_text({0}.title, {0}.subtitle, {0}.body), news_search_text({0}.title, NULL, NULL)"
_INDEXED_NEW, _INDEXED_OLD = _INDEXED.format("new"), _INDEXED.format("old")
_COLUMNS = "rowid, title, search_text, title_key"
SEARCH_INDEX_TRIGGERS = (
    f"""CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts ({_COLUMNS}) VALUES ({_INDEXED_NEW});
END""",
    f"""CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, {_COLUMNS}) VALUES ('delete', {_INDEXED_OLD});
END""",
    f"""CREATE TRIGGER articles_au AFTER UPDATE OF title, subtitle, body ON articles
WHEN old.title IS NOT new.title OR old.subtitle IS NOT new.subtitle OR old.body IS NOT new.body BEGIN
  INSERT INTO articles_fts (articles_fts, {_COLUMNS}) VALUES ('delete', {_INDEXED_OLD});
  INSERT INTO articles_fts ({_COLUMNS}) VALUES ({_INDEXED_NEW});
END""",
)


def _v11_search_index_without_copy(db: sqlite_utils.Database) -> None:
    """The full-text index keeps no copy of the text (issue #16): the stored
    ``search_text`` column (~9 kB an article) is dropped; the index reads its
    content from the view ``articles_search``, which computes the same text
    with ``news_search_text`` (see :mod:`crawler.storage.articles`), and is
    rebuilt from it, so every row is indexed with today's normalization.
    Triggers feed it on insert, delete and changes of title, subtitle or body.
    A third column, ``title_key`` (the headline's search key, a few words),
    lets a headline-only search be an index query (:func:`crawler.search.fts_title_match`)."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS articles_fts")
    db.execute("ALTER TABLE articles DROP COLUMN search_text")
    db.execute(SEARCH_CONTENT_VIEW)
    db.execute(SEARCH_INDEX)
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    for trigger in SEARCH_INDEX_TRIGGERS:
        db.execute(trigger)


STORIES_VIEW_V12 = """
CREATE VIEW stories AS
SELECT
    s.story_id AS story_id,
    s.original_id AS original_id,
    (SELECT title FROM articles WHERE id = s.original_id) AS title,
    (SELECT source FROM articles WHERE id = s.original_id) AS original_source,
    (SELECT url FROM articles WHERE id = s.original_id) AS original_url,
    s.published_at AS published_at,
    s.articles AS articles,
    s.outlets AS outlets,
    s.sources AS sources
FROM story_stats s
"""
_PRIMARY_PLACE = "(SELECT p.{0} FROM article_places x JOIN places p ON p.id = x.place_id WHERE x.article_id = a.id AND x.is_primary = 1)"
ENRICHED_ARTICLES_VIEW_V12 = f"""
CREATE VIEW enriched_articles AS
SELECT
    a.id,
    a.published_at,
    a.source,
    a.title,
    {_PRIMARY_PLACE.format("name_ar")} AS primary_place,
    {_PRIMARY_PLACE.format("governorate")} AS governorate,
    {_PRIMARY_PLACE.format("latitude")} AS latitude,
    {_PRIMARY_PLACE.format("longitude")} AS longitude,
    (SELECT json_group_array(governorate) FROM article_governorates g WHERE g.article_id = a.id) AS governorates,
    (SELECT json_group_array(p.name_ar) FROM article_places x JOIN places p ON p.id = x.place_id
      WHERE x.article_id = a.id) AS places,
    (SELECT json_group_array(event_type) FROM article_events e WHERE e.article_id = a.id) AS event_types,
    (SELECT killed FROM casualties c WHERE c.article_id = a.id) AS killed,
    (SELECT injured FROM casualties c WHERE c.article_id = a.id) AS injured,
    a.url
FROM articles a
JOIN article_enrichment en ON en.article_id = a.id
"""


def _v12_views_without_joins(db: sqlite_utils.Database) -> None:
    """The ``stories`` and ``enriched_articles`` views take their per-row
    details from scalar subqueries instead of joins (issue #16): Datasette
    counts a view's rows on every page, and SQLite skips an unused subquery
    but not a join, so counting the stories of a million articles reads
    ``story_stats`` alone (0.1 s instead of 6 s), and a page sorted by an
    indexed column computes the details of its own rows only. Same rows,
    same columns."""
    for statement in (
        "DROP VIEW stories",
        STORIES_VIEW_V12,
        "DROP VIEW enriched_articles",
        ENRICHED_ARTICLES_VIEW_V12,
    ):
        db.execute(statement)


def _v13_crawl_runs_lost(db: sqlite_utils.Database) -> None:
    """Stored articles whose batch SQLite refused to commit (a full disk):
    counted apart, never as stored, and such a run is not complete."""
    db.execute("ALTER TABLE crawl_runs ADD COLUMN lost INTEGER NOT NULL DEFAULT 0")


_COUNT_NEW = """  INSERT INTO source_section_counts (source, section, articles) VALUES (new.source, ifnull(new.section, ''), 1)
    ON CONFLICT (source, section) DO UPDATE SET articles = articles + 1;"""
_COUNT_OLD = """  UPDATE source_section_counts SET articles = articles - 1
    WHERE source = old.source AND section = ifnull(old.section, '');"""
SOURCE_SECTION_COUNTS = (
    """CREATE TABLE source_section_counts (
        source TEXT NOT NULL,
        section TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (source, section)
    ) WITHOUT ROWID""",
    f"CREATE TRIGGER source_section_counts_ai AFTER INSERT ON articles BEGIN\n{_COUNT_NEW}\nEND",
    f"CREATE TRIGGER source_section_counts_ad AFTER DELETE ON articles BEGIN\n{_COUNT_OLD}\nEND",
    f"""CREATE TRIGGER source_section_counts_au AFTER UPDATE OF source, section ON articles
WHEN old.source IS NOT new.source OR old.section IS NOT new.section BEGIN
{_COUNT_OLD}
{_COUNT_NEW}
END""",
)


def _v14_source_section_counts(db: sqlite_utils.Database) -> None:
    """Articles per source and section, kept by triggers (issue #16): the
    articles table's default facets (source, section) and those of a page
    filtered by one source or section read this small table instead of
    counting a million index entries (``datasette/plugins/counted_facets.py``).
    A section is '' when the article has none."""
    for statement in SOURCE_SECTION_COUNTS[:1]:
        db.execute(statement)
    db.execute(
        "INSERT INTO source_section_counts (source, section, articles) "
        "SELECT source, ifnull(section, ''), count(*) FROM articles GROUP BY 1, 2"
    )
    for statement in SOURCE_SECTION_COUNTS[1:]:
        db.execute(statement)


ENRICHED_ARTICLES_VIEW_V15 = ENRICHED_ARTICLES_VIEW_V12.replace(
    "(SELECT json_group_array(governorate) FROM article_governorates g WHERE g.article_id = a.id)",
    "(SELECT json_group_array(DISTINCT p.governorate) FROM article_places x JOIN places p ON p.id = x.place_id\n"
    "      WHERE x.article_id = a.id AND p.governorate IS NOT NULL)",
)


def _v15_governorates_by_key(db: sqlite_utils.Database) -> None:
    """``enriched_articles.governorates`` reads the row's places by its key:
    through the ``article_governorates`` view (a DISTINCT, which SQLite
    cannot narrow to one article) every row grouped every place of every
    article -- 2 s for a page of 100,000 articles. Same values."""
    db.execute("DROP VIEW enriched_articles")
    db.execute(ENRICHED_ARTICLES_VIEW_V15)


_DAY = "substr({row}.published_at, 1, 10)"


def day_counts(key: str, key_of: str) -> tuple[str, ...]:
    """The ``{key}_day_counts`` table (dated articles per ``key`` and
    publication day, the day as the source printed it) and the triggers that
    keep it; ``key_of`` gives the key of a row ("{row}.source")."""
    table, day_new, day_old = f"{key}_day_counts", _DAY.format(row="new"), _DAY.format(row="old")
    add = f"""  INSERT INTO {table} ({key}, day, articles) VALUES ({key_of.format(row="new")}, {day_new}, 1)
    ON CONFLICT ({key}, day) DO UPDATE SET articles = articles + 1;"""
    remove = f"""  UPDATE {table} SET articles = articles - 1
    WHERE {key} = {key_of.format(row="old")} AND day = {day_old};"""
    moved = f"(old.{key} IS NOT new.{key} OR old.published_at IS NOT new.published_at)"
    return (
        f"""CREATE TABLE {table} (
        {key} TEXT NOT NULL,
        day TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY ({key}, day)
    ) WITHOUT ROWID""",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON articles WHEN new.published_at IS NOT NULL BEGIN\n{add}\nEND",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON articles WHEN old.published_at IS NOT NULL BEGIN\n{remove}\nEND",
        f"""CREATE TRIGGER {table}_au_old AFTER UPDATE OF {key}, published_at ON articles
WHEN old.published_at IS NOT NULL AND {moved} BEGIN
{remove}
END""",
        f"""CREATE TRIGGER {table}_au_new AFTER UPDATE OF {key}, published_at ON articles
WHEN new.published_at IS NOT NULL AND {moved} BEGIN
{add}
END""",
    )


SOURCE_DAY_COUNTS = day_counts("source", "{row}.source")


def _v16_source_day_counts(db: sqlite_utils.Database) -> None:
    """Articles per source and publication day (the day as the source printed
    it), kept by triggers (issue #16): the day and month facets of the whole
    articles table, or of one source, read this table (~20 sources x a few
    thousand days) instead of grouping a million index entries, which timed
    out at 1M articles (``datasette/plugins/date_facets.py``)."""
    db.execute(SOURCE_DAY_COUNTS[0])
    db.execute(
        "INSERT INTO source_day_counts (source, day, articles) "
        "SELECT source, substr(published_at, 1, 10), count(*) FROM articles WHERE published_at IS NOT NULL GROUP BY 1, 2"
    )
    for statement in SOURCE_DAY_COUNTS[1:]:
        db.execute(statement)


ARTICLE_COLUMNS_V17 = """
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT,
    subtitle TEXT,
    section TEXT,
    tags TEXT,
    author TEXT,
    published_at TEXT,
    published_raw TEXT,
    fetched_at TEXT NOT NULL,
    updated_at TEXT,
    language TEXT,
    content_hash TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES articles(id),
    story_id INTEGER,
    capture_id INTEGER REFERENCES captures(id),
    body TEXT NOT NULL,
    body_html TEXT
"""


def _v17_text_columns_last(db: sqlite_utils.Database) -> None:
    """The articles table is rebuilt with ``body`` and ``body_html`` as its
    last columns (issue #16). SQLite stores a row's columns in order and a
    10 kB body spills into a chain of overflow pages, so every column after
    it (section, published_at, fetched_at...) cost reading that chain: three
    or four pages per row instead of one, for a day's listing, a facet of a
    month, the duplicate clusters. Same rows, ids, values, indexes, triggers
    and views; the search index is untouched (it is keyed by id).

    Runs with foreign keys off (see :func:`migrate`): dropping the old table
    must not cascade to the rows that reference articles. Takes about as
    long as copying the file once."""
    columns = [line.strip().split()[0] for line in ARTICLE_COLUMNS_V17.strip().splitlines()]
    dependents = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
        "((type IN ('index', 'trigger') AND tbl_name = 'articles') OR type = 'view') ORDER BY rowid"
    ).fetchall()
    for kind, name, _ in dependents:
        if kind == "view":
            db.execute(f'DROP VIEW "{name}"')
    db.execute(f"CREATE TABLE articles_v17 ({ARTICLE_COLUMNS_V17})")
    listed = ", ".join(columns)
    db.execute(f"INSERT INTO articles_v17 ({listed}) SELECT {listed} FROM articles ORDER BY id")
    db.execute("DROP TABLE articles")
    db.execute("ALTER TABLE articles_v17 RENAME TO articles")
    for _, _, sql in dependents:
        db.execute(sql)


SECTION_DAY_COUNTS = day_counts("section", "ifnull({row}.section, '')")
DAY_COUNTS_BY_DAY = (
    "CREATE INDEX idx_section_day_counts_day ON section_day_counts(day, section, articles)",
    "CREATE INDEX idx_source_day_counts_day ON source_day_counts(day, source, articles)",
)


def _v18_section_day_counts(db: sqlite_utils.Database) -> None:
    """Articles per section and publication day, kept by triggers like
    ``source_day_counts`` (issue #16), and both tables indexed by day: a page
    filtered by a day or a month (or a section) gets its source, section,
    day and month facets from them. Counting a month's rows timed out at 1M
    articles. A section is '' when the article has none."""
    db.execute(SECTION_DAY_COUNTS[0])
    db.execute(
        "INSERT INTO section_day_counts (section, day, articles) SELECT ifnull(section, ''), "
        "substr(published_at, 1, 10), count(*) FROM articles WHERE published_at IS NOT NULL GROUP BY 1, 2"
    )
    for statement in (*DAY_COUNTS_BY_DAY, *SECTION_DAY_COUNTS[1:]):
        db.execute(statement)


def _v19_undated_by_fetch_time(db: sqlite_utils.Database) -> None:
    """The few articles without a publication date, by fetch time (a partial
    index): the day listings (``today_per_source``, ``towns_in_the_news``)
    count such an article on the day it was fetched, and finding them read
    every undated row (30,000 at 1M articles) (issue #16)."""
    db.execute("CREATE INDEX idx_articles_undated_fetched ON articles(published_at, fetched_at) WHERE published_at IS NULL")


def counts_of(table: str, column: str) -> tuple[str, ...]:
    """The ``{column}_counts`` table (rows of ``table`` per value of
    ``column``) and the triggers that keep it."""
    counts = f"{column}_counts"
    add = f"""  INSERT INTO {counts} ({column}, articles) VALUES (new.{column}, 1)
    ON CONFLICT ({column}) DO UPDATE SET articles = articles + 1;"""
    remove = f"  UPDATE {counts} SET articles = articles - 1 WHERE {column} = old.{column};"
    return (
        f"CREATE TABLE {counts} ({column} TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID",
        f"CREATE TRIGGER {counts}_ai AFTER INSERT ON {table} BEGIN\n{add}\nEND",
        f"CREATE TRIGGER {counts}_ad AFTER DELETE ON {table} BEGIN\n{remove}\nEND",
        f"CREATE TRIGGER {counts}_au AFTER UPDATE OF {column} ON {table} "
        f"WHEN old.{column} IS NOT new.{column} BEGIN\n{remove}\n{add}\nEND",
    )


def _v20_event_and_actor_counts(db: sqlite_utils.Database) -> None:
    """Rows of ``article_events`` per event type and of ``article_actors`` per
    actor, kept by triggers (issue #16): these tables' default facets counted
    every row, several an article, and timed out at the 200 ms facet limit
    on 100,000 fully enriched articles. The ``counted`` facet reads these."""
    for table, column in (("article_events", "event_type"), ("article_actors", "actor")):
        statements = counts_of(table, column)
        db.execute(statements[0])
        db.execute(
            f"INSERT INTO {column}_counts ({column}, articles) SELECT {column}, count(*) FROM {table} GROUP BY 1"
        )
        for statement in statements[1:]:
            db.execute(statement)


def _v21_signatures_for_fingerprints(db: sqlite_utils.Database) -> None:
    """Each row's MinHash signature (512 bytes) instead of its shingle
    fingerprint (~3.5 kB, issue #16: the 15 kB an article). The buckets are
    cut from the signature, so they stay as they are; an LSH candidate is
    decided on the estimate of two signatures, and near the threshold on its
    body, fingerprinted again (:func:`crawler.dedupe.similar_ids`). The
    fingerprints' pages go to the free list: ``VACUUM`` gives them back."""
    from crawler.text.fingerprints import from_blob, signature, to_blob

    db.execute(
        """
        CREATE TABLE minhash_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            signature BLOB NOT NULL
        )
        """
    )
    cursor = db.conn.execute("SELECT article_id, hashes FROM fingerprints ORDER BY article_id")
    while batch := cursor.fetchmany(2000):
        db.conn.executemany(
            "INSERT INTO minhash_signatures (article_id, signature) VALUES (?, ?)",
            [(article_id, to_blob(signature(from_blob(hashes)))) for article_id, hashes in batch],
        )
    db.execute("DROP TABLE fingerprints")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_articles,
    _v2_crawl_runs,
    _v3_dedupe,
    _v4_fingerprints,
    _v5_fts_on_text_updates,
    _v6_enrichment,
    _v7_captures,
    _v8_crawl_runs_cut,
    _v9_browse_at_scale,
    _v10_pack_body_html,
    _v11_search_index_without_copy,
    _v12_views_without_joins,
    _v13_crawl_runs_lost,
    _v14_source_section_counts,
    _v15_governorates_by_key,
    _v16_source_day_counts,
    _v17_text_columns_last,
    _v18_section_day_counts,
    _v19_undated_by_fetch_time,
    _v20_event_and_actor_counts,
    _v21_signatures_for_fingerprints,
]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


# Steps that write every article again: in WAL mode each written page goes to
# the WAL first (a 20 GB table needed ~25 GB of WAL on top of the new copy).
REWRITE_EVERY_ROW = frozenset({_v17_text_columns_last})
# Below this size the WAL costs nothing worth a change of journal mode, which
# would block readers for the whole step (a new database is built while
# Datasette or a second crawl may already read it).
REWRITE_WITHOUT_WAL_BYTES = 256 * 1024 * 1024


def migrate(db: sqlite_utils.Database) -> int:
    """Run the migrations this database has not had yet; returns the new version."""
    current = schema_version(db)
    if reason := newer_than_crawler(current):
        raise DatabaseError(reason)
    if current >= len(MIGRATIONS):
        return current
    # A step may rebuild a table (17): dropping the old one must not cascade
    # to the rows that reference it. Pragmas act outside transactions.
    db.execute("PRAGMA foreign_keys = OFF")
    journal = _rollback_journal_for_rewrites(db, MIGRATIONS[current:])
    try:
        while current < len(MIGRATIONS):
            # One transaction per step, DDL included: a crash or an error leaves
            # the step undone, never half-done. The version is read again under
            # the write lock in case another process migrated meanwhile.
            with db.conn:
                db.execute("BEGIN IMMEDIATE")
                current = schema_version(db)
                if current < len(MIGRATIONS):
                    MIGRATIONS[current](db)
                    current += 1
                    db.execute(f"PRAGMA user_version = {current}")
    finally:
        if journal is not None:
            db.execute(f"PRAGMA journal_mode = {journal}")
        db.execute("PRAGMA foreign_keys = ON")
    return len(MIGRATIONS)


def _rollback_journal_for_rewrites(db: sqlite_utils.Database, pending: list) -> str | None:
    """Before a step that rewrites every article, leave WAL mode for a rollback
    journal, which keeps only the pages a step changes, not the new copy: the
    disk then needs room for one more copy of the table, not two. Returns the
    mode to go back to, or None when nothing was changed (no such step, a
    small file, not in WAL mode, or another connection holds the file: the
    steps then run in WAL)."""
    if not REWRITE_EVERY_ROW & set(pending):
        return None
    pages, page_size = db.execute("PRAGMA page_count").fetchone()[0], db.execute("PRAGMA page_size").fetchone()[0]
    if pages * page_size < REWRITE_WITHOUT_WAL_BYTES:
        return None
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        return None
    try:
        changed = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        return None
    return mode if changed != mode else None


def newer_than_crawler(version: int) -> str | None:
    """Why a database at schema ``version`` cannot be used by this crawler, or None."""
    if version > len(MIGRATIONS):
        return f"database schema version {version} is newer than this crawler ({len(MIGRATIONS)}); upgrade the crawler"
    return None
