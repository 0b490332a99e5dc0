"""`thidua gen-data`: a generated data set at province or national scale, for benchmarks and load tests.

National scale: the 34 provinces in force from 1/7/2025, each with its People's Committee as organiser,
about 41 clusters and blocks each (1.400 in all), 15.000 member units and 3.000.000 people, three years of
periods with members, heads and deputies. Province scale: one province, 30 clusters, 300 units, 50.000
people. Every code starts with "gen-", so the set never clashes with the demo or with real data, and every
cluster says in its description that it is generated.

Speed (the national set in 30 to 50 seconds on the project's 2-core machine; budget 10 minutes):
names are folded once per distinct name (about 30.000), not per person; small tables go through bulk_create
(their ids are needed); memberships, leadership terms, unit names and people go through PostgreSQL's COPY,
or multi-row INSERTs on SQLite (core.bulk.insert_many: a statement per row would cost the names index's
trigger a statement journal each), in one transaction. On PostgreSQL a large load drops the people
table's secondary indexes and foreign key and builds them again afterwards (one sorted build instead of
millions of index insertions, and one join instead of millions of queued foreign-key checks: about 1,5 times
faster overall), then VACUUM ANALYZE so the planner knows the new row counts. The index of distinct person
names (orgs.PersonName) is filled by its trigger, once per COPY statement."""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction

from thidua.accounts.models import RoleAssignment
from thidua.clusters.enums import ChoiceMethod, ClusterKind, LeadershipRole, Phase
from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership
from thidua.core import text
from thidua.core.bulk import insert_many
from thidua.core.formatting import format_number
from thidua.demo import names
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Area, Organiser, Person, PersonName, Sector, Unit, UnitName

CODE_PREFIX = "gen-"
REFERENCE_DAY = dt.date(2025, 7, 1)  # the 34 provinces in force from this day
NOTE = "Dữ liệu tổng hợp (thidua gen-data), không phải số liệu thật."
# Above this many people, PostgreSQL drops the people table's secondary indexes and rebuilds them after.
DROP_INDEXES_FROM = 300_000


@dataclass(frozen=True)
class Scale:
    provinces: int | None  # None: every province in force
    clusters: int
    units: int
    people: int


SCALES = {
    "national": Scale(provinces=None, clusters=1_400, units=15_000, people=3_000_000),
    "province": Scale(provinces=1, clusters=30, units=300, people=50_000),
}
DEFAULT_PROVINCE = "nghe-an"

# ---------------------------------------------------------------------------------------------------------
# Names. {p}: "tỉnh Nghệ An" / "thành phố Hà Nội"; {x}: "Nghệ An"; {uy}: "Tỉnh ủy" / "Thành ủy";
# {doan}: "Tỉnh đoàn" / "Thành đoàn"; {place}: a commune-like place name; {n}: a number.

