"""docs/PERFORMANCE.md keeps what people wrote: a benchmark rewrites only its own blocks."""

from __future__ import annotations

from pathlib import Path

from bench.document import markers, update_section

ORDER = ("intro", "postgresql", "sqlite")


def _block(name: str, text: str) -> str:
    begin, end = markers(name)
    return f"{begin}\n{text}\n{end}"


def test_a_block_is_replaced_where_it_stands_and_the_prose_around_it_is_kept(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "PERFORMANCE.md"
    doc.write_text(
        "# Performance\n\n## Server\n\n"
        + _block("postgresql", "old numbers")
        + "\n\n### Analysis\n\nWhy the numbers are what they are.\n\n## Desk\n\nDesk prose.\n"
    )
    update_section(doc, "## Server", {"postgresql": _block("postgresql", "new")}, order=ORDER)
    text = doc.read_text()
    assert "old numbers" not in text and "\nnew\n" in text
    assert "Why the numbers are what they are." in text and "Desk prose." in text
    assert text.index("\nnew\n") < text.index("### Analysis") < text.index("## Desk")


def test_a_new_block_goes_in_its_order_and_before_the_analysis(tmp_path: Path) -> None:
    doc = tmp_path / "PERFORMANCE.md"
    doc.write_text(
        "# Performance\n\n## Server\n\n" + _block("sqlite", "lite") + "\n\n### Analysis\n\nA.\n"
    )
    update_section(doc, "## Server", {"postgresql": _block("postgresql", "pg")}, order=ORDER)
    update_section(doc, "## Server", {"intro": _block("intro", "how")}, order=ORDER)
    text = doc.read_text()
    assert text.index("how") < text.index("pg") < text.index("lite") < text.index("### Analysis")


def test_a_missing_file_or_section_is_created_with_its_intro(tmp_path: Path) -> None:
    doc = tmp_path / "docs" / "PERFORMANCE.md"
    update_section(doc, "## Desk", {"ui": _block("ui", "desk")}, order=("ui",), intro="Intro.")
    update_section(doc, "## Sync", {"sync": _block("sync", "sync")}, order=("sync",))
    text = doc.read_text()
    assert text.startswith("# Performance")
    assert text.index("## Desk") < text.index("Intro.") < text.index("desk") < text.index("## Sync")
