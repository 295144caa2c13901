"""Rewriting the measured blocks of docs/PERFORMANCE.md and nothing else.

Each benchmark owns a ``## `` section and, inside it, blocks between
``<!-- bench:NAME:begin -->`` and ``<!-- bench:NAME:end -->``. A run replaces its blocks
where they are; a block not there yet goes before the first block that comes later in the
section's order, else before the hand-written ``### Analysis``, else at the section's end.
Everything outside the blocks (hand-written analysis, other sections) is kept as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

DOC_HEAD = """# Performance

Measured by `make bench` (`python -m bench`, see `bench/`); never asserted by tests. The
blocks between `<!-- bench:... -->` markers are rewritten by the tool; text outside them is
kept.
"""


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"


def _section_bounds(doc: str, heading: str) -> tuple[int, int] | None:
    match = re.search(rf"^{re.escape(heading)}\s*$", doc, re.MULTILINE)
    if match is None:
        return None
    following = re.search(r"^## ", doc[match.end() :], re.MULTILINE)
    return match.start(), match.end() + following.start() if following else len(doc)


def _place(section: str, name: str, block: str, order: Sequence[str]) -> str:
    begin, end = markers(name)
    if begin in section and end in section:
        head, rest = section.split(begin, 1)
        _, tail = rest.split(end, 1)
        return head + block + tail
    later = order[order.index(name) + 1 :] if name in order else ()
    for other in later:
        other_begin, _ = markers(other)
        if other_begin in section:
            head, tail = section.split(other_begin, 1)
            return head + block + "\n\n" + other_begin + tail
    anchor = section.find("### Analysis")
    if anchor >= 0:
        return section[:anchor] + block + "\n\n" + section[anchor:]
    return section.rstrip("\n") + "\n\n" + block + "\n\n"


def update_section(
    path: Path,
    heading: str,
    blocks: dict[str, str],
    *,
    order: Sequence[str],
    intro: str = "",
) -> None:
    """Write ``blocks`` (marker name -> text, markers included) into ``heading``'s section
    of ``path``, creating the file or the section (with ``intro`` under its heading)."""
    doc = path.read_text(encoding="utf-8") if path.exists() else DOC_HEAD
    if _section_bounds(doc, heading) is None:
        doc = doc.rstrip("\n") + f"\n\n{heading}\n\n" + (f"{intro}\n" if intro else "")
    for name in sorted(blocks, key=lambda n: order.index(n) if n in order else len(order)):
        bounds = _section_bounds(doc, heading)
        assert bounds is not None
        start, stop = bounds
        section = _place(doc[start:stop], name, blocks[name], order)
        if stop < len(doc) and not section.endswith("\n\n"):
            section = section.rstrip("\n") + "\n\n"
        doc = doc[:start] + section + doc[stop:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc.rstrip("\n") + "\n", encoding="utf-8")
