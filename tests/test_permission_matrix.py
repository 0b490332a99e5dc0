"""Every URL of the app, visited by every role: the answers must be the ones written in permission_matrix.csv.

The URLs come from the URL configuration itself (django.urls.get_resolver(), includes and namespaces walked), so a
new page fails here until its permission rule is declared in the table ("no permission rule declared"), and a
URL argument the test cannot fill fails until OBJECT_FOR says which of the demo's objects it takes. The objects
are S1's (Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn, its 2023 year run through the system); the owner unit
is Công an tỉnh Lạng Sơn. The roles:

- anonymous                  not logged in
- other_unit_officer         emulation officer of VKSND tỉnh (a fellow member of the block, not the owner)
- owner_officer              emulation officer of Công an tỉnh (the owner unit)
- leader                     leader of Công an tỉnh
- head_staff                 staff of TAND tỉnh, the block's head unit in 2023
- organiser                  staff of UBND tỉnh Lạng Sơn, the block's organiser
- other_organiser            staff of the Central council (S2's organiser): another organiser, another scope
- other_province             staff of UBND tỉnh Cao Bằng: another province's emulation administrator
- admin                      system administrator

Answers: 200, 403, 404, 405, 400; `login` is a redirect to the log-in page, `302` any other redirect. The columns
`post:<role>` hold the answer to an empty POST from the two roles outside the owner's scope; `path` is the route.

Regenerate the table after a deliberate change with `THIDUA_WRITE_MATRIX=1 pytest tests/test_permission_matrix.py`
(it rewrites the file from the answers and fails, so the new table is read and committed on purpose)."""

import csv
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thidua.accounts.models import Role, RoleAssignment, User

# Marked so that pytest-django creates the test database; the data itself is built once for the module (`world`).
# Run apart from the parallel run (make test): its world lives in one transaction held open for the whole module;
# beside another worker, in a fresh clone, it took over 600 s, where alone it takes 72 s on PostgreSQL.
pytestmark = [pytest.mark.django_db, pytest.mark.serial]

MATRIX = Path(__file__).with_name("permission_matrix.csv")
ROLES = ["anonymous", "other_unit_officer", "owner_officer", "leader", "head_staff", "organiser",
         "other_organiser", "other_province", "admin"]
# Out of scope for the owner's objects: an empty POST from them must be refused and write nothing.
OUT_OF_SCOPE = ["other_unit_officer", "other_organiser", "other_province"]
POST_COLUMNS = [f"post:{role}" for role in OUT_OF_SCOPE]

# Not visited, each with its reason.
SKIPPED_PREFIXES = {
    "quan-tri/": "the Django admin: its own permission system, system administrators only (is_staff)",
    "i18n/": "Django's set_language: switches the interface language, public by design, no data",
}
SKIPPED_NAMES = {
    "login": "the log-in page: public by design",
    "logout": "log-out: POST only, ends one's own session",
}
# Pages that answer 200 to someone not logged in, each with its reason. Any other page that does fails the test.
PUBLIC = {
    "invitation_accept": "the link of an invitation e-mail: the token is the permission (a wrong one is refused)",
    "password_reset": "asking for a password reset e-mail: for who cannot log in, by design",
    "password_reset_done": "says the e-mail was sent (no data)",
    "password_reset_confirm": "the link of a reset e-mail: the token is the permission (a wrong one is refused)",
    "password_reset_complete": "says the password was set (no data)",
    "notices:index": "public notices (công khai) of candidates: the law asks them to be public",
    "notices:notice": "one public notice, reached by its random slug",
}


# What the owner keeps to itself, written into the world: a page an out-of-scope role reads must show none of it.
# (A fellow member of the block may read the sheet's entry: scoring lets members see each other's sheets from the
# peer-review phase on.)
PRIVATE_MARKERS = {
    "person": "Lò Thị Riêng Tư",
    "council": "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn (ma trận quyền)",
    "sheet": "Thẩm định phiếu chấm điểm: điểm riêng MA-TRAN-DIEM",
    "account": "pm-lanhdao-ca",
    "notification": "Thông báo riêng của cán bộ Công an tỉnh MA-TRAN-THONG-BAO",
}
MARKERS_ALLOWED = {"other_unit_officer": {"sheet"}, "other_organiser": set(), "other_province": set()}


