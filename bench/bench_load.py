"""Budget: 50 simulated users on a real server browsing for 60 seconds, on the database the benchmark filled.

    BUDGET load_p95_<db>_<scale> <ms>ms 500ms PASS|FAIL    95th percentile of the browsing requests' times (the
                                                           measured minute; log-ins are not in it), from sending
                                                           a request to its last byte
    BUDGET load_errors_<db>_<scale> <n> 0 PASS|FAIL        requests that failed, log-ins included: an HTTP status
                                                           other than the expected one (200; 302 after the
                                                           log-in), a broken connection, a time-out, a page not
                                                           ending in </html>

The server is gunicorn started as `make run` starts it (`gunicorn thidua.wsgi --workers 2 --threads 4`, access
log on), on 127.0.0.1 and a free port, on this database (DATABASE_URL, else the SQLite database under
THIDUA_VAR_DIR), without THIDUA_DEMO and DEBUG (as a real server). Each simulated user is a thread of this
process with a keep-alive connection of its own (http.client). The run has two phases:

1. Log-in, not measured against the budget: the users open the log-in page and log in through the form with its
   CSRF token (Argon2 checks the password, as for a person), one after another over 10 seconds; the phase ends
   when every user is logged in. A log-in costs the server about 0,3 s of CPU (Argon2, 102.400 KiB, 2 passes,
   8 lanes): 50 of them are 15 CPU-seconds, all the 2-core machine has for those 10 seconds — the morning
   rush of a whole office, not browsing. Its figures (count, median, p95, slowest, errors, how long it took)
   go to stderr.
2. Browsing, measured: for BENCH_LOAD_SECONDS (60) every user, already logged in, pauses BENCH_LOAD_THINK
   seconds (default 1-3, uniform) and opens a page picked at random:

    25 %  the year page of a cluster (this year's, among the clusters the user may see)
    15 %  the ranking of a cluster year being scored (12 members, 30 criteria, every sheet self-assessed)
    15 %  the registry of awards, newest first          10 %  the registry searched by a person's name
    10 %  the registry, one year and a name              25 %  person search by name (accent-free)

Half of the users are system administrators; the other half are the staff of a generated province's
organiser (the People's Committee), who see that province's clusters and people only. Before the log-ins, every
kind of page is requested a few times (not counted) so that both workers have loaded the code. The names
searched are those of people in the database. With one think time of 2 s on average, 50 users send about 20
requests a second — the load of some hundreds of people working at once.

What the benchmark creates (3 clusters of 12 units with scores, 50 accounts, their sessions and log-in
records) is deleted at the end. Environment: BENCH_LOAD_USERS (50), BENCH_LOAD_SECONDS (60),
BENCH_LOAD_THINK ("1-3"). Details on stderr: the log-in phase, then per kind of page requests, median, p95 and
slowest."""

import datetime as dt
import http.client
import http.cookies
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402

