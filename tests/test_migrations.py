import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """No model change without its migration (and no migration that changes on every run)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# Tables of millions of rows: an index added to or removed from them after these migrations is built or dropped
# CONCURRENTLY on PostgreSQL (core.pg.AddIndexOnline / RemoveIndexOnline, the migration atomic = False), so a
# national database keeps answering while it builds. The migrations listed ran before the rule, on empty tables.
BIG_TABLES = {("awards", "awardrecord"), ("orgs", "person")}
BEFORE_THE_RULE = {("awards", "0004_registry_indexes"), ("awards", "0008_record_names"), ("orgs", "0001_initial")}


def test_indexes_on_the_big_tables_build_without_locking_them():
    from django.db import migrations
    from django.db.migrations.loader import MigrationLoader

    from thidua.core.pg import AddIndexOnline, RemoveIndexOnline

    locking = []
    for key, migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.items():
        if key in BEFORE_THE_RULE:
            continue
        for operation in migration.operations:
            if (isinstance(operation, (migrations.AddIndex, migrations.RemoveIndex))
                    and (key[0], operation.model_name_lower) in BIG_TABLES):
                online = isinstance(operation, (AddIndexOnline, RemoveIndexOnline)) and not migration.atomic
                if not online:
                    locking.append(f"{key[0]}.{key[1]}: {operation.describe()}")
    assert not locking, "Chỉ mục trên bảng hàng triệu dòng phải tạo/xóa CONCURRENTLY (core.pg): " + "; ".join(locking)
