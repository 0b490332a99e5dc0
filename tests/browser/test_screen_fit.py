"""Issue 12 item 4, "fits the screen", and the keyboard part of item 5, in Chromium on the demo.

Every page of the demo — every named URL of the URL configuration, those with arguments filled with the demo's
objects (S1's block, its 2023 year, a sheet, the ballot, a proposal, a person, a unit, a council…) — is opened as
the roles that use it, and measured at 1366 × 768 and at 390 × 844: the page must not scroll sideways
(document.documentElement.scrollWidth > window.innerWidth), and a failure names the page, the role and the widest
element. At 1366 px the top menu is one line. On a touch screen (390 × 844, has_touch) the inputs, selects and
buttons of the log-in form and of a score sheet open for entry are at least 44 px tall. Every link, button and
input shows a focus ring when reached with the keyboard, and a link inside text looks like a link.

A URL name that is added to the configuration and that this test cannot fill (a new argument) fails the coverage
check: add its objects to `kwargs_for`."""

import datetime as dt
import fnmatch
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.browser.conftest import REPORT_CSP_VIOLATIONS

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "thidua-demo"
WIDE, NARROW = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
DEMO_DAY = dt.date(2026, 11, 20)  # the demo loaded on this day: S1's year in progress is in self-assessment
TOUCH_MIN = 44  # px: the height of a finger's target (WCAG 2.5.5, Apple's and Google's guidelines)

# Who looks at what: the demo's accounts, and the pages each one uses (fnmatch patterns on URL names): the
# administrator the system's own pages, the others the pages of their work. A page nobody here claims (a new
# one) is opened by the administrator.
ROLES = {
    "khách (chưa đăng nhập)": (None, ["login", "password_reset*", "invitation_accept", "notices:*"]),
    "quản trị": ("admin", [
        "home", "password_change", "screens:setup_index", "account_*", "role_*", "law:*", "orgs:organiser_*",
        "orgs:unit_create", "orgs:person_create_choose", "orgs:import_*", "awards:import_*", "job_*",
        "clusters:cluster_create", "voting:council_create", "voting:council_members", "orgs:council_create",
        "dossiers:notice*"]),
    "cơ quan tổ chức": ("snv.langson", [
        "home", "screens:*", "clusters:*", "scoring:*", "movements:*", "meetings:*", "voting:*", "dossiers:*",
        "reports:*", "orgs:*", "awards:*", "law:index", "law:notice_rules*", "law:deadlines*", "law:local_names*",
        "job_*"]),
    "đơn vị trưởng cụm": ("tand.langson", [
        "home", "screens:period_year", "clusters:cluster_detail", "clusters:period_detail", "scoring:criteria",
        "scoring:sheet_list", "scoring:sheet", "scoring:peer", "scoring:ranking", "movements:covenant",
        "movements:registrations", "meetings:conference_detail", "voting:index", "voting:session_detail",
        "voting:results", "reports:year_report"]),
    "cán bộ đơn vị": ("congan.langson", [
        "home", "password_change", "screens:*", "clusters:cluster_list", "clusters:cluster_detail",
        "clusters:period_detail", "scoring:sheet", "scoring:peer", "scoring:ranking", "movements:movement_list",
        "movements:covenant", "movements:registration", "orgs:unit_*", "orgs:person_*", "awards:registry",
        "awards:*_history", "dossiers:proposal_list", "dossiers:proposal_create", "voting:index"]),
    "lãnh đạo đơn vị": ("lanhdao.congan", [
        "home", "voting:index", "voting:session_detail", "voting:ballot", "voting:receipt_check", "voting:results",
        "movements:covenant", "movements:covenant_sign"]),
}

