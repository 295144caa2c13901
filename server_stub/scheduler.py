"""The loop inside the server that runs deadlines and sends SMS on a timer."""

from __future__ import annotations

import logging
import threading

from server_stub.runtime import Runtime

log = logging.getLogger("kezek.scheduler")


class Scheduler:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._runtime.settings.scheduler_interval_seconds <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="kezek-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _loop(self) -> None:
        interval = self._runtime.settings.scheduler_interval_seconds
        while not self._stop.wait(interval):
            try:
                report = self._runtime.run_deadlines()
                if report.counts:
                    log.info("tick: %s", report.counts)
            except Exception as exc:  # the loop must survive a bad tick
                log.error("tick failed: %s", type(exc).__name__)
