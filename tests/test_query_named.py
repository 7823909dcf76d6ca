"""Every named query on the shipped snapshots: its answer equals one computed in Python from the catalog
(not from SPARQL), and rdflib gives the same answer as Oxigraph on the graph read back from Turtle."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from crosscheck import rdflib_graph, run_rdflib, sorted_triples, store_of

from mmr_graph.export.serialize import serialize
from mmr_graph.identity import iris
from mmr_graph.identity.iris import model_iri
from mmr_graph.identity.namespaces import NS_IRI
from mmr_graph.ingest import build_catalog
from mmr_graph.model import Catalog, Entry, LinkKind
from mmr_graph.query import engine
from mmr_graph.query.named import named_queries
from mmr_graph.rdf.graph import iter_triples
from mmr_graph.vocab import load_vocabulary

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
APRIL = LISTS / "awesome-deep-multimodal-reasoning.2025-04-24.md"
MAY = LISTS / "awesome-deep-multimodal-reasoning.2025-05-30.md"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class Graph:
    """A catalog, its triples and an Oxigraph store of them."""

    def __init__(self, paths: list[Path]) -> None:
        self.catalog: Catalog = build_catalog(paths)
        self.triples = sorted_triples(iter_triples(self.catalog))
        self.store = store_of(self.triples)

    def ask(self, name: str, **params: str) -> list[tuple]:
        """The named query's rows as plain Python values (IRIs and literals as strings, numbers as int)."""
        answer = engine.run(self.store, named_queries()[name].bind(params), name)
        return [tuple(_plain(t) for t in row) for row in answer.rows]


def _plain(term):  # type: ignore[no-untyped-def]
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_INTEGER:
        return int(term.value)
    return term.value


@pytest.fixture(scope="module")
def may() -> Graph:
    return Graph([MAY])


@pytest.fixture(scope="module")
def both() -> Graph:
    return Graph([APRIL, MAY])


def entry_iri(entry: Entry) -> str:
    return str(iris.entry_iri(entry.key))


def modalities(entry: Entry) -> tuple[str, ...]:
    """The list's modality tags, else the curated ones (as the graph states them)."""
    if entry.tags.modalities:
        return entry.tags.modalities
    return entry.facts.modalities if entry.facts else ()


def methods(entry: Entry) -> tuple[str, ...]:
    return entry.facts.methods if entry.facts else ()


def links(entry: Entry, *kinds: LinkKind) -> set[str]:
    return {link.iri for link in entry.links if link.kind in kinds and link.iri.startswith("http")}


def narrower(scheme, notation: str) -> set[str]:  # type: ignore[no-untyped-def]
    """``notation`` and every concept under it in the SKOS hierarchy."""
    by_iri = {c.iri: c.notation for c in scheme.concepts.values()}
    found = {notation}
    changed = True
    while changed:
        changed = False
        for concept in scheme.concepts.values():
            if concept.notation not in found and any(by_iri.get(b) in found for b in concept.broader):
                found.add(concept.notation)
                changed = True
    return found


def by_name(rows: list[tuple], name_at: int = 1, iri_at: int = 0) -> list[tuple]:
    return sorted(rows, key=lambda r: (r[name_at].lower(), r[iri_at], *r[2:]))


# --- the research questions, answered in Python ---------------------------------------------------------


def expected_method_on_modality(catalog: Catalog, method: str, modality: str) -> list[tuple]:
    vocab = load_vocabulary()
    wanted_methods = narrower(vocab.methods, method)
    wanted_modalities = narrower(vocab.modalities, modality)
    rows = {
        (entry_iri(e), e.short_name, m, mod)
        for e in catalog.entries
        for m in methods(e)
        if m in wanted_methods
        for mod in modalities(e)
        if mod in wanted_modalities
    }
    return by_name(list(rows))


