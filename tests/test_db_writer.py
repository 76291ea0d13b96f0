"""Writes leave the frame thread but keep their order, their commits and their errors."""

from __future__ import annotations

import threading

from station.storage import add_player, list_players, open_database
from station.storage.writer import DatabaseWriter


def test_jobs_run_in_order_on_another_thread_and_close_waits_for_them(tmp_path) -> None:
    path = tmp_path / "station.db"
    open_database(path).close()
    writer = DatabaseWriter(path)
    threads: set[str] = set()

    def add(name: str):
        def job(db):
            threads.add(threading.current_thread().name)
            add_player(db, nickname=name, avatar="star", dominant_hand="right")

        return job

    for name in ("Ana", "Ben", "Cleo"):
        writer.submit(add(name))
    assert writer.close() == []
    assert threads == {"db-writer"}
    db = open_database(path)
    assert [p.nickname for p in list_players(db)] == ["Ana", "Ben", "Cleo"]


def test_a_refused_write_is_reported_and_the_next_ones_still_land(tmp_path) -> None:
    path = tmp_path / "station.db"
    writer = DatabaseWriter(path)
    writer.submit(lambda db: add_player(db, nickname="", avatar="star", dominant_hand="right"))
    writer.submit(lambda db: add_player(db, nickname="Dan", avatar="star", dominant_hand="left"))
    failures = writer.close()
    assert len(failures) == 1 and "InvalidRecord" in failures[0]
    assert [p.nickname for p in list_players(open_database(path))] == ["Dan"]


def test_an_unusable_database_file_fails_every_write_without_raising(tmp_path) -> None:
    path = tmp_path / "station.db"
    path.write_bytes(b"not a database at all" * 100)
    writer = DatabaseWriter(path)
    writer.submit(lambda db: add_player(db, nickname="Eve", avatar="star", dominant_hand="right"))
    (failure,) = writer.close()
    assert "station.db" in failure
    assert path.read_bytes() == b"not a database at all" * 100
