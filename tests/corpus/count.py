"""Count what an awesome list cites, from its raw text, with regular expressions over lines.

This script is the yardstick of ``tests/test_corpus.py`` and does not use mmr-graph's parser (nor any
markdown parser): it walks the lines, groups them into units (a list item with its indented or lazy
continuation lines, a table row, a paragraph) and counts, outside tables of contents, news, citation,
contribution and licence sections:

* distinct arXiv ids (arxiv.org, export.arxiv.org, alphaxiv.org and huggingface.co/papers URLs);
* distinct GitHub repositories (``github.com/owner/repo``, letter case ignored);
* distinct Hugging Face datasets and models;
* the items a reader would count: each work cited once, as a list item, numbered item, table row or
  reference paragraph with a link to a paper, code, dataset, model or page (badges and anchors are not
  links to a work). A nested bullet is an item of its own when it links a paper, or when its parent links
  nothing; otherwise it describes its parent;
* for each item, whether it states a venue (``CVPR 2025``, ``ACL'23``, a venue badge) or a date (``[2504]``,
  ``2025-08``, ``25.03``, a month badge, a date heading or comment above it).

Run it on a file to see its counts, or ``--items`` to see every item it found::

    python tests/corpus/count.py tests/corpus/lists/opendilab_awesome-rlhf.md --items
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field

SKIPPED = re.compile(
    r"news|updates?\b|citation|cite|contents|\btoc\b|contribut|licen[cs]e|star history|stargazers|"
    r"acknowledg|contact|wechat",
    re.I,
)
HEADING_MD = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HEADING_HTML = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>", re.I)
SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.I)
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
TABLE_ROW = re.compile(r"^\s*\|")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
URL = re.compile(  # a URL may hold balanced parentheses: "...-multi%20(6).pdf"
    r"\]\(\s*<?(https?://(?:[^()\s>]|\([^()\s]*\))+|#[^)\s]*)|href=[\"'](https?://[^\"']+|#[^\"']*)[\"']"
)
NOT_A_WORK = re.compile(
    r"^https?://(?:[\w-]+\.)*(shields\.io|awesome\.re|star-history\.com|badgen\.net|visitor-badge[\w.-]*|"
    r"komarev\.com|api\.star-history\.com)/",
    re.I,
)
ARXIV = re.compile(
    r"^https?://(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf|html)|alphaxiv\.org/(?:abs|overview)|"
    r"huggingface\.co/papers)/(\d{4}\.\d{4,5})",
    re.I,
)
GITHUB = re.compile(
    r"^https?://(?:www\.)?github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?(?:/(?:tree|blob)/[^?#]*)?/?"
    r"(?:#readme(?:-ov-file)?)?$",
    re.I,
)
GITHUB_NOT_OWNERS = {"orgs", "topics", "sponsors", "features", "collections", "search", "settings", "users"}
HF_DATASET = re.compile(r"^https?://huggingface\.co/datasets/([\w.-]+)/([\w.-]+)", re.I)
HF_MODEL = re.compile(r"^https?://huggingface\.co/([\w.-]+)/([\w.-]+)/?(?:(?:tree|blob|resolve)/.*)?$", re.I)
HF_NOT_OWNERS = {
    "datasets",
    "spaces",
    "papers",
    "collections",
    "docs",
    "blog",
    "models",
    "learn",
    "organizations",
}
PAPER = re.compile(
    r"arxiv\.org|alphaxiv\.org|openreview\.net|aclanthology\.org|huggingface\.co/papers|\.pdf\b", re.I
)
VENUES = (
    r"CVPR|ICCV|ECCV|NeurIPS|NIPS|ICLR|ICML|ACL|EMNLP|NAACL|EACL|AAAI|IJCAI|COLING|TPAMI|TMLR|COLM|WACV|"
    r"ACM\s?MM|ACMMM|SIGGRAPH(?:\s?Asia)?|KDD|WWW|CoRL|RSS|ICRA|IROS|Interspeech|ICASSP|IJCV|TACL|NSR|"
    r"UAI|AISTATS|MICCAI|CHI|UIST|3DV|BMVC|CIKM|SIGIR|WSDM|ICMI|ISMIR|TIP|TMM|JMLR|Nature|Science|ICME|"
    r"ACCV|MLSys|ICDE|VLDB|SIGMOD|NAACL-HLT|AACL|IJCNLP|CogSci|ICWSM|EMNLP-Findings|Findings"
)
VENUE = re.compile(
    rf"(?<![\w/.-])(?:{VENUES})(?:[\s_-]*(?:Findings|Workshop|Oral|Spotlight))?"
    rf"(?:\s*|[-_]|\s*')(?:(?:19|20)\d\d|'?\d\d)(?![\w])",
    re.I,
)
VENUE_CELL = re.compile(rf"^\s*(?:{VENUES})\s*$", re.I)  # a table's venue column: the year is in another
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>", re.I)
VENUE_BADGE = re.compile(rf"shields\.io/badge/(?:{VENUES})[-_ %0-9]*(?:19|20)\d\d", re.I)
DATE = re.compile(
    r"\[(?:1\d|2\d)(?:0[1-9]|1[0-2])\]"  # [2504]
    r"|(?<![\w.])(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])(?![\d])"  # 2025-08, 2023.1
    r"|(?<![\w.\d])\d\d\.(?:0[1-9]|1[0-2])(?![\d])"  # 25.03
    r"|shields\.io/badge/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*-(?:19|20)\d\d"
    r"|<!--\s*\d\d-\d\d\s*-->",
    re.I,
)
DATE_HEADING = re.compile(r"^\W*(?:19|20)\d\d(?:[.-]\d\d?)?\W*$")
BIBLIOGRAPHY = re.compile(r"bibliograph|references", re.I)
ANCHOR_ID = re.compile(r"<(?:a|span|div)\b[^>]*\bid=[\"'](ref-[^\"']+)[\"']", re.I)


@dataclass
class Unit:
    line: int
    kind: str  # item, row, paragraph
    indent: int
    section: str
    text: list[str] = field(default_factory=list)
    dated_section: bool = False


@dataclass
class Counts:
    arxiv: set[str] = field(default_factory=set)
    github: set[str] = field(default_factory=set)
    hf_datasets: set[str] = field(default_factory=set)
    hf_models: set[str] = field(default_factory=set)
    items: dict[str, dict[str, object]] = field(default_factory=dict)  # key -> line, title, urls, venue, date

    def summary(self) -> dict[str, int]:
        return {
            "arxiv": len(self.arxiv),
            "github": len(self.github),
            "hf_datasets": len(self.hf_datasets),
            "hf_models": len(self.hf_models),
            "items": len(self.items),
            "items_with_venue": sum(bool(i["venue"]) for i in self.items.values()),
            "items_with_date": sum(bool(i["date"]) for i in self.items.values()),
        }


def work_urls(text: str) -> list[str]:
    """The URLs of a unit that can point at a work: no badges or images, anchors kept (as ``#...``)."""
    found = [a or b for a, b in URL.findall(IMAGE.sub("", text))]
    return [u for u in found if not NOT_A_WORK.search(u)]


def units(text: str) -> list[Unit]:
    lines = text.split("\n")
    out: list[Unit] = []
    section, fenced, in_pre, blank_before = "", False, False, True
    dated = False
    current: Unit | None = None
    for number, line in enumerate(lines, start=1):
        if FENCE.match(line):
            fenced = not fenced
            current = None
            continue
        if fenced:
            continue
        if "<pre" in line.lower():
            in_pre = "</pre>" not in line.lower()
            current = None
            continue
        if in_pre:
            in_pre = "</pre>" not in line.lower()
            continue
        heading = HEADING_MD.match(line) or HEADING_HTML.match(line)
        if heading:
            section = re.sub(r"<[^>]+>|\[|\]\([^)]*\)", "", heading.group(2)).strip()
            dated = bool(DATE_HEADING.match(section)) or (dated and not heading.group(1).startswith("#"))
            current, blank_before = None, True
            continue
        if not line.strip():
            blank_before = True
            continue
        if TABLE_RULE.match(line):
            if out and out[-1].kind == "row" and out[-1].line == number - 1:
                out.pop()  # the header row
            current = None
            continue
        if TABLE_ROW.match(line):
            current = Unit(number, "row", 0, section, [line], dated)
            out.append(current)
            blank_before = False
            continue
        bullet = BULLET.match(line)
        if bullet:
            indent = len(bullet.group(1).replace("\t", "    "))
            parent = current if current is not None and current.kind == "item" else None
            own_paper = any(PAPER.search(u) for u in work_urls(line))
            parent_links = parent is not None and any(
                not u.startswith("#") for u in work_urls("".join(parent.text))
            )
            if parent is not None and indent > parent.indent and (parent_links and not own_paper):
                parent.text.append(line)  # a line describing its parent
            else:
                current = Unit(number, "item", indent, section, [line], dated)
                out.append(current)
            blank_before = False
            continue
        indented = len(line) - len(line.lstrip()) >= 2
        if current is not None and (not blank_before or (indented and current.kind == "item")):
            current.text.append(line)  # a continuation line, or a paragraph of the item above
        else:
            current = Unit(number, "paragraph", 0, section, [line], dated)
            out.append(current)
        blank_before = False
    return out


def key_of(urls: list[str], title: str) -> str:
    for url in urls:
        if m := ARXIV.match(url):
            return "arxiv:" + m.group(1)
    for url in urls:
        if (m := GITHUB.match(url)) and m.group(1).lower() not in GITHUB_NOT_OWNERS:
            return f"github:{m.group(1).lower()}/{m.group(2).lower()}"
    for url in urls:
        if not url.startswith("#"):
            return "url:" + re.sub(r"^https?://(www\.)?|/$", "", url).lower()
    return "title:" + title.lower()


def count(text: str) -> Counts:
    counts = Counts()
    references = {m.group(1) for m in ANCHOR_ID.finditer(text)}
    for unit in units(text):
        if SKIPPED.search(unit.section):
            continue
        joined = " ".join(unit.text)
        urls = work_urls(joined)
        works = [u for u in urls if not u.startswith("#")]
        if not works:
            continue  # a table of contents, a badge line, a paragraph of prose without a link
        if not re.search(r"\w", re.sub(r"\[\s*\]\([^)]*\)|<[^>]+>", "", IMAGE.sub("", joined))):
            continue  # badges and nothing else
        if unit.kind == "paragraph":
            starts_with_link = re.match(r"^\s*(\*\*|__)?\s*(\[|<a\b)", joined)
            in_bibliography = BIBLIOGRAPHY.search(unit.section) or any(r in joined for r in references)
            if not (starts_with_link or in_bibliography):
                continue  # prose that mentions a link is not a citation
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`|]", r"\1", unit.text[0]).strip(" -+*0123456789.")
        key = key_of(works, title)
        for url in works:
            if m := ARXIV.match(url):
                counts.arxiv.add(m.group(1))
            elif (m := GITHUB.match(url)) and m.group(1).lower() not in GITHUB_NOT_OWNERS:
                counts.github.add(f"{m.group(1)}/{m.group(2)}".lower())
            elif m := HF_DATASET.match(url):
                counts.hf_datasets.add(f"{m.group(1)}/{m.group(2)}")
            elif (m := HF_MODEL.match(url)) and m.group(1) not in HF_NOT_OWNERS:
                counts.hf_models.add(f"{m.group(1)}/{m.group(2)}")
        prose = re.sub(r"\]\([^)]*\)", "]", joined)
        cells = joined.split("|") if unit.kind == "row" else []
        venue_cell = any(VENUE_CELL.match(c) for c in cells) and bool(YEAR.search(joined))
        venue = bool(VENUE.search(prose) or VENUE_BADGE.search(joined) or venue_cell)
        date = bool(DATE.search(joined)) or unit.dated_section
        if key not in counts.items:
            counts.items[key] = {
                "line": unit.line,
                "title": title[:100],
                "urls": works,
                "venue": venue,
                "date": date,
            }
        else:  # the same work listed again: what this listing states counts too
            known = counts.items[key]
            known["venue"] = bool(known["venue"]) or venue
            known["date"] = bool(known["date"]) or date
    return counts


def main(argv: list[str]) -> int:
    show_items = "--items" in argv
    for path in [a for a in argv if not a.startswith("--")]:
        with open(path, encoding="utf-8") as fh:
            counts = count(fh.read())
        print(path, json.dumps(counts.summary()))
        if show_items:
            for key, item in counts.items.items():
                flags = ("V" if item["venue"] else "-") + ("D" if item["date"] else "-")
                print(f"  {item['line']:5} {flags} {key:45.45} {item['title']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
