"""The dossiers' law on its pages (/quy-dinh/): a province's own deadlines, which win for proposals sent to it,
the national ones (the system administrator's), and the public-notice rules (national)."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards.models import Award
from thidua.core.models import Activity, WorkdayOverride
from thidua.demo import builders as b
from thidua.dossiers.domain import law, notices, workflow
from thidua.dossiers.models import DeadlineRule, NoticeRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def ls(s1, make_user):
    period = s1["cluster"].periods.get(year=2023)
    return {
        **s1,
        "staff": make_user("tdkt-ls", (Role.ORGANISER_STAFF, s1["organiser"])),
        "admin": make_user("quan-tri", (Role.ADMIN, None)),
        "proposal": workflow.create_proposal(s1["units"]["tand"], s1["organiser"], "Đề nghị năm 2023", 2023,
                                             period=period),
    }


def deadline_post(organiser, **change):
    data = {"organiser": organiser.pk if organiser else "", "case": "cluster", "label": "Hồ sơ của cụm gửi Sở Nội vụ",
            "day": "15", "month": "12", "year_offset": "0", "valid_from": "01/01/2023",
            "source": "Quyết định 12/2023/QĐ-UBND tỉnh Lạng Sơn"}
    return {**data, **change}


def test_a_provinces_own_deadline_wins_for_proposals_sent_to_it(client, ls):
    # a cluster's dossier: only the province fixes it; the row without a province (Bắc Ninh's) is never borrowed
    assert workflow.deadline_for(ls["proposal"]) is None
    assert "chưa ghi thời hạn nộp hồ sơ" in workflow.missing_deadline(ls["proposal"])
    client.force_login(ls["staff"])
    response = client.post(reverse("law:deadlines_add"), deadline_post(ls["organiser"]))
    assert response.status_code == 302, response.context and response.context["form"].errors
    day, label = workflow.deadline_for(ls["proposal"])
    assert day == dt.date(2023, 12, 15) and "Quyết định 12/2023/QĐ-UBND" in label
    # a proposal to another province does not take Lạng Sơn's, nor the row without a province
    other = b.organiser("ubnd-khac", "UBND tỉnh khác", "province")
    assert law.deadline_rule("cluster", other.pk, 2023) is None
    # a case the decree fixes keeps the national row
    day, rule = law.deadline_rule("co-cp", other.pk, 2023)
    assert day == dt.date(2024, 6, 30) and rule.organiser_id is None
    [entry] = Activity.objects.filter(target_type__model="deadlinerule")
    assert entry.scope == f"law:{ls['organiser'].pk}" and entry.actor == ls["staff"]
    assert {"field": "ngày", "old": "", "new": "15"} in entry.changes


def test_a_deadline_applies_only_in_its_period(client, ls):
    client.force_login(ls["staff"])
    client.post(reverse("law:deadlines_add"), deadline_post(ls["organiser"], valid_from="01/01/2024"))
    assert workflow.deadline_for(ls["proposal"]) is None  # 15/12/2023 is before its first day
    ls["proposal"].year = 2024
    assert workflow.deadline_for(ls["proposal"])[0] == dt.date(2024, 12, 15)


def test_a_deadline_edit_is_logged_old_to_new(client, ls):
    client.force_login(ls["staff"])
    client.post(reverse("law:deadlines_add"), deadline_post(ls["organiser"]))
    rule = DeadlineRule.objects.get(organiser=ls["organiser"])
    url = reverse("law:deadlines_edit", args=[rule.pk])
    form = client.get(url).context["form"]
    assert form.fields["organiser"].disabled
    response = client.post(url, {**deadline_post(ls["organiser"], day="20"), "version": form["version"].value()})
    assert response.status_code == 302
    entry = Activity.objects.filter(target_type__model="deadlinerule", action="update").get()
    assert entry.changes == [{"field": "ngày", "old": "15", "new": "20"}] and entry.summary == "Sửa thời hạn nộp hồ sơ"


@pytest.mark.parametrize("change, field, message", [
    ({"day": "30", "month": "2"}, "day", "không có ngày 30"),
    ({"day": "29", "month": "2"}, "day", "không có ngày 29"),
    ({"month": "13"}, "month", "Tháng từ 1 đến 12"),
    ({"year_offset": "5"}, "year_offset", "Ghi 0"),
    ({"valid_from": ""}, "valid_from", ""),
    ({"valid_from": "01/01/2025", "valid_to": "31/12/2024"}, "valid_to", "phải từ ngày bắt đầu"),
    ({"source": ""}, "source", ""),
])
def test_a_bad_deadline_is_refused_and_writes_nothing(client, ls, change, field, message):
    client.force_login(ls["staff"])
    before = (DeadlineRule.objects.count(), Activity.objects.count())
    response = client.post(reverse("law:deadlines_add"), deadline_post(ls["organiser"], **change))
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert (DeadlineRule.objects.count(), Activity.objects.count()) == before


def test_two_deadlines_of_one_province_and_case_do_not_overlap(client, ls):
    client.force_login(ls["staff"])
    client.post(reverse("law:deadlines_add"), deadline_post(ls["organiser"], valid_to="31/12/2024"))
    before = DeadlineRule.objects.count()
    response = client.post(reverse("law:deadlines_add"), deadline_post(ls["organiser"], valid_from="01/06/2024"))
    assert "Trùng thời gian" in response.content.decode()
    assert DeadlineRule.objects.count() == before
    # the province's rule does not meet the national one: they are different parameters
    assert client.post(reverse("law:deadlines_add"), deadline_post(ls["organiser"], valid_from="01/01/2025",
                                                                  case="co-cp")).status_code == 302


def test_the_national_deadline_is_the_system_administrators(client, ls):
    national = DeadlineRule.objects.get(case="co-cp", organiser__isnull=True)
    client.force_login(ls["staff"])
    assert client.get(reverse("law:deadlines_edit", args=[national.pk])).status_code == 403
    response = client.post(reverse("law:deadlines_add"), deadline_post(None))
    assert "organiser" in response.context["form"].errors  # a province's administrator adds for its province only
    client.force_login(ls["admin"])
    url = reverse("law:deadlines_edit", args=[national.pk])
    form = client.get(url).context["form"]
    assert not form.fields["valid_from"].required  # loaded before first days were kept
    response = client.post(url, {"case": "co-cp", "label": national.label, "day": "30", "month": "6",
                                 "year_offset": "1", "source": "Nghị định 152/2025/NĐ-CP",
                                 "version": form["version"].value()})
    assert response.status_code == 302
    assert Activity.objects.get(target_type__model="deadlinerule").scope == "law"


# -- notice rules -------------------------------------------------------------------------------------------------


def test_a_notice_rule_cannot_cover_an_award_twice_on_a_day(client, ls):
    client.force_login(ls["admin"])
    current = NoticeRule.objects.get(valid_from=dt.date(2025, 7, 1))
    cstd = Award.objects.get(code="cstd-tq")
    data = {"label": "CSTĐ toàn quốc", "awards": [cstd.pk], "working_days": "15", "valid_from": "01/01/2027",
            "source": "Nghị định mới, Điều 1"}
    before = (NoticeRule.objects.count(), Activity.objects.count())
    response = client.post(reverse("law:notice_rules_add"), data)
    assert "Trùng thời gian" in response.content.decode()  # the open rule covers it: end that one first
    assert (NoticeRule.objects.count(), Activity.objects.count()) == before
    version = client.get(reverse("law:notice_rules_end", args=[current.pk])).context["form"]["version"].value()
    response = client.post(reverse("law:notice_rules_end", args=[current.pk]),
                           {"last_day": "31/12/2026", "version": version})
    assert response.status_code == 302
    assert client.post(reverse("law:notice_rules_add"), data).status_code == 302
    new = NoticeRule.objects.get(valid_from=dt.date(2027, 1, 1))
    assert list(new.awards.all()) == [cstd] and new.working_days == 15
    created = Activity.objects.filter(target_type__model="noticerule", action="create").get()
    assert {"field": "danh hiệu, hình thức phải công khai", "old": "", "new": cstd.name} in created.changes
    ended = Activity.objects.filter(target_type__model="noticerule", action="update").get()
    assert ended.changes == [{"field": "đến hết ngày", "old": "", "new": "31/12/2026"}]


def test_a_notice_rule_a_notice_used_keeps_its_terms(client, ls):
    rule = NoticeRule.objects.get(valid_from=dt.date(2025, 7, 1))
    assert client.get(reverse("law:notice_rules_delete", args=[rule.pk])).status_code == 302  # anonymous
    client.force_login(ls["admin"])
    url = reverse("law:notice_rules_delete", args=[rule.pk])
    assert 'id="row-in-use"' not in client.get(url).content.decode()  # no notice yet: it could be deleted
    notices.PublicNotice.objects.create(proposal=ls["proposal"], rule=rule, working_days=10, source=rule.source,
                                        title="t", issuer="i", sender_name="s", published_on=dt.date(2025, 8, 1))
    assert 'id="row-in-use"' in client.get(url).content.decode()
    client.post(url)
    assert NoticeRule.objects.filter(pk=rule.pk).exists()
    form = client.get(reverse("law:notice_rules_edit", args=[rule.pk])).context["form"]
    assert form.fields["working_days"].disabled and form.fields["awards"].disabled


# -- workday swaps (core.WorkdayOverride, national) ---------------------------------------------------------------


def test_workday_swaps_are_national_and_checked(client, ls):
    client.force_login(ls["staff"])
    assert client.get(reverse("law:workdays")).status_code == 403
    client.force_login(ls["admin"])
    monday = dt.date(2031, 3, 3)
    response = client.post(reverse("law:workdays_add"), {"day": "03/03/2031", "is_working_day": "on",
                                                         "reason": "x", "source": "y"})
    assert "vốn đã là ngày làm việc" in response.content.decode()
    assert not WorkdayOverride.objects.filter(day=monday).exists()
    assert client.post(reverse("law:workdays_add"), {"day": "08/03/2031", "is_working_day": "on",
                                                     "reason": "Làm bù cho thứ Hai 10/3", "source": "Thông báo"}
                       ).status_code == 302
    swap = WorkdayOverride.objects.get(day=dt.date(2031, 3, 8))
    # a future swap typed by mistake can be deleted; a swap on a day passed is kept
    assert client.post(reverse("law:workdays_delete", args=[swap.pk])).status_code == 302
    past = WorkdayOverride.objects.create(day=dt.date(2025, 5, 10), is_working_day=True, reason="Làm bù", source="x")
    assert client.post(reverse("law:workdays_delete", args=[past.pk])).status_code == 200
    assert WorkdayOverride.objects.filter(pk=past.pk).exists()
    assert [e.action for e in Activity.objects.filter(target_type__model="workdayoverride").order_by("id")] == [
        "create", "delete"]