# -- the objects each URL argument takes ----------------------------------------------------------------------

# For `pk`, the object depends on the page: URL name (or its namespace's prefix) → key in the world.
PK_OBJECT = {
    "clusters:cluster_": "cluster", "clusters:period_create": "cluster", "clusters:period_": "period", "screens:period_year": "period",
    "screens:cluster_dashboard": "cluster", "screens:province_": "organiser",
    "scoring:criterion_": "criterion", "scoring:evidence": "evidence", "movements:movement_edit": "movement",
    "meetings:": "conference", "awards:person_history": "person", "awards:unit_history": "unit",
    "dossiers:": "proposal", "reports:": "period", "voting:": "session", "orgs:unit_": "unit",
    "orgs:person_create": "unit", "orgs:person_": "person", "orgs:council_": "council", "orgs:organiser_edit": "organiser",
    "account_": "account", "role_": "account", "law:": "law_row", "job_": "job", "notifications:": "notification",
}
# Other arguments, by name (the same object on every page).
ARG_OBJECT = {
    "period_pk": "period", "unit_pk": "unit", "unit_id": "unit", "session_pk": "session",
    "question_pk": "question", "candidate_pk": "candidate", "nominee_pk": "nominee", "document_pk": "document",
    "member_pk": "member", "assignment_pk": "assignment",
}
# Arguments that are words, by URL name.
WORDS = {
    ("account_action", "action"): "khoa",
    ("dossiers:proposal_action", "action"): "submit",
    ("orgs:import_template", "kind"): "ca-nhan",
    ("invitation_accept", "uidb64"): "MQ",
    ("invitation_accept", "token"): "sai-ma",
    ("password_reset_confirm", "uidb64"): "MQ",
    ("password_reset_confirm", "token"): "sai-ma",
    ("notices:notice", "slug"): "notice_slug",
}
# The statistical forms: the block's organiser (UBND tỉnh Lạng Sơn), the report year 2023, form 0602.
WORDS.update({(f"reports:{name}", arg): value
              for name in ("statforms_set", "statforms_excel", "statform", "statform_excel", "statform_records",
                           "statform_input")
              for arg, value in (("who", "organiser"), ("year", 2023), ("code", "0602"))})


def url_patterns():
    """(name, route, pattern) for every URL of the app, includes and namespaces walked."""
    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield name, prefix + str(pattern.pattern), pattern

    return list(walk(get_resolver().url_patterns))


def visited_urls():
    rows = []
    for name, route, pattern in url_patterns():
        if any(route.startswith(prefix) for prefix in SKIPPED_PREFIXES) or name in SKIPPED_NAMES:
            continue
        assert name, f"/{route} has no URL name: name it, so the permission table can declare its rule"
        rows.append((name, route, pattern))
    return rows


def _pk_object(name: str) -> str:
    matches = sorted((prefix for prefix in PK_OBJECT if name.startswith(prefix)), key=len)
    assert matches, f"{name}: the test does not know which object its `pk` is; add it to PK_OBJECT"
    return PK_OBJECT[matches[-1]]  # the longest prefix: clusters:period_create takes the cluster


def objects_of(name: str, pattern: URLPattern) -> dict[str, str]:
    """Each URL argument → the key of the world's object (or the word) it takes."""
    keys = {}
    for arg in pattern.pattern.converters:
        if arg == "pk":
            keys[arg] = _pk_object(name)
        elif (name, arg) in WORDS:
            keys[arg] = WORDS[(name, arg)]
        elif arg in ARG_OBJECT:
            keys[arg] = ARG_OBJECT[arg]
        else:
            raise AssertionError(f"{name}: the test cannot fill its argument `{arg}`; add it to ARG_OBJECT or WORDS")
    return keys


def url_for(world: dict, name: str, pattern: URLPattern) -> str:
    kwargs = {}
    for arg, key in objects_of(name, pattern).items():
        if key == "law_row":
            value = world["law_rows"][pattern.default_args["law"].model]
        else:
            value = world.get(key, key)  # a word stands for itself
        kwargs[arg] = value.pk if hasattr(value, "pk") else value
    return reverse(name, kwargs=kwargs)


