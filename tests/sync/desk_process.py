"""A desk process for the kill tests (``test_kill.py``): opens a profile's encrypted store
with the passphrase from ``KEZEK_DESK_PASSPHRASE`` and runs one sync against the server
the profile is signed in to, printing every progress step on a line of its own (flushed),
so that the test knows where the sync is when it kills the process.

Small batches and pages (options) give a kill many places to land.

    python -m tests.sync.desk_process --home DIR --profile NAME
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from desktop.cli import PASSPHRASE_ENV
from desktop.models.store import open_store
from desktop.models.sync_store import LocalSyncStore
from sync.client import Progress, RetryPolicy, SyncEngine, SyncError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--page-size", type=int, default=10)
    args = parser.parse_args(argv)
    store = open_store(
        args.profile, home=args.home, passphrase=lambda _request: os.environ[PASSPHRASE_ENV]
    )
    try:
        local = LocalSyncStore(store)
        engine = SyncEngine(
            store=local,
            base_url=local.state().server_url,
            token=lambda: store.load_token() or "",
            lock_path=store.path.parent / "sync.lock",
            batch_size=args.batch_size,
            page_size=args.page_size,
            retry=RetryPolicy(attempts=5, base_seconds=0.01, cap_seconds=0.05),
        )

        def progress(step: Progress) -> None:
            print(step.phase, step.done, flush=True)

        summary = engine.sync(progress=progress)
        print("summary", summary.outcome, summary.pushed, flush=True)
        return 0
    except SyncError as exc:
        print("failed", exc.code, flush=True)
        return 1
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