# What the measure reports: null when the page fits, else its width and the outermost elements that stick out
# (not inside a frame that scrolls or clips them), widest first.
MEASURE = """() => {
  const vw = window.innerWidth, sw = document.documentElement.scrollWidth;
  if (sw <= vw) return null;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.classList.length) s += "." + [...el.classList].slice(0, 3).join(".");
    const text = (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return s + (text ? " «" + text + "»" : "");
  };
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 0.5 || r.width === 0) continue;
    const p = el.parentElement;
    if (p && p !== document.body && p.getBoundingClientRect().right > vw + 0.5 && !clipped(p)) continue;
    if (clipped(el)) continue;
    out.push([r.right, name(el) + " " + Math.round(r.width) + " px wide, right edge " + Math.round(r.right)]);
  }
  if (!out.length) {  // no element sticks out: then its text does (a word wider than its box)
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.right > vw + 0.5 && !clipped(node.parentElement) && getComputedStyle(node.parentElement).overflowX === "visible") {
        out.push([r.right, "the text «" + node.textContent.trim().slice(0, 40) + "» in " + name(node.parentElement)
                  + ", right edge " + Math.round(r.right)]);
      }
    }
  }
  out.sort((a, b) => b[0] - a[0]);
  return {width: sw, viewport: vw, culprits: out.slice(0, 3).map((x) => x[1])};
}"""

# The top bar at 1366 px: every item of the menu on the line of the first one.
MENU_LINES = """() => {
  const bar = document.querySelector("header.navbar");
  if (!bar) return null;
  const items = [...bar.querySelectorAll(".navbar-brand, .nav-item, .navbar-nav > .nav-link, form, .dropdown")]
    .filter((el) => el.getClientRects().length && el.getBoundingClientRect().height > 0);
  const first = items[0].getBoundingClientRect();
  const tallest = Math.max(...items.map((el) => el.getBoundingClientRect().height));
  const style = getComputedStyle(bar);
  const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  const height = bar.getBoundingClientRect().height;
  const label = (el) => (el.innerText || el.className).trim().slice(0, 30);
  const below = items.filter((el) => el.getBoundingClientRect().top >= first.bottom - 2).map(label);
  const outside = items.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5).map(label);
  return {height, limit: tallest + padding + 2, below, outside};
}"""

# Links inside running text (the parent holds more text than the link) that look like the text around them: not
# underlined and in the same colour.
PLAIN_LINKS = """() => [...document.querySelectorAll(".page-wrapper a[href]")]
  .filter((a) => !a.matches(".btn, .nav-link, .dropdown-item, .page-link, .badge, .card, .list-group-item, th a")
                 && a.getClientRects().length && (a.innerText || "").trim())  // a chart's SVG link has no text
  .filter((a) => (a.parentElement.innerText || "").trim().length > a.innerText.trim().length + 2)
  .filter((a) => {
    const style = getComputedStyle(a);
    return !style.textDecorationLine.includes("underline")
      && style.color === getComputedStyle(a.parentElement).color;
  })
  .map((a) => "«" + a.innerText.trim().slice(0, 40) + "» in «" + a.parentElement.innerText.trim().slice(0, 60) + "»")"""