# -- the world: S1 with its year, S2, one user per role, the objects S1's year does not make ---------------------

def _user(username: str, role=None, scope=None) -> User:
    user = User.objects.create_user(username=username, password=None, full_name=username)
    if role is not None:
        RoleAssignment.objects.create(
            user=user, role=role, unit=scope if role in (Role.UNIT_OFFICER, Role.HEAD_STAFF, Role.LEADER) else None,
            organiser=scope if role == Role.ORGANISER_STAFF else None)
    return user


def _pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 noi dung", "application/pdf")


def _law_rows(organiser) -> dict:
    """One row of every table of /quy-dinh/: the national ones as seeded, the province's of S1's organiser."""
    import datetime as dt

    from thidua.awards.models import Award, AwardLocalName
    from thidua.core.models import WorkdayOverride
    from thidua.dossiers.models import DeadlineRule
    from thidua.screens.law_urls import NATIONAL, PROVINCE

    WorkdayOverride.objects.get_or_create(day=dt.date(2030, 5, 4), defaults={
        "is_working_day": True, "reason": "Làm bù", "source": "Thông báo thử"})
    DeadlineRule.objects.create(organiser=organiser, case=DeadlineRule._meta.get_field("case").choices[0][0],
                                label="Hạn nộp hồ sơ của tỉnh", month=1, day=15)
    AwardLocalName.objects.create(organiser=organiser, award=Award.objects.order_by("pk").first(),
                                  name="Cờ thi đua của UBND tỉnh", valid_from=dt.date(2020, 1, 1),
                                  decision_ref="Quyết định thử")
    rows = {}
    for law in NATIONAL:
        rows[law.model] = law.model.objects.order_by("pk").first()
    for law in PROVINCE:
        rows[law.model] = law.model.objects.filter(organiser=organiser).order_by("pk").first()
    missing = [model.__name__ for model, row in rows.items() if row is None]
    assert not missing, f"no row to visit in {missing}"
    return rows


