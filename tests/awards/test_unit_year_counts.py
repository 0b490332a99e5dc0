"""The registry's figures of each unit and year (awards.UnitYearFigures) stay equal to the records' GROUP BY
whatever writes them — save, bulk_create, multi-row INSERT, QuerySet.update of a key and of
another column, delete, a unit's records moved, TRUNCATE on PostgreSQL — and come back whole after a table
rebuilt without its triggers (SQLite during a migration). The dashboards' figures read them
(reports.domain.figures.unit_counts) and equal the records' own count."""

import datetime as dt

import pytest
from django.db import connection

from thidua.awards.count_table import FIGURE_CONDITIONS, UNIT_YEAR_FIGURES
from thidua.awards.models import Award, AwardRecord, UnitYearFigures
from thidua.core import bulk, text
from thidua.orgs.models import Person
from thidua.reports.domain import figures

pytestmark = pytest.mark.django_db

COLUMNS = ("n", *FIGURE_CONDITIONS)


def from_records() -> dict[tuple, tuple]:
    """The records counted by year and unit, in Python: the figures' meaning, written out once more."""
    out: dict[tuple, list[int]] = {}
    for year, unit, subject, level, direct in AwardRecord.objects.values_list(
            "year", "unit_id", "subject", "level", "direct_worker"):
        row = out.setdefault((year, unit), [0] * len(COLUMNS))
        row[0] += 1
        named = f"{subject}_{level}" if subject in ("collective", "individual") else "household"
        row[COLUMNS.index(named)] += 1
        if subject == "individual" and direct:
            row[COLUMNS.index("direct_workers")] += 1
    return {key: tuple(row) for key, row in out.items()}


def from_counts() -> dict[tuple, tuple]:
    return {(row[0], row[1]): tuple(row[2:]) for row in UnitYearFigures.objects.values_list("year", "unit_id", *COLUMNS)}


def collective(award, unit, year, **extra) -> AwardRecord:
    return AwardRecord(award=award, subject="collective", unit=unit, recipient_name=unit.name, year=year,
                       level=award.level, decision_number=f"{year}/QĐ", decision_date=dt.date(year, 12, 20),
                       signed_by="Chủ tịch", search_text=text.fold(unit.name), **extra)


def test_counts_follow_every_kind_of_write(s1):
    award, units = Award.objects.get(code="gk"), list(s1["units"].values())
    base = from_records()
    assert from_counts() == base  # the demo's records, counted by the triggers as they were loaded

    one = collective(award, units[0], 2019)
    one.save()
    AwardRecord.objects.bulk_create([collective(award, unit, 2019) for unit in units[:3]]
                                    + [collective(award, units[1], 2018, direct_worker=True)])
    columns = ["award_id", "subject", "unit_id", "recipient_name", "position_as_written", "direct_worker", "year",
               "award_type", "level", "decision_number", "decision_date", "signed_by", "note", "search_text"]
    with connection.cursor() as cursor:  # multi-row INSERTs (the importer's and the loaders' writes on SQLite)
        bulk.insert_many(cursor, AwardRecord._meta.db_table, columns, [
            (award.pk, "collective", units[2].pk, "Tổ", "", False, 2017, "merit", "local", "1/QĐ",
             connection.ops.adapt_datefield_value(dt.date(2017, 12, 1)), "x", "", "to") for _ in range(5)])
    assert from_counts() == from_records()
    assert from_counts()[(2019, units[0].pk)][COLUMNS.index(f"collective_{award.level}")] == 2

    AwardRecord.objects.filter(year=2017).update(year=2016)  # a key changes: moved, the old key's row goes
    AwardRecord.objects.filter(year=2016).update(note="đã sửa")  # another column: the counts do not move
    AwardRecord.objects.filter(year=2016).update(subject="household")  # a counted column: moved between columns
    one.subject, one.person, one.direct_worker = "individual", Person.objects.filter(unit=units[0]).first(), True
    one.save()  # one record changes columns and becomes a direct worker's
    assert from_counts()[(2019, units[0].pk)][COLUMNS.index("direct_workers")] == 1
    AwardRecord.objects.filter(year=2019, unit=units[2]).update(unit=units[1])  # a unit's records moved
    assert from_counts() == from_records()
    AwardRecord.objects.filter(unit=units[1], year=2018).delete()
    assert from_counts() == from_records()
    assert not UnitYearFigures.objects.filter(year__in=[2017, 2018]).exists()
    assert from_counts()[(2016, units[2].pk)][COLUMNS.index("household")] == 5
    assert not UnitYearFigures.objects.filter(n__lte=0).exists()

    AwardRecord.objects.filter(year__in=[2016, 2019]).delete()
    assert from_counts() == base


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_empties_the_counts(s1):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE awards_awardrecord CASCADE")
    assert not UnitYearFigures.objects.exists()


