"""Budgets of the commendation registry, on a database filled by `thidua gen-data` (units, people) and by this
script (award records). Each name ends with the database and the number of award records, e.g. `_pg_10m`:

    BUDGET registry_list_<db>_<n> <ms>ms 50ms          the registry page, newest first (Django test client)
    BUDGET registry_search_<db>_<n> <ms>ms 100ms       the registry searched by a person's name, accent-free
    BUDGET registry_year_search_<db>_<n> <ms>ms 100ms  the same name in one year
    BUDGET person_history_<db>_<n> <ms>ms 20ms         a person's history page, median server time
    BUDGET cluster_figures_<db>_<n> <ms>ms 200ms|300ms cluster_year_figures() of a cluster year (PostgreSQL | SQLite)
    BUDGET eligibility_10000_<db>_<n> <s>s 5s          dossiers.domain.workflow.evaluate() on 10.000 nominees
    BUDGET award_import_100k_<db>_<n> <s>s 60s         reading, checking and writing an Excel file of 100.000 past
                                                        awards

and beside each its floor (bench/benchkit.py): for the pages and cluster_figures, their SQL replayed alone;
for eligibility, the statements evaluate() ran, replayed alone; for the import, reading the same file with
openpyxl alone plus the same rows written by COPY (PostgreSQL) or executemany (SQLite).

The budgets are stated for PostgreSQL with 10.000.000 records (national scale) and SQLite with 1.000.000
(province scale); the figures are printed against them whatever the database holds, and the name says what
it held.

    .venv/bin/python bench/bench_awards.py --records 1000000      # make it 1.000.000 generated records, measure
    .venv/bin/python bench/bench_awards.py --generate 1000000     # add records, then measure
    .venv/bin/python bench/bench_awards.py                        # measure (generates 1.000.000 if none)
    .venv/bin/python bench/bench_awards.py --records 10000000 --no-bench

The database is DATABASE_URL, else the SQLite database under THIDUA_VAR_DIR (migrated here if fresh; a province
is generated with `gen-data` if it holds no generated data). Records are generated for the generated people
and units (codes "gen-…"), ten achievement years up to last year, one year's records after another (as a
registry grows), grouped by unit within a year (as decisions list them): 85 % to individuals, 15 % to
collectives. PostgreSQL takes them by COPY (secondary indexes and foreign keys dropped and rebuilt), SQLite by
executemany in large batches. `--records N` keeps a kept database's records when it already holds N (within
1 %), else replaces them. The eligibility and import benchmarks run inside a transaction that is rolled
back, so they leave nothing behind. Figures go to stdout, details to stderr."""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from array import array

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from thidua.accounts.models import Role, RoleAssignment, User  # noqa: E402
from thidua.awards.domain.money import CashTable  # noqa: E402
from thidua.awards.models import Award, AwardRecord  # noqa: E402
from thidua.core import text  # noqa: E402
from thidua.demo import gendata  # noqa: E402

Cluster, EmulationPeriod, Membership = k.model("Cluster"), k.model("EmulationPeriod"), k.model("Membership")
Person, Unit = k.model("Person"), k.model("Unit")

YEARS = 10
NOTE = "Dữ liệu tổng hợp (bench_awards), không phải số liệu thật."
INDIVIDUAL_SHARE = 0.85
# (award code, weight) — a province's year, roughly: many LĐTT and Giấy khen, few state awards.
INDIVIDUAL_AWARDS = [("ldtt", 55), ("gk", 20), ("cstd-cs", 10), ("bk-tinh", 12), ("cstd-tinh", 1.5), ("bk-ttg", 1),
                     ("hcld-3", 0.5)]
COLLECTIVE_AWARDS = [("ttldtt", 60), ("gk", 15), ("ttldxs", 14), ("bk-tinh", 9), ("co-tinh", 1.5), ("bk-ttg", 0.5)]
SECTIONS = ["Phòng Tổ chức cán bộ", "Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ 1",
            "Phòng Nghiệp vụ 2", "Phòng Thanh tra", "Tổ Kiểm tra", "Phòng Hành chính - Quản trị"]
