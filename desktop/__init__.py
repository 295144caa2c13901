"""The kindergarten desk: ``models`` (the Qt-free core: encrypted store, use cases, outbox)
and ``ui`` (PySide6). Dependencies point one way: domain <- desktop.models <- desktop.ui."""
