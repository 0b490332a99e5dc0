"""The "Quy định" pages (/quy-dinh/): who may open every URL of the section (walked from its URL configuration),
what a refused change leaves (nothing), and that every list costs the same number of queries for 1 row as for 3."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardLocalName, AwardTerms, BaseSalary, RuleSet
from thidua.core.models import Activity, WorkdayOverride
from thidua.demo import builders as b
from thidua.dossiers.models import DeadlineRule, NoticeRule
from thidua.screens import law_urls
from thidua.voting.models import VoteThreshold

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
FUTURE = TODAY + dt.timedelta(days=400)


def next_saturday(after: dt.date) -> dt.date:
    return after + dt.timedelta(days=(5 - after.weekday()) % 7 or 7)


@pytest.fixture
def world(s1, s2, make_user):
    """Lạng Sơn (S1's province organiser) and another province, each with a deadline and a local award name of its
    own; a future workday swap; users of every kind."""
    other = b.organiser("ubnd-tinh-khac", "Ủy ban nhân dân tỉnh Khác", "province")
    flag = Award.objects.get(code="co-tinh")
    rows = {}
    for key, organiser in (("ls", s1["organiser"]), ("other", other)):
        rows[f"deadline_{key}"] = DeadlineRule.objects.create(
            organiser=organiser, case="cluster", label="Hồ sơ của cụm gửi tỉnh", month=12, day=15,
            valid_from=dt.date(2024, 1, 1), source="Quyết định của tỉnh")
        rows[f"local_name_{key}"] = AwardLocalName.objects.create(
            organiser=organiser, award=flag, name="Cờ thi đua của Ủy ban nhân dân tỉnh", valid_from=dt.date(2024, 1, 1),
            decision_ref="Quyết định của tỉnh")
    rows["deadline_national"] = DeadlineRule.objects.get(case="co-cp", organiser__isnull=True)
    rows["workday"] = WorkdayOverride.objects.create(day=next_saturday(FUTURE), is_working_day=True,
                                                     reason="Làm bù", source="Thông báo")
    return {
        **rows,
        "ls": s1["organiser"], "other": other,
        "admin": make_user("quan-tri", (Role.ADMIN, None)),
        "staff_ls": make_user("tdkt-lang-son", (Role.ORGANISER_STAFF, s1["organiser"])),
        "staff_other": make_user("tdkt-tinh-khac", (Role.ORGANISER_STAFF, other)),
        "staff_central": make_user("tdkt-tw", (Role.ORGANISER_STAFF, s2["organiser"])),
        "officer": make_user("can-bo", (Role.UNIT_OFFICER, s1["units"]["ca"])),
        "leader": make_user("lanh-dao", (Role.LEADER, s1["units"]["ca"])),
        "head_staff": make_user("truong-khoi", (Role.HEAD_STAFF, s1["units"]["tand"])),
    }


NATIONAL = {law.name for law in law_urls.NATIONAL}
PROVINCE = {law.name for law in law_urls.PROVINCE}
ROW_OF = {  # the row an edit/end/delete URL of each table is tried on
    "rule_sets": lambda w: RuleSet.objects.get(code="nd152-2025"),
    "award_terms": lambda w: AwardTerms.objects.filter(rule_set__code="nd152-2025").first(),
    "base_salaries": lambda w: BaseSalary.objects.order_by("-valid_from").first(),
    "vote_thresholds": lambda w: VoteThreshold.objects.filter(rule_set__code="nd152-2025").first(),
    "notice_rules": lambda w: NoticeRule.objects.order_by("-valid_from").first(),
    "workdays": lambda w: w["workday"],
    "deadlines": lambda w: w["deadline_ls"],
    "local_names": lambda w: w["local_name_ls"],
}
USERS = ["admin", "staff_ls", "staff_other", "staff_central", "officer", "leader", "head_staff"]


def expected(name: str, table: str | None, user: str, row_province: str | None = "ls") -> int:
    if user == "admin":
        return 200
    if name == "index" or table in PROVINCE:
        if user not in ("staff_ls", "staff_other"):
            return 403
        if name == "index" or name in (table, f"{table}_add"):
            return 200
        return 200 if user == f"staff_{row_province}" else 403
    return 403


def all_urls(world):
    """(name, table, url) for every pattern of the section."""
    out = []
    for pattern in law_urls.urlpatterns:
        name = pattern.name
        table = next((t for t in NATIONAL | PROVINCE if name == t or name.startswith(f"{t}_")), None)
        args = [ROW_OF[table](world).pk] if "<int:pk>" in str(pattern.pattern) else []
        out.append((name, table, reverse(f"law:{name}", args=args)))
    return out


def status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def test_every_url_of_the_section_for_every_role(client, world):
    urls = all_urls(world)
    assert {table for _n, table, _u in urls} - {None} == set(ROW_OF)  # every table is tried
    # the index; list, add, edit and delete of each table, and end where rows end (not salaries, terms, swaps)
    assert len(urls) == 1 + 4 * len(ROW_OF) + 4
    for name, table, url in urls:
        for user in USERS:
            assert status(client, world[user], url) == expected(name, table, user), (name, user)
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_a_province_keeps_its_own_rows_only(client, world):
    """The other province's rows and the national rule are not the Lạng Sơn administrator's to change."""
    for table, key in (("deadlines", "deadline_other"), ("local_names", "local_name_other"),
                       ("deadlines", "deadline_national")):
        for suffix in ("_edit", "_end", "_delete"):
            url = reverse(f"law:{table}{suffix}", args=[world[key].pk])
            assert status(client, world["staff_ls"], url) == 403, (table, suffix)
            assert status(client, world["admin"], url) == 200, (table, suffix)
    # the list shows the province's rows and the national ones, not another province's
    client.force_login(world["staff_ls"])
    rows = list(client.get(reverse("law:deadlines")).context["table"].data)
    assert world["deadline_ls"] in rows and world["deadline_national"] in rows
    assert world["deadline_other"] not in rows
    names = list(client.get(reverse("law:local_names")).context["table"].data)
    assert names == [world["local_name_ls"]]


def test_refused_posts_write_nothing(client, world):
    before = (BaseSalary.objects.count(), DeadlineRule.objects.count(), Activity.objects.count())
    assert status(client, world["staff_ls"], reverse("law:base_salaries_add"), "post",
                  {"amount": "9.999.999", "valid_from": "01/01/2030", "legal_ref": "Trái phép"}) == 403
    assert status(client, world["staff_other"], reverse("law:deadlines_edit", args=[world["deadline_ls"].pk]),
                  "post", {"label": "Đổi trái phép"}) == 403
    assert status(client, world["staff_other"], reverse("law:deadlines_delete", args=[world["deadline_ls"].pk]),
                  "post") == 403
    assert status(client, world["officer"], reverse("law:deadlines_add"), "post",
                  {"case": "cluster", "label": "x", "day": 1, "month": 1, "valid_from": "01/01/2030",
                   "source": "x"}) == 403
    # a province's administrator cannot add a row for another province: that province is not a choice
    client.force_login(world["staff_ls"])
    response = client.post(reverse("law:deadlines_add"), {
        "organiser": world["other"].pk, "case": "cluster", "label": "Hạn của tỉnh khác", "day": 1, "month": 12,
        "year_offset": 0, "valid_from": "01/01/2030", "source": "Trái phép"})
    assert response.status_code == 200 and response.context["form"].errors["organiser"]
    world["deadline_ls"].refresh_from_db()
    assert world["deadline_ls"].label == "Hồ sơ của cụm gửi tỉnh"
    assert (BaseSalary.objects.count(), DeadlineRule.objects.count(), Activity.objects.count()) == before


def test_the_menu_shows_the_section_to_those_who_keep_it(client, world):
    for user, shown in (("admin", True), ("staff_ls", True), ("staff_central", False), ("officer", False)):
        client.force_login(world[user])
        html = client.get("/").content.decode()
        assert (f'href="{reverse("law:index")}"' in html) is shown, user
    client.force_login(world["staff_ls"])
    page = client.get(reverse("law:index"))
    assert [law.name for law in page.context["national"]] == []
    assert [law.name for law in page.context["province"]] == ["deadlines", "local_names"]
    client.force_login(world["admin"])
    page = client.get(reverse("law:index"))
    assert {law.name for law in page.context["national"]} == NATIONAL
    assert {law.name for law in page.context["province"]} == PROVINCE


# -- query counts -------------------------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _rows(n: int, tag: str, organiser, award):
    """n rows more in every table (each on days of its own, so the periods never meet)."""
    for i in range(n):
        year = 2040 + 10 * (tag == "ba") + 3 * i
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        rule_set = RuleSet.objects.create(code=f"rs-{tag}-{i}", name=f"Nghị định {tag} {i}", valid_from=start,
                                          valid_to=end)
        AwardTerms.objects.create(award=award, rule_set=rule_set, cash_individual="1.5", article="Điều 1")
        BaseSalary.objects.create(amount=3_000_000 + i, valid_from=start, legal_ref=f"Nghị định {tag} {i}")
        rule = NoticeRule.objects.create(label=f"Quy định {tag} {i}", valid_from=start, valid_to=end, source="Điều 46")
        rule.awards.set(Award.objects.filter(code__in=["cstd-tq", "hcld-1"]))
        WorkdayOverride.objects.create(day=next_saturday(start), is_working_day=True, reason="Làm bù", source="TB")
        DeadlineRule.objects.create(organiser=organiser, case="cluster", label="Hạn", month=12, day=10,
                                    valid_from=start, valid_to=end, source="QĐ")
        AwardLocalName.objects.create(organiser=organiser, award=award, name=f"Tên {tag} {i}", valid_from=start,
                                      valid_to=end, decision_ref="QĐ")


@pytest.mark.parametrize("user", ["admin", "staff"])
def test_every_list_costs_the_same_for_one_row_as_for_three(client, make_user, user):
    award = Award.objects.get(code="co-tinh")
    counts = []
    for n, tag in ((1, "mot"), (3, "ba")):
        organiser = b.organiser(f"ubnd-{tag}", f"UBND tỉnh {tag}", "province")
        _rows(n, tag, organiser, award)
        role = (Role.ADMIN, None) if user == "admin" else (Role.ORGANISER_STAFF, organiser)
        client.force_login(make_user(f"{user}-{tag}", role))
        tables = law_urls.NATIONAL + law_urls.PROVINCE if user == "admin" else law_urls.PROVINCE
        urls = [reverse("law:index")] + [reverse(f"law:{t.name}") for t in tables] + [
            reverse(f"law:{t.name}") + "?export=xlsx" for t in tables]
        counts.append({url: _count(client, url) for url in urls})
    assert counts[0] == counts[1]