@pytest.mark.parametrize(
    ("method", "modality"), [("GRPO", "video"), ("grpo", "VIDEO"), ("RL", "visual"), ("DPO", "image")]
)
def test_method_on_modality(may: Graph, method: str, modality: str) -> None:
    rows = may.ask("method-on-modality", method=method, modality=modality)
    assert rows == expected_method_on_modality(may.catalog, method.upper(), modality.lower())


def test_method_on_modality_default_is_grpo_on_video(may: Graph) -> None:
    rows = may.ask("method-on-modality")
    assert rows == expected_method_on_modality(may.catalog, "GRPO", "video")
    assert rows, "the snapshot has GRPO works on video (Video-R1...)"
    assert "Video-R1" in {r[1] for r in rows}


def test_method_on_modality_includes_narrower_methods(may: Graph) -> None:
    """DAPO and Dr. GRPO are skos:narrower than GRPO: their entries count as GRPO entries."""
    vocab = load_vocabulary()
    assert {"DAPO", "DRGRPO"} <= narrower(vocab.methods, "GRPO")
    rows = may.ask("method-on-modality", method="GRPO", modality="visual")
    expected = expected_method_on_modality(may.catalog, "GRPO", "visual")
    assert rows == expected
    assert {r[2] for r in rows} - {"GRPO"}, "some entries use a GRPO variant"


def expected_shared_datasets(catalog: Catalog) -> list[tuple]:
    users: dict[str, dict[str, str]] = defaultdict(dict)
    for e in catalog.entries:
        for iri in links(e, LinkKind.DATASET, LinkKind.COLLECTION):
            users[iri][entry_iri(e)] = e.short_name
    rows = []
    for dataset, entries in users.items():
        if len(entries) > 1:
            label = dataset.split("/datasets/", 1)[-1].split("/collections/", 1)[-1]
            rows += [(dataset, label, len(entries), iri, name) for iri, name in entries.items()]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[4].lower(), r[3]))


def test_shared_datasets(may: Graph, both: Graph) -> None:
    for graph in (may, both):
        assert graph.ask("shared-datasets") == expected_shared_datasets(graph.catalog)


def test_shared_datasets_finds_a_dataset_of_two_entries(tmp_path: Path) -> None:
    md = tmp_path / "shared.md"
    md.write_text(
        "# A list\n\n## Papers\n\n"
        "- Alpha-R1: one [[paper]](https://arxiv.org/abs/2501.00001) "
        "[[data]](https://huggingface.co/datasets/lab/Shared-Bench)\n"
        "- Beta-R1: two [[paper]](https://arxiv.org/abs/2501.00002) "
        "[[data]](https://huggingface.co/datasets/lab/Shared-Bench)\n"
        "- Gamma-R1: three [[paper]](https://arxiv.org/abs/2501.00003) "
        "[[data]](https://huggingface.co/datasets/lab/Own)\n",
        encoding="utf-8",
    )
    graph = Graph([md])
    rows = graph.ask("shared-datasets")
    assert [(r[0], r[2], r[4]) for r in rows] == [
        ("https://huggingface.co/datasets/lab/Shared-Bench", 2, "Alpha-R1"),
        ("https://huggingface.co/datasets/lab/Shared-Bench", 2, "Beta-R1"),
    ]
    assert rows == expected_shared_datasets(graph.catalog)


MATRIX_COLUMNS = ["image", "video", "3d", "visual", "audio", "omni", "text", "code", "tactile", "sensor"]


def test_method_modality_matrix(may: Graph) -> None:
    vocab = load_vocabulary()
    cells: dict[str, Counter[str]] = defaultdict(Counter)
    entries: Counter[str] = Counter()
    for e in may.catalog.entries:
        mods = modalities(e)
        for m in set(methods(e)):
            if mods:
                entries[m] += 1
            for mod in set(mods):
                cells[m][mod] += 1
    expected = sorted(
        (
            (m, vocab.methods.concepts[m].pref_label, n, *(cells[m][c] for c in MATRIX_COLUMNS))
            for m, n in entries.items()
        ),
        key=lambda r: (-r[2], r[0]),
    )
    assert may.ask("method-modality-matrix") == expected
    answer = engine.run(may.store, named_queries()["method-modality-matrix"].text)
    assert answer.variables == (
        "method",
        "label",
        "entries",
        *[c if c != "3d" else "threeD" for c in MATRIX_COLUMNS],
    )


