"""200 representatives cast their ballots at the same moment against a live server on PostgreSQL, each over
HTTP with its own log-in (urllib with a cookie jar: log-in page for the CSRF cookie, credentials, the ballot
page, then the ballot). Every ballot is counted once: none lost, none doubled — and 20 of them send their
ballot twice at once, of which exactly one is taken.

pytest-django's live server is Django's LiveServerThread, which serves with ThreadedWSGIServer: one thread
per request, each with its own database connection (closed after the request), so the requests really run
in parallel against PostgreSQL. cast_ballot locks the voter's row (select_for_update) and fills a random
empty slot with `FOR UPDATE SKIP LOCKED`. SQLite is skipped: one writer at a time is its design.

Run with: PG_PORT=54346 bash scripts/with-postgres.sh .venv/bin/pytest -q tests/voting/test_concurrency.py"""

import concurrent.futures
import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.db import connection

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.demo import builders as b
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind
from thidua.voting.models import Ballot, BallotChoice, Participation, Receipt

VOTERS = 200
TWICE = 20  # voters who send the same ballot twice at the same moment
PASSWORD = "mat-khau-thu-nghiem"
TIMEOUT = 120  # seconds for the whole run; each HTTP request gives up after 60 s
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt-code">([A-Z0-9-]+)<')


