"""Latency summaries: percentiles of a list of timings."""

from __future__ import annotations

import argparse
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    if not sorted_values:
        return math.nan
    if len(sorted_values) == 1:
        return sorted_values[0]
    rank = (len(sorted_values) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(sorted_values) - 1)
    weight = rank - low
    return sorted_values[low] * (1.0 - weight) + sorted_values[high] * weight


@dataclass(frozen=True)
class Summary:
    """Latencies in milliseconds of ``n`` sequential operations of one client."""

    n: int
    p50: float
    p95: float
    p99: float
    max: float
    mean: float
    total_seconds: float
    cpu_mean: float = math.nan  # this process's CPU time per operation, ms

    @classmethod
    def of(cls, seconds: Sequence[float], cpu_seconds: Sequence[float] = ()) -> Summary:
        ms = sorted(s * 1000.0 for s in seconds)
        total = sum(seconds)
        return cls(
            n=len(ms),
            p50=percentile(ms, 50),
            p95=percentile(ms, 95),
            p99=percentile(ms, 99),
            max=ms[-1] if ms else math.nan,
            mean=total * 1000.0 / len(ms) if ms else math.nan,
            total_seconds=total,
            cpu_mean=sum(cpu_seconds) * 1000.0 / len(cpu_seconds) if cpu_seconds else math.nan,
        )

    @property
    def waiting(self) -> float:
        """Mean ms per operation not spent on this process's CPU: database, I/O, scheduler."""
        return self.mean - self.cpu_mean

    @property
    def per_second(self) -> float:
        """Operations per second of one client doing them back to back."""
        return self.n / self.total_seconds if self.total_seconds > 0 else math.inf


class Stopwatch:
    """Wall and process CPU time of one operation."""

    __slots__ = ("_cpu", "_wall", "cpu", "wall")

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        self.wall = 0.0
        self.cpu = 0.0

    def stop(self) -> Stopwatch:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        return self


def load_average() -> float:
    """The machine's 1-minute load average (other jobs compete for the same cores)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def positive(value: str) -> int:
    """An argparse type: a count of at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def figure(value: float | None, digits: int = 0) -> str:
    """A number for a report's table: thousands separated, "–" where nothing was measured."""
    if value is None or math.isnan(value):
        return "–"
    return f"{value:,.{digits}f}"
