"""How a page asks the window to show another page, with something to open there.

Why duck typing: the main window (the shell) owns the page registry and offers
``page(key)`` and ``show_page(key)``; a page must not import the window (the window imports
the pages). A page that opens something (a referral, a search) has an ``open(payload)``
method; it is told what to open before it is shown, so its refresh on showing reads the
right thing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def open_page(source: QWidget, key: str, payload: object = None) -> bool:
    """Show page ``key`` of ``source`` 's window, opening ``payload`` there; False when
    the window has no such page (a page shown on its own, e.g. in a screenshot)."""
    window = source.window()
    find = getattr(window, "page", None)
    show = getattr(window, "show_page", None)
    if not callable(find) or not callable(show):
        return False
    target = find(key)
    if target is None:
        return False
    opener = getattr(target, "open", None)
    if payload is not None and callable(opener):
        opener(payload)
    show(key)
    return True