# What has the keyboard's focus, and whether it shows a ring: an outline of 2 px or more (Tabler's own focus
# shadows are faint, and some of its elements have none).
FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " «"
    + (el.innerText || el.value || el.name || "").trim().slice(0, 30) + "»";
  return {name, ring: outline};
}"""

# Heights of what a finger must hit in the page's content (visible text boxes, lists and buttons, whether inside a
# form or tied to one by form="…", as a score sheet's entry boxes are).
TARGETS = """() => [...document.querySelectorAll(".page-wrapper :is(input, select, textarea, button)")]
  .filter((el) => !["hidden", "checkbox", "radio", "file"].includes(el.type) && el.getClientRects().length)
  .map((el) => ({name: (el.name || el.id || el.innerText || el.tagName).trim().slice(0, 40),
                 height: el.getBoundingClientRect().height, width: el.getBoundingClientRect().width}))"""


# --- the pages ------------------------------------------------------------------------------------------------

def url_names():
    """Every named URL of the configuration (the admin site aside): (name, its arguments, the pattern)."""

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or ""
                if inner == "admin":
                    continue
                yield from walk(entry.url_patterns, f"{namespace}{inner}:" if inner else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}", tuple(entry.pattern.regex.groupindex), entry

    return list(walk(get_resolver().url_patterns, ""))


def demo_objects(admin):
    """The demo's objects that the pages with arguments show. What the demo does not hold yet (a proposal with a
    document, a council, a public notice, a background job) is made here through the domain functions."""
    from thidua.accounts.domain import notifications
    from thidua.accounts.models import Notification, User
    from thidua.clusters.models import Cluster
    from thidua.core.models import Job
    from thidua.dossiers.domain import notices, workflow
    from thidua.dossiers.domain.from_ballot import existing_proposal, proposal_from_ballot
    from thidua.dossiers.enums import DocumentKind
    from thidua.dossiers.models import PublicNotice
    from thidua.movements.models import Movement
    from thidua.orgs.domain import councils
    from thidua.orgs.interfaces.importers import IMPORTERS
    from thidua.orgs.models import Council, Organiser, Person, Unit
    from thidua.scoring.models import Evidence
    from thidua.voting.models import BallotSession

    cluster = Cluster.objects.get(code="ls-noi-chinh")
    period = cluster.periods.get(year=2023)
    current = cluster.periods.get(year=DEMO_DAY.year)
    unit = Unit.objects.get(code="ls-ca")
    organiser = Organiser.objects.get(code="ubnd-lang-son")
    session = BallotSession.objects.filter(period=period).order_by("pk").first()
    question = session.questions.order_by("pk").first()
    proposal = existing_proposal(session) or proposal_from_ballot(session, admin).proposal
    if not proposal.documents.exists():
        pdf = SimpleUploadedFile("bao-cao-thanh-tich.pdf", b"%PDF-1.4 bao cao thanh tich", "application/pdf")
        workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, pdf, actor=admin)
    notice = notices.notice_of(proposal) or PublicNotice.objects.order_by("pk").first()
    council = Council.objects.filter(organiser=organiser).first() or councils.create_council(
        organiser, "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn", actor=admin)
    if not council.memberships.exists():
        councils.add_member(council, role="chair", valid_from=dt.date(2021, 7, 1),
                            person=Person.objects.filter(unit=unit, category="leader").first(), actor=admin)
    job = Job.objects.filter(owner=admin).first() or Job.objects.create(
        owner=admin, kind="orgs-import", label="Nhập danh sách cá nhân từ Excel", state=Job.State.FAILED,
        message="Tệp không đọc được.")
    notification = Notification.objects.filter(recipient=admin).order_by("pk").first()
    if notification is None:
        notifications.notify([admin], kind=notifications.REMINDER, title="Nhắc hạn: chấm điểm năm 2023", url="/")
        notification = Notification.objects.filter(recipient=admin).order_by("pk").first()
    account = User.objects.get(username="congan.langson")
    # The person with the longest history of awards in the unit (the widest history page).
    person = Person.objects.filter(unit=unit).annotate(n=Count("awards")).order_by("-n", "pk").first()
    return {
        "cluster": cluster, "period": period, "current": current, "unit": unit, "organiser": organiser, "session": session,
        "question": question, "candidate": question.candidates.order_by("pk").first(), "proposal": proposal,
        "nominee": proposal.nominees.order_by("pk").first(), "document": proposal.documents.first(),
        "notice": notice, "council": council, "member": council.memberships.order_by("pk").first(), "job": job,
        "notification": notification,
        "account": account, "assignment": account.role_assignments.order_by("pk").first(), "person": person,
        "criterion": period.criteria_set.criteria.order_by("pk").first(),
        "evidence": Evidence.objects.order_by("pk").first(), "movement": Movement.objects.filter(periods=period).first() or Movement.objects.first(),
        "conference": period.conferences.order_by("pk").first(), "import_kind": next(iter(IMPORTERS)),
    }


# Which object an argument named `pk` is, by the URL name (the first pattern that matches).
PK = [
    ("screens:period_year", "period"), ("screens:cluster_dashboard", "cluster"), ("screens:province_*", "organiser"), ("clusters:period_create", "cluster"), ("clusters:period_*", "period"), ("clusters:*", "cluster"),
    ("scoring:criterion_*", "criterion"), ("scoring:evidence", "evidence"), ("movements:*", "movement"),
    ("meetings:*", "conference"), ("awards:person_history", "person"), ("awards:unit_history", "unit"),
    ("dossiers:*", "proposal"), ("reports:*", "period"), ("voting:*", "session"), ("orgs:unit_*", "unit"),
    ("orgs:person_create", "unit"), ("orgs:person_*", "person"), ("orgs:council_*", "council"),
    ("orgs:organiser_*", "organiser"), ("account_*", "account"), ("role_*", "account"), ("job_*", "job"),
    ("notifications:*", "notification"),
]
OTHER = {"period_pk": "period", "unit_pk": "unit", "unit_id": "unit", "session_pk": "session",
         "question_pk": "question", "candidate_pk": "candidate", "nominee_pk": "nominee", "document_pk": "document",
         "member_pk": "member", "assignment_pk": "assignment"}
# Pages of objects that the demo does not hold (yet): filled as soon as the demo has one.
NOT_IN_DEMO = {
    "notices:notice": "no proposal's list is posted for public comment in the demo",
    "scoring:evidence": "no evidence file is attached to a score sheet in the demo (it is a download)",
    "law:workdays_edit": "the demo records no swapped working day", "law:workdays_delete": "(the same)",
    "law:local_names_edit": "the demo records no province's own name of an award",
    "law:local_names_delete": "(the same)", "law:local_names_end": "(the same)",
}
# Addresses that show no page of their own in the demo's state (each is opened, and is what is said here).
NOT_SHOWN = {
    "logout": "a POST (a GET is refused)",
    "set_language": "a POST; a GET returns to the page it came from",
    "movements:covenant_sign": "a POST; a GET returns to the covenant's page",
    "awards:import_preview": "the preview of a file uploaded on the import page; without one it returns there",
    "orgs:import_preview": "(the same)", "orgs:import_errors": "(the same)",
    "voting:council_members": "only for a session voted by persons (a council's); the demo's are voted by units",
    "voting:paper": "only while a session is open; the session shown (2023's) is counted",
    "voting:written": "(the same)",
    "job_download": "only the file of an export job; the demo's job is an import",
    "notifications:open": "a notification's link: marks it read and goes to the page it is about",
    "reports:statform_records": "the records behind one figure of a form: its row and column in the query (opened "
                                "with them by `pages`)",
}
ACTIONS = {"dossiers:proposal_action": "submit", "account_action": "khoa"}
# The statistical forms: the organiser's (UBND tỉnh Lạng Sơn), S1's report year 2023, form 0602.
STATFORM_ARGS = {"who": lambda objects: objects["organiser"].pk, "year": lambda objects: 2023,
                 "code": lambda objects: "0602"}


def kwargs_for(name, args, pattern, objects):
    """The arguments of one URL name from the demo's objects; None when the demo has no such object."""
    from django.contrib.auth.tokens import default_token_generator

    from thidua.accounts.domain.accounts import invitation_tokens

    kwargs = {}
    for arg in args:
        if arg == "pk" and name.startswith("law:"):
            row = pattern.default_args["law"].model._default_manager.order_by("pk").first()
            value = row.pk if row else None
        elif arg == "pk":
            key = next((key for glob, key in PK if fnmatch.fnmatchcase(name, glob)), None)
            value = objects[key].pk if key and objects[key] is not None else None
        elif arg in OTHER:
            value = getattr(objects[OTHER[arg]], "pk", None)
        elif arg in ("uidb64", "token"):
            account = objects["account"]
            tokens = invitation_tokens if name == "invitation_accept" else default_token_generator
            value = (urlsafe_base64_encode(force_bytes(account.pk)) if arg == "uidb64"
                     else tokens.make_token(account))
        elif arg == "slug":
            value = getattr(objects["notice"], "slug", None)
        elif arg == "kind":
            value = objects["import_kind"]
        elif arg == "action":
            value = ACTIONS.get(name)
        elif arg in STATFORM_ARGS:
            value = STATFORM_ARGS[arg](objects)
        else:
            value = None
        if value is None:
            return None
        kwargs[arg] = value
    return kwargs


