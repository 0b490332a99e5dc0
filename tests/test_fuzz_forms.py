"""Every form of the app takes any input without a server error and without writing half of itself (issue 11
item 4).

The forms are found from the URL configuration: every route of `get_resolver()` is listed; the routes without
parameters are visited, and their links followed (breadth first, as a user with every role on S1's year —
system administrator, S1's organiser's staff, the head unit's staff and a member's officer) to find a concrete
address for the routes with parameters. Every `<form method=post>` of every page reached is parsed (its inputs,
text areas and selects with their options, and the boxes that join it by a `form="…"` attribute), then
Hypothesis posts generated values into it: texts with control and direction-override characters, huge numbers,
NaN, infinity, 1e309, impossible and far-away dates, empty and very long texts, the options and garbage in
their place. Each example runs in a savepoint rolled back afterwards, so every example starts from S1's year.

It asserts, for every example: no answer of 500 or more; and when the answer re-renders a form with errors,
nothing was written (the row count of every table of the app, the activity log included, is unchanged). Each
form is also posted twice as its page filled it (or with plausible values): the second post duplicates what the
first wrote, so a unique constraint reachable from the form must be answered in the form.
The Django admin, the language switch and log-out are left out (the admin is Django's own; the others only
change the session). The run prints how many routes, forms and examples it covered."""

import re
import sys
import traceback
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.forms import BaseForm, BaseFormSet
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from thidua.accounts.models import Role

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES_PER_FORM = 12
MAX_PAGES = 500
PER_ROUTE = 5  # concrete addresses visited per route
SKIPPED_PREFIXES = ("/quan-tri/", "/i18n/", "/static/", "/media/")
SKIPPED_WORDS = ("dang-xuat", "logout")
DOWNLOAD = re.compile(r"\.(pdf|xlsx|docx|html?)$|export=|/tai-ve|/mau/")
GET_MARK = "__get__"  # in a generated body: the form is a GET form (a list's filters)
UNTOUCHED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}

NASTY_TEXT = [
    "", " ", "0", "-0", "1", "-1", "1,5", "1.5", "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "1E5", "1e-400",
    "1.000.000.000.000", "999.999.999.999,999", "10^12", "99999999999999999999999999999999999999",
    "-99999999999999999999", "0,0000001", "١٢٣", "１２", "01/01/0001", "31/02/2024", "29/02/2023", "00/00/0000",
    "01/01/1899", "31/12/9999", "2024-01-01", "1/1/1", "\u202egnp.exe", "Nguyễn\u202e Văn\u2066 A\u200f",
    "A\x00B", "\x01\x02\x1b[31m", "\x85\x9f", "=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "\t\r\n",
    "Trần Thị\r\nBình", "'; DROP TABLE orgs_unit; --", "<script>alert(1)</script>", "x" * 600, "ồ" * 5000,
    "y" * 20001, "%s %(x)s {0}", "../../etc/passwd", "-", "true", "on", "null",
]
GARBAGE_CHOICES = ["", "0", "-1", "999999999", "abc", "1.5", "NaN", "\x00", "9" * 30]
WEIRD_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\x00\x07\x1f\x7f\x85\u2028\n\t\r"))


# -- routes ----------------------------------------------------------------------------------------------------

