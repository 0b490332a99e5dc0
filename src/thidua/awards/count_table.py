"""The registry's figures of each unit and year (awards.UnitYearFigures), kept exact by database triggers
(core/count_table.py says why and how): how many records, of collectives and of individuals by level, of
households, and of individuals who are direct workers — the figures of a cluster year (reports.domain.figures)."""

from thidua.awards.enums import Level, Subject
from thidua.core.count_table import CountTable


def _figure_conditions() -> dict[str, str]:
    """Each column of UnitYearFigures and the records it counts (SQL over a record's columns)."""
    conditions = {f"{subject}_{level}": f"{{row}}subject = '{subject}' AND {{row}}level = '{level}'"
                  for subject in (Subject.COLLECTIVE, Subject.INDIVIDUAL) for level in Level.values}
    conditions["household"] = f"{{row}}subject NOT IN ('{Subject.COLLECTIVE}', '{Subject.INDIVIDUAL}')"
    conditions["direct_workers"] = f"{{row}}subject = '{Subject.INDIVIDUAL}' AND {{row}}direct_worker"
    return conditions


FIGURE_CONDITIONS = _figure_conditions()

UNIT_YEAR_FIGURES = CountTable("awards_awardrecord", "awards_unityearfigures", ("year", "unit_id"),
                               FIGURE_CONDITIONS, ("subject", "level", "direct_worker"), "awards_unit_year_figures")
