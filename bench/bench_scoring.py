"""Budgets of the scoring pages, on a cluster of 15 members with 60 criteria, every sheet self-assessed and a full
peer matrix, all built through the domain functions:

    BUDGET ranking_<db>_15x60 <ms>ms 50ms PASS|FAIL           median of compute_ranking(period), ≥ 20 runs
    BUDGET peer_matrix_<db>_15x15 <ms>ms 200ms PASS|FAIL      median time of one POST of the whole matrix to the
                                                              peer page (Django's test Client, in process)
    BUDGET sheet_page_queries_<db>_60 <n> <n at 10> PASS|FAIL the score sheet page's queries with 60 and with 10
                                                              criteria: PASS when equal

<db> is sqlite or pg. The ranking and the POST have their floor beside them (bench/benchkit.py): the SQL they
ran, replayed alone on the same connection (the POST's writes inside a savepoint rolled back).

Standalone: `.venv/bin/python bench/bench_scoring.py` builds a throw-away SQLite database in a temporary
THIDUA_VAR_DIR and migrates it. With DATABASE_URL set, that database is used as given (migrated if needed); the
benchmark's clusters, units and users get names of their own and are deleted afterwards. Details go to stderr;
the exit status is non-zero only when the benchmark itself crashed."""

import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time

VAR_DIR = tempfile.mkdtemp(prefix="thidua-bench-scoring.")
os.environ["THIDUA_VAR_DIR"] = VAR_DIR  # secret key and media of this run; the SQLite database when no URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit  # noqa: E402  (bench/ is on sys.path: the script's own folder)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = max(20, int(os.environ.get("BENCH_RUNS", "25")))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
MEMBERS = 15


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def criteria_plan(n: int) -> list[tuple]:
    """(code, type, max, per occurrence, parent code) for n criteria: groups of scored criteria of every kind,
    then pass/fail criteria, a bonus and a penalty at the first level."""
    from thidua.scoring.enums import CriterionType as T

    cycle = [T.QUANTITATIVE, T.PASS_FAIL, T.PER_OCCURRENCE, T.PASS_FAIL, T.QUANTITATIVE, T.PASS_FAIL,
             T.PER_OCCURRENCE, T.PASS_FAIL, T.PASS_FAIL, T.PER_OCCURRENCE]
    groups, children = (5, 10) if n >= 60 else (2, 3)
    plan = []
    for g in range(1, groups + 1):
        plan.append((f"{g}", T.GROUP, 0, None, None))
        for k in range(1, children + 1):
            ctype = cycle[(k - 1) % len(cycle)]
            plan.append((f"{g}.{k}", ctype, 2, 1 if ctype == T.PER_OCCURRENCE else None, f"{g}"))
    top = groups + 1
    while len(plan) < n - 2:
        plan.append((f"{top}", T.PASS_FAIL, 5, None, None))
        top += 1
    plan.append((f"{top}", T.BONUS, 5, None, None))
    plan.append((f"{top + 1}", T.PENALTY, 5, None, None))
    return plan


