from django_tasks import task

from gongkai.lib.dbmaint import refresh_statistics


@task()
def refresh_database_statistics() -> bool:
    return refresh_statistics()