# (cluster name, short name, [(unit name, sector code, unit kind)], extra unit name when more are needed)
BLOCKS: list[tuple[str, str, list[tuple[str, str, str]], tuple[str, str, str]]] = [
    ("Khối thi đua các cơ quan Nội chính {p}", "Khối Nội chính", [
        ("Tòa án nhân dân {p}", "toa-an", "sector_branch"), ("Viện kiểm sát nhân dân {p}", "kiem-sat", "sector_branch"),
        ("Công an {p}", "cong-an", "sector_branch"), ("Bộ Chỉ huy Quân sự {p}", "quan-su", "sector_branch"),
        ("Thi hành án dân sự {p}", "thads", "sector_branch"), ("Thanh tra {p}", "thanh-tra", "agency"),
        ("Sở Tư pháp {p}", "tu-phap", "agency"), ("Ban Nội chính {uy} {x}", "dang-doan-the", "agency"),
        ("Tiểu đoàn Cảnh sát cơ động {x}", "cong-an", "outside_parent"),
        ("Trại tạm giam Công an {p}", "cong-an", "sector_branch"),
    ], ("Đội Cảnh sát giao thông khu vực {place}", "cong-an", "sector_branch")),
    ("Khối thi đua các sở, ngành kinh tế - tổng hợp {p}", "Khối kinh tế - tổng hợp", [
        ("Sở Tài chính {p}", "tai-chinh", "agency"), ("Sở Xây dựng {p}", "xay-dung", "agency"),
        ("Sở Công Thương {p}", "cong-thuong", "agency"), ("Sở Nông nghiệp và Môi trường {p}", "nong-nghiep", "agency"),
        ("Sở Khoa học và Công nghệ {p}", "khoa-hoc", "agency"), ("Sở Nội vụ {p}", "noi-vu", "agency"),
        ("Văn phòng Ủy ban nhân dân {p}", "chinh-quyen", "agency"),
        ("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân {p}", "chinh-quyen", "agency"),
        ("Ban Quản lý các khu công nghiệp {p}", "cong-thuong", "agency"), ("Sở Ngoại vụ {p}", "chinh-quyen", "agency"),
    ], ("Chi cục {n} trực thuộc các sở {p}", "chinh-quyen", "agency")),
    ("Khối thi đua các sở, ngành văn hóa - xã hội {p}", "Khối văn hóa - xã hội", [
        ("Sở Giáo dục và Đào tạo {p}", "giao-duc", "agency"), ("Sở Y tế {p}", "y-te", "agency"),
        ("Sở Văn hóa, Thể thao và Du lịch {p}", "van-hoa", "agency"),
        ("Sở Dân tộc và Tôn giáo {p}", "chinh-quyen", "agency"),
        ("Đài Phát thanh và Truyền hình {x}", "van-hoa", "agency"), ("Báo {x}", "van-hoa", "agency"),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật {p}", "khoa-hoc", "other"),
        ("Hội Văn học Nghệ thuật {p}", "van-hoa", "other"), ("Trường Chính trị {p}", "dang-doan-the", "agency"),
        ("Quỹ Bảo trợ trẻ em {p}", "chinh-quyen", "other"),
    ], ("Trung tâm Văn hóa - Thể thao khu vực {place}", "van-hoa", "agency")),
    ("Khối thi đua các cơ quan Đảng, đoàn thể {p}", "Khối Đảng, đoàn thể", [
        ("Văn phòng {uy} {x}", "dang-doan-the", "agency"), ("Ban Tổ chức {uy} {x}", "dang-doan-the", "agency"),
        ("Ban Tuyên giáo và Dân vận {uy} {x}", "dang-doan-the", "agency"),
        ("Ủy ban Kiểm tra {uy} {x}", "dang-doan-the", "agency"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam {p}", "dang-doan-the", "agency"),
        ("Liên đoàn Lao động {p}", "dang-doan-the", "agency"), ("{doan} {x}", "dang-doan-the", "agency"),
        ("Hội Liên hiệp Phụ nữ {p}", "dang-doan-the", "agency"), ("Hội Nông dân {p}", "dang-doan-the", "agency"),
        ("Hội Cựu chiến binh {p}", "dang-doan-the", "agency"),
        ("Đảng ủy các cơ quan Đảng {p}", "dang-doan-the", "agency"),
    ], ("Đảng ủy {place}", "dang-doan-the", "agency")),
    ("Khối thi đua các cơ quan Trung ương đóng trên địa bàn {p}", "Khối cơ quan Trung ương", [
        ("Thuế {p}", "tai-chinh", "outside_parent"), ("Kho bạc Nhà nước khu vực {x}", "tai-chinh", "outside_parent"),
        ("Bảo hiểm xã hội {p}", "khac", "outside_parent"), ("Thống kê {p}", "khac", "outside_parent"),
        ("Ngân hàng Nhà nước chi nhánh {x}", "tai-chinh", "outside_parent"),
        ("Ngân hàng Chính sách xã hội chi nhánh {p}", "tai-chinh", "outside_parent"),
        ("Bưu điện {p}", "doanh-nghiep", "outside_parent"), ("Viễn thông {x}", "doanh-nghiep", "outside_parent"),
        ("Viettel {x}", "doanh-nghiep", "outside_parent"), ("Công ty Điện lực {x}", "doanh-nghiep", "outside_parent"),
    ], ("Thuế cơ sở {n} {p}", "tai-chinh", "outside_parent")),
    ("Khối thi đua các doanh nghiệp nhà nước {p}", "Khối doanh nghiệp", [
        ("Công ty TNHH MTV Xổ số kiến thiết {x}", "doanh-nghiep", "other"),
        ("Công ty Cổ phần Cấp nước {x}", "doanh-nghiep", "other"),
        ("Công ty Cổ phần Môi trường đô thị {x}", "doanh-nghiep", "other"),
        ("Công ty TNHH MTV Khai thác công trình thủy lợi {x}", "doanh-nghiep", "other"),
        ("Công ty Cổ phần Xe khách {x}", "doanh-nghiep", "other"),
        ("Công ty Cổ phần Sách và Thiết bị trường học {x}", "doanh-nghiep", "other"),
        ("Công ty TNHH MTV Lâm nghiệp {x}", "doanh-nghiep", "other"),
        ("Công ty Cổ phần Dược - Vật tư y tế {x}", "doanh-nghiep", "other"),
    ], ("Công ty Cổ phần Xây dựng và Phát triển {place}", "doanh-nghiep", "other")),
    ("Khối thi đua các trường đại học, cao đẳng {p}", "Khối trường đại học, cao đẳng", [
        ("Trường Đại học {x}", "giao-duc", "agency"), ("Trường Cao đẳng Y tế {x}", "giao-duc", "agency"),
        ("Trường Cao đẳng Sư phạm {x}", "giao-duc", "agency"), ("Trường Cao đẳng Kỹ thuật - Công nghệ {x}", "giao-duc", "agency"),
        ("Trường Cao đẳng Văn hóa Nghệ thuật {x}", "giao-duc", "agency"), ("Trường Cao đẳng Nghề {x}", "giao-duc", "agency"),
        ("Trường Cao đẳng Nông Lâm {x}", "giao-duc", "agency"), ("Trường Cao đẳng Du lịch {x}", "giao-duc", "agency"),
    ], ("Trường Trung cấp nghề khu vực {place}", "giao-duc", "agency")),
    ("Khối thi đua các bệnh viện, trung tâm y tế {p}", "Khối bệnh viện", [
        ("Bệnh viện Đa khoa {p}", "y-te", "agency"), ("Bệnh viện Sản - Nhi {x}", "y-te", "agency"),
        ("Bệnh viện Y dược cổ truyền {x}", "y-te", "agency"), ("Bệnh viện Phổi {x}", "y-te", "agency"),
        ("Bệnh viện Tâm thần {x}", "y-te", "agency"), ("Bệnh viện Mắt {x}", "y-te", "agency"),
        ("Bệnh viện Nội tiết {x}", "y-te", "agency"), ("Bệnh viện Phục hồi chức năng {x}", "y-te", "agency"),
        ("Trung tâm Kiểm soát bệnh tật {p}", "y-te", "agency"), ("Trung tâm Pháp y {p}", "y-te", "agency"),
    ], ("Trung tâm Y tế khu vực {place}", "y-te", "agency")),
    ("Khối thi đua các ngân hàng thương mại {p}", "Khối ngân hàng", [
        ("Agribank Chi nhánh {x}", "tai-chinh", "outside_parent"), ("Vietcombank Chi nhánh {x}", "tai-chinh", "outside_parent"),
        ("BIDV Chi nhánh {x}", "tai-chinh", "outside_parent"), ("VietinBank Chi nhánh {x}", "tai-chinh", "outside_parent"),
        ("MB Chi nhánh {x}", "tai-chinh", "outside_parent"), ("Bảo Việt {x}", "tai-chinh", "outside_parent"),
    ], ("Agribank Chi nhánh {place}", "tai-chinh", "outside_parent")),
    ("Khối thi đua các ban quản lý dự án {p}", "Khối ban quản lý dự án", [
        ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp {p}", "xay-dung", "agency"),
        ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông {p}", "xay-dung", "agency"),
        ("Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn {p}",
         "nong-nghiep", "agency"),
        ("Ban Quản lý khu kinh tế {p}", "cong-thuong", "agency"),
    ], ("Ban Quản lý dự án đầu tư xây dựng khu vực {place}", "xay-dung", "agency")),
    ("Khối thi đua các đơn vị sự nghiệp {p}", "Khối đơn vị sự nghiệp", [
        ("Trung tâm Phục vụ hành chính công {p}", "chinh-quyen", "agency"),
        ("Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch {p}", "cong-thuong", "agency"),
        ("Trung tâm Công nghệ thông tin và Truyền thông {x}", "khoa-hoc", "agency"),
        ("Trung tâm Dịch vụ việc làm {x}", "noi-vu", "agency"), ("Quỹ Đầu tư phát triển {x}", "tai-chinh", "agency"),
        ("Trung tâm Khuyến nông {x}", "nong-nghiep", "agency"), ("Thư viện {p}", "van-hoa", "agency"),
        ("Bảo tàng {p}", "van-hoa", "agency"), ("Trung tâm Lưu trữ lịch sử {p}", "noi-vu", "agency"),
    ], ("Trung tâm Dịch vụ nông nghiệp khu vực {place}", "nong-nghiep", "agency")),
]
COMMUNE_CLUSTER = "Cụm thi đua các xã, phường số {n} {p}"
SCHOOL_CLUSTER = "Cụm thi đua các trường trung học phổ thông số {n} {p}"
SCHOOL_NAMES = ["Lê Quý Đôn", "Nguyễn Du", "Trần Phú", "Phan Bội Châu", "Hùng Vương", "Chu Văn An", "Nguyễn Trãi",
                "Lê Lợi", "Quang Trung", "Lý Thường Kiệt", "Trần Hưng Đạo", "Nguyễn Huệ", "Phan Đình Phùng",
                "Huỳnh Thúc Kháng", "Nguyễn Bỉnh Khiêm", "Lương Thế Vinh", "Ngô Quyền", "Đinh Tiên Hoàng",
                "Lê Hồng Phong", "Võ Thị Sáu", "Nguyễn Thị Minh Khai", "Hai Bà Trưng", "Tô Hiến Thành",
                "Nguyễn Văn Trỗi", "Trần Quốc Tuấn", "Chuyên", "Dân tộc nội trú", "Phạm Văn Đồng"]
PLACE_FIRST = ["Tân", "Hòa", "Phú", "An", "Bình", "Thạnh", "Long", "Vĩnh", "Hưng", "Đông", "Tây", "Nam", "Bắc",
               "Quảng", "Hải", "Thanh", "Xuân", "Minh", "Đức", "Phước", "Kim", "Ngọc", "Yên", "Cẩm", "Diễn",
               "Nghĩa", "Hồng", "Trung", "Mỹ", "Lạc"]
PLACE_SECOND = ["Lập", "Thành", "Hòa", "Phú", "An", "Bình", "Lộc", "Thịnh", "Hưng", "Sơn", "Hải", "Tiến",
                "Phong", "Mỹ", "Trung", "Lợi", "Thuận", "Khánh", "Xuân", "Đông", "Giang", "Châu", "Hà", "Lâm",
                "Điền", "Quang", "Tân", "Định", "Nguyên", "Yên"]
STATUS_WEIGHTS = [("working", 94), ("transferred", 3), ("retired", 3)]
_STATUS_POOL = [s for s, w in STATUS_WEIGHTS for _ in range(w)]


@dataclass
class Result:
    provinces: int = 0
    organisers: int = 0
    clusters: int = 0
    units: int = 0
    periods: int = 0
    memberships: int = 0
    leadership_terms: int = 0
    people: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------
# Splitting totals


def number_vi(value: int) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator)."""
    return format_number(value)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), summing exactly to `total`."""
    if not weights:
        return []
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _province_weight(area: Area) -> float:
    """Larger clusters structure in the big cities and in the provinces merged from two or three."""
    merged = len(area.predecessors.all()) or 1
    return merged + (1.5 if area.code in ("ha-noi", "ho-chi-minh-2025") else 0)