class Browser:
    """One representative's HTTP client: its own cookie jar, like a browser of its own."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 400: the ballot was refused, with its message
            return error.code, error.read().decode()

    def log_in(self, username: str, then: str) -> str:
        """Log in through the log-in form and land on `then`; returns that page."""
        token = CSRF.search(self.get("/tai-khoan/dang-nhap/")).group(1)
        status, html = self.post("/tai-khoan/dang-nhap/", [("csrfmiddlewaretoken", token), ("username", username),
                                                           ("password", PASSWORD), ("next", then)])
        assert status == 200 and 'id="current-user"' in html, f"{username}: đăng nhập không được"
        return html


def build(n: int):
    organiser = b.organiser("cc-org", "UBND tỉnh thử tải", "province", area_code="lang-son")
    cluster = b.cluster("cc-cum", "Cụm thi đua thử tải", organiser, area_code="lang-son")
    period = create_period(cluster, 2023)
    units = [b.unit(f"cc-{i:03d}", f"Đơn vị thử tải số {i:03d}", area_code="lang-son", sector_code="toa-an")
             for i in range(n)]
    add_members(period, units)
    set_leader(period, "head", units[0])
    users = User.objects.bulk_create([User(username=f"dai-dien-{i:03d}", full_name=f"Đại diện {i:03d}")
                                      for i in range(n)])
    password = User(username="x")
    password.set_password(PASSWORD)  # one hash for all (tests hash with MD5)
    User.objects.filter(pk__in=[u.pk for u in users]).update(password=password.password)
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.LEADER, unit=unit)
                                        for u, unit in zip(users, units, strict=True)])
    session = voting.create_session("Suy tôn — thử tải", SessionKind.NOMINATION, period=period)
    flag = voting.add_question(session, QuestionKind.NOMINATE, "Cờ thi đua", max_choices=1)
    merit = voting.add_question(session, QuestionKind.NOMINATE, "Bằng khen", max_choices=2, seats=2)
    flag_ids = [voting.add_candidate(flag, unit=u).pk for u in units[:5]]
    merit_ids = [voting.add_candidate(merit, unit=u).pk for u in units[:5]]
    advance_to(period, Phase.VOTING, reason="kiểm thử")
    session = voting.open_session(session)
    return session, flag, merit, flag_ids, merit_ids


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the catalogue, whatever ran before
def test_200_voters_cast_at_once_every_ballot_counted_once(live_server):
    if connection.vendor != "postgresql":
        pytest.skip("Bỏ phiếu đồng thời chỉ kiểm trên PostgreSQL (SQLite ghi tuần tự).")
    # Django's live server listens with a backlog of 10 connections (WSGIServer.request_queue_size); 220
    # connections arriving at once would overflow it and some be reset by the kernel before the server saw
    # them. Widen the backlog of the listening socket (Linux applies a second listen() call), as a
    # production server's is (gunicorn: 2048).
    live_server.thread.httpd.socket.listen(1024)
    session, flag, merit, flag_ids, merit_ids = build(VOTERS)
    url = f"/bo-phieu/{session.pk}/phieu/"

    def ballot_of(i: int) -> tuple[int, list[int]]:
        return flag_ids[i % 5], [merit_ids[i % 5], merit_ids[(i + 1) % 5]]

    # 1. Each representative logs in (bounded: 20 at a time) and opens the ballot page, like a browser would.
    browsers = {i: Browser(live_server.url) for i in range(VOTERS)}
    tokens = {}

    def open_ballot(i: int):
        html = browsers[i].log_in(f"dai-dien-{i:03d}", then=url)
        assert 'id="ballot-form"' in html
        tokens[i] = CSRF.search(html).group(1)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        for future in [pool.submit(open_ballot, i) for i in range(VOTERS)]:
            future.result(timeout=TIMEOUT)

    # 2. All send their ballot at the same moment, 20 of them twice (a double click, a second tab).
    senders = [(i, attempt) for i in range(VOTERS) for attempt in range(2 if i < TWICE else 1)]
    ready = threading.Barrier(len(senders), timeout=TIMEOUT)

    def cast(i: int, attempt: int):
        flag_choice, merit_choice = ballot_of(i)
        fields = [("csrfmiddlewaretoken", tokens[i]), (f"q{flag.pk}", str(flag_choice))]
        fields += [(f"q{merit.pk}", str(c)) for c in merit_choice]
        ready.wait()
        status, html = browsers[i].post(url, fields)
        code = RECEIPT.search(html)
        return i, status, code.group(1) if code else None, html

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(senders)) as pool:
        futures = [pool.submit(cast, i, attempt) for i, attempt in senders]
        results = [f.result(timeout=TIMEOUT) for f in concurrent.futures.as_completed(futures, timeout=TIMEOUT)]
    elapsed = time.perf_counter() - started
    print(f"\n{len(senders)} phiếu gửi cùng lúc ({VOTERS} đại diện) qua HTTP: {elapsed:.1f} s")

    receipts = {i: code for i, status, code, _html in results if code}
    refused = [(i, status, html) for i, status, code, html in results if not code]
    # every voter has exactly one receipt; each second send of the same ballot was refused, in words
    assert sorted(receipts) == list(range(VOTERS))
    assert len(refused) == TWICE and sorted(i for i, _s, _h in refused) == list(range(TWICE))
    assert all(status == 400 and "đã bỏ phiếu ở vòng này" in html for _i, status, html in refused)
    assert len(set(receipts.values())) == VOTERS

    # in the database: 200 participations, 200 ballots filled out of 200 slots, none doubled
    assert Participation.objects.filter(voter__session=session).count() == VOTERS
    assert Ballot.objects.filter(session=session).count() == VOTERS
    cast_ballots = Ballot.objects.filter(session=session, cast=True)
    assert cast_ballots.count() == VOTERS
    assert len(set(Receipt.objects.filter(session=session).values_list("digest", flat=True))) == VOTERS
    per_ballot = Counter(BallotChoice.objects.filter(ballot__session=session).values_list("ballot_id", flat=True))
    assert len(per_ballot) == VOTERS and set(per_ballot.values()) == {3}
    assert all(voting.verify_receipt(session, code) for code in receipts.values())

    # each candidate has exactly the votes that were sent
    sent = Counter()
    for i in range(VOTERS):
        flag_choice, merit_choice = ballot_of(i)
        sent.update([flag_choice, *merit_choice])
    stored = Counter(BallotChoice.objects.filter(ballot__session=session).values_list("candidate_id", flat=True))
    assert stored == sent
    tallies = voting.count_round(session)
    assert {r.candidate_id: r.votes for r in tallies[flag.pk].rows} == {c: sent[c] for c in flag_ids}
    assert tallies[merit.pk].ballots_cast == VOTERS
    # closing shakes the box (every row rewritten, VACUUM FULL after the commit): the count is the same
    voting.close_session(session)
    assert {r.candidate_id: r.votes for r in voting.count_round(session)[flag.pk].rows} == {
        c: sent[c] for c in flag_ids}
    assert Counter(BallotChoice.objects.filter(ballot__session=session).values_list("candidate_id", flat=True)) == sent
    assert all(voting.verify_receipt(session, code) for code in receipts.values())