def _build_world() -> dict:
    from thidua.accounts.domain.notifications import notify
    from thidua.awards.models import Award
    from thidua.core import activity
    from thidua.core.models import Activity, Job
    from thidua.demo import builders as b
    from thidua.demo.scenarios import load_s1, load_s2
    from thidua.dossiers.domain import notices, workflow
    from thidua.dossiers.enums import Action, DocumentKind
    from thidua.movements.models import Movement
    from thidua.orgs.domain import councils
    from thidua.orgs.enums import CouncilRole
    from thidua.orgs.models import Person
    from thidua.scoring.models import Criterion, Evidence, ScoreEntry, ScoreSheet

    s1, s2 = load_s1(with_year=True), load_s2()
    units, organiser = s1["units"], s1["organiser"]
    unit = units["ca"]
    period = s1["year_2023"]["period"]
    session = s1["year_2023"]["vote"]["session"]
    nominee_person = Person.objects.filter(unit=unit).order_by("pk").first()
    # A person of the owner unit whose record is private to it and its organiser, and an edit of it on the unit's
    # timeline: their name must show on no page an out-of-scope role can read (PRIVATE_MARKERS).
    person = b.person(unit, PRIVATE_MARKERS["person"], "female", "Phó Trưởng phòng")
    activity.record(None, Activity.Action.UPDATE, person, f"unit:{unit.pk}",
                    summary=f"Sửa thông tin cá nhân: {person.full_name}",
                    changes=[{"field": "ngày sinh", "old": "01/02/1970", "new": "02/01/1970"}])
    users = {
        "other_unit_officer": _user("pm-vks", Role.UNIT_OFFICER, units["vks"]),
        "owner_officer": _user("pm-ca", Role.UNIT_OFFICER, unit),
        "leader": _user("pm-lanhdao-ca", Role.LEADER, unit),
        "head_staff": _user("pm-tand", Role.HEAD_STAFF, units["tand"]),
        "organiser": _user("pm-snv", Role.ORGANISER_STAFF, organiser),
        "other_organiser": _user("pm-tw", Role.ORGANISER_STAFF, s2["organiser"]),
        "other_province": _user("pm-caobang", Role.ORGANISER_STAFF, b.organiser(
            "ubnd-cao-bang", "Ủy ban nhân dân tỉnh Cao Bằng", "province", short_name="UBND tỉnh Cao Bằng",
            area_code="cao-bang")),
        "admin": _user("pm-admin", Role.ADMIN),
    }
    entry = ScoreEntry.objects.filter(sheet__period=period, sheet__unit=unit).order_by("pk").first()
    evidence = Evidence.objects.create(entry=entry, file=_pdf("minh-chung.pdf"), original_name="minh-chung.pdf",
                                       size=17)
    # The owner unit's proposal, sent to the province and received there, its candidates posted for comment: the
    # sender's and the receiver's object, nobody else's.
    proposal = workflow.create_proposal(unit, organiser, "Đề nghị khen thưởng cấp nhà nước năm 2024", 2024)
    nominee = workflow.add_nominee(proposal, Award.objects.get(code="cstd-tq"), person=nominee_person,
                                   achievement="Sáng kiến áp dụng toàn ngành.")
    document = workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, _pdf())
    for kind, _article in workflow.required_documents(nominee):
        workflow.attach_document(proposal, kind, _pdf(), nominee=nominee)
    workflow.transition(proposal, Action.SUBMIT, users["owner_officer"])
    workflow.transition(proposal, Action.RECEIVE, users["organiser"])
    notice = notices.publish(proposal, users["organiser"])
    council = councils.create_council(organiser, PRIVATE_MARKERS["council"])
    sheet = ScoreSheet.objects.get(period=period, unit=unit)
    activity.record(None, Activity.Action.UPDATE, sheet, s1["cluster"].scope, summary=PRIVATE_MARKERS["sheet"])
    import datetime as dt

    member = councils.add_member(council, role=CouncilRole.MEMBER, valid_from=dt.date(2023, 1, 1), person=person)
    question = session.questions.order_by("pk").first()
    job = Job.objects.create(owner=users["owner_officer"], kind="export", label="Xuất danh sách đơn vị",
                             payload={"path": "/don-vi/"})
    notify([users["owner_officer"]], kind="phase", title=PRIVATE_MARKERS["notification"],
           url=period.get_absolute_url())
    return {
        "users": users, "cluster": s1["cluster"], "period": period, "unit": unit, "person": person,
        "criterion": Criterion.objects.filter(criteria_set__period=period, parent__isnull=False).order_by("pk")[0],
        "evidence": evidence, "movement": Movement.objects.filter(periods=period).order_by("pk")[0],
        "conference": s1["year_2023"]["conference"], "session": session, "question": question,
        "candidate": question.candidates.order_by("pk")[0], "proposal": proposal, "nominee": nominee,
        "document": document, "council": council, "member": member, "organiser": organiser,
        "account": users["owner_officer"], "assignment": users["owner_officer"].role_assignments.get(),
        "law_rows": _law_rows(organiser), "notice_slug": notice.slug, "job": job,
        "notification": users["owner_officer"].notifications.get(title=PRIVATE_MARKERS["notification"]),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction rolled back at the end; each test runs inside it."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"),
                              PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    media.enable()
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"] != settings.DATABASES["default"].get("ORIGINAL_NAME", ""), \
            "not the test database"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


# -- visiting --------------------------------------------------------------------------------------------------

def _client(world: dict, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def _answer(response) -> str:
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        return "login" if location.startswith(resolve_url(settings.LOGIN_URL)) else "302"
    return str(response.status_code)


def _leaks(response, role: str, what: str) -> list[str]:
    """The owner's private markers found in a page (HTML and text answers; files are checked by their status)."""
    if not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return []
    text = response.content.decode(errors="replace")
    return [f"{what} as {role} shows the {key}: {marker}" for key, marker in PRIVATE_MARKERS.items()
            if key not in MARKERS_ALLOWED[role] and marker in text]


def _fingerprint() -> tuple:
    """The row count of every table (sessions aside: a log-in writes one), in one query."""
    tables = sorted(t for t in connection.introspection.table_names() if t != "django_session")
    quoted = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted}")
        return tuple(zip(tables, cursor.fetchone(), strict=True))