# ---------------------------------------------------------------------------------------------------------
# Writing rows fast


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence], batch: int = 20_000) -> int:
    """Insert plain rows (str, int, None, date as ISO text) into a table: COPY on PostgreSQL, multi-row INSERTs
    on SQLite (core.bulk.insert_many). Runs in the caller's transaction."""
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                buffer = io.StringIO()
                for row in rows:
                    buffer.write("\t".join(_copy_value(v) for v in row))
                    buffer.write("\n")
                    count += 1
                    if count % batch == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
        else:
            chunk = []
            for row in rows:
                chunk.append(tuple(row))
                if len(chunk) >= batch:
                    insert_many(cursor, table, columns, chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                insert_many(cursor, table, columns, chunk)
                count += len(chunk)
    return count


class _IndexesDropped:
    """PostgreSQL: drop a table's secondary indexes (not those backing a primary key or a unique constraint)
    and its foreign keys, and build them again on exit. Definitions are read from the catalogue, so indexes
    added later by migrations are kept too.

    Why: building an index once from sorted data is much faster than inserting millions of entries one by
    one (the trigram GIN index most of all), and a deferred foreign key would queue one check per row until
    commit, where re-adding the constraint checks every row in one join."""

    def __init__(self, table: str, log: Callable[[str], None]):
        self.table, self.log = table, log
        self.indexes: list[tuple[str, str]] = []
        self.foreign_keys: list[tuple[str, str]] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
                   JOIN pg_class i ON i.oid = x.indexrelid
                   WHERE x.indrelid = %s::regclass
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""",
                [self.table],
            )
            self.indexes = cursor.fetchall()
            cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                           "WHERE conrelid = %s::regclass AND contype = 'f'", [self.table])
            self.foreign_keys = cursor.fetchall()
            # Rows inserted earlier in this transaction still have deferred checks queued; run them now, or
            # PostgreSQL refuses to alter the tables they touch.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False  # the transaction rolls back and brings the indexes back with it
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for name, definition in self.indexes:
                started = time.monotonic()
                cursor.execute(definition)
                self.log(f"    chỉ mục {name}: {time.monotonic() - started:.1f} giây")
            for name, definition in self.foreign_keys:
                started = time.monotonic()
                cursor.execute(f'ALTER TABLE {self.table} ADD CONSTRAINT "{name}" {definition}')
                self.log(f"    khóa ngoại {name}: {time.monotonic() - started:.1f} giây")
        return False


# ---------------------------------------------------------------------------------------------------------
# The generator


class _Places:
    """Distinct commune-like place names within one province."""

    def __init__(self, rng: random.Random):
        combos = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
        rng.shuffle(combos)
        self.combos, self.next = combos, 0

    def take(self) -> str:
        name = self.combos[self.next % len(self.combos)]
        round_ = self.next // len(self.combos)
        self.next += 1
        return name if round_ == 0 else f"{name} {round_ + 1}"


def _labels(area: Area) -> dict[str, str]:
    is_city = area.kind == "city"
    short = area.name.removeprefix("Thành phố ")
    full = area.name if area.name.startswith("Thành phố") else f"{'thành phố' if is_city else 'tỉnh'} {area.name}"
    return {"p": full, "x": short, "uy": "Thành ủy" if is_city else "Tỉnh ủy",
            "doan": "Thành đoàn" if is_city else "Tỉnh đoàn"}


def _cluster_plan(count: int) -> list[tuple[str, str, int]]:
    """(kind, which, number): the blocks first, then commune clusters with one school cluster in five."""
    plan = [(ClusterKind.BLOCK, str(i), i + 1) for i in range(min(count, len(BLOCKS)))]
    communes = schools = 0
    while len(plan) < count:
        if (len(plan) - len(BLOCKS)) % 5 == 4:
            schools += 1
            plan.append((ClusterKind.CLUSTER, "school", schools))
        else:
            communes += 1
            plan.append((ClusterKind.CLUSTER, "commune", communes))
    return plan


def _years(today: dt.date | None = None) -> list[int]:
    year = (today or dt.date.today()).year
    return [year - 2, year - 1, year]


def generate(scale: str = "province", *, seed: int = 2025, people: int | None = None, clusters: int | None = None,
             units: int | None = None, province: str | None = None, drop_indexes: bool | None = None,
             log: Callable[[str], None] = print) -> Result:
    """Generate a data set; returns the counts. Refuses to run twice on the same database (codes are fixed).

    The steps below draw from one random generator in this order, so one seed always gives the same data:
    organisers, clusters and units; periods with their members, head and deputy; people."""
    plan = _checked_plan(scale, people=people, clusters=clusters, units=units)
    started = time.monotonic()
    rng = random.Random(seed)
    result = Result()
    areas = _areas(plan, province)
    sectors = {s.code: s.pk for s in Sector.objects.all()}
    years = _years()

    with transaction.atomic():
        step = time.monotonic()
        organisers = _create_organisers(areas)
        cluster_objs, cluster_specs = _create_clusters(areas, organisers, plan.clusters, seed, years)
        unit_objs, members_of = _create_units(cluster_objs, cluster_specs, plan.units, sectors, rng)
        result.provinces, result.organisers = len(areas), len(organisers)
        result.clusters, result.units = len(cluster_objs), len(unit_objs)
        result.timings["clusters_units"] = time.monotonic() - step
        log(f"  {len(areas)} tỉnh, thành phố; {number_vi(len(cluster_objs))} cụm, khối; "
            f"{number_vi(len(unit_objs))} đơn vị ({result.timings['clusters_units']:.1f} giây)")

        step = time.monotonic()
        period_objs = _create_periods(members_of, years, rng)
        result.periods = len(period_objs)
        result.memberships, result.leadership_terms = _insert_members_and_leaders(members_of, period_objs,
                                                                                  unit_objs, years)
        result.timings["periods"] = time.monotonic() - step
        log(f"  {number_vi(result.periods)} năm thi đua, {number_vi(result.memberships)} lượt thành viên, "
            f"{number_vi(result.leadership_terms)} trưởng, phó ({result.timings['periods']:.1f} giây)")

        step = time.monotonic()
        result.people = _create_people(plan.people, unit_objs, rng, drop_indexes, log, step)
        result.timings["people"] = time.monotonic() - step
    step = time.monotonic()
    command = _analyze()
    result.timings["analyze"] = time.monotonic() - step
    log(f"  {command}: {result.timings['analyze']:.1f} giây")
    result.seconds = time.monotonic() - started
    return result


def _checked_plan(scale: str, *, people: int | None, clusters: int | None, units: int | None) -> Scale:
    """The scale's numbers with the caller's overrides; refuses what cannot be generated."""
    base = SCALES[scale]
    plan = Scale(provinces=base.provinces, clusters=clusters or base.clusters, units=units or base.units,
                 people=base.people if people is None else people)
    if plan.units < plan.clusters:
        raise ValueError("Số đơn vị phải không ít hơn số cụm, khối.")
    if Cluster.objects.filter(code__startswith=CODE_PREFIX).exists():
        raise ValueError("Cơ sở dữ liệu đã có dữ liệu tổng hợp (mã bắt đầu bằng “gen-”); "
                         "dùng --replace để xóa và sinh lại.")
    return plan


def _areas(plan: Scale, province: str | None) -> list[Area]:
    """The provinces in force on the reference day: all of them, or the one asked for at province scale."""
    areas = list(Area.objects.valid_on(REFERENCE_DAY).prefetch_related("predecessors").order_by("sort_key"))
    if plan.provinces is None:
        return areas
    code = province or DEFAULT_PROVINCE
    chosen = [a for a in areas if a.code in (code, f"{code}-2025")]
    if not chosen:
        raise ValueError(f"Không có tỉnh, thành phố mã “{code}” đang hiệu lực.")
    return chosen[: plan.provinces]


def _create_organisers(areas: list[Area]) -> list[Organiser]:
    """Each province's People's Committee."""
    organisers = []
    for area in areas:
        lab = _labels(area)
        name = f"Ủy ban nhân dân {lab['p']}"
        organisers.append(Organiser(
            code=f"{CODE_PREFIX}ubnd-{area.code.removesuffix('-2025')}", name=name,
            short_name=f"UBND {lab['p']}", kind=OrganiserKind.PROVINCE, area=area,
            council_name=f"Hội đồng Thi đua - Khen thưởng {lab['p']}",
            search_text=text.search_text(name, f"UBND {lab['p']}"), sort_key=text.sort_key(name),
        ))
    Organiser.objects.bulk_create(organisers, batch_size=1000)
    return organisers


# What naming a cluster's units needs: (area, labels, which, places of the province, area slug, number)
ClusterSpec = tuple[Area, dict[str, str], str, _Places, str, int]


def _cluster_names(which: str, nth: int, lab: dict[str, str]) -> tuple[str, str]:
    """(name, short name) of a cluster: the nth commune or school cluster, or block number `which`."""
    if which == "commune":
        return COMMUNE_CLUSTER.format(n=nth, **lab), f"Cụm xã, phường số {nth}"
    if which == "school":
        return SCHOOL_CLUSTER.format(n=nth, **lab), f"Cụm trường THPT số {nth}"
    template, short, _units, _extra = BLOCKS[int(which)]
    return template.format(**lab), short


def _create_clusters(areas: list[Area], organisers: list[Organiser], total: int, seed: int,
                     years: list[int]) -> tuple[list[Cluster], list[ClusterSpec]]:
    """`total` clusters and blocks shared among the provinces by their weight, blocks first in each."""
    clusters_per_area = apportion(total, [_province_weight(a) for a in areas])
    cluster_objs, cluster_specs = [], []
    for area, organiser, count in zip(areas, organisers, clusters_per_area, strict=True):
        lab = _labels(area)
        places = _Places(random.Random(f"{seed}-{area.code}"))
        slug = area.code.removesuffix("-2025")
        for number, (kind, which, nth) in enumerate(_cluster_plan(count), start=1):
            name, short = _cluster_names(which, nth, lab)
            kind_code = "khoi" if kind == ClusterKind.BLOCK else "cum"
            cluster_objs.append(Cluster(
                code=f"{CODE_PREFIX}{slug}-{number:02d}", name=name, short_name=short, kind=kind,
                organiser=organiser, area=area, description=NOTE,
                regulation_doc=f"Quy chế hoạt động số {number}/QC-{kind_code.upper()} ngày 15/01/{years[0]}",
                search_text=text.search_text(name, short), sort_key=text.sort_key(name),
            ))
            cluster_specs.append((area, lab, which, places, slug, number))
    Cluster.objects.bulk_create(cluster_objs, batch_size=1000)
    return cluster_objs, cluster_specs


def _unit_names(which: str, j: int, number: int, lab: dict[str, str], places: _Places,
                rng: random.Random) -> tuple[str, str, str, str]:
    """(name, short name, sector code, kind) of unit j (from 0) of cluster `number`: a commune or ward, a
    school, or the block's next unit (its own list first, then the block's extra name)."""
    if which == "commune":
        place = places.take()
        ward = rng.random() < 0.3
        name = f"Ủy ban nhân dân {'phường' if ward else 'xã'} {place}"
        return name, f"UBND {'phường' if ward else 'xã'} {place}", "chinh-quyen", "agency"
    if which == "school":
        school = SCHOOL_NAMES[(number * 3 + j) % len(SCHOOL_NAMES)]
        if j >= len(SCHOOL_NAMES) or rng.random() < 0.3:
            school = places.take()
        name = f"Trường Trung học phổ thông {school}"
        if school in ("Chuyên", "Dân tộc nội trú"):
            name = f"Trường Trung học phổ thông {school} {lab['x']}"
        return name, f"Trường THPT {school}", "giao-duc", "agency"
    _template, _short, templates, extra = BLOCKS[int(which)]
    unit_template, sector, kind = templates[j] if j < len(templates) else extra
    name = unit_template.format(place=places.take(), n=j - len(templates) + 1, **lab)
    return name, "", sector, kind


def _create_units(cluster_objs: list[Cluster], cluster_specs: list[ClusterSpec], total: int,
                  sectors: dict[str, int], rng: random.Random
                  ) -> tuple[list[Unit], list[tuple[Cluster, int, int]]]:
    """`total` units shared evenly among the clusters, with their dated names; returns the units and, for each
    cluster, the slice of them that are its members: (cluster, first, last)."""
    units_per_cluster = apportion(total, [1.0] * len(cluster_objs))
    unit_objs, members_of = [], []
    for cluster, (area, lab, which, places, slug, number), count in zip(
            cluster_objs, cluster_specs, units_per_cluster, strict=True):
        first = len(unit_objs)
        for j in range(count):
            name, short, sector, kind = _unit_names(which, j, number, lab, places, rng)
            unit_objs.append(Unit(
                code=f"{CODE_PREFIX}{slug}-{number:02d}-{j + 1:02d}", name=name, short_name=short, kind=kind,
                sector_id=sectors.get(sector), area=area,
                phone=f"02{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                valid_from=REFERENCE_DAY if which == "commune" else None,
                search_text=text.search_text(name, short)[:600], sort_key=text.sort_key(name),
            ))
        members_of.append((cluster, first, len(unit_objs)))
    Unit.objects.bulk_create(unit_objs, batch_size=2000)
    insert_rows(UnitName._meta.db_table,
                ["unit_id", "name", "short_name", "valid_from", "valid_to", "decision_ref"],
                ((u.pk, u.name, u.short_name, u.valid_from.isoformat() if u.valid_from else None, None,
                  "Nghị quyết 202/2025/QH15" if u.valid_from else "") for u in unit_objs))
    return unit_objs, members_of


def _create_periods(members_of: list[tuple[Cluster, int, int]], years: list[int],
                    rng: random.Random) -> list[EmulationPeriod]:
    """Each cluster's periods: the past years closed, the current one at a random phase."""
    current = years[-1]
    period_objs = []
    for cluster, _first, _last in members_of:
        for year in years:
            if year < current:
                phase, changed = Phase.CLOSED, dt.datetime(year + 1, 1, 20, 3, 0, tzinfo=dt.UTC)
            else:
                phase = rng.choice([Phase.IN_PROGRESS, Phase.SCORING, Phase.SCORING, Phase.VOTING])
                changed = dt.datetime(year, 10, 1 + rng.randrange(28), 3, 0, tzinfo=dt.UTC)
            period_objs.append(EmulationPeriod(cluster=cluster, year=year, start_date=dt.date(year, 1, 1),
                                               end_date=dt.date(year, 12, 31), phase=phase,
                                               phase_changed_at=changed))
    EmulationPeriod.objects.bulk_create(period_objs, batch_size=2000)
    return period_objs


