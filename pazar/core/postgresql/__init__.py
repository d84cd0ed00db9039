"""Django's PostgreSQL backend, choosing PostgreSQL's plan kind by statement (base.py)."""