def _skip_heavy_rendering(patch) -> None:
    """The permission is checked before a document is drawn: the PDF engine's layout (seconds a document), the
    filling of .docx templates and the import workbooks are stubbed, so the whole table is visited in reasonable
    time (each document's own tests draw it). The HTML of every PDF is still rendered from its template."""
    from docxtpl import DocxTemplate
    from weasyprint import HTML

    from thidua.core.importing import Importer

    patch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.4 matrix")
    patch.setattr(DocxTemplate, "render", lambda self, *args, **kwargs: None)
    patch.setattr(Importer, "build_template", lambda self, user: b"PK matrix")


def read_matrix() -> dict[str, dict[str, str]]:
    if not MATRIX.exists():
        return {}
    with MATRIX.open(newline="", encoding="utf-8") as handle:
        return {row["url"]: row for row in csv.DictReader(handle)}


def write_matrix(answers: dict[str, dict[str, str]]) -> None:
    with MATRIX.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "path", *ROLES, *POST_COLUMNS], lineterminator="\n")
        writer.writeheader()
        for name in sorted(answers):
            writer.writerow({**answers[name], "url": name})


@pytest.fixture(scope="module")
def answers(world, django_db_blocker):
    """Every URL × role: the GET answer; and for the out-of-scope roles, an empty POST's answer, with the
    tables that changed (there must be none)."""
    result: dict[str, dict[str, str]] = {}
    writes: list[str] = []
    leaks: list[str] = []
    times: dict[str, float] = {}
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        _skip_heavy_rendering(patch)
        clients = {role: _client(world, role) for role in ROLES}
        for name, route, pattern in visited_urls():
            url = url_for(world, name, pattern)
            started = time.monotonic()
            row = {"path": f"/{route}", "url": url}
            for role in ROLES:
                response = clients[role].get(url)
                row[role] = _answer(response)
                if role in OUT_OF_SCOPE and response.status_code == 200 and name not in PUBLIC:
                    leaks += _leaks(response, role, f"GET {url}")
            for role in OUT_OF_SCOPE:
                before = _fingerprint()
                with transaction.atomic():
                    response = clients[role].post(url, {})
                    row[f"post:{role}"] = _answer(response)
                    if response.status_code == 200 and name not in PUBLIC:
                        leaks += _leaks(response, role, f"POST {url}")
                    after = _fingerprint()
                    transaction.set_rollback(True)
                changed = [f"{t} {a}→{b}" for (t, a), (_t, b) in zip(before, after, strict=True) if a != b]
                if changed:
                    writes.append(f"POST {url} as {role} wrote: {', '.join(changed)}")
            result[name] = row
            times[name] = time.monotonic() - started
    if os.environ.get("THIDUA_MATRIX_TIMES"):
        print(sorted(times.items(), key=lambda item: -item[1])[:25])
    return {"table": result, "writes": writes, "leaks": leaks}


def test_every_url_answers_every_role_as_declared(answers):
    table = answers["table"]
    if os.environ.get("THIDUA_WRITE_MATRIX"):
        write_matrix(table)
        pytest.fail(f"{MATRIX.name} rewritten from the answers: read it row by row before committing it")
    declared = read_matrix()
    problems = []
    for name, row in sorted(table.items()):
        if name not in declared:
            problems.append(f"{name} ({row['url']}): no permission rule declared in {MATRIX.name}")
            continue
        for column in (*ROLES, *POST_COLUMNS):
            if declared[name].get(column) != row[column]:
                problems.append(f"{name} {row['url']} as {column}: expected {declared[name].get(column)}, "
                                f"got {row[column]}")
    stale = sorted(set(declared) - set(table))
    problems += [f"{name}: in {MATRIX.name} but no longer a URL" for name in stale]
    assert not problems, "\n".join(problems)


def test_an_empty_post_from_outside_the_owners_scope_writes_nothing(answers):
    assert not answers["writes"], "\n".join(answers["writes"])


def test_no_page_shows_an_out_of_scope_role_the_owners_private_records(answers):
    """A page open to a role (a list, the cluster's log, the unit's page) must not carry the owner's private
    records: a person's name and edits, its council, another unit's officer account, a sheet's appraisal."""
    assert not answers["leaks"], "\n".join(answers["leaks"])


