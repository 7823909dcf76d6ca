"""Synthetic awesome-lists with the shape of the real one, at any size, deterministic for a seed.

The shape follows ``data/lists/awesome-deep-multimodal-reasoning.2025-05-30.md``: a title, an intro with a
block quote (whose bullets are not entries), a few top-level sections and a "Papers/Projects" section with
sub-sections (more of them as the list grows), items with bold ``[Modality]`` / ``[Venue 2025]`` /
``[&Reasoning]`` tags, titles with a short name, and 1-6 links each: arXiv (abs, pdf, versioned), OpenReview,
GitHub (sometimes ``/tree/main/...``), Hugging Face datasets, collections and models, ModelScope, project
pages and videos. Repositories and datasets are shared between entries (popular frameworks and benchmarks),
about 1% of works are listed twice (in two sections), and the last sections hold datasets, infrastructure,
related collections and a star-history badge.

Use it from Python (``generate_list(10_000)`` returns the markdown text; ``write_list(path, n)``) or from the
command line::

    python benchmarks/synthetic.py 10000 > /tmp/list-10k.md
    python benchmarks/synthetic.py 100000 --seed 3 -o /tmp/list-100k.md

Other benchmarks import it as ``from synthetic import generate_list`` (run as scripts from ``benchmarks/``)
or ``from benchmarks.synthetic import generate_list`` (from the repository root).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

SUBSECTIONS = [
    "Visual Understanding",
    "Visual Reasoning",
    "Robotics/Spatial",
    "Medical",
    "Remote Sensing",
    "Audio",
    "Driving",
    "GUI",
    "Other Modalities",
    "Generation",
    "Benchmarks",
]
# relative share of entries per sub-section (the real list is dominated by the first two)
_WEIGHTS = [30, 40, 10, 10, 2, 5, 5, 3, 1, 12, 14]
MODALITY_TAGS = ["Image", "Image", "Image", "Video", "Video", "Omni", "3D Object", "Audio", "Code", "Traffic"]
VENUE_TAGS = ["CVPR 2025", "ICLR 2025", "ICML 2025", "NeurIPS 2024", "WWW 2025", "ACL 2025", "MIDL 2025"]
SECONDARY_TAGS = ["&Reasoning", "&Visual", "&Generation"]
_NAME_HEADS = ["Vision", "Video", "Med", "Geo", "Omni", "Seg", "Point", "Pixel", "Chart", "Math", "Spatial",
               "Audio", "GUI", "Drive", "Robo", "Think", "Reason", "Look", "Ground", "Plan", "Scene", "Act"]  # fmt: skip
_NAME_TAILS = ["-R1", "-o1", "-Zero", "-RL", "-CoT", "Reasoner", "-Thinker", "-PRM", "", "-VL", "Bench", "-X"]
_VERBS = ["Incentivizing", "Boosting", "Rethinking", "Unleashing", "Towards", "Scaling", "Exploring",
          "Improving", "Empowering", "Teaching", "Learning", "Aligning"]  # fmt: skip
_OBJECTS = ["Multimodal Reasoning", "Visual Perception", "Long Video Understanding", "Spatial Reasoning",
            "Mathematical Reasoning", "Visual Grounding", "Chart Understanding", "Medical VQA",
            "Image Generation", "Audio Question Answering", "GUI Agents", "Embodied Planning"]  # fmt: skip
_MODELS = ["Vision-Language Models", "MLLMs", "Large Multimodal Models", "LVLMs", "Video-LLMs"]
_HOWS = ["via Reinforcement Learning", "with GRPO", "via Group Relative Policy Optimization",
         "with Supervised Fine-Tuning and RL", "via Direct Preference Optimization", "with Chain-of-Thought",
         "via Distillation", "with Process Reward Models", "via Curriculum Reinforcement Learning",
         "with Test-Time Scaling", "via Monte Carlo Tree Search", "with Verifiable Rewards", ""]  # fmt: skip
_CJK = ["多模态推理数据集", "蒸馏验证集", "视觉问答", "满血版R1蒸馏"]


@dataclass
class _Work:
    """One synthetic work: its tags, title and links, already in markdown."""

    tags: list[str]
    title: str
    links: list[str]
    sections: list[int] = field(default_factory=list)

    def line(self) -> str:
        bold = "".join(f"**[{tag}]** " for tag in self.tags)
        return f"- {bold}{self.title} {' '.join(self.links)}".rstrip()


class _Generator:
    def __init__(self, entries: int, seed: int) -> None:
        self.n = entries
        self.rng = random.Random(seed)
        # shared pools: popular repositories (frameworks) and benchmark datasets used by several entries
        self.shared_repos = [f"https://github.com/{self._owner(i)}/{self._name(i)}-Framework"
                             for i in range(max(10, entries // 50))]  # fmt: skip
        self.shared_datasets = [f"https://huggingface.co/datasets/{self._owner(i)}/{self._name(i)}-Bench"
                                for i in range(max(10, entries // 20))]  # fmt: skip

    def _owner(self, i: int) -> str:
        return f"{_NAME_HEADS[i % len(_NAME_HEADS)].lower()}-lab{i // len(_NAME_HEADS)}"

    def _name(self, i: int) -> str:
        return f"{_NAME_HEADS[(i * 7) % len(_NAME_HEADS)]}{_NAME_TAILS[(i * 5) % len(_NAME_TAILS)]}{i}"

    def _arxiv(self, i: int) -> str:
        month = i // 3_000  # 3,000 papers a month from January 2023 on, numbered in a scrambled order
        return f"{23 + month // 12:02d}{month % 12 + 1:02d}.{10_000 + (i * 7919) % 3_000:05d}"

    def work(self, i: int, subsection: str) -> _Work:
        rng = self.rng
        tags: list[str] = []
        if subsection in ("Visual Understanding", "Generation") or rng.random() < 0.25:
            tags.append(rng.choice(MODALITY_TAGS))
        if rng.random() < 0.06:
            tags.append(rng.choice(VENUE_TAGS))
        if rng.random() < 0.05:
            tags.append(rng.choice(SECONDARY_TAGS))
        name = self._name(i)
        how = rng.choice(_HOWS)
        title = f"{name}: {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} in {rng.choice(_MODELS)} {how}".rstrip()
        if rng.random() < 0.03:
            title = title.replace("Reasoning", "“Reasoning”", 1)
        owner = self._owner(i)
        links = [self._paper(i, rng)]
        n_links = min(6, 1 + int(rng.expovariate(1.2)))
        if n_links > 1 or rng.random() < 0.5:
            if rng.random() < 0.08:
                links.append(f"[[code]]({rng.choice(self.shared_repos)})")
            elif rng.random() < 0.1:
                links.append(f"[[code]](https://github.com/{owner}/{name}/tree/main/src)")
            else:
                links.append(f"[[code]](https://github.com/{owner}/{name})")
        extras = [
            lambda: f"[[{name} Data]](https://huggingface.co/datasets/{owner}/{name}-data)",
            lambda: f"[[Benchmark]]({rng.choice(self.shared_datasets)})",
            lambda: f"[[project page]](https://{owner}.github.io/{name}/)",
            lambda: f"[[{name}-7B]](https://huggingface.co/{owner}/{name}-7B)",
            lambda: f"[[collection]](https://huggingface.co/collections/{owner}/{name.lower()}-67bc271b6f28)",
            lambda: f"[[demo]](https://www.youtube.com/watch?v=v{i:09d})",
            lambda: f"[[MS data]](https://www.modelscope.cn/datasets/{owner}/{name}-ms)",
        ]
        while len(links) < n_links:
            links.append(rng.choices(extras, weights=[5, 5, 4, 2, 1, 1, 1])[0]())
        return _Work(tags=tags, title=title, links=links)

    def _paper(self, i: int, rng: random.Random) -> str:
        label = rng.choice(["[paper]", "[paper]", "[paper]", "[Paper]"])
        roll = rng.random()
        if roll < 0.04:
            return f"[{label}](https://openreview.net/forum?id=o{i:09d}x)"
        arxiv = self._arxiv(i)
        if roll < 0.12:
            return f"[{label}](https://arxiv.org/pdf/{arxiv})"
        if roll < 0.16:
            return f"[{label}](https://arxiv.org/abs/{arxiv}v1)"
        if roll < 0.18:
            return f"[{label}](https://www.arxiv.org/abs/{arxiv})"
        return f"[{label}](https://arxiv.org/abs/{arxiv})"

    def generate(self) -> str:
        rng = self.rng
        n = self.n
        n_sub = len(SUBSECTIONS) + n // 1_000  # merged lists have more sections
        sub_names = [
            SUBSECTIONS[k % len(SUBSECTIONS)]
            + (f" {k // len(SUBSECTIONS) + 1}" if k >= len(SUBSECTIONS) else "")
            for k in range(n_sub)
        ]
        weights = [_WEIGHTS[k % len(_WEIGHTS)] for k in range(n_sub)]
        # top-level sections: surveys 2%, papers 90%, datasets 3%, infra 3%, related collections 2%
        n_surveys, n_datasets, n_infra, n_related = (max(1, n * p // 100) for p in (2, 3, 3, 2))
        n_papers = max(1, n - n_surveys - n_datasets - n_infra - n_related)
        total_w = sum(weights)
        sizes = [n_papers * w // total_w for w in weights]
        sizes[0] += n_papers - sum(sizes)

        out = [
            "# Awesome-synthetic-multimodal-reasoning",
            "Collect the awesome works evolved around reasoning models like O1/R1 in multimodal domain "
            f"(synthetic, {n} entries).",
            "",
            "> The **Visual Understanding** and **Visual Reasoning** categories overlap.",
            ">",
            "> - **Visual Understanding** focuses on image-centric comprehension.",
            "> - **Visual Reasoning** emphasizes logical inference.",
            "",
            "### Surveys",
            "",
        ]
        index = 0
        for _ in range(n_surveys):
            w = self.work(index, "Surveys")
            w.title = f"A Survey on {rng.choice(_OBJECTS)} {index}: Methods and Benchmarks"
            out.append(w.line())
            index += 1
        out += ["", "### Papers/Projects", ""]
        repeated: list[_Work] = []
        for sub, size in zip(sub_names, sizes, strict=True):
            out += [f"#### {sub}", ""]
            for _ in range(size):
                w = self.work(index, sub)
                out.append(w.line())
                if rng.random() < 0.01:
                    repeated.append(w)
                index += 1
            # works also listed in another section (merged into one entry with two occurrences)
            while repeated and rng.random() < 0.5:
                out.append(repeated.pop().line())
            out.append("")
        out += ["### Datasets", ""]
        for _ in range(n_datasets):
            name, owner = self._name(index), self._owner(index)
            role = rng.choice(["Training", "Benchmarking"])
            out.append(f"- **[{role}]** [{name}-100k](https://www.modelscope.cn/datasets/{owner}/{name}-100k) "
                       f"- {name} {rng.choice(_CJK)}")  # fmt: skip
            index += 1
        out += ["", "### Infra", ""]
        for _ in range(n_infra):
            name, owner = self._name(index), self._owner(index)
            out.append(
                f"- {name}: An Efficient, Scalable RL Training Framework [[code]](https://github.com/{owner}/{name})"
            )
            index += 1
        out += ["", "### Related Collections", ""]
        for _ in range(n_related):
            name, owner = self._name(index), self._owner(index)
            out.append(f"- [{owner}/Awesome-{name}](https://github.com/{owner}/Awesome-{name})")
            index += 1
        out += [
            "",
            "### Star History",
            "",
            "[![Star History Chart](https://api.star-history.com/svg?repos=synthetic/list&type=Date)]"
            "(https://www.star-history.com/#synthetic/list&Date)",
            "",
        ]
        return "\n".join(out)


def generate_list(entries: int, seed: int = 0) -> str:
    """Markdown of a synthetic list with ``entries`` distinct works (a few of them listed twice)."""
    if entries < 1:
        raise ValueError("entries must be at least 1")
    return _Generator(entries, seed).generate()


def write_list(path: Path, entries: int, seed: int = 0) -> Path:
    """Write :func:`generate_list` to ``path`` (UTF-8) and return the path."""
    path.write_text(generate_list(entries, seed), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entries", type=int, help="number of distinct entries")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.output:
        write_list(args.output, args.entries, args.seed)
    else:
        sys.stdout.write(generate_list(args.entries, args.seed))


if __name__ == "__main__":
    main()