SIGNERS = {"central": "Thủ tướng Chính phủ", "local": "Chủ tịch UBND tỉnh", "sector": "Thủ trưởng cơ quan cấp trên"}
COLUMNS = ["award_id", "rule_set_id", "subject", "person_id", "unit_id", "recipient_name", "position_as_written",
           "direct_worker", "year", "award_type", "level", "decision_number", "decision_date", "signed_by",
           "cash_amount", "note", "search_text"]


log = k.log
# A common full name: about 1 in 3.500 people at the generated distribution (Nguyễn, Thị, Thủy).
NAME_QUERY = "nguyen thi thuy"


def vi(number) -> str:
    return f"{number:,}".replace(",", ".")


# ---------------------------------------------------------------------------------------------------------
# Preparing the database


def prepare() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if not Cluster.objects.filter(code__startswith=gendata.CODE_PREFIX).exists():
        log("Chưa có dữ liệu tổng hợp: sinh quy mô tỉnh (thidua gen-data --scale province)…")
        gendata.generate("province", log=log)


def _weighted(pairs, awards):
    codes = [awards[c] for c, _w in pairs]
    cumulative, total = [], 0.0
    for _c, weight in pairs:
        total += weight
        cumulative.append(total)
    return codes, cumulative


def _people_arrays():
    """The generated people in compact arrays: ids, units, an index into the distinct names and positions,
    direct worker or not; then the distinct names and positions."""
    ids, person_units, name_ix, position_ix = array("i"), array("i"), array("i"), array("i")
    direct = bytearray()
    names, positions, name_of, position_of = [], [], {}, {}
    query = (Person.objects.filter(unit__code__startswith=gendata.CODE_PREFIX)
             .values_list("pk", "unit_id", "full_name", "position", "category"))
    for pk, unit_id, full_name, position, category in query.iterator(chunk_size=50_000):
        ids.append(pk)
        person_units.append(unit_id)
        if full_name not in name_of:
            name_of[full_name] = len(names)
            names.append(full_name)
        name_ix.append(name_of[full_name])
        if position not in position_of:
            position_of[position] = len(positions)
            positions.append(position)
        position_ix.append(position_of[position])
        direct.append(category == "direct")
    if not ids:
        raise SystemExit("Chưa có cá nhân tổng hợp: chạy `thidua gen-data` trước.")
    return ids, person_units, name_ix, position_ix, direct, names, positions


