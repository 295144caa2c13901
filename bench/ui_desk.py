"""The desk process of ``python -m bench ui``: the real app, timed from the inside.

``python -m bench.ui_desk --home H --profile P --mode start|session --plan F --out J``
runs :func:`desktop.ui.app.main` as ``make run`` does (offscreen, ``--no-sync``: the
benchmark measures the desk, not a network), with timing wrappers around the steps of
its start-up (store open, Argon2id key derivation, the migrations check, the context,
the main window) and around the store queries the pages make. Nothing in the app is
changed: the wrappers replace module attributes the app looks up at call time.

- ``start``: one cold start. The process is new (interpreter, imports, Qt, the SQLCipher
  store, the window), so the parent runs this N times. The start is *interactive* when
  the first page (Today) has shown its data and the event loop has nothing left to do.
  The Children page is then opened and timed to its first rows.
- ``session``: a start, then the Children page scrolled to its last row one page at a
  time, then the typing plan (``--plan``, JSON) in the Children and Referrals search
  boxes and the Referrals sort box, with the resident memory after each phase.

Results go to ``--out`` as JSON; times are ``time.time()`` marks (the parent stamps the
spawn with the same clock) or milliseconds.
"""

from __future__ import annotations

import time

T_INTERPRETER = time.time()  # the interpreter is up; nothing of ours is imported yet

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def memory() -> dict[str, float]:
    """VmRSS and VmHWM (peak) of this process, MiB."""
    found: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    found[name] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return {
        "rss_mib": found.get("VmRSS", float("nan")),
        "hwm_mib": found.get("VmHWM", 0.0),
    }


