"""Budgets of the secret ballot:

1. tally_10000: counting a round of 10.000 ballots (`count_round`, the function the count and the minutes
   use) takes under 1 s, median of 5. The session is a council of 10.000 members with two questions (one
   choice among 10; up to 3 among 10); its ballots are written by a fast path for this benchmark only — bulk
   inserts of Participation, Ballot and BallotChoice rows of the same shape cast_ballot writes (random ids,
   no voter, no time, a receipt apart per ballot) — and the count is checked against what was written. The round
   is then closed (the ballot box shaken: every row rewritten, VACUUM) and the time it took is logged.
2. concurrent_casts_200: 200 representatives, each with an HTTP client of its own, open the ballot page and
   send their ballot at the same moment to a real server on 127.0.0.1 (gunicorn, 4 workers × 8 threads, the
   project's WSGI application on the same database); all 200 casts complete under 10 s (wall time from the
   start signal to the last answer). Log-in is not measured: each client carries a log-in session created
   beforehand. Afterwards every ballot must be counted once (200 participations, 200 filled ballots).

Database: PostgreSQL when DATABASE_URL is set (bench/run.sh provides it; the records made here are removed at
the end), otherwise SQLite in a fresh temporary THIDUA_VAR_DIR (removed at the end). Either is migrated first
(nothing to do when it already is).

    .venv/bin/python bench/bench_voting.py
    PG_PORT=54347 bash scripts/with-postgres.sh .venv/bin/python bench/bench_voting.py

Prints `BUDGET tally_<db>_10000 <ms>ms 1000ms PASS|FAIL` with its floor (`FLOOR tally_<db>_10000 <ms>ms ratio
<x> within|beyond`: the count's SQL replayed alone, bench/benchkit.py) and `BUDGET concurrent_casts_<db>_200
<s>s 10s PASS|FAIL` on stdout (<db>: sqlite or pg); details on stderr. BENCH_VOTERS and BENCH_CASTS change the sizes (for a quick try)."""

import os
import shutil
import sys
import tempfile

FRESH_DIR = None
if not os.environ.get("DATABASE_URL"):
    FRESH_DIR = tempfile.mkdtemp(prefix="thidua-bench-voting-")
    os.environ["THIDUA_VAR_DIR"] = FRESH_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import concurrent.futures  # noqa: E402
import http.cookiejar  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import django  # noqa: E402

django.setup()

import benchkit  # noqa: E402  (bench/ is on sys.path: the script's own folder)
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from thidua.accounts.models import Role, RoleAssignment, User  # noqa: E402
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader  # noqa: E402
from thidua.clusters.models import Cluster  # noqa: E402
from thidua.demo import builders as b  # noqa: E402
from thidua.orgs.models import Person, Unit  # noqa: E402
from thidua.voting.domain import sessions as voting  # noqa: E402
from thidua.voting.enums import Channel, QuestionKind, SessionKind  # noqa: E402
from thidua.voting.models import Ballot, BallotChoice, BallotSession, Participation, Receipt, Voter  # noqa: E402

Organiser = benchkit.model("Organiser")  # whichever app holds it
ROOT = Path(__file__).resolve().parent.parent
VOTERS = int(os.environ.get("BENCH_VOTERS", "10000"))
CASTS = int(os.environ.get("BENCH_CASTS", "200"))
TALLY_BUDGET_MS = 1000.0
CASTS_BUDGET_S = 10.0
RUNS = 5
TIMEOUT = 120
TAG = uuid.uuid4().hex[:8]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt-code">([A-Z0-9-]+)<')


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def budget(name: str, measured: str, limit: str, ok: bool) -> None:
    print(f"BUDGET {name} {measured} {limit} {'PASS' if ok else 'FAIL'}", flush=True)


# -- 1. tally of 10.000 ballots --------------------------------------------------------------------------------

