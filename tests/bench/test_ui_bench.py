"""``python -m bench ui --quick`` end to end: a store is built, the desk app is started in
new processes, typed into and scrolled, and the report block lands in the document
without touching the rest of it. Timings are measured, never asserted."""

from __future__ import annotations

from pathlib import Path

from bench.ui_bench import main
from bench.ui_report import BEGIN, END, SECTION, update_document

OTHER = """# Performance

## Central server

<!-- bench:postgresql:begin -->
the server's numbers
<!-- bench:postgresql:end -->

Hand-written analysis.
"""


def test_quick_ui_bench_writes_its_block(tmp_path: Path) -> None:
    out = tmp_path / "PERFORMANCE.md"
    out.write_text(OTHER, encoding="utf-8")
    argv = ["--quick", "--repeats", "1", "--profile", "never", "--work-dir", str(tmp_path)]

    assert main([*argv, "--out", str(out)]) == 0

    doc = out.read_text(encoding="utf-8")
    assert doc.startswith(OTHER.rstrip("\n"))  # the other sections are left as they were
    assert doc.count(SECTION) == 1 and doc.index(SECTION) > doc.index("Hand-written analysis")
    block = doc[doc.index(BEGIN) : doc.index(END)]
    assert "5,000 children" in block
    for measurement in (
        "| Cold start: spawn → main window shown",
        "| Filter keystroke, Children:",
        "| Filter keystroke, Referrals:",
        "| Peak resident memory (VmHWM)",
    ):
        assert measurement in block, measurement
    assert "Cold start, where the time went" in block

    # the next run's block replaces this one in place
    update_document(out, f"{BEGIN}\nthe next run\n{END}")
    again = out.read_text(encoding="utf-8")
    assert again.count(BEGIN) == 1 and again.count(SECTION) == 1
    assert "the next run" in again and "Cold start" not in again
    assert again.startswith(OTHER.rstrip("\n"))
