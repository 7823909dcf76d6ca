"""SHACL validation: built graphs conform, every shape catches the graph it is written against."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from conftest import FIXTURES, SNAPSHOTS
from mmr_graph.check.shacl import SHAPES_NS, Report, load_shapes, validate_graph
from mmr_graph.cli import main
from mmr_graph.errors import InputError
from mmr_graph.export.files import write_graph
from mmr_graph.identity.namespaces import NS_IRI
from mmr_graph.ingest import build_catalog
from mmr_graph.loader import load_graph
from mmr_graph.rdf.graph import iter_triples, to_graph
from mmr_graph.vocab import load_vocabulary

PREFIXES = """
@prefix mmr: <https://w3id.org/mmr-graph/ns#> .
@prefix entry: <https://w3id.org/mmr-graph/id/entry/> .
@prefix list: <https://w3id.org/mmr-graph/id/list/> .
@prefix kind: <https://w3id.org/mmr-graph/id/kind/> .
@prefix method: <https://w3id.org/mmr-graph/id/method/> .
@prefix lk: <https://w3id.org/mmr-graph/id/link-kind/> .
@prefix role: <https://w3id.org/mmr-graph/id/dataset-role/> .
@prefix src: <https://w3id.org/mmr-graph/id/fact-source/> .
@prefix venue: <https://w3id.org/mmr-graph/id/venue/> .
@prefix tag: <https://w3id.org/mmr-graph/id/tag/> .
@prefix category: <https://w3id.org/mmr-graph/id/category/> .
@prefix graph: <https://w3id.org/mmr-graph/id/graph/> .
@prefix modality: <https://w3id.org/mmr-graph/id/modality/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix void: <http://rdfs.org/ns/void#> .
"""
# A small valid entry the broken graphs below can point at.
ENTRY = """
<https://w3id.org/mmr-graph/id/entry/arxiv/2504.07954> a mmr:Entry ; dcterms:title "Perception-R1: a title" ;
    rdfs:label "Perception-R1" ; mmr:shortName "Perception-R1" ;
    mmr:occurrence <https://w3id.org/mmr-graph/id/entry/arxiv/2504.07954/in/l> ; prov:wasDerivedFrom list:l .
<https://w3id.org/mmr-graph/id/entry/arxiv/2504.07954/in/l> a mmr:Occurrence ; mmr:inList list:l ;
    mmr:line "3"^^xsd:positiveInteger ; mmr:sectionPath "Papers" .