def test_out_of_scope_posts_are_refused(answers):
    """Where a role outside the owner's scope may not see the page (GET refused), its POST is refused too."""
    problems = []
    for name, row in answers["table"].items():
        for role in OUT_OF_SCOPE:
            if row[role] in ("403", "404") and row[f"post:{role}"] not in ("403", "404", "405", "login"):
                problems.append(f"{name} {row['url']}: GET {row[role]} but POST {row[f'post:{role}']} as {role}")
    assert not problems, "\n".join(problems)


def test_only_declared_public_pages_answer_anyone(answers):
    public = sorted(name for name, row in answers["table"].items() if row["anonymous"] == "200")
    undeclared = [name for name in public if name not in PUBLIC]
    assert not undeclared, f"pages answering 200 without log-in, not declared public: {undeclared}"


def test_nothing_answers_500(answers):
    broken = [f"{name} {row['url']} as {column}" for name, row in answers["table"].items()
              for column in (*ROLES, *POST_COLUMNS) if row[column] == "500"]
    assert not broken, "\n".join(broken)


def test_another_organiser_never_sees_the_owners_objects(answers):
    """The rule the table is read against: staff of another organiser get no 200 on a page of S1's objects (the
    lists, the set-up pages and the public notices are theirs too: they show only what they reach)."""
    own_lists = {"home", "screens:setup_index", "password_change", "account_list", "account_create",
                 "account_bulk_create", "account_sheet", "account_sheet_pdf", "account_sheet_done",
                 "clusters:cluster_list", "clusters:cluster_create", "clusters:cluster_detail",
                 "clusters:cluster_activity", "movements:movement_list", "movements:movement_create",
                 "awards:registry", "awards:consecutive", "awards:unit_history", "awards:import_start",
                 "awards:import_template", "awards:import_preview", "awards:import_confirm", "awards:import_cancel",
                 "dossiers:proposal_list", "dossiers:proposal_create", "voting:index", "voting:council_create",
                 "law:index", "orgs:unit_list", "orgs:unit_detail", "orgs:person_list", "orgs:council_list",
                 "orgs:council_create", "orgs:organiser_list", "orgs:unit_create", "orgs:person_create_choose",
                 "orgs:import_start", "orgs:import_template", "orgs:import_preview", "orgs:import_errors",
                 "orgs:import_confirm", "notifications:list", "notifications:settings", "reports:statforms_index",
                 *PUBLIC}
    leaks = [f"{name} {row['url']} as {role}" for name, row in answers["table"].items()
             for role in ("other_organiser", "other_province")
             if row[role] == "200" and name not in own_lists and not name.startswith("law:")]
    # a province's law pages: its own rows and the lists, never another province's row
    leaks += [f"{name} as other_province" for name, row in answers["table"].items()
              if name.startswith("law:") and name.endswith(("_edit", "_delete", "_end")) and row["other_province"] != "403"]
    assert not leaks, "another organiser's staff get 200 on: " + ", ".join(leaks)


# The owner unit's own objects, and the pages of them a fellow member of the block may read, each with its rule.
OWNER_UNIT_OBJECTS = {"unit", "person", "proposal", "nominee", "document", "evidence", "account", "assignment", "job"}
SHARED_WITH_FELLOW_MEMBERS = {
    "orgs:unit_detail": "a unit's identity is public to officers (its timeline shows them only what they may see)",
    "awards:unit_history": "a unit's awards are a public record (awards.view_unit_history)",
    "scoring:sheet": "from the peer-review phase members review each other's sheets (scoring.view_sheet)",
    "scoring:sheet_pdf": "the same sheet, printed", "scoring:sheet_xlsx": "the same sheet, in Excel",
    "scoring:evidence": "the evidence attached to that sheet",
}


def test_an_officer_of_another_unit_never_reads_the_owner_units_private_pages(answers):
    problems = []
    for name, _route, pattern in visited_urls():
        if not OWNER_UNIT_OBJECTS & set(objects_of(name, pattern).values()):
            continue
        if answers["table"][name]["other_unit_officer"] == "200" and name not in SHARED_WITH_FELLOW_MEMBERS:
            problems.append(name)
    assert not problems, f"an officer of another unit gets 200 on the owner unit's: {problems}"
