"""The extraction benchmark's code on a tiny fixture (its scoring, splits and table), not its figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import extraction as bench  # noqa: E402

from mmr_graph.vocab import load_vocabulary  # noqa: E402

VOCAB = load_vocabulary()

LIST = """# Fixture

## Methods

- Alpha-R1: Video Reasoning with Reinforcement Learning [[paper]](https://arxiv.org/abs/2599.10001) [[code]](https://github.com/alpha/alpha-r1)
- Beta: Outperforming SFT on Charts [[paper]](https://arxiv.org/abs/2599.10002)
- Gamma: A Study of DPO [[paper]](https://arxiv.org/abs/2599.10003)
"""
CURATED = """
- key: https://arxiv.org/abs/2599.10001
  name: Alpha-R1
  kind: method
  methods: [SFT, GRPO]
  evidence: https://arxiv.org/abs/2599.10001
  note: Fixture record.
- key: https://arxiv.org/abs/2599.10002
  name: Beta
  kind: method
  methods: [PPO]
  evidence: https://arxiv.org/abs/2599.10002
  note: Fixture record.
- key: https://arxiv.org/abs/2599.10003
  name: Gamma
  kind: benchmark
  methods: [DPO]
  evidence: https://arxiv.org/abs/2599.10003
  note: Fixture record.
"""
ABSTRACTS = [
    {
        "arxiv_id": "2599.10001",
        "abstract": "We present Alpha-R1, trained with Group Relative Policy Optimization.",
    },
    {"arxiv_id": "2599.10003", "abstract": ""},
]
# what the shipped README excerpts hold for Alpha-R1's repository: its cold start is SFT
README = {"repository": "alpha/alpha-r1", "excerpt": ["Stage 1: a cold start with SFT on 10k traces."]}


@pytest.fixture
def fixture(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    lst, curated, heldout, abstracts = (tmp_path / n for n in ("list.md", "c.yaml", "held.txt", "a.jsonl"))
    lst.write_text(LIST, encoding="utf-8")
    curated.write_text(CURATED, encoding="utf-8")
    heldout.write_text("# held out\nhttps://arxiv.org/abs/2599.10001\n", encoding="utf-8")
    abstracts.write_text("\n".join(json.dumps(a) for a in ABSTRACTS) + "\n", encoding="utf-8")
    return lst, curated, heldout, abstracts


def fixture_args(lst: Path, curated: Path, heldout: Path, abstracts: Path) -> list[str]:
    """The command's arguments for the fixture's files."""
    return [
        "--list",
        str(lst),
        "--curated",
        str(curated),
        "--heldout",
        str(heldout),
        "--abstracts",
        str(abstracts),
    ]


def test_scores_with_broader_concepts_on_both_sides(fixture: tuple[Path, Path, Path, Path]) -> None:
    lst, curated, heldout, abstracts = fixture
    results = bench.run([lst], curated, heldout, bench.read_abstracts([abstracts]), VOCAB)
    held = results["held-out"]["extraction"]
    assert (held.entries, held.with_abstract) == (1, 1)
    # truth SFT, GRPO (=> RL); found RL (title) and GRPO (abstract): SFT missed
    assert (held.methods["GRPO"].tp, held.methods["RL"].tp, held.methods["SFT"].fn) == (1, 1, 1)
    assert (held.micro().tp, held.micro().fp, held.micro().fn) == (2, 0, 1)
    title_only = results["held-out"]["title only"]
    assert (title_only.micro().tp, title_only.micro().fn) == (1, 2)  # RL from the title alone
    training = results["training"]["extraction"]
    assert training.entries == 2
    # Beta: "Outperforming SFT" is a comparison, PPO (=> RL) missed; Gamma: DPO (=> PO) found in the title
    assert "SFT" not in training.methods or training.methods["SFT"].fp == 0
    assert (training.methods["PPO"].fn, training.methods["DPO"].tp, training.methods["PO"].tp) == (1, 1, 1)


def test_closure_follows_broader_concepts() -> None:
    assert bench.closure(["DAPO"], VOCAB.methods) == {"DAPO", "GRPO", "RL"}
    assert bench.closure(["PRM", "unknown"], VOCAB.methods) == {"PRM", "RM"}


def test_the_command_prints_both_splits_side_by_side(
    fixture: tuple[Path, Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    lst, curated, heldout, abstracts = fixture
    args = fixture_args(lst, curated, heldout, abstracts)
    readmes = abstracts.with_name("r.jsonl")
    readmes.write_text(json.dumps(README) + "\n", encoding="utf-8")
    whole = abstracts.with_name("whole.jsonl")  # a whole README reads as its excerpt does
    whole.write_text(
        json.dumps({"repository": README["repository"], "text": "# A\n\n" + README["excerpt"][0]}) + "\n"
    )
    assert bench.main([*args, "--readmes"]) == 0
    out = capsys.readouterr().out
    assert "### held-out split: 1 entries, 1 with an abstract, 0 with a README" in out
    assert "### training split: 2 entries" in out
    header = (
        "| method | extraction P | extraction R | no README P | no README R | title only P | title only R |"
    )
    assert header in out
    micro = "| **micro (GRPO, PPO, DPO, SFT, RL, DISTILL, RM)** |"
    assert f"{micro} 1.00 | 0.67 | 1.00 | 0.67 | 1.00 | 0.33 | 3 |" in out
    # with the README, Alpha-R1's SFT is found too: recall 3 of 3 held-out facts
    assert bench.main([*args, "--readmes", str(readmes)]) == 0
    out = capsys.readouterr().out
    assert "### held-out split: 1 entries, 1 with an abstract, 1 with a README" in out
    assert f"{micro} 1.00 | 1.00 | 1.00 | 0.67 | 1.00 | 0.33 | 3 |" in out
    assert bench.main([*args, "--readmes", str(whole)]) == 0
    assert f"{micro} 1.00 | 1.00 | 1.00 | 0.67 | 1.00 | 0.33 | 3 |" in capsys.readouterr().out


def test_the_shipped_split_is_a_third_of_the_curated_entries() -> None:
    from mmr_graph.ingest.curated import load_records
    from mmr_graph.resources import resource

    keys = bench.read_keys(bench.HELDOUT)
    records = load_records(Path(resource("curated.yaml")), VOCAB)
    assert len(keys) == len(set(keys)) == len(records) // 3
    assert set(keys) <= set(records)


def test_the_command_reads_an_enrich_cache_as_a_build_does(
    fixture: tuple[Path, Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import httpx
    from tests.github_server import Repository, readme_answer

    from mmr_graph.enrich import github
    from mmr_graph.web import Reply, ResponseCache

    lst, curated, heldout, abstracts = fixture
    repo = Repository("alpha", "alpha-r1")
    text = b"# Alpha-R1\n\nStage 1: a cold start with SFT on 10k traces. Stage 2: GRPO.\n"
    body = json.dumps(
        readme_answer(repo, repo.add({"README.md": text}, "2025-06-01T12:00:00Z"), "https://gh.test")
    )
    url = github.readme_url("https://gh.test", "alpha/alpha-r1")
    headers = httpx.Headers({"Content-Type": "application/json"})
    cache = tmp_path / "cache"
    ResponseCache(cache).save(
        url, Reply(url, 200, headers, body.encode(), fetched_at="2026-12-01T00:00:00+00:00")
    )
    args = fixture_args(lst, curated, heldout, abstracts)
    micro = "| **micro (GRPO, PPO, DPO, SFT, RL, DISTILL, RM)** |"
    assert bench.main([*args, "--readmes", "--cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "### held-out split: 1 entries, 1 with an abstract, 1 with a README" in out
    assert f"{micro} 1.00 | 1.00 | 1.00 | 0.67 | 1.00 | 0.33 | 3 |" in out  # the cached README's SFT is read
    assert bench.main([*args, "--readmes", "--cache", str(tmp_path / "empty")]) == 0
    assert "1 with an abstract, 0 with a README" in capsys.readouterr().out


def test_the_cache_s_hugging_face_tags_are_read_as_a_build_reads_them(tmp_path: Path) -> None:
    import httpx

    from mmr_graph.enrich import huggingface
    from mmr_graph.web import Reply, ResponseCache

    lst, curated, heldout = tmp_path / "l.md", tmp_path / "c.yaml", tmp_path / "h.txt"
    lst.write_text(
        "# L\n\n## Methods\n\n- Zeta: Geometry Reasoning [[paper]](https://arxiv.org/abs/2599.10009) "
        "[[model]](https://huggingface.co/Example-Lab/Vision-Zeta-3B)\n",
        encoding="utf-8",
    )
    curated.write_text(
        "- key: https://arxiv.org/abs/2599.10009\n  name: Zeta\n  kind: method\n  methods: [GRPO]\n"
        "  evidence: https://arxiv.org/abs/2599.10009\n  note: Fixture record.\n",
        encoding="utf-8",
    )
    heldout.write_text("https://arxiv.org/abs/2599.10009\n", encoding="utf-8")
    body = (ROOT / "tests" / "fixtures" / "enrich" / "hub_model_trl.json").read_bytes()
    url = huggingface.hub_url("https://hf.test", "model", "Example-Lab/Vision-Zeta-3B")
    headers = httpx.Headers({"Content-Type": "application/json"})
    ResponseCache(tmp_path / "cache").save(
        url, Reply(url, 200, headers, body, fetched_at="2026-12-01T00:00:00+00:00")
    )
    abstracts, readmes, models = bench.from_cache(tmp_path / "cache", [lst], VOCAB)
    assert (abstracts, readmes) == ({}, {})
    assert list(models) == ["https://huggingface.co/Example-Lab/Vision-Zeta-3B"]
    reports = bench.run([lst], curated, heldout, {}, VOCAB, {}, models)["held-out"]
    assert (reports["extraction"].micro().tp, reports["no README"].micro().tp) == (2, 0)  # GRPO and RL


@pytest.mark.parametrize(
    ("fetched_at", "read"), [("2020-01-01T00:00:00+00:00", False), ("2099-01-01T00:00:00+00:00", True)]
)
def test_a_cached_readme_older_than_the_shipped_one_is_not_read_as_a_build_would_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fetched_at: str, read: bool
) -> None:
    """Regression: with the shipped files, ``--cache`` let every cached README win over the shipped one,
    where ``build --cache`` keeps the newer record of each: a cache older than the shipped READMEs was
    scored, not what an enriched build reads."""
    import httpx
    from tests.github_server import Repository, readme_answer

    from mmr_graph.enrich import github
    from mmr_graph.web import Reply, ResponseCache

    shipped = json.loads(bench.READMES.read_text(encoding="utf-8").splitlines()[0])
    owner, name = shipped["repository"].split("/")
    assert "DPO" not in " ".join(shipped["excerpt"])  # what the build reads of it says nothing of DPO
    lst, curated, heldout = (tmp_path / n for n in ("list.md", "c.yaml", "held.txt"))
    lst.write_text(
        f"# Fixture\n\n## Methods\n\n- Delta: A Tool [[code]](https://github.com/{owner}/{name})\n",
        encoding="utf-8",
    )
    curated.write_text(
        f"- key: https://github.com/{owner}/{name}\n  name: Delta\n  kind: method\n  methods: [GRPO]\n"
        f"  evidence: https://github.com/{owner}/{name}\n  note: Fixture record.\n",
        encoding="utf-8",
    )
    heldout.write_text(f"https://github.com/{owner}/{name}\n", encoding="utf-8")
    repo = Repository(owner, name)
    text = b"# Delta\n\nWe train Delta with DPO on preference pairs.\n"
    body = json.dumps(
        readme_answer(repo, repo.add({"README.md": text}, "2019-06-01T12:00:00Z"), "https://gh.test")
    )
    url = github.readme_url("https://gh.test", f"{owner}/{name}")
    cache = tmp_path / "cache"
    headers = httpx.Headers({"Content-Type": "application/json"})
    ResponseCache(cache).save(url, Reply(url, 200, headers, body.encode(), fetched_at=fetched_at))
    args = ["--list", str(lst), "--curated", str(curated), "--heldout", str(heldout), "--cache", str(cache)]
    assert bench.main(args) == 0
    out = capsys.readouterr().out
    assert "1 entries, 0 with an abstract, 1 with a README" in out
    assert ("| DPO | 0.00 |" in out) is read  # the newer of the two READMEs is read, as a build reads it


def test_a_cache_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        bench.main(["--cache", str(tmp_path / "cache")])
    assert exit_.value.code == 2 and "not a folder" in capsys.readouterr().err


def test_the_intervals_are_seeded_and_hold_the_figure() -> None:
    scores = [bench.Score(tp=2, fp=1, fn=1), bench.Score(tp=1, fn=2), bench.Score(tp=3), bench.Score(fp=1)]
    ci = bench.interval(scores)
    assert ci is not None and ci == bench.interval(scores)  # the same every run
    (p_low, p_high), (r_low, r_high) = ci
    assert p_low <= 6 / 8 <= p_high and r_low <= 6 / 9 <= r_high
    assert bench.interval([]) is None
    assert bench.interval([bench.Score(tp=1)] * 5) == ((1.0, 1.0), (1.0, 1.0))
