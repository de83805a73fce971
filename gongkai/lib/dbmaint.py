"""Database housekeeping that SQLite needs and PostgreSQL does by itself."""

from django.db import connection


def refresh_statistics() -> bool:
    """Refresh SQLite's query-planner statistics (ANALYZE, sampled).

    Without them SQLite may answer ``public().filter(pk__in=…)`` — every search result page — by
    walking the composite public() index instead of looking up primary keys: measured on 100,000
    documents, 18.5 ms before and 2.6 ms after. PostgreSQL's autovacuum keeps its own statistics.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
    return True