def fill_ballots(session: BallotSession, questions: list, rng: random.Random) -> Counter:
    """The fast path: every voter has voted electronically. Rows as cast_ballot writes them; returns the votes."""
    round_number = session.current_round
    voter_ids = list(session.voters.values_list("pk", flat=True))
    candidates = {q.pk: list(q.candidates.values_list("pk", flat=True)) for q in questions}
    expected = Counter()
    with transaction.atomic():
        Participation.objects.bulk_create(
            [Participation(voter_id=v, round=round_number, channel=Channel.ELECTRONIC) for v in voter_ids],
            batch_size=2000)
        # The empty slots made when the round opened are replaced by filled ones (same columns, random ids).
        Ballot.objects.filter(session=session, round=round_number, cast=False).delete()
        ballots = [Ballot(session=session, round=round_number, cast=True) for _ in voter_ids]
        Ballot.objects.bulk_create(ballots, batch_size=2000)
        Receipt.objects.bulk_create([Receipt(session=session, round=round_number,
                                             digest=voting._digest(session, voting._new_receipt()))
                                     for _ in voter_ids], batch_size=2000)
        choices = []
        for ballot in ballots:
            for question in questions:
                pool = candidates[question.pk]
                weights = [len(pool) - i for i in range(len(pool))]  # some are more popular than others
                wanted = rng.randint(0, question.max_choices) if question.max_choices > 1 else rng.choice([1] * 19 + [0])
                picked = set()
                while len(picked) < wanted:
                    picked.add(rng.choices(pool, weights)[0])
                for candidate_id in picked:
                    choices.append(BallotChoice(ballot=ballot, candidate_id=candidate_id))
                    expected[candidate_id] += 1
        BallotChoice.objects.bulk_create(choices, batch_size=5000)
    return expected


def bench_tally(suffix: str) -> dict:
    made = {}
    unit = b.unit(f"bench-vote-{TAG}", f"Hội đồng thử tải {TAG}", area_code="lang-son", sector_code="noi-vu")
    made["unit"] = unit
    rng = random.Random(2024)
    started = time.perf_counter()
    Person.objects.bulk_create(b.people_rows(unit, VOTERS, rng), batch_size=2000)
    persons = list(Person.objects.filter(unit=unit).order_by("pk"))
    session = voting.create_session(f"Thử tải kiểm phiếu {TAG}", SessionKind.COUNCIL, electorate_kind="persons",
                                    council_name="Hội đồng thử tải", threshold_numerator=4,
                                    threshold_denominator=5, threshold_strict=False)
    made["sessions"] = [session.pk]
    flag = voting.add_question(session, QuestionKind.APPROVE, "Tặng Cờ thi đua", max_choices=1)
    merit = voting.add_question(session, QuestionKind.APPROVE, "Tặng Bằng khen", max_choices=3, seats=3)
    for question in (flag, merit):
        for i in range(10):
            voting.add_candidate(question, label=f"Ứng cử {i + 1:02d}")
    voting.set_council(session, persons)
    session = voting.open_session(session)
    expected = fill_ballots(session, [flag, merit], rng)
    log(f"  {VOTERS:,} người bỏ phiếu, {Ballot.objects.filter(session=session, cast=True).count():,} phiếu, "
        f"{BallotChoice.objects.filter(ballot__session=session).count():,} lựa chọn; chuẩn bị "
        f"{time.perf_counter() - started:.1f} s")
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        tallies = voting.count_round(session)
        timings.append((time.perf_counter() - began) * 1000)
    counted = {r.candidate_id: r.votes for t in tallies.values() for r in t.rows}
    assert counted == {c: expected.get(c, 0) for c in counted}, "kết quả kiểm phiếu khác số phiếu đã ghi"
    assert all(t.ballots_cast == VOTERS for t in tallies.values())
    median = statistics.median(timings)
    floor = benchkit.replay_median_ms([benchkit.record(lambda: voting.count_round(session))[1]], RUNS)
    log(f"  count_round: trung vị {median:.0f} ms ({', '.join(f'{t:.0f}' for t in timings)} ms); riêng SQL "
        f"{floor:.0f} ms")
    name = benchkit.name("tally", str(VOTERS))
    budget(name, f"{median:.0f}ms", f"{TALLY_BUDGET_MS:.0f}ms", median < TALLY_BUDGET_MS)
    benchkit.floor(name, floor, median, "ms", page=True)
    # Closing the round shakes the ballot box (every row of the round rewritten, then VACUUM): measured, no budget.
    began = time.perf_counter()
    voting.close_session(session)
    log(f"  close_session (xáo hòm phiếu {VOTERS:,} phiếu, rồi VACUUM): {time.perf_counter() - began:.1f} s")
    assert {r.candidate_id: r.votes for t in voting.count_round(session).values() for r in t.rows} == counted
    return made