def build(tag: str, n_criteria: int, organiser, scoring_phase: str):
    """A cluster of 15 members and n criteria, up to `scoring_phase` (appraisal or peer review)."""
    from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
    from thidua.clusters.enums import Phase
    from thidua.demo import builders as b
    from thidua.movements.domain import covenants
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import CriterionType as T
    from thidua.scoring.models import ScoreEntry

    cluster = b.cluster(f"bench-{tag}", f"Cụm đo hiệu năng {tag}", organiser, area_code="lang-son")
    units = [b.unit(f"bench-{tag}-{i:02d}", f"Đơn vị đo hiệu năng {tag} số {i:02d}", f"ĐV {i:02d}",
                    area_code="lang-son", sector_code="toa-an") for i in range(1, MEMBERS + 1)]
    period = create_period(cluster, 2026)
    add_members(period, units)
    set_leader(period, "head", units[0])
    cset = sheets.ensure_criteria_set(period, peer_weight=20)
    by_code = {}
    for code, ctype, max_points, per, parent in criteria_plan(n_criteria):
        by_code[code] = sheets.add_criterion(cset, code, f"Tiêu chí {code}", ctype, max_points,
                                             parent=by_code.get(parent), points_per_occurrence=per)
    criteria = list(by_code.values())
    sheets.exclude_criterion(criteria[1], units[-1], "Không có bộ phận này")
    advance_to(period, Phase.REGISTRATION)
    quantitative = [c for c in criteria if c.type == T.QUANTITATIVE]
    for unit in units:
        covenants.register(period, unit, "Cờ thi đua", [
            {"name": f"Chỉ tiêu {c.code}", "target_value": 100, "criterion": c} for c in quantitative])
    advance_to(period, Phase.SCORING, reason="Đo hiệu năng: năm dựng sẵn")
    values = {T.QUANTITATIVE: 96, T.PASS_FAIL: 1, T.PER_OCCURRENCE: 2, T.BONUS: 3, T.PENALTY: 1}
    for i, unit in enumerate(units):
        sheet = sheets.get_sheet(period, unit)
        sheets.save_self_assessment(sheet, {
            c.pk: (values[c.type] if c.type != T.QUANTITATIVE else 90 + i % 10, "Thuyết minh")
            for c in criteria if c.type != T.GROUP and not (unit == units[-1] and c == criteria[1])})
        sheets.submit_self_assessment(sheet)
    advance_to(period, Phase.APPRAISAL)
    for unit in units[1:4]:  # a few appraisals with reasons and explanations, so those forms show too
        entry = ScoreEntry.objects.filter(sheet__period=period, sheet__unit=unit, criterion__type=T.PASS_FAIL).first()
        sheets.appraise_entry(entry, 0, "Chưa có minh chứng")
        sheets.explain_entry(entry, "Bổ sung minh chứng")
    if scoring_phase == Phase.PEER_REVIEW:
        advance_to(period, Phase.PEER_REVIEW)
        sheets.save_peer_scores(period, {(r.pk, e.pk): 80 + (i * 7 + j * 3) % 20
                                         for i, r in enumerate(units) for j, e in enumerate(units) if r != e})
    return cluster, period, units


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def sheet_queries(client: Client, period, unit) -> int:
    url = reverse("scoring:sheet", args=[period.pk, unit.pk])
    client.get(url)  # warm-up: content types, session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def main() -> int:
    from thidua.accounts.models import Role, RoleAssignment, User
    from thidua.clusters.enums import Phase
    from thidua.clusters.models import Cluster
    from thidua.core.models import Activity
    from thidua.demo import builders as b
    from thidua.orgs.models import Unit
    from thidua.scoring.domain.queries import compute_ranking
    from thidua.scoring.models import PeerScore

    Organiser = benchkit.model("Organiser")  # whichever app holds it
    given_db = bool(os.environ.get("DATABASE_URL"))
    log(f"Cơ sở dữ liệu: {connection.vendor}{' (DATABASE_URL)' if given_db else ', tạm trong ' + VAR_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    tag = secrets.token_hex(3)
    organiser = b.organiser(f"bench-org-{tag}", f"UBND tỉnh đo hiệu năng {tag}", "province", area_code="lang-son")
    made_users = []

    def user(name, role, unit):
        account = User.objects.create_user(username=f"bench-{tag}-{name}", password=secrets.token_urlsafe(12))
        RoleAssignment.objects.create(user=account, role=role, unit=unit)
        made_users.append(account)
        return account

    try:
        started = time.perf_counter()
        _c10, period_10, units_10 = build(f"{tag}-10", 10, organiser, Phase.APPRAISAL)
        _c60, period, units = build(f"{tag}-60", 60, organiser, Phase.APPRAISAL)
        log(f"Dựng 2 cụm × {MEMBERS} đơn vị (10 và 60 tiêu chí): {time.perf_counter() - started:.1f} s")

        # Query count of the score sheet page, as the head (appraisal forms) and the member (explanations).
        client = Client()
        counts = {}
        for n, p, us in ((10, period_10, units_10), (60, period, units)):
            client.force_login(user(f"head-{n}", Role.HEAD_STAFF, us[0]))
            head_count = sheet_queries(client, p, us[1])
            client.force_login(user(f"member-{n}", Role.UNIT_OFFICER, us[1]))
            counts[n] = (head_count, sheet_queries(client, p, us[1]))
        log(f"Trang phiếu chấm điểm, số truy vấn (trưởng cụm, đơn vị): 10 tiêu chí {counts[10]}, "
            f"60 tiêu chí {counts[60]}")

        # Peer review on the 60-criteria cluster: the full matrix exists; time the ranking and a whole POST.
        from thidua.clusters.domain.periods import advance_to
        from thidua.scoring.domain import sheets

        advance_to(period, Phase.PEER_REVIEW)
        period.refresh_from_db()
        sheets.save_peer_scores(period, {(r.pk, e.pk): 85 for r in units for e in units if r != e})
        for _ in range(WARMUP):
            compute_ranking(period)
        samples = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            ranking = compute_ranking(period)
            samples.append(time.perf_counter() - t0)
        assert len(ranking) == MEMBERS
        ranking_ms = median_ms(samples)
        ranking_floor = benchkit.replay_median_ms([benchkit.record(lambda: compute_ranking(period))[1]], RUNS)
        log(f"compute_ranking: trung vị {ranking_ms:.1f} ms, lớn nhất {max(samples) * 1000:.1f} ms ({RUNS} lần); "
            f"riêng SQL {ranking_floor:.1f} ms")

        head = user("head-peer", Role.HEAD_STAFF, units[0])
        client.force_login(head)
        url = reverse("scoring:peer", args=[period.pk])
        pairs = [(r.pk, e.pk) for r in units for e in units if r != e]
        post_samples = []
        for run in range(WARMUP + RUNS):
            base = 70 + run % 2 * 5  # every value changes from one run to the next
            data = {f"p_{r}_{e}": str(base + (r * 7 + e * 3) % 20) for r, e in pairs}
            t0 = time.perf_counter()
            response = client.post(url, data)
            elapsed = time.perf_counter() - t0
            assert response.status_code == 302, response.status_code
            if run >= WARMUP:
                post_samples.append(elapsed)
        r, e = pairs[0]
        last = 70 + (WARMUP + RUNS - 1) % 2 * 5 + (r * 7 + e * 3) % 20
        assert PeerScore.objects.get(period=period, rater_id=r, ratee_id=e).points == last
        assert PeerScore.objects.filter(period=period).count() == len(pairs) == MEMBERS * (MEMBERS - 1)
        peer_ms = median_ms(post_samples)
        # The floor: the statements of one more POST (values changed again), replayed in a savepoint undone.
        data = {f"p_{r}_{e}": str(71 + (r * 7 + e * 3) % 20) for r, e in pairs}
        peer_floor = benchkit.replay_median_ms([benchkit.record(lambda: client.post(url, data))[1]], RUNS, writes=True)
        log(f"POST ma trận chấm chéo {len(pairs)} ô: trung vị {peer_ms:.1f} ms, lớn nhất "
            f"{max(post_samples) * 1000:.1f} ms ({RUNS} lần); riêng SQL {peer_floor:.1f} ms")
    finally:
        if given_db:
            clusters = Cluster.objects.filter(code__startswith=f"bench-{tag}-")
            scopes = [c.scope for c in clusters]
            clusters.delete()
            Activity.objects.filter(scope__in=scopes).delete()
            User.objects.filter(pk__in=[u.pk for u in made_users]).delete()
            Unit.objects.filter(code__startswith=f"bench-{tag}-").delete()
            Organiser.objects.filter(pk=organiser.pk).delete()
            log("Đã xóa dữ liệu của lần đo.")
        shutil.rmtree(VAR_DIR, ignore_errors=True)

    for name, measured, limit, floor in (("ranking", ranking_ms, 50, ranking_floor),
                                         ("peer_matrix", peer_ms, 200, peer_floor)):
        name = benchkit.name(name, "15x60" if name == "ranking" else "15x15")
        benchkit.budget(name, measured, limit, "ms")
        benchkit.floor(name, floor, measured, "ms", page=True)
    equal = counts[10] == counts[60]
    print(f"BUDGET {benchkit.name('sheet_page_queries', '60')} {counts[60][0]} {counts[10][0]} {'PASS' if equal else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
