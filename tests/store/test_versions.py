"""Schema versions: every released version has a fixture that opens; older files are upgraded in memory."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from journey_studio.interchange import document_to_dict, read_json
from journey_studio.resources import sample_map_path
from journey_studio.store import SCHEMA_VERSION, open_document
from journey_studio.store import reader as reader_module
from journey_studio.store import versions as versions_module
from journey_studio.store.migrations import STEPS, MigrationError, upgrade
from journey_studio.store.schema import create_tables
from journey_studio.store.versions import SCHEMA_SQL, expected_rows, normalize_sql, schema_rows
from tests.store.conftest import FIXTURES
from tests.strategies import document_state, sample_document


def fixture_version(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[60:64], "big")


@pytest.mark.parametrize("version", sorted(SCHEMA_SQL))
def test_every_released_version_has_fixtures_that_open(version: int) -> None:
    files = sorted((FIXTURES / f"v{version}").glob("*.journey"))
    assert files, f"keep a file of schema version {version} in tests/fixtures/v{version}/"
    for path in files:
        assert fixture_version(path) == version
        before = path.read_bytes()
        assert len(open_document(path).stages) > 0
        assert path.read_bytes() == before


def test_version_1_fixtures_hold_what_they_held() -> None:
    assert document_state(open_document(FIXTURES / "v1" / "sample.journey")) == document_state(
        sample_document()
    )
    b2b = open_document(FIXTURES / "v1" / "b2b-software-buyer.journey")
    assert document_to_dict(b2b) == document_to_dict(read_json(sample_map_path()))


def test_every_version_before_the_current_one_has_an_upgrade_step() -> None:
    assert set(SCHEMA_SQL) == set(range(1, SCHEMA_VERSION + 1))
    assert set(STEPS) == set(range(1, SCHEMA_VERSION))


def test_frozen_schema_matches_the_table_declaration() -> None:
    """The writer's frozen statements and sqlite-utils' tables from schema.TABLES are the same."""
    conn = sqlite3.connect(":memory:")
    create_tables(sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False))
    assert schema_rows(conn) == expected_rows(SCHEMA_VERSION)
    conn.close()


def test_quoting_and_spacing_do_not_matter_but_everything_else_does() -> None:
    ours = 'CREATE TABLE "a" (\n   "id" TEXT PRIMARY KEY NOT NULL,\n   PRIMARY KEY ("id", "b")\n)'
    assert normalize_sql(ours) == normalize_sql(
        "CREATE TABLE [a] ([id] TEXT PRIMARY KEY NOT NULL, PRIMARY KEY ([id], `b`))"
    )
    assert normalize_sql(ours) != normalize_sql(ours.replace("NOT NULL", "NOT NULL CHECK (1)"))
    assert normalize_sql(ours) != normalize_sql(ours.replace('"id" TEXT', "\"id\" TEXT DEFAULT ('x')"))


def _add_notes(conn: sqlite3.Connection) -> None:
    conn.execute('CREATE TABLE "notes" ("id" TEXT PRIMARY KEY NOT NULL)')


def _fail(conn: sqlite3.Connection) -> None:
    conn.execute('CREATE TABLE "half" ("x" TEXT)')
    raise sqlite3.OperationalError("step failed")


def test_upgrade_runs_each_step_in_order_in_one_transaction() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    calls: list[int] = []
    steps = {n: (lambda c, n=n: calls.append(n)) for n in (1, 2, 3)}
    assert upgrade(conn, 2, steps, target=4) == 4
    assert calls == [2, 3] and conn.execute("PRAGMA user_version").fetchone()[0] == 4
    with pytest.raises(MigrationError, match="no upgrade from file version 4"):
        upgrade(conn, 4, steps, target=6)
    with pytest.raises(sqlite3.OperationalError):
        upgrade(conn, 4, {4: _add_notes, 5: _fail}, target=6)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert tables == set() and conn.execute("PRAGMA user_version").fetchone()[0] == 4  # all rolled back


def test_an_older_file_is_upgraded_in_memory_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a next version exists: the current file opens through one more step, and stays as it was."""
    path = tmp_path / "old.journey"
    shutil.copy(FIXTURES / f"v{SCHEMA_VERSION}" / "sample.journey", path)
    before = path.read_bytes()
    steps_run: list[int] = []
    following = SCHEMA_VERSION + 1

    def next_step(conn: sqlite3.Connection) -> None:
        steps_run.append(SCHEMA_VERSION)
        _add_notes(conn)

    monkeypatch.setitem(
        versions_module.SCHEMA_SQL,
        following,
        (*SCHEMA_SQL[SCHEMA_VERSION], 'CREATE TABLE "notes" ("id" TEXT PRIMARY KEY NOT NULL)'),
    )
    monkeypatch.setitem(STEPS, SCHEMA_VERSION, next_step)
    monkeypatch.setattr(reader_module, "SCHEMA_VERSION", following)
    try:
        doc = open_document(path)
    finally:
        expected_rows.cache_clear()
    assert steps_run == [SCHEMA_VERSION]
    assert len(doc.stages) > 0
    assert path.read_bytes() == before


def test_a_version_1_file_gains_the_workshop_tables_and_keeps_its_map(tmp_path: Path) -> None:
    path = tmp_path / "v1.journey"
    shutil.copy(FIXTURES / "v1" / "b2b-software-buyer.journey", path)
    before = path.read_bytes()
    doc = open_document(path)
    assert document_to_dict(doc) == document_to_dict(read_json(sample_map_path()))
    assert len(doc.threads) == 0 and len(doc.votes) == 0 and doc.info.acknowledged == {}
    assert path.read_bytes() == before  # upgraded in memory only
    from journey_studio.store import save_document

    save_document(doc, path)
    assert fixture_version(path) == SCHEMA_VERSION


def test_version_2_fixture_holds_comments_votes_and_intended_findings() -> None:
    doc = open_document(FIXTURES / "v2" / "workshop.journey")
    assert [c.author for c in doc.threads.at(0).comments] == ["Kim", "Lee"]
    vote = doc.votes.at(0)
    assert vote.closed and sum(vote.totals().values()) == 3
    assert list(doc.info.acknowledged.values()) == ["The trial exit is intended"]
