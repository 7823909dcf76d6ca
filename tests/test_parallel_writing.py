"""Second processes that write Turtle and JSON-LD from the N-Triples file, and the one set of files a build
replaces: complete outputs or the previous ones, never a temporary file left behind."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pytest

from mmr_graph.errors import OutputError
from mmr_graph.export import files as export_files
from mmr_graph.ingest import build_catalog
from mmr_graph.parallel import writing
from mmr_graph.parallel.children import DONE, ChildJob, GrowingFile, IncompleteInput
from mmr_graph.parallel.writing import write_sorted
from mmr_graph.rdf.graph import sorted_graph
from mmr_graph.rdf.ntriples import SortedGraph, read_sorted

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def graph() -> SortedGraph:
    return sorted_graph(build_catalog([FIXTURES / "kitchen_sink.md"]))


def test_a_growing_file_is_read_to_its_end_once_the_writer_says_so(tmp_path: Path) -> None:
    path = tmp_path / "growing"
    path.write_bytes(b"first ")
    read_end, write_end = os.pipe()

    def writer() -> None:
        time.sleep(0.2)
        with open(path, "ab") as out:
            out.write(b"second")
        os.write(write_end, DONE)
        os.close(write_end)

    thread = threading.Thread(target=writer)
    thread.start()
    with open(read_end, "rb", buffering=0) as signal, GrowingFile(path, signal) as source:
        assert io.BufferedReader(source).read() == b"first second"
    thread.join()


def test_a_growing_file_whose_writer_gave_up_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "growing"
    path.write_bytes(b"partial")
    read_end, write_end = os.pipe()
    os.close(write_end)  # closed without saying the file is complete
    with (
        open(read_end, "rb", buffering=0) as signal,
        GrowingFile(path, signal) as source,
        pytest.raises(IncompleteInput),
    ):
        io.BufferedReader(source).read()


@pytest.mark.parametrize("block", [1, 7, 1 << 16])
def test_statements_read_back_from_ntriples_are_the_graphs(
    graph: SortedGraph, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mmr_graph.rdf import ntriples

    monkeypatch.setattr(ntriples, "_BLOCK", block)  # lines and characters cut across blocks
    text = "".join(graph.chunks()).encode("utf-8")
    assert list(read_sorted(io.BytesIO(text))) == list(graph.statements())


def test_a_child_whose_input_is_never_completed_fails(tmp_path: Path) -> None:
    nt = tmp_path / "graph.nt"
    nt.write_text("<http://e.org/s> <http://e.org/p> <http://e.org/o> .\n", encoding="utf-8")
    job = ChildJob("jsonld-nodes", nt, tmp_path / "graph.jsonld.part")
    stdin, job.process.stdin = job.process.stdin, None
    stdin.close()  # type: ignore[union-attr]
    with pytest.raises(OutputError, match="writing JSON-LD failed"):
        job.wait()


def test_a_cancelled_child_is_gone(tmp_path: Path) -> None:
    nt = tmp_path / "graph.nt"
    nt.write_text("", encoding="utf-8")
    job = ChildJob("ttl", nt, tmp_path / "graph.ttl")  # waits for the file to be completed
    job.cancel()
    assert job.process.returncode is not None


def _parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "PARALLEL_FROM", 0)


def test_pages_are_written_with_the_graph_files_in_one_set(
    tmp_path: Path, graph: SortedGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parallel(monkeypatch)
    seen: list[str] = []
    out = tmp_path / "out"
    written = write_sorted(graph, out, progress=seen.append, pages=lambda: {out / "index.html": b"<p>x</p>"})
    assert seen == ["nt", "html", "jsonld", "ttl"] == list(export_files.WRITE_ORDER)
    assert (out / "index.html").read_bytes() == b"<p>x</p>"
    assert set(written) == {"ttl", "nt", "jsonld"}
    assert sorted(p.name for p in out.iterdir()) == [
        ".mmr-graph.lock", "graph.jsonld", "graph.nt", "graph.ttl", "index.html"
    ]  # fmt: skip


@pytest.mark.parametrize("parallel", [True, False])
def test_a_failure_while_writing_leaves_the_previous_files_and_no_temporary_one(
    tmp_path: Path, graph: SortedGraph, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    if parallel:
        _parallel(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    previous = {
        name: f"old {name}".encode() for name in ("graph.nt", "graph.ttl", "graph.jsonld", "index.html")
    }
    for name, data in previous.items():
        (out / name).write_bytes(data)
    started: list[ChildJob] = []
    real_job = writing.ChildJob

    def recording(*args: object, **kwargs: object) -> ChildJob:
        job = real_job(*args, **kwargs)  # type: ignore[arg-type]
        started.append(job)
        return job

    monkeypatch.setattr(writing, "ChildJob", recording)

    def failing_pages() -> dict[Path, bytes]:
        raise KeyboardInterrupt  # as a Ctrl-C in the middle of the build

    with pytest.raises(KeyboardInterrupt):
        write_sorted(graph, out, pages=failing_pages)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in previous} == previous
    assert sorted(p.name for p in out.iterdir() if p.name != ".mmr-graph.lock") == sorted(previous)
    assert len(started) == (2 if parallel else 0)
    assert all(job.process.returncode is not None for job in started)


@pytest.mark.parametrize("share", [0.0, 0.3, 0.45, 1.0])
@pytest.mark.parametrize("per_write", [1, 7])
def test_jsonld_written_in_two_parts_is_the_one_document(
    tmp_path: Path, graph: SortedGraph, monkeypatch: pytest.MonkeyPatch, share: float, per_write: int
) -> None:
    from mmr_graph.export.jsonld import write_jsonld

    _parallel(monkeypatch)
    monkeypatch.setattr(writing, "JSONLD_SHARE", share)
    monkeypatch.setattr(export_files, "_SUBJECTS_PER_WRITE", per_write)
    whole = io.StringIO()
    write_jsonld(graph.statements(), whole)
    out = tmp_path / "out"
    write_sorted(graph, out, formats=("nt", "jsonld"))
    assert (out / "graph.jsonld").read_text(encoding="utf-8") == whole.getvalue()
    assert sorted(p.name for p in out.iterdir()) == [".mmr-graph.lock", "graph.jsonld", "graph.nt"]


def test_the_file_is_cut_at_the_subject_boundary_nearest_the_share() -> None:
    assert writing._split_point([0, 10, 50, 100], 0.45) == 50
    assert writing._split_point([0, 10, 50, 100], 0.0) == 0
    assert writing._split_point([0, 100], 1.0) == 100
    assert writing._split_point([0], 0.45) == 0


def test_a_window_reads_its_bytes_only(tmp_path: Path) -> None:
    from mmr_graph.parallel.children import FileWindow

    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    with FileWindow(path, 2, 7) as window:
        assert io.BufferedReader(window, 2).read() == b"23456"
    with FileWindow(path, 5, 5) as window:
        assert io.BufferedReader(window).read() == b""


def test_a_child_killed_by_a_signal_is_one_line_saying_so(tmp_path: Path) -> None:
    nt = tmp_path / "graph.nt"
    nt.write_text("<http://e.org/s> <http://e.org/p> <http://e.org/o> .\n", encoding="utf-8")
    job = ChildJob("ttl", nt, tmp_path / "graph.ttl")  # waits for "complete"
    job.process.kill()
    with pytest.raises(OutputError, match=r"^writing Turtle failed: killed by signal 9$"):
        job.wait()


def test_a_child_imports_nothing_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "select.py").write_text("raise SystemExit('the wrong select')\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    nt = tmp_path / "graph.nt"
    nt.write_text("<http://e.org/s> <http://e.org/p> <http://e.org/o> .\n", encoding="utf-8")
    job = ChildJob("ttl", nt, tmp_path / "graph.ttl")
    job.wait()
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8").endswith("<http://e.org/o> .\n")