def all_routes(resolver=None, prefix: str = "") -> list[str]:
    """Every route of the URL configuration as a pattern string ("cham-diem/nam/<int:period_pk>/phieu/")."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            routes += all_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            routes.append(prefix + str(entry.pattern))
    return routes


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


# -- pages and their forms -------------------------------------------------------------------------------------

class PageParser(HTMLParser):
    """The links of a page and its POST forms: action and fields (name, kind, value, options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.orphans: list[tuple[str, dict]] = []  # fields outside their form, joined by form="id"
        self.stack: list[dict] = []
        self.select: dict | None = None
        self.textarea: dict | None = None

    def _add(self, field: dict, attrs: dict) -> None:
        owner = attrs.get("form")
        if owner:
            self.orphans.append((owner, field))
        elif self.stack:
            self.stack[-1]["fields"].append(field)

    def handle_starttag(self, tag, attr_list):
        attrs = {k: (v if v is not None else "") for k, v in attr_list}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            form = {"method": attrs.get("method", "get").lower(), "action": attrs.get("action", ""), "fields": []}
            self.stack.append(form)
            self.forms.append(form)
            if attrs.get("id"):
                self.by_id[attrs["id"]] = form
        elif tag in ("input", "button") and attrs.get("name"):
            kind = attrs.get("type", "text" if tag == "input" else "submit").lower()
            self._add({"name": attrs["name"], "kind": kind, "value": attrs.get("value", ""),
                       "checked": "checked" in attrs}, attrs)
        elif tag == "select" and attrs.get("name"):
            self.select = {"name": attrs["name"], "kind": "select", "value": "", "options": [],
                           "multiple": "multiple" in attrs}
            self._add(self.select, attrs)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select["value"] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = {"name": attrs["name"], "kind": "textarea", "value": ""}
            self._add(self.textarea, attrs)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.stack:
            self.stack.pop()
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def all_forms(self) -> list[dict]:
        for owner, field in self.orphans:
            if owner in self.by_id:
                self.by_id[owner]["fields"].append(field)
        return [f for f in self.forms if f["method"] == "post" or any(x["kind"] != "submit" for x in f["fields"])]


def inside(href: str, base: str) -> str | None:
    """The site path a link points to (without query), or None for other sites, downloads and skipped parts."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "javascript:")):
        return None
    path = parts.path or base
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIPPED_PREFIXES) or any(w in path for w in SKIPPED_WORDS) or DOWNLOAD.search(href):
        return None
    return path


def crawl(client, start: list[str]) -> tuple[dict[str, list[str]], list[tuple[str, str, dict]]]:
    """Visit the site from `start`; the concrete paths found per route, and the POST forms (page, action, form)."""
    seen_routes: dict[str, list[str]] = {}
    queue, visited, forms = deque(start), set(), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        route = route_of(path)
        if path in visited or route is None or len(seen_routes.get(route, [])) >= PER_ROUTE:
            continue
        visited.add(path)
        response = client.get(path)
        assert response.status_code < 500, f"GET {path}: {response.status_code}"
        seen_routes.setdefault(route, []).append(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = PageParser()
        parser.feed(response.content.decode("utf-8", "replace"))
        for form in parser.all_forms():
            action = inside(form["action"], path) if form["action"] else path
            if action is not None and route_of(action) is not None:
                forms.append((path, action, form))
        for href in parser.links:
            target = inside(href, path)
            if target is not None and target not in visited:
                queue.append(target)
    return seen_routes, forms


# -- generated input -------------------------------------------------------------------------------------------

NUMBER_HINTS = ("point", "value", "count", "number", "weight", "gap", "_mb", "order", "year", "salary", "amount",
                "multiple", "share", "quorum", "percent", "days", "seats", "limit", "trim", "so_", "diem")
DATE_HINTS = ("date", "_on", "ngay", "day", "valid_from", "valid_to", "_at")


def plausible(field: dict) -> str | list | None:
    """A value the field would likely take: what the page put in it, else a guess from its kind and name."""
    kind, name = field["kind"], field["name"].lower()
    if kind in ("checkbox", "radio"):
        return (field["value"] or "on") if field.get("checked") else None
    if kind == "select":
        if field["value"] or not field["options"]:
            return field["value"]
        filled = [o for o in field["options"] if o]
        return filled[0] if filled else ""
    if field["value"].strip():
        return field["value"]
    if kind == "email" or "email" in name:
        return "can.bo@example.vn"
    if any(h in name for h in DATE_HINTS):
        return "05/03/2024"
    if any(h in name for h in NUMBER_HINTS):
        return "1"
    return "Thử nghiệm một"


def nasty(field: dict):
    """Something a form must survive in place of this field's value."""
    kind = field["kind"]
    if kind in ("checkbox", "radio"):
        return st.sampled_from([field["value"] or "on", None, "garbage"])
    if kind == "select":
        options = field["options"] or [""]
        if field.get("multiple"):
            return st.lists(st.sampled_from([*options, *GARBAGE_CHOICES]), max_size=3)
        return st.one_of(st.sampled_from(options), st.sampled_from(GARBAGE_CHOICES))
    return st.one_of(st.sampled_from(NASTY_TEXT), st.sampled_from(NASTY_TEXT), st.text(WEIRD_CHARS, max_size=40))


def form_strategy(form: dict):
    """A POST body: every field as the page filled it (or a plausible value), one to three of them — or, one
    example in four, all of them — replaced by something nasty; and one of the submit buttons."""
    fields = [f for f in form["fields"] if f["kind"] not in ("submit", "button", "image", "reset", "file")]
    buttons = [(f["name"], f["value"]) for f in form["fields"] if f["kind"] in ("submit", "button", "image")]
    base = [plausible(f) for f in fields]
    if not fields:
        return st.tuples(st.just([]), st.sampled_from(buttons) if buttons else st.just(None))

    def mutate(indices):
        return st.tuples(*[nasty(f) if i in indices else st.just(base[i]) for i, f in enumerate(fields)])

    everything = set(range(len(fields)))
    chosen = st.one_of(st.sets(st.integers(0, len(fields) - 1), min_size=1, max_size=3), st.just(everything))
    values = chosen.flatmap(mutate).map(lambda vals: list(zip([f["name"] for f in fields], vals, strict=True)))
    return st.tuples(values, st.sampled_from(buttons) if buttons else st.just(None))


def body(generated) -> dict:
    """The generated pairs as the test client posts them: a name given several times (checkboxes of one list,
    a multiple select) becomes a list."""
    pairs, button = generated
    data: dict = {}
    for name, value in pairs:
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if name in data:
                data[name] = [*(data[name] if isinstance(data[name], list) else [data[name]]), item]
            else:
                data[name] = item
    if button is not None:
        data[button[0]] = button[1]
    return data


# -- the checks ------------------------------------------------------------------------------------------------

def counting_query() -> str:
    tables = sorted({model._meta.db_table for model in apps.get_models()} - UNTOUCHED_TABLES)
    existing = set(connection.introspection.table_names())
    return "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables if t in existing)


def row_counts(query: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()


def refused_forms(response) -> list:
    """The bound forms of the answer that carry errors (a page re-rendered because its input was refused)."""
    found = []
    for context in (response.context or []):
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and not value.is_valid():
                found.append(value)
    return found


class Failures(list):
    def note(self, action: str, data: dict, problem: str) -> None:
        shown = {k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v) for k, v in data.items()
                 if k != "csrfmiddlewaretoken"}
        self.append(f"{problem} — {action} {shown!r}")


def try_search(client, action: str, data: dict, failures: Failures) -> None:
    """A list's filters (a GET form): any value gives a page or a refusal, never a 500."""
    try:
        response = client.get(action, data)
    except Exception as error:  # the test client re-raises a view's exception: a 500
        frame = traceback.extract_tb(error.__traceback__)[-1]
        failures.note(action, data, f"GET: 500 {type(error).__name__}: {error} at {frame.filename}:{frame.lineno}")
    else:
        if response.status_code >= 500:
            failures.note(action, data, f"GET answered {response.status_code}")


def try_example(client, action: str, data: dict, query: str, failures: Failures) -> None:
    if data.pop(GET_MARK, None):
        try_search(client, action, data, failures)
        return
    with transaction.atomic():
        before = row_counts(query)
        try:
            response = client.post(action, data)
        except Exception as error:  # the test client re-raises a view's exception: a 500
            frame = traceback.extract_tb(error.__traceback__)[-1]
            failures.note(action, data, f"500 {type(error).__name__}: {error} at {frame.filename}:{frame.lineno}")
        else:
            if response.status_code >= 500:
                failures.note(action, data, f"answered {response.status_code}")
            elif response.status_code == 200 and refused_forms(response) and row_counts(query) != before:
                failures.note(action, data, "refused with errors but rows were written")
        transaction.set_rollback(True)


def post_twice(client, action: str, form: dict, failures: Failures) -> bool:
    """The form as the page filled it (or with plausible values) posted twice: the second is a duplicate of what
    the first wrote, which a unique constraint must refuse in the form, not with a 500."""
    fields = [f for f in form["fields"] if f["kind"] not in ("submit", "button", "image", "reset", "file")]
    buttons = [(f["name"], f["value"]) for f in form["fields"] if f["kind"] in ("submit", "button", "image")]
    data = body(([(f["name"], plausible(f)) for f in fields], buttons[0] if buttons else None))
    accepted = False
    with transaction.atomic():
        for attempt in ("first", "second"):
            try:
                response = client.post(action, data)
            except Exception as error:  # the test client re-raises a view's exception: a 500
                frame = traceback.extract_tb(error.__traceback__)[-1]
                failures.note(action, data, f"500 on the {attempt} post {type(error).__name__}: {error} at "
                                            f"{frame.filename}:{frame.lineno}")
                break
            if response.status_code >= 500:
                failures.note(action, data, f"answered {response.status_code} on the {attempt} post")
            accepted = accepted or (attempt == "first" and response.status_code in (301, 302, 303))
        transaction.set_rollback(True)
    return accepted


def fuzz(client, action: str, form: dict, query: str, failures: Failures) -> int:
    """Post EXAMPLES_PER_FORM generated bodies into one form; the number of examples run."""
    counter = []

    @hsettings(max_examples=EXAMPLES_PER_FORM, deadline=None, database=None, derandomize=True,
               suppress_health_check=list(HealthCheck))
    @given(form_strategy(form))
    def example(generated):
        counter.append(1)
        data = body(generated)
        if form["method"] != "post":
            data[GET_MARK] = "1"
        try_example(client, action, data, query, failures)

    example()
    return len(counter)


# -- the test --------------------------------------------------------------------------------------------------

def scoring_year(s1_year):
    """S1's 2024 year in self-scoring, with one criterion of each kind, so the score sheet's forms are open."""
    from thidua.clusters.domain.periods import advance_to
    from thidua.clusters.enums import Phase
    from thidua.movements.domain import covenants
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import CriterionType as T

    period = s1_year["cluster"].periods.get(year=2024)
    cset = sheets.ensure_criteria_set(period)
    quantitative = sheets.add_criterion(cset, "1", "Hoàn thành chỉ tiêu", T.QUANTITATIVE, 30)
    sheets.add_criterion(cset, "2", "Báo cáo đúng hạn", T.PASS_FAIL, 20)
    sheets.add_criterion(cset, "3", "Sáng kiến", T.PER_OCCURRENCE, 40, points_per_occurrence=10)
    sheets.add_criterion(cset, "4", "Điểm thưởng", T.BONUS, 5)
    sheets.add_criterion(cset, "5", "Điểm trừ", T.PENALTY, 5)
    advance_to(period, Phase.REGISTRATION)
    for membership in period.memberships.select_related("unit"):
        covenants.register(period, membership.unit, "Tập thể lao động xuất sắc", [
            {"name": "Tỷ lệ hoàn thành", "unit_of_measure": "%", "target_value": 100, "criterion": quantitative}])
    advance_to(period, Phase.SCORING, reason="kiểm thử")
    return period


def open_work(s1_year, period, actor) -> None:
    """Records in preparation, whose forms only show then: a council with members, a council's ballot session
    in preparation with a question and a candidate, a cluster's nomination session of 2024 in preparation, a
    draft proposal with a nominee, an excluded criterion."""
    import datetime as dt

    from thidua.awards.models import Award
    from thidua.dossiers.domain import workflow
    from thidua.orgs.domain import councils
    from thidua.orgs.enums import CouncilRole
    from thidua.scoring.domain import sheets
    from thidua.voting.domain import sessions as voting
    from thidua.voting.enums import QuestionKind, SessionKind

    units, organiser = s1_year["units"], s1_year["organiser"]
    council = councils.create_council(organiser, "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn (thử)")
    for name, role in (("Nguyễn Văn Chủ Tịch", CouncilRole.CHAIR), ("Hà Thị Ủy Viên", CouncilRole.MEMBER),
                       ("Ninh Văn Thư Ký", CouncilRole.SECRETARY)):
        councils.add_member(council, name=name, role=role, valid_from=dt.date(2024, 1, 2))
    award = Award.objects.get(code="cstd-cs")
    session = voting.create_session("Hội đồng xét danh hiệu năm 2024", SessionKind.COUNCIL, electorate_kind="persons",
                                    council=council, held_on=dt.date(2024, 12, 20), actor=actor)
    question = voting.add_question(session, QuestionKind.APPROVE, "Chiến sĩ thi đua cơ sở", award=award)
    voting.add_candidate(question, label="Vũ Thị Đề Nghị")
    nomination = voting.create_session("Suy tôn năm 2024", SessionKind.NOMINATION, period=period, actor=actor)
    voting.add_question(nomination, QuestionKind.APPROVE, "Cờ thi đua của tỉnh")
    voting_now = voting.create_session("Hội đồng xét Bằng khen năm 2024", SessionKind.COUNCIL,
                                       electorate_kind="persons", council=council, held_on=dt.date(2024, 12, 21),
                                       actor=actor)
    choice = voting.add_question(voting_now, QuestionKind.APPROVE, "Chiến sĩ thi đua cơ sở (đợt 2)", award=award)
    voting.add_candidate(choice, label="Lò Văn Đề Nghị")
    voting.open_session(voting_now)  # open: its ballot, paper ballots and progress pages
    proposal = workflow.create_proposal(units["ca"], organiser, "Đề nghị khen thưởng năm 2024", 2024, actor=actor)
    person = units["ca"].people.order_by("pk").first()
    workflow.add_nominee(proposal, award, person=person, actor=actor)
    criterion = period.criteria_set.criteria.order_by("order").last()
    sheets.exclude_criterion(criterion, units["vks"], "Không có bộ phận chuyên trách")


@pytest.fixture
def everyone(s1_year, make_user):
    units = s1_year["units"]
    period = scoring_year(s1_year)
    term = period.leadership_terms.filter(role="head").first()
    head = term.unit if term else units["tand"]
    user = make_user("mọi-vai-trò", (Role.ADMIN, None), (Role.ORGANISER_STAFF, s1_year["organiser"]),
                     (Role.HEAD_STAFF, head), (Role.UNIT_OFFICER, units["ca"]))
    user.is_superuser = user.is_staff = True
    user.save()
    open_work(s1_year, period, user)
    return user


def test_every_form_takes_any_input_without_a_server_error_or_a_half_write(client, everyone, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(everyone)
    routes = all_routes()
    start = ["/" + r for r in routes if "<" not in r and not ("/" + r).startswith(SKIPPED_PREFIXES)
             and not any(w in r for w in SKIPPED_WORDS) and not DOWNLOAD.search(r)]
    seen_routes, forms = crawl(client, start)
    query = counting_query()
    unique, failures, examples, accepted = {}, Failures(), 0, 0
    for page, action, form in forms:
        key = (route_of(action), form["method"], tuple(sorted({f["name"] for f in form["fields"]})))
        unique.setdefault(key, (page, action, form))

    for _page, action, form in unique.values():
        if form["method"] == "post":
            accepted += post_twice(client, action, form, failures)
        examples += fuzz(client, action, form, query, failures)
        if "_auth_user_id" not in client.session:  # a form that logs out or cycles the session
            client.force_login(everyone)

    posted_to = {key[0] for key in unique if key[1] == "post"}
    searches = sum(1 for key in unique if key[1] != "post")
    with_params = [r for r in routes if "<" in r and not ("/" + r).startswith(SKIPPED_PREFIXES)
                   and not DOWNLOAD.search(r)]
    unreached = [r for r in with_params if r not in seen_routes and r not in posted_to]
    print(f"\nfuzz: {len(routes)} routes, {len(seen_routes)} visited, {len(unique) - searches} forms posted to "
          f"{len(posted_to)} routes and {searches} filter forms ({accepted} accepted their page's values, then posted again), {examples} examples, "
          f"{len(failures)} failures; {len(unreached)} routes with parameters neither "
          f"visited nor posted to", file=sys.stderr)
    print("not reached: " + ", ".join(unreached), file=sys.stderr)
    print("forms: " + ", ".join(sorted({k[0] for k in unique})), file=sys.stderr)
    assert len(unique) - searches >= 60, "the crawl found too few forms: is the user still logged in?"
    assert not failures, "\n".join(failures[:40])


PAGE_PARAMETERS = ("page", "unit", "year", "q", "sort", "period", "organiser", "area", "person", "award", "kind",
                   "status", "level", "subject", "voter", "day", "hop", "search")
PAGE_GARBAGE = ("9" * 30, "A\x00B", "-1", "1e309")


def test_every_page_takes_garbage_in_its_usual_parameters(client, everyone, settings, tmp_path):
    """Every page the crawl reaches, asked with its usual query parameters all set to garbage (a page number of 30
    nines, a NUL, a negative id, 1e309), and with 30 nines in each of page, unit, year and period alone: a page or
    a refusal, never a 500."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(everyone)
    routes = all_routes()
    start = ["/" + r for r in routes if "<" not in r and not ("/" + r).startswith(SKIPPED_PREFIXES)
             and not any(w in r for w in SKIPPED_WORDS) and not DOWNLOAD.search(r)]
    seen_routes, _forms = crawl(client, start)
    failures, asked = Failures(), 0
    for paths in seen_routes.values():
        for value in PAGE_GARBAGE:
            asked += 1
            try_search(client, paths[0], dict.fromkeys(PAGE_PARAMETERS, value), failures)
        for name in ("page", "unit", "year", "period"):  # alone too: one refusal must not hide another
            asked += 1
            try_search(client, paths[0], {name: PAGE_GARBAGE[0]}, failures)
    print(f"\npages with garbage parameters: {len(seen_routes)} pages, {asked} requests, {len(failures)} failures",
          file=sys.stderr)
    assert not failures, "\n".join(failures[:40])