class Marks:
    """Named wall-clock marks and durations, thread-safe (queries run in the pool)."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {"interpreter": T_INTERPRETER}
        self.spans: dict[str, float] = {}
        # (name and page offset, started, seconds)
        self.queries: list[tuple[str, float, float]] = []
        self._lock = threading.Lock()

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.time())

    @contextmanager
    def span(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            with self._lock:
                self.spans[name] = self.spans.get(name, 0.0) + elapsed

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.span(name):
                return fn(*args, **kwargs)

        return wrapper

    def query(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                label = f"{name}@{kwargs['offset']}" if kwargs.get("offset") else name
                with self._lock:
                    self.queries.append((label, started, time.perf_counter() - started))

        return wrapper


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.ui_desk")
    parser.add_argument("--home", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--mode", choices=("start", "session"), default="start")
    parser.add_argument("--plan", type=Path, help="typing plan (session)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cprofile", type=Path, help="cProfile the GUI thread into this file")
    parser.add_argument(
        "--cprofile-phase",
        choices=("start", "typing"),
        default="start",
        help="what to profile: the start (to interactive) or the typing (session)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    marks = Marks()
    profiler = None
    if args.cprofile is not None:
        import cProfile

        profiler = cProfile.Profile()
        if args.cprofile_phase == "start":
            profiler.enable()

    # --- imports: everything desktop.ui.app.main and the main window import -------------
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    import desktop.models.keys as keys_module
    import desktop.models.store as store_module
    import desktop.ui.app as app_module
    import desktop.ui.first_start  # noqa: F401  (main imports it before anything runs)
    import desktop.ui.main_window as window_module

    for name in window_module.PAGE_MODULES:  # MainWindow would import them while built
        __import__(f"desktop.ui.pages.{name}")
    marks.mark("imports")

    result: dict[str, Any] = {"mode": args.mode}
    plan = json.loads(args.plan.read_text(encoding="utf-8")) if args.plan else {}

    # --- timing wrappers (module attributes the app looks up when it calls them) ---------
    real_open = app_module.open_store

    def open_store(*a: Any, **kw: Any) -> Any:
        marks.mark("store_open_started")
        store = real_open(*a, **kw)
        marks.mark("store_opened")
        return store

    app_module.open_store = open_store  # type: ignore[assignment]
    keys_module.derive_key = marks.timed("key_derivation", keys_module.derive_key)  # type: ignore[assignment]
    store_module.upgrade = marks.timed("migrations_check", store_module.upgrade)  # type: ignore[assignment]
    app_module.build_context = marks.timed("context", app_module.build_context)  # type: ignore[assignment]

    base_window = window_module.MainWindow

    def pump_until(predicate: Callable[[], bool], timeout: float = 120.0) -> None:
        """Deliver events until ``predicate`` holds (a 20 ms timer keeps waking the wait)."""
        guard = QTimer()
        guard.start(20)
        deadline = time.perf_counter() + timeout
        try:
            while not predicate():
                if time.perf_counter() > deadline:
                    raise TimeoutError("the desk did not answer in time")
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            guard.stop()

    def drain() -> None:
        """Everything already posted (layouts, paints) delivered: the loop is idle."""
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()

    class TimedWindow(base_window):  # type: ignore[misc,valid-type]
        def __init__(self, ctx: Any, **kwargs: Any) -> None:
            marks.mark("window_build_started")
            queries = ctx.queries
            for name in ("children", "referrals", "groups", "status"):
                setattr(queries, name, marks.query(name, getattr(queries, name)))
            super().__init__(ctx, **kwargs)
            marks.mark("window_built")
            today = self.page("today")
            self._first_loaded = False
            if today is not None and getattr(today, "data", None) is not None:
                self._first_loaded = True
            elif today is not None:
                today.loaded.connect(self._today_loaded)

        def show(self) -> None:
            super().show()
            marks.mark("window_shown")

        def start(self, *, sync_now: bool = True) -> None:
            super().start(sync_now=sync_now)
            marks.mark("window_started")
            if self._first_loaded:
                QTimer.singleShot(0, self._interactive)

        def _today_loaded(self) -> None:
            if not self._first_loaded:
                self._first_loaded = True
                marks.mark("first_page_loaded")
                QTimer.singleShot(0, self._interactive)

        def _interactive(self) -> None:
            drain()
            marks.mark("interactive")
            if profiler is not None and args.cprofile_phase == "start":
                profiler.disable()
            result["memory_start"] = memory()
            try:
                after_start(self)
            except Exception as exc:  # reported, never a hang
                result["error"] = f"{type(exc).__name__}: {exc}"
            QApplication.instance().quit()  # type: ignore[union-attr]

    window_module.MainWindow = TimedWindow  # type: ignore[misc]

    # --- what happens once the desk is interactive --------------------------------------

    def open_page(window: Any, key: str) -> tuple[Any, float]:
        page = window.page(key)
        started = time.perf_counter()
        window.show_page(key)
        pump_until(lambda: not page.model.is_loading())
        drain()
        return page, (time.perf_counter() - started) * 1000

    def after_start(window: Any) -> None:
        page, ms = open_page(window, "children")
        result["children_open_ms"] = ms
        result["children_total"] = page.model.total()
        if args.mode == "session":
            session(window, page)

    def scroll_to_end(page: Any) -> list[float]:
        """One page of rows (the model's page size) further each step, from the top to
        the last row; a step ends when every visible row has its data and the view has
        painted."""
        from PySide6.QtWidgets import QAbstractItemView

        table, model = page.table, page.model
        viewport = table.viewport()
        steps: list[float] = []
        hint = QAbstractItemView.ScrollHint.PositionAtTop

        def visible_loaded() -> bool:
            first = max(0, table.rowAt(0))
            last = table.rowAt(viewport.height() - 1)
            last = model.total() - 1 if last < 0 else last
            return all(model.item(r) is not None for r in (first, (first + last) // 2, last))

        total = model.total()
        for row in [*range(0, total, model.page_size), total - 1]:
            started = time.perf_counter()
            table.scrollTo(model.index(row, 0), hint)
            drain()
            pump_until(visible_loaded)
            drain()
            steps.append((time.perf_counter() - started) * 1000)
        return steps

    def type_plan(window: Any, key: str, actions: list[list[str]]) -> list[dict[str, Any]]:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        page = window.page(key)
        window.show_page(key)
        pump_until(lambda: not page.model.is_loading())
        drain()
        search, model = page.search, page.model
        sent: list[str] = []
        search.searchChanged.connect(sent.append)
        search.setFocus()
        drain()
        done: list[dict[str, Any]] = []
        specials = {
            "backspace": Qt.Key.Key_Backspace,
            "escape": Qt.Key.Key_Escape,
        }
        loaded_at: list[float] = []

        def on_loaded() -> None:
            loaded_at.append(time.perf_counter())

        model.loaded.connect(on_loaded)
        for kind, value in actions:
            queries_before = len(marks.queries)
            sent.clear()
            loaded_at.clear()
            cpu = time.process_time()
            started = time.perf_counter()
            if kind == "key":
                code = Qt.Key.Key_unknown
                if value.isascii() and value.isalnum():
                    code = Qt.Key(ord(value.upper()))
                elif value == " ":
                    code = Qt.Key.Key_Space
                elif value == "-":
                    code = Qt.Key.Key_Minus
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click, search, code, value, Qt.KeyboardModifier.NoModifier
                )
                search.flush()  # the 150 ms typing pause is a choice, not work: skipped
            elif kind in specials:
                QTest.keyClick(search, specials[kind])
                search.flush()
            elif kind == "sort":  # the keyboard's way through the Sort box
                page.sort_box.setFocus()
                arrow = Qt.Key.Key_Down if value == "down" else Qt.Key.Key_Up
                QTest.keyClick(page.sort_box, arrow)
            handled = time.perf_counter()
            if model.is_loading():
                pump_until(lambda: not model.is_loading())
            drain()
            finished = time.perf_counter()
            elapsed = (finished - started) * 1000
            arrived = loaded_at[0] if loaded_at else handled
            spent = [q for q in marks.queries[queries_before:]]
            done.append(
                {
                    "kind": kind,
                    "value": value if kind != "key" or not value.isdigit() else "digit",
                    "ms": elapsed,
                    "query_ms": sum(s for _n, _t, s in spent) * 1000,
                    "queries": [[n, round(s * 1000, 1)] for n, _t, s in spent],
                    "queried": bool(sent) or kind == "sort",
                    "rows": model.total(),
                    # the key event and the query sent / waiting for the first page /
                    # the GUI thread's work after it (reset, layout, paint, column fit)
                    "key_ms": (handled - started) * 1000,
                    "wait_ms": (arrived - handled) * 1000,
                    "view_ms": (finished - arrived) * 1000,
                    "cpu_ms": (time.process_time() - cpu) * 1000,
                }
            )
            if kind == "sort":
                search.setFocus()
        search.searchChanged.disconnect(sent.append)
        model.loaded.disconnect(on_loaded)
        return done

    def session(window: Any, page: Any) -> None:
        result["scroll_ms"] = scroll_to_end(page)
        result["memory_scrolled"] = memory()
        result["cached_rows"] = page.model.cached_rows()
        result["keys"] = {}
        if profiler is not None and args.cprofile_phase == "typing":
            profiler.enable()
        for key, actions in plan.items():
            result["keys"][key] = type_plan(window, key, actions)
        if profiler is not None and args.cprofile_phase == "typing":
            profiler.disable()
        result["memory_typed"] = memory()

    # --- run the app ----------------------------------------------------------------------
    code = app_module.main(
        ["--home", args.home, "--profile", args.profile, "--language", "ru", "--no-sync"]
    )
    marks.mark("exited")
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(args.cprofile))
    result.update(
        code=code,
        marks=marks.marks,
        spans=marks.spans,
        queries=[(n, s * 1000) for n, _t, s in marks.queries],
        memory_end=memory(),
    )
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0 if code == 0 and "error" not in result else 1


if __name__ == "__main__":
    sys.exit(main())
