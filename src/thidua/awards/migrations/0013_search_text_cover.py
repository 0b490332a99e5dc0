"""The registry's name-search index carries the year, subject and unit of each record on PostgreSQL (INCLUDE), so
that a search read one name at a time (core.search.first_rows_by_name), its count and its probes decide who may
see a record and the year from the index alone: an organiser's staff searching "dinh dat" at 10.000.000 records
had PostgreSQL walk 1.200.000 records newest first (1,3 s) to find the 26 of the first page. It replaces
award_search_text_order, built first and dropped after, both online."""

from django.db import migrations, models

from thidua.core.pg import AddIndexOnline, RemoveIndexOnline


class Migration(migrations.Migration):
    atomic = False  # built CONCURRENTLY on PostgreSQL: the registry stays readable and writable

    dependencies = [
        ("awards", "0012_unit_year_figures"),
    ]

    operations = [
        AddIndexOnline(
            model_name="awardrecord",
            index=models.Index(fields=["search_text", "decision_date", "id"], include=["year", "subject", "unit"],
                               name="award_search_text_cover"),
        ),
        RemoveIndexOnline(model_name="awardrecord", name="award_search_text_order"),
    ]
