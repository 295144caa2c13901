"""The desk's Qt side: windows, pages, dialogs and item models over desktop.models.

The UI holds no SQL and no rules: it calls :class:`desktop.models.usecases.Desk` and
:class:`desktop.models.queries.DeskQueries`, off the GUI thread, and refreshes the pages
from the changes the operations report (after Anki).
"""
