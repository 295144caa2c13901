"""Alembic migrations of the desk's local store (a package so it ships with the wheel)."""
