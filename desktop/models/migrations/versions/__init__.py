"""The local store's revisions; alembic skips this file."""