# The pages of a year that look different while it is in progress (entry boxes, forms): opened again for the demo's
# year in progress, in self-assessment on the day the demo is loaded for.
IN_PROGRESS = ["screens:period_year", "clusters:period_detail", "scoring:sheet_list", "scoring:sheet", "scoring:peer",
               "movements:covenant", "movements:registrations", "movements:registration"]


def pages(objects):
    """(name, path) of every named URL, then of the year in progress's pages; path None when the demo lacks the
    objects it needs."""
    rows, by_name = [], {}
    for name, args, pattern in url_names():
        by_name[name] = (args, pattern)
        kwargs = kwargs_for(name, args, pattern, objects)
        rows.append((name, None if kwargs is None else reverse(name, kwargs=kwargs)))
    records = kwargs_for("reports:statform_records", *by_name["reports:statform_records"], objects)
    rows.append(("reports:statform_records", reverse("reports:statform_records", kwargs=records)
                 + "?dong=01&cot=bk-ttg_tt"))
    now = {**objects, "period": objects["current"]}
    for name in IN_PROGRESS:
        rows.append((name, reverse(name, kwargs=kwargs_for(name, *by_name[name], now))))
    return rows


# --- the browser ------------------------------------------------------------------------------------------------

def new_context(browser, base_url, **options):
    context = browser.new_context(base_url=base_url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    context.set_default_timeout(20_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    return context


def close(context):
    """Closes the tab once its requests are answered: a request cut off would end after the test's database is
    gone, in a thread of the live server."""
    for page in context.pages:
        page.wait_for_load_state("networkidle")
    context.close()


def log_in(page, username):
    page.goto("/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#current-user", state="attached")  # on a phone the menu (and the name) is folded


def resolved_name(url):
    from django.urls import Resolver404, resolve

    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def open_page(page, path):
    """Opens the page; returns what it is: "page" (HTML shown), "action" (GET not allowed: a POST's address),
    "file" (a download), "redirect" (somewhere else), "refused" (403/404) — and the response's status."""
    def without_browser():
        status = page.context.request.get(path, max_redirects=0).status
        return {200: "file", 405: "action"}.get(status, "refused"), status

    if "." in path.rstrip("/").rsplit("/", 1)[-1]:
        return "file", None  # a .pdf, .docx, .xlsx, .html document: no page of the app (its tests are elsewhere)
    try:
        response = page.goto(path)
    except Exception as error:  # a download aborts the navigation; so does an empty error response
        if "Download is starting" in str(error):
            return "file", 200
        if not any(sign in str(error) for sign in ("ERR_ABORTED", "ERR_HTTP_RESPONSE", "interrupted by another")):
            raise
        return without_browser()
    status = response.status
    if response.request.redirected_from is not None and resolved_name(page.url) != resolved_name(path):
        return "redirect", status  # to another page: that page is measured under its own name
    if status == 405:
        return "action", status
    if status != 200:
        return "refused", status
    if "text/html" not in (response.headers.get("content-type") or ""):
        return "file", status
    return "page", status


def watch(page, errors):
    """A style or script the Content-Security-Policy blocks (an inline style="…"), or a script error."""
    page.on("console", lambda msg: msg.type == "error" and "CSP violation" in msg.text and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))


class Visitor:
    """One role's tab: opens pages and measures them, at 1366 px and 390 px wide (the tab's size alternates, so
    that each page costs one resize)."""

    def __init__(self, browser, base_url, role, username):
        self.role, self.errors = role, []
        self.context = new_context(browser, base_url, viewport=WIDE)
        self.page = self.new_page()
        self.menu_checked = username is None
        if username:
            log_in(self.page, username)

    def new_page(self):
        page = self.context.new_page()
        watch(page, self.errors)
        return page

    def open(self, path):
        self.errors.clear()
        kind, _status = open_page(self.page, path)
        if kind != "page" and self.page.url != "about:blank":
            self.page.close()  # a tab whose navigation was aborted may still be moving: a new one
            self.page = self.new_page()
        return kind

    def measure(self, path, name):
        where, problems = f"{path} ({name}) as {self.role}", []
        for size in (WIDE, NARROW) if self.page.viewport_size == WIDE else (NARROW, WIDE):
            if self.page.viewport_size != size:
                self.page.set_viewport_size(size)
            wide = self.page.evaluate(MEASURE)
            if wide:
                problems.append(f"{where} at {size['width']} px: the page is {wide['width']} px wide; widest: "
                                f"{'; '.join(wide['culprits']) or '?'}")
            if size == WIDE:
                problems += self.wide_checks(where)
        return problems + [f"{where}: {error}" for error in self.errors]

    def wide_checks(self, where):
        problems = []
        if not self.menu_checked:
            self.menu_checked = True
            menu = self.page.evaluate(MENU_LINES)
            if menu and menu["height"] > menu["limit"]:
                problems.append(f"the top menu as {self.role} at 1366 px is {menu['height']:.0f} px tall (one line: "
                                f"≤ {menu['limit']:.0f}); on a later line: {', '.join(menu['below'])}")
            if menu and menu["outside"]:
                problems.append(f"the top menu as {self.role} at 1366 px runs off the screen: {menu['outside']}")
        plain = self.page.evaluate(PLAIN_LINKS)
        if plain:
            problems.append(f"{where}: links that look like text: {'; '.join(plain[:3])}")
        return problems


def claims(globs, name):
    return any(fnmatch.fnmatchcase(name, glob) for glob in globs)


def sweep(browser, base_url, rows, roles=ROLES):
    """Opens every page as each role that uses it, at both sizes. Returns (problems, what each name was)."""
    problems, seen = [], {}
    claimed = {name for name, _path in rows if any(claims(globs, name) for _user, globs in roles.values())}
    for role, (username, globs) in roles.items():
        visitor = Visitor(browser, base_url, role, username)
        for name, path in rows:
            if path is None or not (claims(globs, name) or username == "admin" and name not in claimed):
                continue
            kind = visitor.open(path)
            seen.setdefault(name, set()).add(kind)
            if kind == "page":
                problems += visitor.measure(path, name)
        close(visitor.context)
    return problems, seen


def build_demo(settings, tmp_path):
    from thidua.accounts.models import User
    from thidua.demo import accounts, scenarios, synthetic

    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    scenarios.load_all(today=DEMO_DAY)
    synthetic.load(clusters=3, people=300)
    accounts.load()
    return demo_objects(User.objects.get(username="admin"))


def test_every_page_fits_both_screens_for_every_role(browser, live_server, transactional_db,
                                                    django_db_serialized_rollback, settings, tmp_path):
    rows = pages(build_demo(settings, tmp_path))
    problems, seen = sweep(browser, live_server.url, rows)
    unfilled = [name for name, path in rows if path is None and name not in NOT_IN_DEMO]
    unshown = [name for name, path in rows if path and not seen.get(name, set()) & {"page", "action", "file"}
               and name not in NOT_SHOWN]
    assert not unfilled, f"URL names this test cannot fill from the demo (add them to kwargs_for): {unfilled}"
    assert not unshown, f"URL names no role could open: {[(n, sorted(seen.get(n, ()))) for n in unshown]}"
    assert not problems, "\n".join(problems)


# --- a finger and the keyboard ------------------------------------------------------------------------------------

def year_open_for_entry():
    """S1's block in a year whose score sheets are open for entry (self-assessment), with one criterion of each
    kind of entry box: a number, pass/fail, a count."""
    from thidua.clusters.domain.periods import add_members, create_period, set_leader
    from thidua.clusters.enums import Phase
    from thidua.clusters.models import EmulationPeriod
    from thidua.demo.scenarios import load_s1
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import CriterionType as T

    s1 = load_s1(with_year=False)
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units[k] for k in ("tand", "ca", "vks")])
    set_leader(period, "head", units["tand"])
    cset = sheets.ensure_criteria_set(period, regulation_ref="Thang điểm 100 (thử nghiệm)")
    sheets.add_criterion(cset, "1", "Hoàn thành chỉ tiêu chuyên môn", T.QUANTITATIVE, 40)
    sheets.add_criterion(cset, "2", "Chấp hành chế độ báo cáo đúng hạn", T.PASS_FAIL, 20)
    sheets.add_criterion(cset, "3", "Sáng kiến được công nhận", T.PER_OCCURRENCE, 40, points_per_occurrence=10)
    # The page under test is the sheet open for entry; how a year gets there (its gates) is tested elsewhere.
    EmulationPeriod.objects.filter(pk=period.pk).update(phase=Phase.SCORING)
    sheets.get_sheet(period, units["ca"])
    return period, units


