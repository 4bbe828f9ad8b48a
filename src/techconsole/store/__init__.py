"""Persistence: SQLModel tables, the engine (SQLite or PostgreSQL), Alembic migrations."""