from thidua.accounts.models import Role, RoleAssignment, User  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
THINK = tuple(float(x) for x in os.environ.get("BENCH_LOAD_THINK", "1-3").split("-"))
RAMP_SECONDS = 10.0
LOGIN_PHASE_TIMEOUT = 600  # seconds a user waits at most for the others to have logged in
P95_BUDGET_MS = 500.0
TIMEOUT = 60
SCORED_CLUSTERS, SCORED_MEMBERS = 3, 12
PAGES = [("year", 25), ("ranking", 15), ("registry", 15), ("registry_search", 10), ("registry_year_search", 10),
         ("person_search", 25)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TAG = secrets.token_hex(3)
PASSWORD = secrets.token_urlsafe(12)


# ---------------------------------------------------------------------------------------------------------
# What the users need: clusters being scored, accounts, names to search


def scored_cluster(index: int, organiser, year: int):
    """A cluster of 12 new units under a generated organiser, 30 criteria, every sheet self-assessed and
    submitted, in the appraisal phase: its ranking is computed from the scores at every request."""
    from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
    from thidua.demo import builders as b
    from thidua.scoring.domain import sheets

    code = f"bench-load-{TAG}-{index}"
    area = organiser.area.code if organiser.area_id else None
    cluster = b.cluster(code, f"Cụm thử tải {TAG} số {index}", organiser, area_code=area)
    units = [b.unit(f"{code}-{j:02d}", f"Đơn vị thử tải {TAG} số {index}.{j:02d}", sector_code="toa-an")
             for j in range(1, SCORED_MEMBERS + 1)]
    period = create_period(cluster, year)
    add_members(period, units)
    set_leader(period, "head", units[0])
    criteria_set = sheets.ensure_criteria_set(period, peer_weight=0)
    criteria = []
    for g in range(1, 6):
        group = sheets.add_criterion(criteria_set, f"{g}", f"Nhóm tiêu chí {g}", "group", 0)
        for c in range(1, 6):
            kind, per = ("per_occurrence", 1) if c % 3 == 0 else ("pass_fail", None)
            criteria.append(sheets.add_criterion(criteria_set, f"{g}.{c}", f"Tiêu chí {g}.{c}", kind, 2, parent=group,
                                                 points_per_occurrence=per))
    criteria.append(sheets.add_criterion(criteria_set, "6", "Điểm thưởng", "bonus", 5))
    criteria.append(sheets.add_criterion(criteria_set, "7", "Điểm trừ", "penalty", 5))
    advance_to(period, "scoring", reason="Đo hiệu năng: năm dựng sẵn")
    rng = random.Random(index)
    for unit in units:
        sheet = sheets.get_sheet(period, unit)
        sheets.save_self_assessment(sheet, {c.pk: (rng.choice([0, 1, 1, 2]) if c.type != "pass_fail" else
                                                   rng.choice([0, 1, 1, 1]), "") for c in criteria})
        sheets.submit_self_assessment(sheet)
    advance_to(period, "appraisal")
    return cluster, period, units


def make_users(organisers) -> list[User]:
    password = make_password(PASSWORD)  # hashed once; every account gets the same hash
    User.objects.bulk_create([User(username=f"bench-load-{TAG}-{i:02d}", full_name=f"Người thử tải {i:02d}",
                                   password=password) for i in range(USERS)])
    users = list(User.objects.filter(username__startswith=f"bench-load-{TAG}-").order_by("username"))
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user=u, role=Role.ADMIN) if i % 2 == 0 else
        RoleAssignment(user=u, role=Role.ORGANISER_STAFF, organiser=organisers[(i // 2) % len(organisers)])
        for i, u in enumerate(users)])
    for i, user in enumerate(users):
        user.bench_organiser = None if i % 2 == 0 else organisers[(i // 2) % len(organisers)]
    return users


def names_of_people(organiser=None, count: int = 60) -> list[str]:
    """Folded names of people picked at random by id (people of the organiser's clusters when given)."""
    Person = k.model("Person")
    people = Person.objects.all()
    if organiser is not None:
        people = people.filter(unit__memberships__period__cluster__organiser=organiser)
    bounds = people.order_by("pk").values_list("pk", flat=True)
    low, high = bounds.first(), bounds.last()
    rng = random.Random(organiser.pk if organiser else 0)
    picked = list(people.filter(pk__in=[rng.randint(low, high) for _ in range(count * 20)])
                  .values_list("search_text", flat=True).distinct()[:count])
    return picked or ["nguyen thi thuy"]


def plans(users, scored) -> dict:
    """Per user: the periods of its year pages and rankings, the names it searches, the years it picks."""
    EmulationPeriod = k.model("EmulationPeriod")
    year = dt.date.today().year
    award_years = list(range(year - 10, year))  # the ten years bench_awards.py generates, up to last year
    names, plan = {}, {}
    for user in users:
        organiser = user.bench_organiser
        periods = EmulationPeriod.objects.filter(year=year, cluster__code__startswith="gen-")
        if organiser is not None:
            periods = periods.filter(cluster__organiser=organiser)
        key = organiser.pk if organiser else None
        if key not in names:
            names[key] = names_of_people(organiser)
        plan[user.username] = {
            "years": list(periods.values_list("pk", flat=True)[:200]),
            "rankings": [p.pk for c, p, _u in scored if organiser is None or c.organiser_id == organiser.pk],
            "names": names[key], "award_years": award_years,
        }
    return plan


def clean(scored, users, session_keys) -> None:
    from django.contrib.sessions.models import Session
    from django.db.models import Q

    Activity, Unit = k.model("Activity"), k.model("Unit")
    usernames = [u.username for u in users]
    for model_name in ("AccessLog", "AccessAttempt", "AccessFailureLog"):
        try:
            k.model(model_name).objects.filter(username__in=usernames).delete()
        except LookupError:
            pass
    Session.objects.filter(session_key__in=list(session_keys)).delete()
    User.objects.filter(username__in=usernames).delete()
    for cluster, _period, units in scored:
        scope = cluster.scope
        cluster.periods.all().delete()
        cluster.delete()
        Activity.objects.filter(Q(scope=scope)).delete()
        Unit.objects.filter(pk__in=[u.pk for u in units]).delete()


# ---------------------------------------------------------------------------------------------------------
# The server and the browsers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key not in ("THIDUA_DEMO", "THIDUA_DEBUG")}
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "thidua.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", "2", "--threads", "4", "--access-logfile", "-", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sys.stderr)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            status, _body, _t = Browser(port).get("/tai-khoan/dang-nhap/")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn không khởi động được.")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


class Browser:
    """One user's keep-alive connection and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.connection = None
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, float]:
        """(status, body, seconds) from sending to the last byte; reconnects once if the server closed it."""
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "thidua-bench-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content, time.perf_counter() - started

    def get(self, path: str):
        return self.request("GET", path)

    def close(self):
        if self.connection is not None:
            self.connection.close()


# ---------------------------------------------------------------------------------------------------------
# The run


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)
        self.session_keys = set()
        self.began = self.wall = 0.0

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(seconds * 1000)
            if error:
                self.errors[kind].append(error)


def page_path(kind: str, plan: dict, rng: random.Random) -> str:
    name = rng.choice(plan["names"])
    if rng.random() < 0.3 and len(name.split()) > 2:
        name = " ".join(name.split()[-2:])  # a surname left out, as people type
    q = urllib.parse.quote_plus(name)
    if kind == "year":
        return f"/cum-khoi/nam/{rng.choice(plan['years'])}/tong-quan/"
    if kind == "ranking":
        return f"/cham-diem/nam/{rng.choice(plan['rankings'])}/xep-hang/"
    if kind == "registry":
        return "/khen-thuong/"
    if kind == "registry_search":
        return f"/khen-thuong/?q={q}"
    if kind == "registry_year_search":
        return f"/khen-thuong/?year={rng.choice(plan['award_years'])}&q={q}"
    return f"/ca-nhan/?q={q}"


def timed(results: Results, kind: str, call, expected: int) -> str:
    try:
        status, body, seconds = call()
    except (OSError, http.client.HTTPException) as error:
        results.add(kind, TIMEOUT, f"{type(error).__name__}: {error}")
        return ""
    error = None
    if status != expected:
        error = f"HTTP {status}"
    elif status == 200 and "</html>" not in body:
        error = "trang không trọn vẹn"
    results.add(kind, seconds, error)
    return body if error is None else ""


def log_in(browser: Browser, username: str, results: Results) -> bool:
    page = timed(results, "login_page", lambda: browser.get("/tai-khoan/dang-nhap/"), 200)
    token = CSRF.search(page)
    if not token:
        return False
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    timed(results, "login", lambda: browser.request("POST", "/tai-khoan/dang-nhap/", form), 302)
    if "sessionid" in browser.cookies:
        with results.lock:
            results.session_keys.add(browser.cookies["sessionid"])
        return True
    return False


def user_loop(port: int, username: str, plan: dict, login_at: float, phases: "Phases", seed: int) -> None:
    """Log in at `login_at`, wait until every user has, then browse until the measured minute is over."""
    rng = random.Random(seed)
    kinds, weights = zip(*PAGES, strict=True)
    browser = Browser(port)
    try:
        time.sleep(max(0.0, login_at - time.monotonic()))
        try:
            logged_in = log_in(browser, username, phases.login)
        except Exception as error:  # never leave the other users waiting at the barrier
            phases.login.add("login", 0.0, f"{type(error).__name__}: {error}")
            logged_in = False
        try:
            phases.all_logged_in.wait(timeout=LOGIN_PHASE_TIMEOUT)
        except threading.BrokenBarrierError:
            phases.login.add("login", 0.0, "the log-in phase did not end")
            return
        if not logged_in:
            return
        while True:
            time.sleep(rng.uniform(*THINK))
            if time.monotonic() >= phases.end_at:
                break
            kind = rng.choices(kinds, weights)[0]
            path = page_path(kind, plan, rng)
            timed(phases.browsing, kind, lambda p=path: browser.get(p), 200)
    finally:
        browser.close()


class Phases:
    """The log-in phase and the measured browsing that starts when every user has logged in."""

    def __init__(self, users: int):
        self.login, self.browsing = Results(), Results()
        self.end_at = 0.0
        self.all_logged_in = threading.Barrier(users, action=self.start_browsing)

    def start_browsing(self) -> None:
        now = time.monotonic()
        self.login.wall = now - self.login.began
        self.browsing.began, self.end_at = now, now + SECONDS


def warm_up(port: int, users, plan: dict) -> set[str]:
    """Every kind of page a few times from 8 log-ins at once (both workers, every thread), not counted."""
    results = Results()

    def one(i):
        user = users[i % len(users)]
        browser = Browser(port)
        if log_in(browser, user.username, results):
            rng = random.Random(i)
            for kind, _weight in PAGES * 2:
                browser.get(page_path(kind, plan[user.username], rng))
        browser.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results.session_keys


def run(port: int, users, plan: dict) -> Phases:
    phases = Phases(len(users))
    phases.login.began = began = time.monotonic()
    threads = [threading.Thread(target=user_loop, args=(port, u.username, plan[u.username],
                                                        began + i * RAMP_SECONDS / len(users), phases, i))
               for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phases.browsing.wall = min(time.monotonic(), phases.end_at) - phases.browsing.began  # the measured window
    return phases


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def summary(kind: str, times: list[float], errors: list[str]) -> str:
    return (f"  {kind:22s} {len(times):5d} requests, median {statistics.median(times):7.1f} ms, p95 "
            f"{percentile(times, 0.95):7.1f} ms, slowest {max(times):7.1f} ms, {len(errors)} errors")


def report(phases: Phases, scale: str) -> None:
    login, browsing = phases.login, phases.browsing
    k.log(f"  log-in phase (not in the budget): {USERS} users over {RAMP_SECONDS:g} s, all logged in after "
          f"{login.wall:.1f} s")
    for kind, times in sorted(login.times.items()):
        k.log(summary(kind, times, login.errors[kind]))
    every = [t for times in browsing.times.values() for t in times]
    errors = sum(len(e) for results in (login, browsing) for e in results.errors.values())
    k.log(f"  browsing (measured): {len(every)} requests in {browsing.wall:.0f} s "
          f"({len(every) / max(browsing.wall, 1e-9):.1f}/s), {USERS} users, think time {THINK[0]:g}-{THINK[1]:g} s")
    for kind, times in sorted(browsing.times.items()):
        k.log(summary(kind, times, browsing.errors[kind]))
    for results in (login, browsing):
        for kind, messages in results.errors.items():
            for message in sorted(set(messages))[:5]:
                k.log(f"  error ({kind}): {message}")
    p95 = percentile(every, 0.95)
    k.budget(k.name("load_p95", scale), p95, P95_BUDGET_MS, "ms", passed=bool(every) and p95 <= P95_BUDGET_MS)
    print(f"BUDGET {k.name('load_errors', scale)} {errors} 0 {'PASS' if errors == 0 and every else 'FAIL'}",
          flush=True)


def main() -> int:
    scale = k.generated_scale()
    Organiser = k.model("Organiser")
    organisers = list(Organiser.objects.filter(code__startswith="gen-").order_by("pk")[:SCORED_CLUSTERS])
    if not organisers:
        raise SystemExit("Chưa có dữ liệu tổng hợp: chạy `thidua gen-data` trước.")
    k.log(f"== Thử tải: {USERS} người dùng, {SECONDS:g} s, gunicorn 2 × 4 ({connection.vendor}, {scale})")
    started = time.perf_counter()
    scored, users, session_keys = [], [], set()
    try:
        year = dt.date.today().year
        scored = [scored_cluster(i, organisers[i % len(organisers)], year) for i in range(SCORED_CLUSTERS)]
        users = make_users(organisers)
        plan = plans(users, scored)
        k.log(f"  chuẩn bị {time.perf_counter() - started:.1f} s")
        connection.close()  # the server's workers have their own; this process has nothing to hold open
        port = free_port()
        server = start_server(port)
        try:
            session_keys |= warm_up(port, users, plan)
            phases = run(port, users, plan)
            session_keys |= phases.login.session_keys
        finally:
            stop_server(server)
        report(phases, scale)
    finally:
        clean(scored, users, session_keys)
    return 0


if __name__ == "__main__":
    sys.exit(main())