def _insert_members_and_leaders(members_of: list[tuple[Cluster, int, int]], period_objs: list[EmulationPeriod],
                                unit_objs: list[Unit], years: list[int]) -> tuple[int, int]:
    """Every period's members, and its head and deputy taken in turn; returns the two counts."""
    memberships, terms = [], []
    periods = iter(period_objs)
    for cluster, first, last in members_of:
        size = last - first
        for index, year in enumerate(years):
            period = next(periods)
            for k in range(first, last):
                memberships.append((period.pk, unit_objs[k].pk, ""))
            if size == 0:
                continue
            ref = f"Biên bản hội nghị tổng kết năm {year - 1} của {cluster.short_name or cluster.name}"
            decided = dt.date(year, 1, 15).isoformat()
            head = unit_objs[first + (index + cluster.pk) % size]
            terms.append((period.pk, head.pk, LeadershipRole.HEAD.value, ChoiceMethod.ELECTION.value, ref, decided))
            if size > 1:
                deputy = unit_objs[first + (index + cluster.pk + 1) % size]
                terms.append((period.pk, deputy.pk, LeadershipRole.DEPUTY.value, ChoiceMethod.ELECTION.value,
                              ref, decided))
    member_count = insert_rows(Membership._meta.db_table, ["period_id", "unit_id", "note"], memberships)
    term_count = insert_rows(
        LeadershipTerm._meta.db_table, ["period_id", "unit_id", "role", "method", "decision_ref", "decided_on"],
        terms)
    return member_count, term_count


