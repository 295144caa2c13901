"""Runs store operations off the GUI thread and hands results back on it.

``runner.submit(fn, on_done=..., on_error=...)``: ``fn`` runs in a worker thread (the
store is thread-safe: each call opens its own transaction); ``on_done(result)`` and
``on_error(error)`` run on the GUI thread. A :class:`domain.errors.DomainError` reaches
``on_error`` as is, so the page shows its message in the user's language; any other
exception is logged (type only, no personal data) and reported as ``INTERNAL``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from domain.errors import DomainError

log = logging.getLogger("kezek.desk.ui")


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except DomainError as exc:
            self.relay.failed.emit(exc)
        except Exception as exc:  # a bug: keep the UI alive and say so
            log.error("background task failed: %s", type(exc).__name__)
            self.relay.failed.emit(DomainError("INTERNAL"))
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    """A small pool (2 threads: one long sync may run beside short reads)."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[DomainError], None] | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)

        if on_done is not None:
            relay.done.connect(on_done)
        if on_error is not None:
            relay.failed.connect(on_error)
        relay.done.connect(finish)
        relay.failed.connect(finish)
        self.pool.start(_Task(fn, relay))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (tests and shutdown)."""
        return self.pool.waitForDone(msecs)
