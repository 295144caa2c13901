"""Benchmarks of the central server: ``python -m bench`` (``make bench``).

Measured, never asserted: the numbers go to ``docs/PERFORMANCE.md`` (section "Central
server"), beside a baseline of what one INSERT + COMMIT costs on the same database, so a
reader can tell a slow machine from slow code.
"""