def generate(total: int, seed: int = 2025) -> int:
    """Add `total` award records for the generated people and units, ten years up to last year."""
    started = time.monotonic()
    rng = random.Random(seed)
    awards = {a.code: a for a in Award.objects.all()}
    cash = CashTable()
    units = list(Unit.objects.filter(code__startswith=gendata.CODE_PREFIX).order_by("pk")
                 .values_list("pk", "name", "short_name", "kind"))
    if not units:
        raise SystemExit("Chưa có đơn vị tổng hợp (gen-…): chạy `thidua gen-data` trước.")
    unit_ids = {pk for pk, *_rest in units}
    log("Đọc danh sách cá nhân…")
    ids, person_units, name_ix, position_ix, direct, names, positions = _people_arrays()
    folded = [text.fold(n) for n in names]
    log(f"  {vi(len(ids))} cá nhân, {vi(len(names))} tên khác nhau, {vi(len(units))} đơn vị "
        f"({time.monotonic() - started:.1f} giây)")
    unit_info = {pk: (name, short or name, kind) for pk, name, short, kind in units}
    individual_codes, individual_weights = _weighted(INDIVIDUAL_AWARDS, awards)
    collective_codes, collective_weights = _weighted(COLLECTIVE_AWARDS, awards)
    last_year = dt.date.today().year - 1
    years = list(range(last_year - YEARS + 1, last_year + 1))
    per_year = gendata.apportion(total, [1.0] * len(years))
    unit_list = sorted(unit_ids)

    def rows():
        number = 0
        for year, count in zip(years, per_year, strict=True):
            individuals = int(count * INDIVIDUAL_SHARE)
            picks = sorted(rng.choices(range(len(ids)), k=individuals), key=lambda i: person_units[i])
            chosen = rng.choices(individual_codes, cum_weights=individual_weights, k=individuals)
            for i, award in zip(picks, chosen, strict=True):
                number += 1
                unit_id = person_units[i]
                level = award.level
                if level == "local" and unit_info[unit_id][2] == "sector_branch" and award.kind == "title":
                    level = "sector"
                day = dt.date(year, 12, 10) + dt.timedelta(days=rng.randrange(60))
                rule_set = cash.rule_set_on(day)
                yield (award.pk, rule_set.pk if rule_set else None, "individual", ids[i], unit_id,
                       names[name_ix[i]], positions[position_ix[i]], bool(direct[i]), year, "merit", level,
                       f"{number % 9000 + 1}/QĐ-KT", day, SIGNERS[level], cash.cash(award.pk, "individual", day),
                       NOTE, folded[name_ix[i]])
            collectives = count - individuals
            targets = sorted(rng.choices(unit_list, k=collectives))
            chosen = rng.choices(collective_codes, cum_weights=collective_weights, k=collectives)
            for unit_id, award in zip(targets, chosen, strict=True):
                number += 1
                name, short, _kind = unit_info[unit_id]
                recipient = name if rng.random() < 0.3 else f"{rng.choice(SECTIONS)}, {short}"
                day = dt.date(year, 12, 10) + dt.timedelta(days=rng.randrange(60))
                rule_set = cash.rule_set_on(day)
                yield (award.pk, rule_set.pk if rule_set else None, "collective", None, unit_id, recipient, "",
                       False, year, "merit", award.level, f"{number % 9000 + 1}/QĐ-KT", day,
                       SIGNERS[award.level], cash.cash(award.pk, "collective", day), NOTE, text.fold(recipient))
            log(f"  năm {year}: {vi(count)} lượt ({time.monotonic() - started:.0f} giây đến giờ)")

    table = AwardRecord._meta.db_table
    with transaction.atomic():
        if connection.vendor == "postgresql" and total >= 200_000:
            with gendata._IndexesDropped(table, log):
                written = _copy(table, rows())
                log(f"  Dựng lại chỉ mục ({time.monotonic() - started:.0f} giây đến giờ)…")
        else:
            written = _insert(table, rows())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM (ANALYZE) {table}" if not connection.in_atomic_block else f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.monotonic() - started
    log(f"Đã sinh {vi(written)} lượt khen thưởng trong {seconds:.1f} giây ({vi(round(written / seconds))} dòng/giây)")
    return written


def _copy(table: str, rows) -> int:
    count = 0
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        buffer = []
        for row in rows:
            buffer.append("\t".join(gendata._copy_value(v.isoformat() if isinstance(v, dt.date) else v)
                                    for v in row))
            count += 1
            if len(buffer) >= 50_000:
                copy.write("\n".join(buffer) + "\n")
                buffer = []
        if buffer:
            copy.write("\n".join(buffer) + "\n")
    return count


def _insert(table: str, rows) -> int:
    return gendata.insert_rows(table, COLUMNS, ((*r[:12], r[12].isoformat(), *r[13:]) for r in rows), batch=50_000)


# ---------------------------------------------------------------------------------------------------------
# The benchmarks


def _user(username: str) -> User:
    account, created = User.objects.get_or_create(username=username, defaults={"full_name": username})
    if created:
        account.set_unusable_password()
        account.save()
    return account