def expected_one_without_other(catalog: Catalog, has: LinkKind, lacks: LinkKind) -> list[tuple]:
    rows = [
        (entry_iri(e), e.short_name, iri, e.facts.kind if e.facts else None)
        for e in catalog.entries
        if not links(e, lacks)
        for iri in links(e, has)
    ]
    return sorted(rows, key=lambda r: (r[1].lower(), r[0], r[2]))


def test_code_without_paper(may: Graph) -> None:
    rows = may.ask("code-without-paper")
    assert rows == expected_one_without_other(may.catalog, LinkKind.CODE, LinkKind.PAPER)
    assert rows


def test_paper_without_code(may: Graph) -> None:
    rows = may.ask("paper-without-code")
    assert rows == expected_one_without_other(may.catalog, LinkKind.PAPER, LinkKind.CODE)
    assert rows


def test_papers_per_month(may: Graph) -> None:
    papers = {
        link.iri: link.arxiv_id
        for e in may.catalog.entries
        for link in e.links
        if link.kind is LinkKind.PAPER and link.arxiv_id
    }
    months = Counter(f"20{aid[:2]}-{aid[2:4]}" for aid in papers.values())
    assert may.ask("papers-per-month") == sorted(months.items())
    assert sum(months.values()) == len(papers) > 100


def test_top_base_models(may: Graph) -> None:
    used: dict[str, set[str]] = defaultdict(set)
    taught: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for e in may.catalog.entries:
        if not e.facts:
            continue
        for name in e.facts.base_models:
            used[str(model_iri(name))].add(e.key)
            names[str(model_iri(name))] = name
        for name in e.facts.distilled_from:
            taught[str(model_iri(name))].add(e.key)
    expected = sorted(
        ((iri, names[iri], len(slugs), len(taught[iri]) or None) for iri, slugs in used.items()),
        key=lambda r: (-r[2], r[1].lower(), r[0]),
    )
    rows = may.ask("top-base-models")
    assert rows == expected
    assert rows[0][1].startswith("Qwen/"), "the most used base models are Qwen's"


def test_entries_per_section(may: Graph) -> None:
    labels: dict[str, str] = {}
    for source in may.catalog.lists:
        for path in source.sections:
            if path:
                labels.setdefault(str(iris.category_iri(source.id, path)), path[-1])
    members: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, str | None] = {}
    for e in may.catalog.entries:
        for occurrence in e.occurrences:  # a section is a section of one list
            for path in filter(None, occurrence.listed_under):
                iri = str(iris.category_iri(occurrence.list_id, path))
                members[iri].add(e.key)
                labels.setdefault(iri, path[-1])
                parent = iris.category_iri(occurrence.list_id, path[:-1]) if len(path) > 1 else None
                parents[iri] = str(parent) if parent else None
    expected = sorted(
        (
            (iri, labels[iri], labels[parents[iri]] if parents[iri] else None, len(slugs))
            for iri, slugs in members.items()
        ),
        key=lambda r: (-r[3], r[0]),
    )
    assert may.ask("entries-per-section") == expected


def resources(entry: Entry) -> set[str]:
    kinds = (LinkKind.PAPER, LinkKind.CODE, LinkKind.DATASET, LinkKind.COLLECTION, LinkKind.MODEL)
    out = links(entry, *kinds)
    if entry.facts:
        out |= {str(model_iri(n)) for n in entry.facts.base_models + entry.facts.distilled_from}
    return out