@pytest.fixture
def officer_on_sheet(live_server, transactional_db, django_db_serialized_rollback, make_user):
    from thidua.accounts.models import Role

    period, units = year_open_for_entry()
    make_user("can-bo-cong-an", (Role.UNIT_OFFICER, units["ca"]), password=DEMO_PASSWORD)
    return f"/cham-diem/nam/{period.pk}/phieu/{units['ca'].pk}/"


def test_on_a_touch_screen_every_box_and_button_is_a_finger_high(browser, live_server, officer_on_sheet):
    context = new_context(browser, live_server.url, viewport=NARROW, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto("/tai-khoan/dang-nhap/")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches"), "the context is no touch screen"
    small = {"login": [t for t in page.evaluate(TARGETS) if t["height"] < TOUCH_MIN]}
    log_in(page, "can-bo-cong-an")
    page.goto(officer_on_sheet)
    targets = page.evaluate(TARGETS)
    assert any(t["name"].startswith("value_") for t in targets), "the sheet shows no entry box"
    small["score sheet"] = [t for t in targets if t["height"] < TOUCH_MIN]
    boxes = [t for t in targets if t["name"].startswith("value_")]
    assert all(t["width"] >= 100 for t in boxes), f"entry boxes too narrow: {boxes}"
    wide = page.evaluate(MEASURE)
    close(context)
    assert not any(small.values()), f"lower than {TOUCH_MIN} px on a touch screen: {small}"
    assert wide is None, f"the open score sheet scrolls sideways on a phone: {wide}"


def test_the_keyboard_shows_where_it_is_on_every_link_button_and_box(browser, live_server, officer_on_sheet):
    context = new_context(browser, live_server.url, viewport=WIDE)
    page = context.new_page()
    missing, reached = [], {}
    for where, username in (("/tai-khoan/dang-nhap/", None), ("/", "can-bo-cong-an"),
                            (officer_on_sheet, "can-bo-cong-an")):
        if username and not page.locator("#current-user").count():
            log_in(page, username)
        page.goto(where)
        reached[where] = 0
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_RING)
            if focused is None:
                continue
            reached[where] += 1
            if not focused["ring"]:
                missing.append(f"{where}: {focused['name']}")
    close(context)
    assert all(reached.values()), f"the keyboard reached nothing on {reached}"
    assert not missing, "focused without a visible ring: " + "; ".join(missing)
