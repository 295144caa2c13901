"""What every page and dialog of the desk shares: the store's operations and the runner.

Pages never open sessions: they call ``ctx.desk`` (changes) and ``ctx.queries`` (reads)
through ``ctx.runner`` so the work runs off the GUI thread, then listen to
``ctx.changes.changed`` to refresh what the operation touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from desktop.models.queries import DeskQueries
from desktop.models.store import LocalStore
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from desktop.ui.runner import TaskRunner

# What an operation can change; pages refresh when a topic they show is named.
TOPICS = frozenset(
    {
        "referrals",
        "checks",
        "groups",
        "places",
        "children",
        "conflicts",
        "sync",
        "audit",
        "walk_ins",
    }
)


class Changes(QObject):
    """The desk's change bus: ``changed`` carries the set of topics an operation touched."""

    changed = Signal(frozenset)
    # a typed or scanned IIN to show: pages that can show it (referral, child) react
    jump_to_iin = Signal(str)
    language_changed = Signal(str)

    def notify(self, *topics: str) -> None:
        unknown = set(topics) - TOPICS
        if unknown:
            raise ValueError(f"unknown topics {sorted(unknown)}")
        self.changed.emit(frozenset(topics))


@dataclass
class DeskContext:
    store: LocalStore
    desk: Desk
    queries: DeskQueries
    sync_store: LocalSyncStore
    runner: TaskRunner
    changes: Changes
    language: str = "ru"
    # builds a sync engine for the configured server (None: not signed in yet)
    engine_factory: Callable[[], object] | None = None
    extra: dict[str, object] = field(default_factory=dict)