def bench_registry(scale: str) -> None:
    """The registry page as a system administrator (every record visible): the plain list, a common name
    searched accent-free, and the same name in one year."""
    admin = _user("bench-award-admin-pages")
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save()
    client = Client()
    client.force_login(admin)
    newest = AwardRecord.objects.order_by("-year", "-decision_date", "-id").values_list("recipient_name", flat=True)
    k.measure_page(k.name("registry_list", scale), [(client, "/khen-thuong/", newest.first())], 50)
    found = AwardRecord.objects.filter(search_text=NAME_QUERY).order_by("-year", "-decision_date", "-id")
    first = found.values_list("recipient_name", "year").first()
    if first is None:
        raise SystemExit(f"Sổ khen thưởng không có ai tên “{NAME_QUERY}”.")
    query = NAME_QUERY.replace(" ", "+")
    k.measure_page(k.name("registry_search", scale), [(client, f"/khen-thuong/?q={query}", first[0])], 100)
    # A year in the middle of the ten generated: the search cannot stop at the newest records.
    year = dt.date.today().year - 1 - YEARS // 2
    in_year = found.filter(year=year).values_list("recipient_name", flat=True).first() or ""
    k.measure_page(k.name("registry_year_search", scale),
                   [(client, f"/khen-thuong/?year={year}&q={query}", in_year)], 100)


def bench_person_history(scale: str) -> None:
    """The history page of people with awards, as an officer of their unit sees it."""
    sample = list(AwardRecord.objects.filter(subject="individual", unit__code__startswith=gendata.CODE_PREFIX)
                  .order_by("-id").values_list("person_id", flat=True)[:5000:250])
    if not sample:
        raise SystemExit("Sổ khen thưởng chưa có lượt nào cho cá nhân tổng hợp.")
    people = list(Person.objects.filter(pk__in=sample).select_related("unit"))
    items = []
    for person in people:
        officer = _user(f"bench-award-officer-{person.unit_id}")
        RoleAssignment.objects.get_or_create(user=officer, role=Role.UNIT_OFFICER, unit=person.unit)
        client = Client()
        client.force_login(officer)
        items.append((client, f"/khen-thuong/ca-nhan/{person.pk}/", person.full_name))
    counts = [AwardRecord.objects.filter(person_id=p.pk).count() for p in people]
    log(f"  person_history: {len(people)} người (mỗi người {min(counts)}–{max(counts)} lượt)")
    k.measure_page(k.name("person_history", scale), items, 20)


def bench_cluster_figures(scale: str) -> None:
    from thidua.reports.domain.figures import cluster_year_figures

    year = AwardRecord.objects.order_by("-year").values_list("year", flat=True).first()
    periods = list(EmulationPeriod.objects.filter(year=year, cluster__code__startswith=gendata.CODE_PREFIX)
                   .select_related("cluster").order_by("pk")[:20])
    if not periods:
        raise SystemExit(f"Không có năm thi đua {year} của cụm tổng hợp.")
    period = periods[0]
    figures = cluster_year_figures(period)
    members = Membership.objects.filter(period=period).count()
    log(f"  cluster_figures: {len(periods)} cụm năm {year}; ví dụ {period.cluster.name} ({members} đơn vị): "
        f"{vi(figures.collective_total)} lượt tập thể, {vi(figures.individual_total)} lượt cá nhân, "
        f"{figures.direct_worker_share}% NLĐ trực tiếp")
    k.measure_call(k.name("cluster_figures", scale), [lambda p=p: cluster_year_figures(p) for p in periods],
                   200 if k.db() == "pg" else 300, runs=max(k.RUNS, len(periods)), warmup=3)


class _Rollback(Exception):
    pass


