"""The desk's core without Qt (DESIGN.md, "Desk"): the encrypted local store
(:mod:`~desktop.models.store`, :mod:`~desktop.models.keys`), its tables and migrations,
the use cases (:mod:`~desktop.models.usecases`), the reads for the UI
(:mod:`~desktop.models.queries`) and the interface the sync engine uses
(:mod:`~desktop.models.sync_store`)."""
