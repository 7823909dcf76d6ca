"""A catalog described in two processes gives exactly the graph of one description."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, child_pids, running
from mmr_graph.errors import GraphError
from mmr_graph.ingest import build_catalog
from mmr_graph.model import Catalog
from mmr_graph.parallel import graph as pgraph
from mmr_graph.parallel.graph import sorted_graph
from mmr_graph.rdf.describe import Description
from mmr_graph.rdf.graph import COUNTED_TEXT, iter_triples
from mmr_graph.rdf.ntriples import SortedGraph, group
from mmr_graph.rdf.parts import describe_part
from mmr_graph.rdf.terms import TEXT
from mmr_graph.vocab import load_vocabulary

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate_list

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child is forked on Linux only"
)

VOCAB = load_vocabulary()
COUNTED = COUNTED_TEXT
PREF, ALT = (
    "<http://www.w3.org/2004/02/skos/core#prefLabel>",
    "<http://www.w3.org/2004/02/skos/core#altLabel>",
)

# Split after the first entry, the child meets a tag and a category under other spellings first (so it
# labels them otherwise than the one description does), a tag only it labels (twice), and a repository,
# a venue and a paper the first entry's description has described already.
CROSSING = """# Crossing

### Papers

- **[Foo Bar]** **[zed-tag]** **[CVPR 2025]** First: One [[paper]](https://arxiv.org/abs/2501.00001) [[code]](https://github.com/a/b)

### papers

- **[foo-bar]** **[Zed Tag]** **[Late Tag]** **[CVPR 2025]** Second: Two [[paper]](https://arxiv.org/abs/2501.00002) [[code]](https://github.com/a/b) [[paper]](https://arxiv.org/abs/2501.00001)
- **[Foo Bar]** **[zed-tag]** **[late-tag]** Third: Three [[paper]](https://arxiv.org/abs/2501.00003) [[code]](https://github.com/a/b) [[model]](https://huggingface.co/o/m)
"""


def _catalog(tmp_path: Path, text: str) -> Catalog:
    path = tmp_path / "list.md"
    path.write_text(text, encoding="utf-8")
    return build_catalog([path], curated=False)


def _in_one(catalog: Catalog) -> tuple[list[str], dict[str, set[str]]]:
    grouped = group(Description(catalog, VOCAB, TEXT).triples(), COUNTED)
    return list(SortedGraph(grouped.groups).chunks()), grouped.members


def _in_two(catalog: Catalog, own: int) -> tuple[list[str], dict[str, set[str]]]:
    graph, members = pgraph.describe_in_two(catalog, VOCAB, own)
    return list(graph.chunks()), members


def _labels(chunks: list[str], subject: str) -> set[tuple[str, str]]:
    return {
        (predicate, value)
        for chunk in chunks
        for line in chunk.splitlines()
        if line.startswith(subject + " ")
        for predicate, _, value in [line[len(subject) + 1 : -2].partition(" ")]
        if predicate in (PREF, ALT)
    }


def test_labels_given_otherwise_by_the_child_are_those_of_one_description(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, CROSSING)
    child_part = describe_part(catalog, VOCAB, COUNTED, 1).graph
    child_chunks = list(child_part.chunks())
    one, _ = _in_one(catalog)
    two, _ = _in_two(catalog, 1)
    assert two == one
    tag, category = (
        "<https://w3id.org/mmr-graph/id/tag/foo-bar>",
        "<https://w3id.org/mmr-graph/id/category/list/papers>",
    )
    assert _labels(child_chunks, tag) == {(PREF, '"foo-bar"'), (ALT, '"Foo Bar"')}
    assert _labels(two, tag) == {(PREF, '"Foo Bar"'), (ALT, '"foo-bar"')}
    zed = "<https://w3id.org/mmr-graph/id/tag/zed-tag>"
    assert _labels(child_chunks, zed) == {(PREF, '"Zed Tag"'), (ALT, '"zed-tag"')}
    assert _labels(two, zed) == {(PREF, '"zed-tag"'), (ALT, '"Zed Tag"')}
    assert _labels(child_chunks, category) == {(PREF, '"papers"')}
    assert _labels(two, category) == {(PREF, '"Papers"'), (ALT, '"papers"')}
    late = "<https://w3id.org/mmr-graph/id/tag/late-tag>"  # labelled by the child alone: kept as it is
    assert _labels(two, late) == _labels(child_chunks, late) == {(PREF, '"Late Tag"'), (ALT, '"late-tag"')}


def test_a_node_both_describe_is_in_the_graph_once(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, CROSSING)
    child_part = describe_part(catalog, VOCAB, COUNTED, 1).graph
    description = Description(catalog, VOCAB, TEXT)
    own = group(description.entry_triples(catalog.entries[:1]), COUNTED).groups
    graph, _ = pgraph.describe_in_two(catalog, VOCAB, 1)
    for node in ("<https://github.com/a/b>", "<https://arxiv.org/abs/2501.00001>"):
        assert own[node] and child_part.groups[node]
        assert graph.groups[node] == sorted({*own[node], *child_part.groups[node]})


@pytest.mark.parametrize("own", [0, 1, 2, 3])
def test_any_split_of_a_small_catalog_gives_the_one_graph(tmp_path: Path, own: int) -> None:
    catalog = _catalog(tmp_path, CROSSING)
    assert _in_two(catalog, own) == _in_one(catalog)


@pytest.mark.parametrize(
    "path", [FIXTURES / "kitchen_sink.md", FIXTURES / "hostile.md"], ids=lambda p: p.name
)
def test_fixtures_in_two_give_the_one_graph(path: Path) -> None:
    catalog = build_catalog([path])
    expected = _in_one(catalog)
    for own in sorted({1, len(catalog.entries) // 3, len(catalog.entries) // 2, len(catalog.entries) - 1}):
        assert _in_two(catalog, own) == expected, own


def test_a_synthetic_list_in_two_gives_the_one_graph(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, generate_list(600, 4))
    assert _in_two(catalog, 350) == _in_one(catalog)


def test_sorted_graph_of_a_large_catalog_is_described_in_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = _catalog(tmp_path, CROSSING)
    splits: list[int] = []
    describe_in_two = pgraph.describe_in_two
    monkeypatch.setattr(pgraph, "SPLIT_MIN_ENTRIES", 3)
    monkeypatch.setattr(pgraph, "describe_in_two", lambda *a: splits.append(1) or describe_in_two(*a))
    graph = sorted_graph(catalog)
    assert splits == [1]
    assert list(graph.chunks()) == list(SortedGraph.of(iter_triples(catalog)).chunks())  # VoID counts too


def test_a_smaller_catalog_is_described_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pgraph, "SPLIT_MIN_ENTRIES", 4)
    monkeypatch.setattr(pgraph, "describe_in_two", lambda *a: pytest.fail("forked"))
    catalog = _catalog(tmp_path, CROSSING)
    assert list(sorted_graph(catalog).chunks()) == list(SortedGraph.of(iter_triples(catalog)).chunks())


def test_an_error_in_the_child_is_raised_by_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object) -> None:
        raise ValueError("no part")

    _in_the_child(monkeypatch, failing)  # the forked child inherits it
    before = set(child_pids(os.getpid()))
    with pytest.raises(ValueError, match="no part") as raised:
        _in_two(_catalog(tmp_path, CROSSING), 1)
    note = "\n".join(raised.value.__notes__)
    assert "describing entries 2 to 3 of the graph in a child process" in note
    assert "in failing" in note  # the child's traceback
    assert set(child_pids(os.getpid())) == before  # reaped


def test_an_error_that_cannot_be_sent_is_raised_as_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object) -> None:
        raise ValueError(lambda: None)  # a function is not picklable

    _in_the_child(monkeypatch, failing)
    with pytest.raises(RuntimeError, match=r"^ValueError: <function"):
        _in_two(_catalog(tmp_path, CROSSING), 1)


@pytest.mark.parametrize(
    "end, says",
    [
        (lambda: os.kill(os.getpid(), signal.SIGKILL), "killed by signal 9"),
        (lambda: os._exit(3), "exit status 3"),
    ],
)
def test_a_child_that_ends_without_its_part_is_a_graph_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    end,
    says: str,  # type: ignore[no-untyped-def]
) -> None:
    _in_the_child(monkeypatch, lambda *a: end())
    before = set(child_pids(os.getpid()))
    with pytest.raises(
        GraphError, match=f"describing entries 2 to 3 of the graph ended without its part \\({says}\\)"
    ):
        _in_two(_catalog(tmp_path, CROSSING), 1)
    assert set(child_pids(os.getpid())) == before


def test_an_error_in_the_build_ends_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    fork = os.fork

    def forking() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    def interrupted(self: Description) -> None:
        raise KeyboardInterrupt

    _in_the_child(monkeypatch, _sleeping)  # the child waits to be ended
    monkeypatch.setattr(os, "fork", forking)
    monkeypatch.setattr(Description, "vocabulary_and_lists", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _in_two(_catalog(tmp_path, CROSSING), 1)
    assert started and not running(started[0])
    assert started[0] not in child_pids(os.getpid())  # reaped, not a zombie


def _in_the_child(monkeypatch: pytest.MonkeyPatch, work) -> None:  # type: ignore[no-untyped-def]
    """The child's part (the entries after the first part's) replaced by ``work``."""
    real = pgraph.describe_part

    def part(catalog, vocab, counted, start, stop=None):  # type: ignore[no-untyped-def]
        return real(catalog, vocab, counted, start, stop) if start == 0 else work()

    monkeypatch.setattr(pgraph, "describe_part", part)


def _sleeping(*args: object) -> None:
    time.sleep(60)


_STUCK_CHILD = """
import sys, time
from mmr_graph.ingest import build_catalog
from mmr_graph.parallel import graph as pgraph
from mmr_graph.vocab import load_vocabulary
real = pgraph.describe_part
pgraph.describe_part = lambda *a: real(*a) if a[3] == 0 else time.sleep(60)
catalog = build_catalog([sys.argv[1]], curated=False)
print("describing", flush=True)
pgraph.describe_in_two(catalog, load_vocabulary(), own=1)
"""


def _start_stuck_child(tmp_path: Path) -> tuple[subprocess.Popen[str], int]:
    """A process describing a catalog in two, whose child never finishes; and the child's id."""
    path = tmp_path / "list.md"
    path.write_text(CROSSING, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    parent = subprocess.Popen(
        [sys.executable, "-c", _STUCK_CHILD, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, for Ctrl-C
    )
    assert parent.stdout is not None and parent.stdout.readline() == "describing\n"
    children: list[int] = []
    deadline = time.monotonic() + 30
    while not children and parent.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        children = child_pids(parent.pid)
    assert children, "no child was started"
    return parent, children[0]


def _ends(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not running(pid)


def test_the_child_ends_when_the_build_is_killed(tmp_path: Path) -> None:
    parent, child = _start_stuck_child(tmp_path)
    parent.kill()
    parent.communicate()
    assert _ends(child)


def test_ctrl_c_stops_both_with_one_traceback(tmp_path: Path) -> None:
    parent, child = _start_stuck_child(tmp_path)
    os.killpg(parent.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    _, err = parent.communicate(timeout=30)
    assert parent.returncode != 0
    assert err.count("Traceback") == 1 and err.rstrip().endswith("KeyboardInterrupt")
    assert _ends(child)


@pytest.mark.parametrize("failing", ["fork", "memfd_create"])
def test_without_a_second_process_the_build_describes_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def refused(*args: object) -> int:
        raise OSError(12, "Cannot allocate memory")

    catalog = _catalog(tmp_path, CROSSING)
    handler = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(pgraph, "SPLIT_MIN_ENTRIES", 3)
    monkeypatch.setattr(os, failing, refused)
    assert pgraph.describe_in_two(catalog, VOCAB, 1) is None
    assert list(sorted_graph(catalog).chunks()) == list(SortedGraph.of(iter_triples(catalog)).chunks())
    assert signal.getsignal(signal.SIGINT) is handler


def test_ctrl_c_once_the_child_is_reaped_is_ctrl_c(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    waitpid = os.waitpid

    def reaped_then_interrupted(pid: int, options: int) -> tuple[int, int]:
        waitpid(pid, options)
        raise KeyboardInterrupt  # as if Ctrl-C came just after the child was reaped

    handler = signal.getsignal(signal.SIGINT)
    catalog = _catalog(tmp_path, CROSSING)
    monkeypatch.setattr(os, "waitpid", reaped_then_interrupted)
    with pytest.raises(KeyboardInterrupt):  # not a ProcessLookupError from ending a child already gone
        _in_two(catalog, 1)
    assert signal.getsignal(signal.SIGINT) is handler


def test_a_build_in_another_thread_describes_it_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    catalog = _catalog(tmp_path, CROSSING)
    monkeypatch.setattr(pgraph, "SPLIT_MIN_ENTRIES", 3)
    found: list[bool] = []
    thread = threading.Thread(target=lambda: found.append(pgraph.worth_splitting(catalog)))
    thread.start()
    thread.join()
    assert found == [False]
    assert pgraph.worth_splitting(catalog)


@pytest.mark.parametrize("at", [0, 1, 2, 3])
def test_two_parts_put_together_serially_are_the_one_graph(tmp_path: Path, at: int) -> None:
    """The serial core under the shell: parts described one after the other in this process."""
    from mmr_graph.rdf.parts import put_together

    catalog = _catalog(tmp_path, CROSSING)
    graph, members = put_together(
        describe_part(catalog, VOCAB, COUNTED, 0, at), describe_part(catalog, VOCAB, COUNTED, at)
    )
    assert (list(graph.chunks()), members) == _in_one(catalog)


def test_the_label_rule() -> None:
    from mmr_graph.rdf.describe import label_property

    assert label_property('"A"', '"A"', TEXT.SKOS) == PREF
    assert label_property('"A"', '"a"', TEXT.SKOS) == ALT