def bench_eligibility(scale: str) -> None:
    """10.000 nominees of one proposal, for the awards with rules (chains over the years), checked at once."""
    from thidua.dossiers.domain import workflow
    from thidua.dossiers.models import Nominee, Proposal

    year = dt.date.today().year - 1
    awards = {a.code: a for a in Award.objects.filter(code__in=["cstd-cs", "cstd-tinh", "bk-ttg", "hcld-3", "ttldxs",
                                                               "co-tinh"])}
    units = list(Unit.objects.filter(code__startswith=gendata.CODE_PREFIX).order_by("pk")
                 .values_list("pk", flat=True)[:1_000])
    people = list(AwardRecord.objects.filter(subject="individual", year=year,
                                             unit__code__startswith=gendata.CODE_PREFIX)
                  .values_list("person_id", "unit_id").distinct()[:10_000 - len(units)])
    unit = Unit.objects.get(pk=units[0])
    organiser = workflow.recipients_for(unit, "province").first()
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(sender=unit, recipient=organiser, title="Bench", year=year)
            codes = ["cstd-cs", "cstd-tinh", "bk-ttg", "hcld-3"]
            nominees = [Nominee(proposal=proposal, order=i + 1, subject="individual", person_id=pid, unit_id=uid,
                                name_as_written="x", award=awards[codes[i % 4]]) for i, (pid, uid) in enumerate(people)]
            nominees += [Nominee(proposal=proposal, order=len(nominees) + i + 1, subject="collective", unit_id=uid,
                                 name_as_written="x", award=awards["ttldxs" if i % 2 else "co-tinh"])
                         for i, uid in enumerate(units)]
            Nominee.objects.bulk_create(nominees, batch_size=2000)
            for nominee in nominees:
                nominee.proposal = proposal
            started = time.perf_counter()
            _none, statements = k.record(lambda: workflow.evaluate(nominees))
            seconds = time.perf_counter() - started
            verdicts = {}
            for nominee in nominees:
                verdicts[nominee.eligibility] = verdicts.get(nominee.eligibility, 0) + 1
            # The floor: the same statements (the histories read, the answers written) alone, in this transaction.
            floor = min(k.replay(statements, writes=True) for _ in range(3))
            raise _Rollback
    except _Rollback:
        pass
    log(f"  eligibility: {vi(len(nominees))} đề nghị ({vi(len(people))} cá nhân, {vi(len(nominees) - len(people))} "
        f"tập thể), {len(statements)} truy vấn (riêng SQL: {floor:.2f} s), kết quả {verdicts}")
    name = k.name(f"eligibility_{len(nominees)}", scale)
    k.budget(name, seconds, 5, "s")
    k.floor(name, floor, seconds, "s")


def _import_file(rows_wanted: int, path: str) -> None:
    """An Excel file of past awards for the generated people, as an office would fill in the template."""
    from openpyxl import Workbook

    year = dt.date.today().year - 1
    chosen, people = [], 0
    for pk, code, count in (Unit.objects.filter(code__startswith=gendata.CODE_PREFIX)
                            .annotate(n=Count("people")).order_by("pk")
                            .values_list("pk", "code", "n")):
        chosen.append((pk, code))
        people += count
        if people * 2 >= rows_wanted:
            break
    codes = dict(chosen)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Khen thưởng")
    sheet.append(["Họ tên", "Mã cán bộ", "Mã đơn vị", "Đối tượng", "Danh hiệu, hình thức", "Năm", "Loại hình", "Cấp",
                  "Số QĐ", "Ngày QĐ", "Cấp quyết định", "Người lao động trực tiếp"])
    written = 0
    query = (Person.objects.filter(unit_id__in=list(codes)).exclude(staff_code="").order_by("unit_id", "pk")
             .values_list("full_name", "staff_code", "unit_id"))
    for award in ("Giấy khen", "Lao động tiên tiến"):
        for full_name, staff_code, unit_id in query.iterator(chunk_size=20_000):
            sheet.append([full_name, staff_code, codes[unit_id], "Cá nhân", award, year, "", "",
                          f"BENCH-{written % 500}/QĐ", f"15/01/{year + 1}", "Giám đốc Sở", ""])
            written += 1
            if written >= rows_wanted:
                break
        if written >= rows_wanted:
            break
    workbook.save(path)
    log(f"  award_import: tệp {vi(written)} dòng cho {vi(len(codes))} đơn vị ({os.path.getsize(path) // 1024} KB)")


