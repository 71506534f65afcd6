"""The arithmetic of the load benchmark, against made-up answers: no server, no timing."""

import math

import filetype

from lamtheo.bench.personas import Submitter
from lamtheo.bench.report import (
    Answer,
    RouteStats,
    Stored,
    read_locust_stats,
    route_table,
    tally,
)
from lamtheo.bench.submit import Upload, plan, record_id, tiny_png

UNITS = ["X1", "X2", "X3"]


def _answers(*statuses_and_records):
    return [Answer(unit, status, record, 10.0) for unit, status, record in statuses_and_records]


def test_every_unit_stored_once_is_ok():
    answers = _answers(
        ("X1", 201, "a"), ("X1", 200, "a"),
        ("X2", 201, "b"), ("X2", 200, "b"),
        ("X3", 201, "c"), ("X3", 200, "c"),
    )  # fmt: skip
    stored = [Stored("X1", "a", True), Stored("X2", "b", True), Stored("X3", "c", True)]
    t = tally(UNITS, answers, stored)
    assert (t.created, t.deduplicated, t.errors, t.kept) == (3, 3, 0, 3)
    assert (t.lost, t.doubled, t.mismatched) == (0, 0, 0)
    assert t.ok


def test_a_missing_record_or_a_damaged_file_is_lost():
    answers = _answers(("X1", 201, "a"), ("X2", 201, "b"), ("X3", 201, "c"))
    stored = [Stored("X1", "a", True), Stored("X2", "b", False)]
    t = tally(UNITS, answers, stored)
    assert (t.kept, t.lost) == (1, 2)
    assert t.mismatched == 1  # X3 was told "c", which is not stored
    assert not t.ok


def test_a_second_record_for_one_unit_is_doubled():
    answers = _answers(("X1", 201, "a"), ("X1", 201, "a2"), ("X2", 201, "b"), ("X3", 201, "c"))
    stored = [
        Stored("X1", "a", True),
        Stored("X1", "a2", True),
        Stored("X2", "b", True),
        Stored("X3", "c", True),
    ]
    t = tally(UNITS, answers, stored)
    assert (t.kept, t.lost, t.doubled, t.created) == (2, 0, 1, 4)
    assert not t.ok


def test_a_refused_or_unanswered_request_is_an_error():
    answers = _answers(("X1", 201, "a"), ("X1", 409, None), ("X2", 201, "b"), ("X3", 0, None))
    stored = [Stored("X1", "a", True), Stored("X2", "b", True)]
    t = tally(UNITS, answers, stored)
    assert (t.errors, t.lost) == (2, 1)
    assert not t.ok


def test_locust_statistics_are_read_back_with_the_total_last(tmp_path):
    path = tmp_path / "busy_stats.csv"
    header = (
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
    )
    path.write_text(
        f"{header}\n"
        "GET,/to-chuc/[code]/,120,3,31,40.5,9,410.2,5000,4.0,0.1,"
        "31,35,38,40,60,90,150,300,410,410,410\n"
        ",Aggregated,0,0,0,0,0,0,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n"
    )
    unit, total = read_locust_stats(path)
    assert unit == RouteStats("GET /to-chuc/[code]/", 120, 3, 4.0, 31, 90, 300, 410.2)
    assert unit.error_rate == 0.025
    assert total.route == "all routes"
    assert math.isnan(total.p99)
    table = route_table([unit, total]).splitlines()
    assert table[1].split()[2:] == ["120", "4.0", "31", "90", "300", "410", "3", "2.50"]
    assert table[2].split()[2:] == ["0", "0.0", "-", "-", "-", "0", "0", "0.00"]


def test_the_upload_is_a_png_by_its_content_and_differs_per_unit():
    assert filetype.guess_mime(tiny_png("X1 key")) == "image/png"
    assert tiny_png("X1 key") != tiny_png("X2 key")


def test_half_the_submitters_double_click_and_half_retry():
    submitters = [Submitter(f"u{i}", f"X{i}", f"t{i}") for i in range(4)]
    uploads, jobs = plan(submitters)
    assert len({u.key for u in uploads}) == 4
    assert [(j.upload.submitter.unit, j.times) for j in jobs] == [
        ("X0", 1), ("X0", 1), ("X1", 2), ("X2", 1), ("X2", 1), ("X3", 2)
    ]  # fmt: skip
    assert all(isinstance(j.upload, Upload) for j in jobs)


def test_the_record_an_answer_names():
    assert record_id(b'{"uid": "3f1c", "size": 12}') == "3f1c"
    assert record_id(b'{"detail": "Not Found"}') is None
    assert record_id(b"<html>") is None
