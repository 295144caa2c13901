"""The Qt binding the desk runs on must not corrupt the interpreter in a long session.

PySide6 6.12.0 drops one reference to ``None`` on every call of a Qt method that returns
nothing; on CPython 3.11 (where None is not immortal) a day at the reception desk runs
None's count down to zero and the interpreter aborts with "none_dealloc", losing whatever
the head was typing. pyproject.toml keeps that release out; this test fails on it.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_qt_calls_leave_the_reference_count_of_none_alone(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(1000):
        label.setText(str(n))
        label.update()
    # other threads may hold or drop a few references meanwhile; a leak is thousands
    assert abs(sys.getrefcount(None) - before) < 100