def bench_import(scale: str, rows_wanted: int = 100_000) -> None:
    from thidua.awards.interfaces import importers

    admin = User.objects.filter(username="bench-award-admin").first() or User.objects.create_superuser(
        "bench-award-admin", password=None)
    table = AwardRecord._meta.db_table
    columns = k.columns_of(AwardRecord, exclude=["id"])
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "khen-thuong.xlsx")
        _import_file(rows_wanted, path)
        last = AwardRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = importers.read(path, admin, "khen-thuong.xlsx")
                read_seconds = time.perf_counter() - started
                if result.errors:
                    raise SystemExit(f"Tệp có lỗi: {result.errors[:5]}")
                count = importers.apply(result, admin)
                seconds = time.perf_counter() - started
                # The floor's writing half: the rows just imported, written again into a bare table in this
                # transaction, rolled back as the import is.
                write_floor = k.write_floor_seconds([(table, columns, "id > %s", [last])], commit=False)
                raise _Rollback
        except _Rollback:
            pass
        read_floor, rows = k.read_excel_seconds(path)
    log(f"  award_import: {vi(count)} dòng — đọc và kiểm tra {read_seconds:.1f} giây, ghi "
        f"{seconds - read_seconds:.1f} giây (không giữ lại); sàn: openpyxl đọc {vi(rows)} dòng {read_floor:.2f} giây, "
        f"{'COPY' if k.db() == 'pg' else 'executemany'} {write_floor:.2f} giây")
    name = k.name("award_import_100k", scale)
    k.budget(name, seconds, 60, "s")
    k.floor(name, read_floor + write_floor, seconds, "s")


def ensure_records(total: int, seed: int) -> None:
    """Make the generated records `total` (within 1 %): keep them, generate them, or replace them."""
    existing = AwardRecord.objects.filter(note=NOTE).count()
    if existing and abs(existing - total) <= total // 100:
        log(f"Sổ khen thưởng đã có {vi(existing)} lượt tổng hợp: dùng lại.")
        return
    if existing:
        log(f"Sổ khen thưởng có {vi(existing)} lượt tổng hợp, cần {vi(total)}: xóa và sinh lại…")
        if not AwardRecord.objects.exclude(note=NOTE).exists() and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {AwardRecord._meta.db_table}")
        else:
            AwardRecord.objects.filter(note=NOTE).delete()
    generate(total, seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", type=int, metavar="N", help="sinh thêm N lượt khen thưởng")
    parser.add_argument("--records", type=int, metavar="N", help="đủ N lượt tổng hợp (giữ, sinh hoặc sinh lại)")
    parser.add_argument("--no-bench", action="store_true", help="chỉ sinh dữ liệu, không đo")
    parser.add_argument("--only", default="registry,person_history,cluster_figures,eligibility,import",
                        help="các phép đo, cách nhau bởi dấu phẩy")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    prepare()
    if args.records:
        ensure_records(args.records, args.seed)
    elif args.generate:
        generate(args.generate, seed=args.seed)
    elif not AwardRecord.objects.filter(note=NOTE).exists() and not args.no_bench:
        default = int(os.environ.get("BENCH_AWARD_RECORDS", "1000000"))
        log(f"Sổ khen thưởng chưa có dữ liệu tổng hợp: sinh {vi(default)} lượt…")
        generate(default, seed=args.seed)
    if args.no_bench:
        return
    records = k.estimated_count(AwardRecord)
    scale = k.count_label(records)
    log(f"{connection.vendor}: khoảng {vi(records)} lượt khen thưởng ({scale}), {vi(k.estimated_count(Person))} cá "
        f"nhân; {k.WARMUP} lượt khởi động + {k.RUNS} lượt đo")
    wanted = set(args.only.split(","))
    if "registry" in wanted:
        bench_registry(scale)
    if "person_history" in wanted:
        bench_person_history(scale)
    if "cluster_figures" in wanted:
        bench_cluster_figures(scale)
    if "eligibility" in wanted:
        bench_eligibility(scale)
    if "import" in wanted:
        bench_import(scale)


if __name__ == "__main__":
    main()
