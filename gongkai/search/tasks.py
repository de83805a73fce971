from django_tasks import task


@task()
def apply_search_changes() -> int:
    from gongkai.search import engine

    return engine.apply_changes()
