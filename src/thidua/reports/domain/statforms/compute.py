"""Computing a form set for a reporting organiser (a province's or a ministry's) or for the whole country, and a
report year: each source's facts are read once for the whole set, in a fixed number of aggregate queries whatever
the number of records — the awards decided in the period by (award, subject, type, direct worker, level,
submitter), the movements running in it, the cluster and block years organised in it, the typed figures — then
every cell is a sum over those facts (model.py says how a cell is found).

The report period is the set's (FormSet.period): under 02/2023 from 1/12 of the previous year to the cut-off
30/11 of the report year, by the day a decision was signed (AwardRecord.decision_date); a cut-off may be stated
instead of the set's."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When

from thidua.awards.enums import Level
from thidua.awards.models import Award, AwardRecord
from thidua.clusters.models import EmulationPeriod
from thidua.movements.models import Movement
from thidua.orgs.domain.areas import areas_merged_into
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser
from thidua.reports.domain.statforms.model import Form, FormSet, Match
from thidua.reports.models import StatisticalInput

Fact = tuple[dict[str, str], int]


@dataclass(frozen=True)
class Scope:
    """Whose records a report counts: an organiser's (a province with the provinces merged into it, a ministry's
    sector), or the whole country (`organiser` None; also the Central council's report, whose staff read the
    country's figures — reports/rules.py)."""

    organiser: Organiser | None

    @property
    def national(self) -> bool:
        return self.organiser is None or self.organiser.kind == OrganiserKind.CENTRAL

    @property
    def name(self) -> str:
        return "Toàn quốc" if self.organiser is None else self.organiser.name

    @property
    def submitter(self) -> str | None:
        """Whose awards the scope reports (`attributed`): a province's, a ministry's; None for the whole country."""
        organiser = self.organiser
        if self.national or organiser is None:
            return None
        submitters: dict[str, str] = {OrganiserKind.PROVINCE: PROVINCE, OrganiserKind.SECTOR: MINISTRY}
        return submitters.get(organiser.kind)

    def unit_filter(self) -> Q:
        """The recipient units the scope covers: a province's area (and the areas merged into it), a ministry's
        sector; every unit for the whole country."""
        organiser = self.organiser
        if self.national or organiser is None:
            return Q()
        if organiser.kind == OrganiserKind.PROVINCE and organiser.area_id is not None:
            return Q(unit__area_id__in=areas_merged_into(organiser.area_id))
        if organiser.kind == OrganiserKind.SECTOR and organiser.sector_id is not None:
            return Q(unit__sector_id=organiser.sector_id)
        return Q(pk__in=[])  # an organiser of neither: nothing of its own to count

    def award_filter(self) -> Q:
        """The scope's records among records annotated by `attributed`: a province's — attributed to a province
        and given to a unit of its area (or an area merged into it); a ministry's — attributed to a ministry and
        given to a unit of its sector."""
        submitter = self.submitter
        return self.unit_filter() & (Q(submitter=submitter) if submitter else Q())


# -- sources ------------------------------------------------------------------------------------------------------

PROVINCE, MINISTRY = "province", "ministry"


def attributed(records: QuerySet) -> QuerySet:
    """The records annotated with `submitter`: whose statistical report an award belongs to — a province's
    ("province") or a ministry's ("ministry"). The one rule every form, every scope and the drill-down use, so that
    an award counts once, and the provinces' and the ministries' figures add up to the country's.

    Circular 02/2023/TT-BNV's forms are reported by the ministries, central bodies and provinces, each for the
    awards it decides (0603: "khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh") or submits to the State
    (0602, rows 02–03 "chia theo đơn vị trình khen thưởng"); tt02_2023.py's docstring. The registry does not keep
    who proposed a central award, so the submitter is read from the record's level (awards.enums.Level, set by the
    proposal's channel: dossiers.domain.workflow._level) and the recipient unit:
    - level "local" (an award of a province, decided by the Chủ tịch UBND tỉnh): the province's;
    - level "sector" (an award of a ministry or central body, decided by its minister or head): the ministry's;
    - level "central" (decided by the President or the Prime Minister on a ministry's or a province's submission;
      Law 06/2022/QH15 arts 76–83, rules.md §4 "Authority"): the ministry's when the recipient unit has no
      province (a central body) or belongs to a sector that has a ministry's council in the system (a provincial
      police, court or procuracy: the vertical sector's units are submitted by their ministry, "theo ngành dọc"),
      otherwise the province's (a provincial department, whatever its professional sector).
    A record so attributed counts for the province of the unit's area, or for the ministry of the unit's sector; a
    unit of neither counts in the country's figures only."""
    vertical = Exists(Organiser.objects.filter(kind=OrganiserKind.SECTOR, sector_id=OuterRef("unit__sector_id")))
    return records.annotate(submitter=Case(
        When(level=Level.LOCAL, then=Value(PROVINCE)),
        When(level=Level.SECTOR, then=Value(MINISTRY)),
        When(unit__area_id__isnull=True, then=Value(MINISTRY)),
        When(vertical, then=Value(MINISTRY)),
        default=Value(PROVINCE), output_field=CharField()))


def _in_period(scope: Scope, start: dt.date, end: dt.date, base: QuerySet | None = None) -> QuerySet:
    records = base if base is not None else AwardRecord.objects.all()
    records = attributed(records.filter(decision_date__gte=start, decision_date__lte=end))
    return records.filter(scope.award_filter())


def award_facts(scope: Scope, start: dt.date, end: dt.date) -> list[Fact]:
    """The awards decided in the period, counted by their dimensions: one grouped query (and one over the small
    catalogue for the award codes)."""
    # The units bound the query (one index range per unit: awards 0011); whose report a group belongs to is one of
    # the grouped columns, kept or dropped here — the same rule as award_filter's, where PostgreSQL, unable to
    # estimate a CASE in WHERE, walked the whole country's period instead (1,1 s for a province; 0,06 s so).
    records = attributed(AwardRecord.objects.filter(decision_date__gte=start, decision_date__lte=end)
                         ).filter(scope.unit_filter())
    fields = ["award_id", "subject", "award_type", "direct_worker", "level", "submitter"]
    codes = dict(Award.objects.values_list("pk", "code"))
    facts = []
    for row in records.values(*fields).annotate(n=Count("id")).order_by():
        if scope.submitter is not None and row["submitter"] != scope.submitter:
            continue
        facts.append(({"award": codes.get(row["award_id"], ""), "subject": row["subject"],
                       "award_type": row["award_type"], "direct": "1" if row["direct_worker"] else "0",
                       "level": row["level"], "submitter": row["submitter"]}, row["n"]))
    return facts


def award_records(scope: Scope, start: dt.date, end: dt.date, match: Match, base: QuerySet | None = None) -> QuerySet:
    """The records behind a computed award cell: the same filters as award_facts, the match as a query; `base`:
    the records to look among (the registry a user may list: awards.domain.queries.records_visible_to)."""
    records = _in_period(scope, start, end, base)
    fields = {"award": "award__code__in", "subject": "subject__in", "award_type": "award_type__in",
              "level": "level__in", "submitter": "submitter__in"}
    for key, values in match.only:
        if key in fields:
            records = records.filter(**{fields[key]: sorted(values)})
        elif key == "direct":
            records = records.filter(direct_worker__in=[v == "1" for v in values])
    for key, values in match.never:
        if key in fields:
            records = records.exclude(**{fields[key]: sorted(values)})
    return records


LAUNCH = {"pm": "central", "central": "central", "province": "local", "sector": "local", "cluster": "unit"}
SCOPE = {"pm": "national", "central": "national", "province": "local", "sector": "local", "cluster": "cluster"}


def duration(start: dt.date | None, end: dt.date | None, regular: bool) -> str:
    """0601's band of a movement's length: under a year, a year (11 to 13 months), over one and under three,
    three to under five, five and more. A movement without both dates: a regular one runs a year."""
    if start is None or end is None:
        return "one" if regular else "under1"
    days = (end - start).days + 1
    if days < 335:
        return "under1"
    if days <= 396:
        return "one"
    if days < 3 * 365:
        return "1to3"
    if days < 5 * 365:
        return "3to5"
    return "5plus"


def movement_facts(scope: Scope, start: dt.date, end: dt.date, year: int) -> list[Fact]:
    """The movements running in the period (dates overlapping it; a movement without dates, when it takes part
    in a cluster year of the report year), and the cluster and block years of the report year (whatever their
    own dates: a court's year runs 1/10–30/9) — two queries."""
    movements = Movement.objects.filter(
        (Q(start_date__lte=end) | Q(start_date__isnull=True, launched_on__lte=end))
        & (Q(end_date__gte=start) | Q(end_date__isnull=True))
        & ~Q(start_date__isnull=True, launched_on__isnull=True)
        | Q(start_date__isnull=True, launched_on__isnull=True, periods__year=year))
    periods = EmulationPeriod.objects.filter(year=year)  # a cluster year counts in its own report year only
    if not scope.national and scope.organiser is not None:
        movements = movements.filter(periods__cluster__organiser=scope.organiser)
        periods = periods.filter(cluster__organiser=scope.organiser)
    counter: Counter = Counter()
    facts: list[Fact] = []
    rows = movements.values_list("pk", "level", "kind", "start_date", "end_date").distinct().order_by()
    for _pk, level, kind, begin, finish in rows:
        counter[(LAUNCH.get(level, "unit"), SCOPE.get(level, "unit"), duration(begin, finish, kind == "regular"),
                 "regular" if kind == "regular" else "thematic")] += 1
    for organiser_kind, n in periods.values_list("cluster__organiser__kind").annotate(n=Count("id")).order_by():
        counter[("central" if organiser_kind == OrganiserKind.CENTRAL else "local", "cluster", "one", "regular")] += n
    for (launch, where, band, method), n in counter.items():
        facts.append(({"launch": launch, "scope": where, "duration": band, "method": method}, n))
    return facts


def typed_figures(scope: Scope, form_set: FormSet, year: int) -> dict[str, dict[str, int]]:
    """The figures typed for the set's forms and the year: form → cell → number; the country's — the whole
    country's page and the Central council's, which reports the country's figures — are the sum of every
    organiser's, so both show the same (the Central council types none of its own: inputs.save). One query."""
    inputs = StatisticalInput.objects.filter(form_set=form_set.code, year=year)
    if not scope.national:
        inputs = inputs.filter(organiser=scope.organiser)
    typed: dict[str, dict[str, int]] = defaultdict(dict)
    for form, values in inputs.values_list("form", "values"):
        for key, value in (values or {}).items():
            if isinstance(value, int) and not isinstance(value, bool):
                typed[form][key] = typed[form].get(key, 0) + value
    return typed


# -- cells --------------------------------------------------------------------------------------------------------

@dataclass
class Cell:
    value: int | None
    kind: str                       # computed | input | sum | blank
    match: Match | None = None      # a computed award cell: what its records are (for the drill-down)


@dataclass
class FormResult:
    form: Form
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    typed_count: int = 0

    def value(self, row: str, column: str) -> int | None:
        return self.cells[(row, column)].value

    @property
    def missing_inputs(self) -> int:
        return sum(1 for c in self.cells.values() if c.kind == "input" and c.value is None)


def compute_form(form: Form, facts: list[Fact], typed: dict[str, int]) -> FormResult:
    result = FormResult(form)
    rows = {r.code: r for r in form.rows if not r.heading}
    columns = {c.key: c for c in form.columns}

    def cell(row_code: str, col_key: str) -> Cell:
        found = result.cells.get((row_code, col_key))
        if found is not None:
            return found
        row, column = rows[row_code], columns[col_key]
        if row.sum_of:
            parts = [cell(code, col_key) for code in row.sum_of]
            made = _sum(parts)
        elif column.sum_of:
            made = _sum([cell(row_code, key) for key in column.sum_of])
        elif not form.applies(row, column):
            made = Cell(None, "blank")
        elif row.input or column.input:
            made = Cell(typed.get(f"{row_code}:{col_key}"), "input")
        else:
            match = form.match & row.match
            match = match & column.match if match is not None else None
            if match is None:
                made = Cell(None, "blank")
            else:
                made = Cell(sum(n for dims, n in facts if match.accepts(dims)), "computed", match)
        result.cells[(row_code, col_key)] = made
        return made

    for row_code in rows:
        for col_key in columns:
            cell(row_code, col_key)
    result.typed_count = sum(1 for c in result.cells.values() if c.kind == "input" and c.value is not None)
    return result


def _sum(parts: list[Cell]) -> Cell:
    if all(p.kind == "blank" for p in parts):
        return Cell(None, "blank")
    if all(p.value is None for p in parts):
        return Cell(None if any(p.kind == "input" for p in parts) else 0, "sum")
    return Cell(sum(p.value or 0 for p in parts), "sum")


@dataclass
class SetResult:
    scope: Scope
    form_set: FormSet
    year: int
    start: dt.date
    cutoff: dt.date
    forms: dict[str, FormResult]

    @property
    def due(self) -> dt.date:
        return self.form_set.due_date(self.year)


def compute(scope: Scope, form_set: FormSet, year: int, cutoff: dt.date | None = None,
            only: str | None = None) -> SetResult:
    """Every form of the set (or `only` one) for the scope and the report year; each source read once."""
    start, end = form_set.period(year, cutoff)
    forms = [f for f in form_set.forms if only is None or f.code == only]
    needed = {f.source for f in forms}
    facts: dict[str, list[Fact]] = {"": []}
    if "awards" in needed:
        facts["awards"] = award_facts(scope, start, end)
    if "movements" in needed:
        facts["movements"] = movement_facts(scope, start, end, year)
    typed = typed_figures(scope, form_set, year) if any(f.input_keys() for f in forms) else {}
    results = {f.code: compute_form(f, facts[f.source], typed.get(f.code, {})) for f in forms}
    return SetResult(scope, form_set, year, start, end, results)