@pytest.mark.parametrize(
    "argument",
    [
        None,
        "arxiv/2503.21776",
        "Video-R1",
        "video-r1",
        "https://w3id.org/mmr-graph/id/entry/arxiv/2503.21776",
    ],
)
def test_entry_neighbours(may: Graph, argument: str | None) -> None:
    target = next(e for e in may.catalog.entries if e.key == "https://arxiv.org/abs/2503.21776")
    mine = resources(target)
    expected = sorted(
        (
            (entry_iri(target), entry_iri(e), e.short_name, len(mine & resources(e)))
            for e in may.catalog.entries
            if e is not target and mine & resources(e)
        ),
        key=lambda r: (-r[3], r[2].lower(), r[1]),
    )
    rows = may.ask("entry-neighbours", **({"entry": argument} if argument else {}))
    assert rows == expected
    assert len(rows) > 5, "Video-R1 shares its base model with many works"


def test_entry_neighbours_of_an_unknown_entry_is_empty(may: Graph) -> None:
    assert may.ask("entry-neighbours", entry="no-such-entry") == []


def test_added_between_snapshots(may: Graph, both: Graph) -> None:
    assert may.ask("added-between-snapshots") == [], "one snapshot: nothing was added"
    dates = {source.id: source.date.isoformat() for source in both.catalog.lists if source.date}
    first_snapshot = min(dates.values())
    expected = []
    for e in both.catalog.entries:
        listed = {o.list_id for o in e.occurrences}
        first = min(dates[i] for i in listed)
        if first > first_snapshot:
            expected += [
                (str(iris.list_iri(i)), dates[i], entry_iri(e), e.short_name)
                for i in listed
                if dates[i] == first
            ]
    expected.sort(key=lambda r: (r[1], r[3].lower(), r[2]))
    rows = both.ask("added-between-snapshots")
    assert rows == expected
    april = {o.list_id for e in both.catalog.entries for o in e.occurrences if "04-24" in o.list_id}
    assert rows and all("2025-05-30" in r[0] for r in rows) and april
    # an entry of both snapshots is not "added"
    in_both = [e for e in both.catalog.entries if len(e.occurrences) == 2]
    assert in_both and not {entry_iri(e) for e in in_both} & {r[2] for r in rows}


def test_class_counts(may: Graph) -> None:
    members: dict[str, set[str]] = defaultdict(set)
    for t in may.triples:
        if t.predicate.value.endswith("22-rdf-syntax-ns#type") and t.object.value.startswith(NS_IRI):
            members[t.object.value].add(str(t.subject))
    expected = sorted(((cls, len(s)) for cls, s in members.items()), key=lambda r: (-r[1], r[0]))
    rows = may.ask("class-counts")
    assert rows == expected
    assert dict(rows)[NS_IRI + "Entry"] == len(may.catalog.entries)


# --- the same answers on rdflib -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("snapshots", ["may", "both"])
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_rdflib_gives_the_same_answers(request: pytest.FixtureRequest, snapshots: str, name: str) -> None:
    """Users who load the Turtle into another store get what the named queries promise."""
    graph: Graph = request.getfixturevalue(snapshots)
    turtle = rdflib_turtle(graph)
    sparql = named_queries()[name].text
    ours = engine.run(graph.store, sparql, name)
    theirs = run_rdflib(turtle, sparql)
    assert theirs.variables == ours.variables
    assert list(theirs.rows) == list(ours.rows)


_TURTLE_GRAPHS: dict[int, object] = {}


def rdflib_turtle(graph: Graph):  # type: ignore[no-untyped-def]
    """rdflib's graph of the Turtle file ``mmr-graph build`` writes (parsed once per graph)."""
    if id(graph) not in _TURTLE_GRAPHS:
        from rdflib import Graph as RdflibGraph

        parsed = RdflibGraph()
        parsed.parse(data=serialize(graph.triples, "ttl").decode("utf-8"), format="turtle")
        _TURTLE_GRAPHS[id(graph)] = parsed
    return _TURTLE_GRAPHS[id(graph)]


def test_crosscheck_reads_the_same_triples(may: Graph) -> None:
    assert len(rdflib_graph(may.triples)) == len(may.triples)