def _create_people(people: int, unit_objs: list[Unit], rng: random.Random, drop_indexes: bool | None,
                   log: Callable[[str], None], step: float) -> int:
    """`people` people shared among the units (log-normal sizes). A large load on PostgreSQL drops the people
    table's secondary indexes and foreign key, and builds them again after (see _IndexesDropped)."""
    sizes = apportion(people, [rng.lognormvariate(0, 0.5) for _ in unit_objs])
    if drop_indexes is None:
        drop_indexes = people >= DROP_INDEXES_FROM
    if connection.vendor == "postgresql" and drop_indexes:
        with _IndexesDropped(Person._meta.db_table, log):
            count = _insert_people(unit_objs, sizes, rng, log)
            log(f"  Dựng lại chỉ mục của bảng cá nhân ({time.monotonic() - step:.0f} giây đến giờ)…")
        return count
    return _insert_people(unit_objs, sizes, rng, log)


def _analyze() -> str:
    """Tell the planner about the new rows; returns the command used."""
    # VACUUM also marks the new pages all-visible (for index-only scans), as autovacuum would later; it cannot
    # run inside a transaction (a test's), where ANALYZE alone is enough.
    command = "ANALYZE" if connection.in_atomic_block or connection.vendor != "postgresql" else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (Person, PersonName, Unit, UnitName, Cluster, Organiser, EmulationPeriod, Membership,
                          LeadershipTerm):
                cursor.execute(f"{command} {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # readers need not go through a large WAL
    return command


PERSON_COLUMNS = ["search_text", "sort_key", "full_name", "gender", "birth_date", "unit_id", "staff_code",
                  "position", "category", "status"]


class _PeopleStream:
    """What both ways of writing people share: the folded names (once per distinct name, not per person), the
    birth days to draw from, and the progress line every five seconds."""

    def __init__(self, total: int, log: Callable[[str], None]):
        self.total, self.log = total, log
        self.name_cache: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        first_day = dt.date(1965, 1, 1)
        self.birth_days = [(first_day + dt.timedelta(days=d)).isoformat() for d in range(365 * 38)]
        self.started = self.last_report = time.monotonic()
        self.done = 0

    def names_of(self, full_name: str, gender: str) -> tuple[str, str, str, str]:
        key = (full_name, gender)
        cached = self.name_cache.get(key)
        if cached is None:
            cached = (text.search_text(full_name), text.sort_key(full_name), full_name, gender)
            for value in cached:
                assert "\t" not in value and "\\" not in value and "\n" not in value
            self.name_cache[key] = cached
        return cached

    def report(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_report >= 5:
            self.last_report = now
            rate = self.done / max(now - self.started, 1e-6)
            self.log(f"  cá nhân: {number_vi(self.done)}/{number_vi(self.total)} ({number_vi(round(rate))} dòng/giây)")


def _insert_people(units: list[Unit], sizes: list[int], rng: random.Random, log: Callable[[str], None]) -> int:
    """People of every unit, streamed: one COPY on PostgreSQL, batches of multi-row INSERTs on SQLite."""
    stream = _PeopleStream(sum(sizes), log)
    if connection.vendor == "postgresql":
        _copy_people(units, sizes, rng, stream)
    else:
        _execute_people(units, sizes, rng, stream)
    stream.report(force=True)
    return stream.done


def _copy_people(units: list[Unit], sizes: list[int], rng: random.Random, stream: _PeopleStream) -> None:
    """PostgreSQL: one COPY, written 50.000 lines at a time. The draws per person are those of _execute_people."""
    person_name, position, rand, randrange = names.person_name, names.position, rng.random, rng.randrange
    names_of, birth_days, status_pool = stream.names_of, stream.birth_days, _STATUS_POOL
    n_days = len(birth_days)
    sql = f"COPY {Person._meta.db_table} ({', '.join(PERSON_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        lines = []
        for unit, size in zip(units, sizes, strict=True):
            uid = str(unit.pk)
            for i in range(size):
                st, sk, full_name, gender = names_of(*person_name(rng))
                pos, cat = position(rng)
                status = status_pool[randrange(100)] if rand() < 0.2 else "working"
                lines.append(f"{st}\t{sk}\t{full_name}\t{gender}\t{birth_days[randrange(n_days)]}\t{uid}\t"
                             f"CB{i + 1:05d}\t{pos}\t{cat}\t{status}\n")
            stream.done += size
            if len(lines) >= 50_000:
                copy.write("".join(lines))
                lines = []
                stream.report()
        copy.write("".join(lines))


def _execute_people(units: list[Unit], sizes: list[int], rng: random.Random, stream: _PeopleStream) -> None:
    """SQLite: batches of 50.000 rows in multi-row INSERTs (core.bulk.insert_many: the names index's trigger costs
    a statement journal per statement). The draws per person are those of _copy_people."""
    person_name, position, rand, randrange = names.person_name, names.position, rng.random, rng.randrange
    names_of, birth_days, status_pool = stream.names_of, stream.birth_days, _STATUS_POOL
    n_days = len(birth_days)
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        rows = []
        for unit, size in zip(units, sizes, strict=True):
            for i in range(size):
                st, sk, full_name, gender = names_of(*person_name(rng))
                pos, cat = position(rng)
                status = status_pool[randrange(100)] if rand() < 0.2 else "working"
                rows.append((st, sk, full_name, gender, birth_days[randrange(n_days)], unit.pk,
                             f"CB{i + 1:05d}", pos, cat, status))
            stream.done += size
            if len(rows) >= 50_000:
                insert_many(cursor, table, PERSON_COLUMNS, rows)
                rows = []
                stream.report()
        if rows:
            insert_many(cursor, table, PERSON_COLUMNS, rows)


def delete_generated(log: Callable[[str], None] = print) -> None:
    """Remove a generated set (everything whose code starts with "gen-") and what hangs from it."""
    pattern = CODE_PREFIX + "%"
    with transaction.atomic(), connection.cursor() as cursor:
        unit_ids = f"SELECT id FROM {Unit._meta.db_table} WHERE code LIKE %s"
        cluster_ids = f"SELECT id FROM {Cluster._meta.db_table} WHERE code LIKE %s"
        period_ids = f"SELECT id FROM {EmulationPeriod._meta.db_table} WHERE cluster_id IN ({cluster_ids})"
        organiser_ids = f"SELECT id FROM {Organiser._meta.db_table} WHERE code LIKE %s"
        steps = [
            (RoleAssignment._meta.db_table, f"unit_id IN ({unit_ids})"),
            (RoleAssignment._meta.db_table, f"organiser_id IN ({organiser_ids})"),
            (Person._meta.db_table, f"unit_id IN ({unit_ids})"),
            (LeadershipTerm._meta.db_table, f"period_id IN ({period_ids})"),
            (Membership._meta.db_table, f"period_id IN ({period_ids})"),
            (EmulationPeriod._meta.db_table, f"cluster_id IN ({cluster_ids})"),
            (UnitName._meta.db_table, f"unit_id IN ({unit_ids})"),
            (Cluster._meta.db_table, "code LIKE %s"),
            (Unit._meta.db_table, "code LIKE %s"),
            (Organiser._meta.db_table, "code LIKE %s"),
        ]
        for table, condition in steps:
            cursor.execute(f"DELETE FROM {table} WHERE {condition}", [pattern])
            log(f"  xóa {table}: {number_vi(cursor.rowcount)} dòng")
