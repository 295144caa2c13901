"""``python -m desktop`` and the ``kezek-desk`` script: the desk window, or with ``sync``
or ``login`` a command for a terminal or a scheduler (see :mod:`desktop.cli`).

Kept to this one import so that nothing of Qt loads for a headless sync.
"""

from __future__ import annotations

import sys

from desktop.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
