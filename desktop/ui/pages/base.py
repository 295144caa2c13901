"""The contract every sidebar page follows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.context import DeskContext


class Page(QWidget):
    """A sidebar page.

    - ``key``: a stable id ("today", "referrals", ...), used for navigation and screenshots.
    - ``topics``: the change topics it shows; :meth:`refresh` runs when one of them changes
      (the main window connects that) and when the page is shown.
    - :meth:`retranslate`: re-set every visible text through ``self.tr`` after a language
      switch (Qt's ``QEvent.LanguageChange`` also calls it).
    - Work goes through ``ctx.runner``; the page never blocks the GUI thread.
    """

    key: str = ""
    topics: frozenset[str] = frozenset()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"page-{self.key}")

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: object) -> None:
        from PySide6.QtCore import QEvent

        if getattr(event, "type", lambda: None)() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[arg-type]
