"""The statistical forms of a province or a ministry (reports.domain.statforms) count the awards its units were
given by decisions signed in a report period (1/12 – 30/11 under Circular 02/2023/TT-BNV), by award, subject,
type, direct worker and level: (unit, decision date, …) answers it from the index alone, one range per unit. The
decision date is not the achievement year, so (year, unit, …) cannot bound it: without it PostgreSQL read every
record of the country's period (1.000.000 at 10.000.000 records) to keep one province's 64.000 — 938 ms."""

from django.db import migrations, models

from thidua.core.pg import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False  # built CONCURRENTLY on PostgreSQL: the registry stays readable and writable

    dependencies = [
        ("awards", "0010_year_unit_figures_index"),
    ]

    operations = [
        AddIndexOnline(
            model_name="awardrecord",
            index=models.Index(fields=["unit", "decision_date", "award", "subject", "award_type", "direct_worker",
                                       "level"], name="award_unit_decided_figures"),
        ),
    ]