# -- 2. 200 concurrent casts over HTTP -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_in_session(user: User) -> str:
    """A log-in session as django.contrib.auth.login would store it (the benchmark measures casting)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ)
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "thidua.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", "4", "--threads", "8", "--timeout", "120", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sys.stderr, stderr=sys.stderr)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/tai-khoan/dang-nhap/", timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn không khởi động được.")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def bench_casts(suffix: str) -> dict:
    made = {}
    organiser = b.organiser(f"bench-org-{TAG}", f"UBND thử tải {TAG}", "province", area_code="lang-son")
    cluster = b.cluster(f"bench-cum-{TAG}", f"Cụm thử tải {TAG}", organiser, area_code="lang-son")
    made.update(organiser=organiser, cluster=cluster)
    period = create_period(cluster, 2023)
    units = [b.unit(f"bench-{TAG}-{i:03d}", f"Đơn vị thử tải {TAG} số {i:03d}", area_code="lang-son",
                    sector_code="toa-an") for i in range(CASTS)]
    made["units"] = [u.pk for u in units]
    add_members(period, units)
    set_leader(period, "head", units[0])
    users = User.objects.bulk_create([User(username=f"bench-{TAG}-{i:03d}", password="!") for i in range(CASTS)])
    users = list(User.objects.filter(username__startswith=f"bench-{TAG}-").order_by("username"))
    made["users"] = [u.pk for u in users]
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.LEADER, unit=unit)
                                        for u, unit in zip(users, units, strict=True)])
    session = voting.create_session(f"Suy tôn thử tải {TAG}", SessionKind.NOMINATION, period=period)
    made["sessions"] = [session.pk]
    flag = voting.add_question(session, QuestionKind.NOMINATE, "Cờ thi đua", max_choices=1)
    merit = voting.add_question(session, QuestionKind.NOMINATE, "Bằng khen", max_choices=2, seats=2)
    flag_ids = [voting.add_candidate(flag, unit=u).pk for u in units[:5]]
    merit_ids = [voting.add_candidate(merit, unit=u).pk for u in units[:5]]
    advance_to(period, "voting", reason="Đo hiệu năng: năm dựng sẵn")
    session = voting.open_session(session)
    session_keys = [log_in_session(u) for u in users]
    made["session_keys"] = session_keys
    url = f"/bo-phieu/{session.pk}/phieu/"

    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        openers = []
        for key in session_keys:
            jar = http.cookiejar.CookieJar()
            jar.set_cookie(http.cookiejar.Cookie(
                0, settings.SESSION_COOKIE_NAME, key, None, False, "127.0.0.1", False, False, "/", True, False,
                None, False, None, None, {}))
            openers.append(urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)))
        # warm every worker up (imports, first connections), as a running server would be
        for opener in openers[:16]:
            opener.open(base + url, timeout=30).read()
        start = threading.Barrier(CASTS + 1, timeout=TIMEOUT)

        def cast(i: int):
            opener = openers[i]
            start.wait()
            began = time.perf_counter()
            with opener.open(base + url, timeout=60) as response:
                html = response.read().decode()
            fields = [("csrfmiddlewaretoken", CSRF.search(html).group(1)), (f"q{flag.pk}", str(flag_ids[i % 5])),
                      (f"q{merit.pk}", str(merit_ids[i % 5])), (f"q{merit.pk}", str(merit_ids[(i + 2) % 5]))]
            try:
                with opener.open(base + url, data=urllib.parse.urlencode(fields).encode(), timeout=60) as response:
                    html = response.read().decode()
            except urllib.error.HTTPError as error:
                html = error.read().decode()
            code = RECEIPT.search(html)
            return code.group(1) if code else None, time.perf_counter() - began

        with concurrent.futures.ThreadPoolExecutor(max_workers=CASTS) as pool:
            futures = [pool.submit(cast, i) for i in range(CASTS)]
            start.wait()
            began = time.perf_counter()
            results = [f.result(timeout=TIMEOUT) for f in concurrent.futures.as_completed(futures, timeout=TIMEOUT)]
            wall = time.perf_counter() - began
    finally:
        stop_server(server)
    codes = [code for code, _t in results if code]
    each = sorted(t for _c, t in results)
    cast_count = Ballot.objects.filter(session=session, cast=True).count()
    participations = Participation.objects.filter(voter__session=session).count()
    log(f"  {CASTS} phiếu (mở phiếu + gửi) cùng lúc tới gunicorn 4×8 trên 127.0.0.1: {wall:.2f} s; mỗi lượt trung "
        f"vị {statistics.median(each):.2f} s, chậm nhất {each[-1]:.2f} s; {len(codes)} mã phiếu, {cast_count} phiếu "
        f"đã kiểm, {participations} lượt bỏ phiếu")
    correct = len(set(codes)) == CASTS and cast_count == CASTS and participations == CASTS
    if not correct:
        log("  SAI: không phải mọi phiếu đều được ghi đúng một lần.")
    budget(benchkit.name("concurrent_casts", str(CASTS)), f"{wall:.1f}s", f"{CASTS_BUDGET_S:.0f}s",
           correct and wall < CASTS_BUDGET_S)
    return made


# -- clean-up (PostgreSQL: the database may be kept between benchmark runs) -----------------------------------

def clean(made: dict) -> None:
    from django.contrib.sessions.models import Session

    with transaction.atomic():
        sessions = BallotSession.objects.filter(pk__in=made.get("sessions", []))
        for session in sessions:
            Voter.objects.filter(session=session).delete()
        sessions.delete()
        if made.get("session_keys"):
            Session.objects.filter(session_key__in=made["session_keys"]).delete()
        User.objects.filter(pk__in=made.get("users", [])).delete()
        if "cluster" in made:
            made["cluster"].periods.all().delete()
            Cluster.objects.filter(pk=made["cluster"].pk).delete()
            Organiser.objects.filter(pk=made["organiser"].pk).delete()
        if "unit" in made:
            Person.objects.filter(unit=made["unit"]).delete()
            Unit.objects.filter(pk=made["unit"].pk).delete()
        if made.get("units"):
            Unit.objects.filter(pk__in=made["units"]).delete()


def main() -> None:
    call_command("migrate", verbosity=0)  # a fresh database; nothing to do on one bench/run.sh migrated
    suffix = "pg" if connection.vendor == "postgresql" else "sqlite"
    log(f"== Bỏ phiếu kín ({connection.vendor}{', ' + FRESH_DIR if FRESH_DIR else ''})")
    try:
        for part in (bench_tally, bench_casts):
            made = part(suffix)
            if not FRESH_DIR:
                try:
                    clean(made)
                except Exception as error:  # the figures stand; leftovers carry the run's tag
                    log(f"  Không dọn được dữ liệu thử tải {TAG}: {error}")
    finally:
        if FRESH_DIR:
            shutil.rmtree(FRESH_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
