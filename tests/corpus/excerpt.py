"""Cut an excerpt of an awesome list that keeps every shape it has: the lines before the first section,
then, under every heading, the first lines of its content (completed to the end of the block they are in).

Used for the corpus lists whose licence does not allow a full copy (see ``lists.yaml``):

    python tests/corpus/excerpt.py README.md > tests/corpus/lists/NAME.md
"""

from __future__ import annotations

import re
import sys

HEADING = re.compile(r"^\s{0,3}(#{1,6}\s|<h[1-6][\s>])", re.I)
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
KEEP = 14  # content lines kept under each heading


ITEM_START = re.compile(r"^(\s*$|[-*+] |\d+\. |\||#)")


def excerpt(text: str, keep: int = KEEP) -> str:
    lines = text.split("\n")
    out: list[str] = []
    kept = 0
    fenced = False
    started = False  # past the first heading after the title
    cutting = False  # past the kept lines of this section: skip to the next heading
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and HEADING.match(line):
            kept, cutting = 0, False
            started = started or not line.lstrip().startswith("# ")
            out.append(line)
            continue
        if cutting:
            continue
        out.append(line)
        if started and line.strip():
            kept += 1
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # cut only where the next line starts a block of its own (an item, a row, a blank line)
        if kept >= keep and not fenced and ITEM_START.match(following):
            cutting = True
    return "\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        sys.stdout.write(excerpt(fh.read()))