list:l a mmr:AwesomeList ; rdfs:label "a list" .
"""
E = "<https://w3id.org/mmr-graph/id/entry/arxiv/2504.07954>"
ENTRY_IRI = "https://w3id.org/mmr-graph/id/entry/arxiv/2504.07954"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _validate(turtle: str, shapes: Graph) -> Report:
    graph = Graph()
    graph.parse(data=PREFIXES + ENTRY + turtle, format="turtle")
    return validate_graph(graph, shapes)


def test_the_valid_entry_used_below_conforms(shapes: Graph) -> None:
    report = _validate("", shapes)
    assert report.conforms, [str(r) for r in report.results]


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_built_snapshot_conforms(snapshot: Path, shapes: Graph) -> None:
    report = validate_graph(to_graph(build_catalog([snapshot])), shapes)
    assert report.conforms, "\n".join(f"{r.focus} {r}" for r in report.violations[:20])
    assert report.triples > 5000
    assert report.seconds < 10  # measured about 1 s for the 13k-triple default graph


def test_both_snapshots_merged_and_the_kitchen_sink_conform(shapes: Graph) -> None:
    for paths in (SNAPSHOTS, [FIXTURES / "kitchen_sink.md"]):
        report = validate_graph(to_graph(build_catalog(paths)), shapes)
        assert report.conforms, "\n".join(f"{r.focus} {r}" for r in report.violations[:20])


# (shape, broken graph, constraint component reported, path reported or None for the node itself)
CASES = [
    ("EntryShape", "<https://w3id.org/mmr-graph/id/entry/Bad_Slug> a mmr:Entry .", "Pattern", None),
    ("EntryShape", f"{E} dcterms:title 'another title' .", "MaxCount", "dcterms:title"),
    ("EntryShape", f"{E} mmr:paper <https://arxiv.org/abs/2504.07954> .", "Class", "mmr:paper"),
    ("EntryShape", f"{E} mmr:kind kind:method, kind:survey .", "MaxCount", "mmr:kind"),
    ("EntryShape", f"{E} mmr:usesMethod <https://example.org/grpo> .", "Class", "mmr:usesMethod"),
    ("OccurrenceShape", f"<{ENTRY_IRI}/in/l> mmr:line 'three' .", "Datatype", "mmr:line"),
    ("OccurrenceShape", f"<{ENTRY_IRI}/in/x> a mmr:Occurrence ; mmr:line 1 .", "MinCount", "mmr:inList"),
    ("OccurrenceShape", f"<{ENTRY_IRI}/in/l> dcterms:title 'a', 'b' .", "MaxCount", "dcterms:title"),
    (
        "OccurrenceShape",
        f"<{ENTRY_IRI}/in/l> mmr:listedLink <https://example.org/x> .",
        "Class",
        "mmr:listedLink",
    ),
    (
        "OccurrenceShape",
        f"<{ENTRY_IRI}/in/l> mmr:listedUnder mmr:CategoryScheme .",
        "Class",
        "mmr:listedUnder",
    ),
    ("OccurrenceShape", f"<{ENTRY_IRI}/in/l> mmr:listedTag 'video' .", "NodeKind", "mmr:listedTag"),
    (
        "LinkShape",
        f"""{E} mmr:link <{ENTRY_IRI}/link/1> . <{ENTRY_IRI}/link/1> a mmr:Link ; rdfs:label "x" ;
        mmr:url "javascript:alert(1)"^^xsd:anyURI ; mmr:position "1"^^xsd:positiveInteger ;
        dcat:hadRole lk:other .""",
        "Pattern",
        "mmr:url",
    ),
    ("LinkShape", f"<{ENTRY_IRI}/link/2> a mmr:Link ; rdfs:label 'orphan' .", "MinCount", "^mmr:link"),
    ("AwesomeListShape", "list:unnamed a mmr:AwesomeList .", "MinCount", "rdfs:label"),
    ("PaperShape", "<https://example.org/p.pdf> a mmr:Paper .", "MinCount", "^mmr:paper"),
    (
        "PaperShape",
        f"{E} mmr:paper <https://example.org/p.pdf> . <https://example.org/p.pdf> a mmr:Paper ; "
        "bibo:doi 'not a doi' .",
        "Pattern",
        "bibo:doi",
    ),
    (
        "ArxivPaperShape",
        f"{E} mmr:paper <https://arxiv.org/pdf/2504.07954> . <https://arxiv.org/pdf/2504.07954> "
        "a mmr:Paper ; mmr:arxivId '2504.07954' ; bibo:doi '10.48550/arXiv.2504.07954' ; "
        "dcterms:dateSubmitted '2025-04'^^xsd:gYearMonth .",
        "Pattern",
        None,
    ),
    (
        "ArxivPaperShape",
        f"{E} mmr:paper <https://arxiv.org/abs/2504.07954v2> . <https://arxiv.org/abs/2504.07954v2> "
        "a mmr:Paper ; mmr:arxivId '2504.07954v2' .",
        "Pattern",
        "mmr:arxivId",
    ),
    (
        "ArxivIriShape",
        f"{E} mmr:paper <https://arxiv.org/abs/2504.07954> . <https://arxiv.org/abs/2504.07954> "
        "a mmr:Paper ; mmr:arxivId '2504.07955' ; bibo:doi '10.48550/arXiv.2504.07955' ; "
        "dcterms:dateSubmitted '2025-04'^^xsd:gYearMonth .",
        "SPARQL",
        None,
    ),
    (
        "CodeRepositoryShape",
        f"{E} mmr:code <https://github.com/o/r/tree/main> . <https://github.com/o/r/tree/main> "
        "a mmr:CodeRepository ; rdfs:label 'o/r' ; schema:codeRepository <https://github.com/o/r> .",
        "Pattern",
        None,
    ),
    (
        "DatasetShape",
        f"{E} mmr:dataset <https://huggingface.co/o/model> . <https://huggingface.co/o/model> "
        "a mmr:Dataset ; rdfs:label 'x' ; dcat:landingPage <https://huggingface.co/o/model> .",
        "Pattern",
        None,
    ),
    (
        "DataCollectionShape",
        f"{E} mmr:dataCollection <https://huggingface.co/collections/o/c> . "
        "<https://huggingface.co/collections/o/c> a mmr:DataCollection ; rdfs:label 'c' .",
        "MinCount",
        "dcat:landingPage",
    ),
    ("ModelShape", "<https://example.org/my-model> a mmr:Model ; rdfs:label 'm' .", "Pattern", None),
    ("ModelShape", "<https://huggingface.co/o/m> a mmr:Model .", "MinCount", "rdfs:label"),
    (
        "WebPageShape",
        f"{E} mmr:page <https://example.org/> . <https://example.org/> a mmr:WebPage .",
        "MinCount",
        "schema:url",
    ),
    ("ConceptSchemeShape", "mmr:TagScheme a skos:ConceptScheme .", "MinCount", "skos:prefLabel"),
    ("ConceptShape", "tag:x a skos:Concept ; skos:prefLabel 'a', 'b' .", "MaxCount", "skos:prefLabel"),
    (
        "CategoryShape",
        "category:l\\/papers a mmr:Category, skos:Concept ; skos:prefLabel 'Papers' ; "
        "skos:notation 'papers' ; skos:inScheme mmr:CategoryScheme, category:l . "
        "category:l a skos:ConceptScheme ; skos:prefLabel 'Sections of a list' ; dcterms:isPartOf list:l .",
        "Xone",
        None,
    ),
    (
        "CategoryShape",
        "category:papers a mmr:Category, skos:Concept ; skos:prefLabel 'Papers' ; skos:notation 'papers' ; "
        "skos:inScheme mmr:CategoryScheme ; skos:topConceptOf mmr:CategoryScheme .",
        "Pattern",  # a section that belongs to no list
        None,
    ),
    (
        "ModalityShape",
        "<https://w3id.org/mmr-graph/id/modality/Image!> a mmr:Modality, skos:Concept ; "
        "skos:prefLabel 'Image'@en ; skos:notation 'image' ; skos:inScheme mmr:ModalityScheme .",
        "Pattern",
        None,
    ),
    (
        "MethodShape",
        "method:GRPO a mmr:Method, skos:Concept ; skos:prefLabel 'GRPO'@en ; skos:notation 'GRPO' ; "
        "skos:inScheme mmr:MethodScheme ; mmr:introducedBy <https://example.org/paper> .",
        "Pattern",
        "mmr:introducedBy",
    ),
    (
        "WorkKindShape",
        "kind:method a mmr:WorkKind, skos:Concept ; skos:prefLabel 'Method'@en ; "
        "skos:notation 'method' ; skos:inScheme mmr:MethodScheme .",
        "HasValue",
        "skos:inScheme",
    ),
    (
        "LinkKindShape",
        "lk:paper a mmr:LinkKind, skos:Concept ; skos:prefLabel 'paper'@en ; "
        "skos:inScheme mmr:LinkKindScheme .",
        "MinCount",
        "skos:notation",
    ),
    (
        "DatasetRoleShape",
        "role:training a mmr:DatasetRole, skos:Concept ; skos:notation 'training' ; "
        "skos:inScheme mmr:DatasetRoleScheme .",
        "MinCount",
        "skos:prefLabel",
    ),
    (
        "FactSourceShape",
        "src:by_hand a mmr:FactSource, skos:Concept ; skos:prefLabel 'x'@en ; "
        "skos:notation 'x' ; skos:inScheme mmr:FactSourceScheme .",
        "Pattern",
        None,
    ),
    (
        "VenueSeriesShape",
        "venue:CVPR a mmr:VenueSeries, skos:Concept ; skos:inScheme mmr:VenueScheme .",
        "MinCount",
        "skos:notation",
    ),
    (
        "VenueEditionShape",
        "venue:CVPR-2025 a mmr:VenueEdition ; rdfs:label 'CVPR 2025' ; "
        "dcterms:isPartOf venue:CVPR ; mmr:year 2025 .",
        "Datatype",
        "mmr:year",
    ),
    (
        "TagShape",
        "tag:x a mmr:Tag, skos:Concept ; skos:prefLabel 'X', 'x' ; skos:inScheme mmr:TagScheme .",
        "MaxCount",
        "skos:prefLabel",
    ),
    (
        "AssertionShape",
        f"""{E} mmr:kind kind:method ; mmr:assertion <{ENTRY_IRI}/assertion/kind/method> .
        <{ENTRY_IRI}/assertion/kind/method> a mmr:Assertion ; mmr:assertedProperty mmr:kind ;
        mmr:assertedValue kind:method ; mmr:factSource src:curated .""",
        "Or",
        None,
    ),
    (
        "AssertionShape",
        f"""{E} rdfs:seeAlso kind:method ; mmr:assertion <{ENTRY_IRI}/assertion/seeAlso/method> .
        <{ENTRY_IRI}/assertion/seeAlso/method> a mmr:Assertion ; mmr:assertedProperty rdfs:seeAlso ;
        mmr:assertedValue kind:method ; mmr:factSource src:extracted-title .""",
        "In",
        "mmr:assertedProperty",
    ),
    (
        "AssertionTripleShape",
        f"""{E} mmr:assertion <{ENTRY_IRI}/assertion/usesMethod/grpo> .
        <{ENTRY_IRI}/assertion/usesMethod/grpo> a mmr:Assertion ; mmr:assertedProperty mmr:usesMethod ;
        mmr:assertedValue method:GRPO ; mmr:factSource src:extracted-title .""",
        "SPARQL",
        None,
    ),
    (
        "GraphDescriptionShape",
        "graph:l a void:Dataset, dcat:Dataset ; dcterms:title 't' ; "
        "dcterms:license <https://creativecommons.org/licenses/by/4.0/> ; void:entities 3 ; "
        "prov:wasDerivedFrom list:l .",
        "MinCount",
        "void:triples",
    ),
    (
        "ClassPartitionShape",
        "graph:l a void:Dataset, dcat:Dataset ; dcterms:title 't' ; "
        "dcterms:license <https://creativecommons.org/licenses/by/4.0/> ; void:entities 3 ; void:triples 9 ; "
        "prov:wasDerivedFrom list:l ; void:classPartition <https://w3id.org/mmr-graph/id/graph/l/class/Entry> . "
        "<https://w3id.org/mmr-graph/id/graph/l/class/Entry> void:entities 1 .",
        "Node",
        "void:classPartition",
    ),
    ("EntryDomainShape", f"<{ENTRY_IRI}/in/l> mmr:shortName 'x' .", "Class", None),
    ("OccurrenceDomainShape", f"{E} mmr:line 3 .", "Class", None),
    (
        "OccurrenceDomainShape",
        f"{E} mmr:listedTag <https://w3id.org/mmr-graph/id/modality/video> .",
        "Class",
        None,
    ),
    ("LinkDomainShape", f"{E} mmr:url 'https://example.org'^^xsd:anyURI .", "Class", None),
    ("AssertionDomainShape", f"{E} mmr:evidence <https://arxiv.org/abs/2504.07954> .", "Class", None),
    ("PaperDomainShape", "<https://github.com/o/r> mmr:arxivId '2504.07954' .", "Class", None),
    ("VenueEditionDomainShape", f"{E} mmr:year '2025'^^xsd:gYear .", "Class", None),
    ("MethodDomainShape", f"{E} mmr:introducedBy <https://arxiv.org/abs/2402.03300> .", "Class", None),
    ("AwesomeListDomainShape", f"{E} mmr:relatedCollection list:l .", "Class", None),
    ("SnapshotShape", "<https://w3id.org/mmr-graph/id/snapshot/l/abc> a mmr:Snapshot .", "Pattern", None),
    ("EntryHistoryShape", f"{E} mmr:firstSeenIn <https://example.org/x> .", "Class", "mmr:firstSeenIn"),
    (
        "EntryHistoryShape",
        f"{E} mmr:lastSeen '2025-01-01'^^xsd:date, '2025-02-01'^^xsd:date .",
        "MaxCount",
        "mmr:lastSeen",
    ),
    ("SnapshotDomainShape", f"{E} mmr:commit 'abc' .", "Class", None),
    (
        "EnrichedPaperShape",
        "<https://arxiv.org/abs/2504.07954> dcterms:issued '2025-04' .",
        "Datatype",
        "dcterms:issued",
    ),
    ("EnrichedPaperShape", f"{E} schema:author <https://w3id.org/mmr-graph/id/person/x> .", "Class", None),
    ("PersonShape", "<https://w3id.org/mmr-graph/id/person/x> a schema:Person .", "MinCount", "schema:name"),
    ("EnrichedRepositoryShape", f"{E} mmr:stars 3 .", "Class", None),
    ("HubCountsShape", "<https://github.com/o/r> mmr:downloads 3 .", "Or", None),
    ("LicenceShape", f"{E} schema:license 'mit' .", "Or", None),
    (
        "MetadataOriginShape",
        "<https://w3id.org/mmr-graph/id/graph/g> dcterms:source <https://w3id.org/mmr-graph/id/metadata/x> ."
        " <https://w3id.org/mmr-graph/id/metadata/x> dcterms:created '2025-01-01' .",
        "Or",
        "dcterms:created",
    ),
    (
        "ModalityRangeShape",
        "<https://huggingface.co/datasets/o/d> mmr:modality modality:smell .",
        "Class",
        None,
    ),
]
# Shapes whose results are reported under the node shape that uses them (sh:node).
REPORTED_AS = {"ClassPartitionShape": "GraphDescriptionShape"}


@pytest.mark.parametrize(
    ("shape", "turtle", "component", "path"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_each_shape_catches_a_broken_graph(
    shape: str, turtle: str, component: str, path: str | None, shapes: Graph
) -> None:
    report = _validate(turtle, shapes)
    assert not report.conforms
    reported = f"mmrsh:{REPORTED_AS.get(shape, shape)}"
    found = [(r.shape, r.component, r.path) for r in report.violations]
    assert (reported, component, path) in found, found


def test_every_shape_has_a_negative_case(shapes: Graph) -> None:
    declared = {str(s)[len(SHAPES_NS) :] for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert declared == {case[0] for case in CASES}


def test_every_class_of_the_ontology_has_a_shape(ontology: Graph, shapes: Graph) -> None:
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(NS_IRI)}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes - targeted == set()


def test_every_domain_and_range_of_the_ontology_is_checked(ontology: Graph, shapes: Graph) -> None:
    """A property with an rdfs:domain is checked on its subjects, one with an mmr: range on its values."""
    domain_checked = {
        (p, cls)
        for shape in shapes.subjects(SH["class"], None)
        for cls in shapes.objects(shape, SH["class"])
        for p in shapes.objects(shape, SH.targetSubjectsOf)
    }
    range_checked = set()
    for shape in set(shapes.subjects(SH.targetClass, None)):
        for prop in shapes.objects(shape, SH.property):
            path, cls = shapes.value(prop, SH.path), shapes.value(prop, SH["class"])
            if cls is not None:
                range_checked.add((path, cls))
    for shape in shapes.subjects(SH.targetObjectsOf, None):
        for p in shapes.objects(shape, SH.targetObjectsOf):
            range_checked.update((p, c) for c in shapes.objects(shape, SH["class"]))
    for prop in ontology.subjects(RDFS.domain, None):
        domain = ontology.value(prop, RDFS.domain)
        assert (prop, domain) in domain_checked, f"domain of {prop} is not checked"
    for prop, rng in ontology.subject_objects(RDFS.range):
        if (
            isinstance(rng, URIRef)
            and str(rng).startswith(NS_IRI)
            and prop != URIRef(NS_IRI + "introducedBy")
        ):
            assert (prop, rng) in range_checked, f"range of {prop} is not checked"


def test_cli_prints_focus_path_and_message_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(PREFIXES + ENTRY + f"{E} dcterms:title 'second title' .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "1 violations on 1 nodes" in lines[0]
    assert lines[1].strip() == E
    assert lines[2].strip().startswith("dcterms:title: an entry has exactly one non-empty title")
    assert "[MaxCount, mmrsh:EntryShape]" in lines[2]


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_cli_validates_each_written_format(fmt: str, tmp_path: Path) -> None:
    catalog = build_catalog([FIXTURES / "kitchen_sink.md"])
    files = write_graph(iter_triples(catalog), tmp_path, [fmt])
    result = CliRunner().invoke(main, ["validate", str(files[fmt])])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_cli_without_file_validates_the_default_graph() -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "built in memory): conforms" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("graph.txt", b"", "unknown RDF file extension"),
        ("missing.ttl", None, "no such file"),
        ("bad.ttl", b"<a> <b> <c d> .", "not valid Turtle"),
        ("bad.jsonld", b"{not json", "not valid JSON-LD"),
        ("remote.jsonld", b'{"@context": "https://example.org/ctx.jsonld", "@id": "x"}', "not valid JSON-LD"),
    ],
)
def test_unreadable_files_are_one_line_errors(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_graph(path)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


VOCAB = load_vocabulary()
fragments = st.sampled_from(
    ["- ", "* ", "## ", "### ", "#### ", "**[Image]** ", "**[CVPR 2025]** ", "**[Foo Bar]** ", "**[foo-bar]** ",
     "**[&Reasoning]** ", "**[Training]** ", "[[paper]](https://arxiv.org/abs/2504.07954) ",
     "[[code]](https://github.com/a/b) ", "[x](https://huggingface.co/datasets/o/d) ",
     "[y](https://huggingface.co/o/m) ", "[p](https://example.org/a b) ", "[c](https://huggingface.co/collections/o/c) ",
     "[r](https://openreview.net/forum?id=abc) ", "[s](#section) ", "GRPO ", "Vision-R1: ", "数据集 ", "模型 ",
     "Related ", "\n", "\n\n"]
)  # fmt: skip
markdown = st.lists(st.one_of(fragments, st.text(alphabet="abcXYZ 12-:[]()", max_size=8)), max_size=40).map(
    "".join
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=markdown)
def test_any_list_builds_a_conforming_graph(tmp_path: Path, text: str, shapes: Graph) -> None:
    path = tmp_path / "list.md"
    path.write_text(text, encoding="utf-8")
    try:
        catalog = build_catalog([path], VOCAB, curated=False)
    except InputError:
        return
    report = validate_graph(to_graph(catalog, VOCAB), shapes)
    assert report.conforms, "\n".join(f"{r.focus} {r}" for r in report.violations[:10])