def test_a_table_rebuilt_without_its_triggers_is_counted_again(s1):
    award, unit = Award.objects.get(code="gk"), s1["units"]["tand"]
    UNIT_YEAR_FIGURES.drop()  # as SQLite does when Django rebuilds awards_awardrecord during a migration
    collective(award, unit, 2015).save()
    AwardRecord.objects.filter(year=2023).delete()
    assert from_counts() != from_records()
    assert UNIT_YEAR_FIGURES.ensure() is True
    assert from_counts() == from_records()
    assert UNIT_YEAR_FIGURES.ensure() is False
    collective(award, unit, 2015).save()
    assert from_counts()[(2015, unit.pk)][COLUMNS.index(f"collective_{award.level}")] == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the reference data, for the tests after
def test_after_migrate_the_triggers_are_made_and_counted_in_one_transaction(s1):
    """As post_migrate runs it (autocommit, outside any test transaction): the triggers dropped, the records
    changed meanwhile, then ensure() — the triggers back, the counts equal to the records, committed; triggers of
    another version (what is counted changed) are replaced the same way."""
    award, unit = Award.objects.get(code="gk"), s1["units"]["tand"]
    UNIT_YEAR_FIGURES.drop()
    collective(award, unit, 2014).save()
    assert from_counts() != from_records()
    UNIT_YEAR_FIGURES.after_migrate(sender=None, using="default", plan=[])
    assert from_counts() == from_records()
    assert UNIT_YEAR_FIGURES.ensure() is False
    with connection.cursor() as cursor:
        assert sorted(UNIT_YEAR_FIGURES._existing(cursor, connection.vendor)) == sorted(
            UNIT_YEAR_FIGURES._trigger_names(connection.vendor))
    older = UNIT_YEAR_FIGURES.version
    UNIT_YEAR_FIGURES.version = "00000000"  # the triggers now in place are of another version
    try:
        assert UNIT_YEAR_FIGURES.ensure() is True
        with connection.cursor() as cursor:
            assert all("_00000000_" in name for name in UNIT_YEAR_FIGURES._existing(cursor, connection.vendor))
        collective(award, unit, 2014).save()
        assert from_counts() == from_records()
    finally:
        UNIT_YEAR_FIGURES.version = older
        assert UNIT_YEAR_FIGURES.ensure() is True  # back to the code's version, counted again
    assert from_counts() == from_records()


def test_unit_counts_equal_the_records_figures(s1_year):
    """S1's 2023 figures (1.003 collectives, 3.427 individuals) from the counts table — for one period and for
    many — equal the records behind them, counted on the registry itself (drill_down)."""
    period = s1_year["cluster"].periods.get(year=2023)
    members = figures.members_of_periods([period.pk])
    counts = figures.unit_counts(figures.units_by_year(members))
    many = figures.periods_figures([period.pk], counts, members)[period.pk]
    one = figures.cluster_year_figures(period)
    assert many == one
    for level in ("central", "local", "sector"):
        assert one.collectives[level] == figures.drill_down(period, "collective", level).count()
        assert one.individuals[level] == figures.drill_down(period, "individual", level).count()
    assert one.direct_workers == figures.drill_down(period, "individual", direct_worker=True).count()
    assert one.households == figures.drill_down(period, "household").count()
    assert (one.collective_total, one.individual_total) == (1003, 3427)


def test_the_counts_table_has_a_column_for_each_figure():
    """The model's columns, the triggers' conditions and the figures read them by the same names."""
    columns = [f.name for f in UnitYearFigures._meta.concrete_fields if f.name not in ("id", "year", "unit")]
    assert columns == ["n", *FIGURE_CONDITIONS] and figures.COUNT_COLUMNS == list(FIGURE_CONDITIONS)
