"""The accounts pages, for every role that may and may not use them; the printed sheet and the invitation as a new
user meets them; roles withdrawn with their log entry; the list's queries do not grow with its rows."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.domain import accounts
from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.models import Activity

pytestmark = pytest.mark.django_db

MANAGERS = ("admin", "org_staff", "officer_a")       # may manage the target (leader of unit A)
OUTSIDERS = ("other_staff", "officer_b")             # manage accounts, but not this one
NOT_MANAGERS = ("leader_a", "nobody")                # manage no accounts at all


def status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data or {})
    if user is None:
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
        return "login"
    return response.status_code


def written():
    return (User.objects.count(), RoleAssignment.objects.count(), Activity.objects.count(),
            list(User.objects.values_list("is_active", "password").order_by("pk")))


def test_the_list_is_for_those_who_manage_accounts_and_shows_their_reach_only(client, block):
    url = reverse("account_list")
    for who in (*MANAGERS, *OUTSIDERS):
        assert status(client, block[who], url) == 200, who
    for who in NOT_MANAGERS:
        assert status(client, block[who], url) == 403, who
    assert status(client, None, url) == "login"

    def listed(who):
        client.force_login(block[who])
        return {u.username for u in client.get(url).context["table"].data}

    assert "lanhdao.a" in listed("admin") and "bo.tn" in listed("admin")
    assert listed("org_staff") == {"lanhdao.a", "canbo.a", "canbo.b", "lanhdao2.a"}
    assert listed("officer_a") == {"lanhdao.a", "canbo.a", "lanhdao2.a"}
    assert listed("officer_b") == {"canbo.b"}
    assert listed("other_staff") == set()


def test_the_list_searches_filters_and_exports(client, block):
    client.force_login(block["org_staff"])
    url = reverse("account_list")

    def names(**params):
        return {u.username for u in client.get(url, params).context["table"].data}

    assert names(q="tran thi thu") == {"lanhdao.a"}  # accent-free, through the person record
    assert names(q="canbo") == {"canbo.a", "canbo.b"}
    assert names(unit=block["b"].pk) == {"canbo.b"}
    assert names(role=Role.LEADER) == {"lanhdao.a", "lanhdao2.a"}
    assert names(unit=block["a"].pk, role=Role.UNIT_OFFICER) == {"canbo.a"}
    assert client.get(url, {"unit": block["c"].pk}).status_code == 200  # a unit beyond reach: refused as a choice
    assert names(unit=block["c"].pk) == {"lanhdao.a", "canbo.a", "canbo.b", "lanhdao2.a"}
    for bad in ({"unit": "x"}, {"role": "bogus"}, {"page": "99"}, {"sort": "nope"}):
        assert client.get(url, bad).status_code in (200, 404)
    response = client.get(url, {"export": "xlsx", "unit": block["a"].pk})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Tên đăng nhập", "Họ và tên")
    leader = next(r for r in rows if r[0] == "lanhdao.a")
    assert "Trần Thị Thử" in leader and "Lãnh đạo đơn vị (bỏ phiếu, ký) — Sở Thử Nghiệm A" in leader


def test_the_last_login_exports_as_an_excel_date_of_the_local_day(client, block):
    """Shown and exported as the day in Việt Nam: 20:00 UTC on 4 March is 03:00 on 5 March there."""
    User.objects.filter(username="lanhdao.a").update(last_login=dt.datetime(2024, 3, 4, 20, 0, tzinfo=dt.UTC))
    client.force_login(block["org_staff"])
    assert "05/03/2024" in client.get(reverse("account_list"), {"unit": block["a"].pk}).content.decode()
    response = client.get(reverse("account_list"), {"export": "xlsx", "unit": block["a"].pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "lanhdao.a")
    cell = row[headers.index("Đăng nhập gần nhất")]
    assert cell.is_date and cell.value == dt.datetime(2024, 3, 5) and cell.number_format == "DD/MM/YYYY"


def test_the_list_page_queries_do_not_grow_with_accounts(client, block, make_user):
    counts = []
    for n in (1, 4):
        for i in range(n):
            user = make_user(f"them-{n}-{i}", (Role.LEADER, block["a"]), (Role.UNIT_OFFICER, block["b"]))
            user.person = None
        for who in ("admin", "org_staff"):
            client.force_login(block[who])
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("account_list")).status_code == 200
            counts.append((who, len(ctx.captured_queries)))
    assert counts[:2] == counts[2:], counts


def test_the_account_page_and_its_changes_by_role(client, block):
    target = block["target"]
    detail = reverse("account_detail", args=[target.pk])
    for who in MANAGERS:
        assert status(client, block[who], detail) == 200, who
    for who in (*OUTSIDERS, *NOT_MANAGERS):
        assert status(client, block[who], detail) == 403, who
    assert status(client, None, detail) == "login"
    assignment = target.role_assignments.get()
    urls = [reverse("role_grant", args=[target.pk]),
            reverse("role_withdraw", args=[target.pk, assignment.pk]),
            *(reverse("account_action", args=[target.pk, a]) for a in ("khoa", "mo-khoa", "cap-mat-khau-tam", "gui-thu-moi"))]
    for url in urls:
        for who in MANAGERS:
            assert status(client, block[who], url) == 200, (who, url)
        for who in (*OUTSIDERS, *NOT_MANAGERS):
            assert status(client, block[who], url) == 403, (who, url)
        assert status(client, None, url) == "login"
    before = written()
    posts = {urls[0]: {"role": Role.UNIT_OFFICER, "unit": block["a"].pk}, urls[1]: {},
             urls[2]: {}, urls[4]: {}}
    for url, data in posts.items():
        for who in (*OUTSIDERS, *NOT_MANAGERS):
            assert status(client, block[who], url, "post", data) == 403, (who, url)
        assert status(client, None, url, "post", data) == "login"
    assert written() == before
    assert status(client, block["org_staff"], reverse("account_action", args=[target.pk, "bogus"])) == 403


def test_creating_an_account_by_role(client, block):
    url = reverse("account_create")
    for who in (*MANAGERS, *OUTSIDERS):
        assert status(client, block[who], url) == 200, who
    for who in NOT_MANAGERS:
        assert status(client, block[who], url) == 403, who
    assert status(client, None, url) == "login"
    for_a = f"{url}?unit={block['a'].pk}"
    for who in MANAGERS:
        assert status(client, block[who], for_a) == 200, who
    for who in (*OUTSIDERS, *NOT_MANAGERS):
        assert status(client, block[who], for_a) == 403, who
    for who in ("org_staff", "officer_a"):
        assert status(client, block[who], f"{url}?organiser={block['org'].pk}") == 403, who
        assert status(client, block[who], f"{url}?admin=1") == 403, who
    before = written()
    data = {"unit": block["a"].pk, "username": "moi.a", "full_name": "Người Mới", "role": Role.LEADER,
            "method": "sheet"}
    for who in (*OUTSIDERS, *NOT_MANAGERS):
        assert status(client, block[who], url, "post", data) == 403, who
    # a unit officer offered only its own unit's officer and leader roles: head-unit staff is refused
    client.force_login(block["officer_a"])
    form = client.get(url).context["form"]  # one unit: the form straight away
    assert [c for c, _label in form.fields["role"].choices] == ["", Role.LEADER, Role.UNIT_OFFICER]
    assert {p.full_name for p in form.fields["person"].queryset} == {"Trần Thị Thử", "Lê Văn Nghiệm"}
    response = client.post(url, {**data, "role": Role.HEAD_STAFF})
    assert response.status_code == 200 and response.context["form"].errors["role"]
    assert response.context["form"]["full_name"].value() == "Người Mới"  # what was typed stays
    response = client.post(url, {**data, "person": block["person_b"].pk})
    assert response.status_code == 200 and response.context["form"].errors["person"]
    response = client.post(url, {**data, "username": "có dấu cách"})
    assert "Tên đăng nhập chỉ gồm" in response.content.decode()
    response = client.post(url, {**data, "method": "invitation"})
    assert "Cần nhập e-mail để gửi thư mời." in response.content.decode()
    assert written() == before


def test_the_administrator_creates_an_organisers_staff_account(client, block):
    client.force_login(block["admin"])
    url = reverse("account_create")
    response = client.get(url, {"organiser": block["org"].pk})
    assert [c for c, _label in response.context["form"].fields["role"].choices] == ["", Role.ORGANISER_STAFF]
    response = client.post(url, {"organiser": block["org"].pk, "username": "snv2.tn", "full_name": "Hoàng Văn Hai",
                                 "role": Role.ORGANISER_STAFF, "method": "sheet"})
    assert response.status_code == 302
    created = User.objects.get(username="snv2.tn")
    assert list(created.role_assignments.values_list("role", "organiser")) == [(Role.ORGANISER_STAFF,
                                                                               block["org"].pk)]


def login(client, username, password):
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_printed_sheets_password_logs_in_and_must_be_changed(client, block):
    client.force_login(block["org_staff"])
    response = client.post(reverse("account_create"), {
        "unit": block["b"].pk, "username": "lanhdao.b", "full_name": "Phạm Văn Bê", "position": "Giám đốc",
        "role": Role.LEADER, "person": block["person_b"].pk, "method": "sheet"})
    assert response.status_code == 302 and response.url == reverse("account_sheet")
    sheet = client.get(response.url)
    [entry] = sheet.context["sheets"]
    password = entry["password"]
    html = sheet.content.decode()
    assert "lanhdao.b" in html and password in html and "Lãnh đạo đơn vị (bỏ phiếu, ký) — Sở Thử Nghiệm B" in html
    pdf = client.get(reverse("account_sheet_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    account = User.objects.get(username="lanhdao.b")
    assert account.person == block["person_b"] and account.must_change_password
    assert Activity.objects.filter(scope=f"account:{account.pk}", action=Activity.Action.CREATE).count() == 1

    assert login(client, "lanhdao.b", password).status_code == 302
    for url in ("/", reverse("orgs:unit_list"), reverse("account_list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change"), url
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "mật khẩu tạm" in page.content.decode()
    response = client.post(reverse("password_change"), {"old_password": password, "new_password1": "1234",
                                                        "new_password2": "1234"})
    assert response.status_code == 200  # too short and numeric: refused, still held
    assert User.objects.get(pk=account.pk).must_change_password
    response = client.post(reverse("password_change"), {"old_password": password, "new_password1": password,
                                                        "new_password2": password})
    assert response.status_code == 200 and "phải khác mật khẩu đang dùng" in response.content.decode()
    assert User.objects.get(pk=account.pk).must_change_password  # the printed password may not be kept
    response = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "Lang-son-khoi-2025", "new_password2": "Lang-son-khoi-2025"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # still logged in, free to work
    account.refresh_from_db()
    assert not account.must_change_password and account.check_password("Lang-son-khoi-2025")
    assert Activity.objects.filter(scope=f"account:{account.pk}", actor=account).get().summary == \
        "Đổi mật khẩu tạm lần đầu đăng nhập"
    # the sheet is gone from the issuer's screen once its password is changed
    client.force_login(block["org_staff"])
    assert client.get(reverse("account_sheet")).context["sheets"] == []


def test_sheets_are_cleared_once_printed_and_can_be_issued_again(client, block):
    client.force_login(block["officer_a"])
    target = block["target"]
    assert client.get(reverse("account_sheet")).context["sheets"] == []
    response = client.post(reverse("account_action", args=[target.pk, "cap-mat-khau-tam"]))
    assert response.status_code == 302 and response.url == reverse("account_sheet")
    [entry] = client.get(response.url).context["sheets"]
    target.refresh_from_db()
    assert target.must_change_password and target.check_password(entry["password"])
    assert client.post(reverse("account_sheet_done")).status_code == 302
    assert client.get(reverse("account_sheet")).context["sheets"] == []
    assert client.get(reverse("account_sheet_done")).status_code == 405
    assert status(client, block["leader_a"], reverse("account_sheet")) == 403
    assert status(client, block["leader_a"], reverse("account_sheet_pdf")) == 403


def invitation_link_from(message) -> str:
    return re.search(r"https?://\S+/tai-khoan/loi-moi/\S+/", message.body).group(0)


def test_the_invitation_link_works_once(client, block):
    client.force_login(block["officer_a"])
    response = client.post(reverse("account_create"), {
        "unit": block["a"].pk, "username": "pho.a", "full_name": "Lê Văn Nghiệm", "email": "nghiem@example.vn",
        "role": Role.UNIT_OFFICER, "person": block["person_a2"].pk, "method": "invitation"})
    account = User.objects.get(username="pho.a")
    assert response.status_code == 302 and response.url == reverse("account_detail", args=[account.pk])
    assert not account.has_usable_password() and not account.must_change_password
    [message] = mail.outbox
    assert message.to == ["nghiem@example.vn"] and "pho.a" in message.body
    link = invitation_link_from(message)
    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": "abc", "new_password2": "abc"})
    assert response.status_code == 200 and not User.objects.get(pk=account.pk).has_usable_password()
    response = client.post(link, {"new_password1": "Nghiem-thi-dua-9", "new_password2": "Nghiem-thi-dua-9"})
    assert response.status_code == 302 and response.url == reverse("login")
    assert Activity.objects.filter(scope=f"account:{account.pk}", actor=account).get().summary == \
        "Đặt mật khẩu qua thư mời"
    again = client.get(link)
    assert again.status_code == 400 and "đã được dùng" in again.content.decode()
    again = client.post(link, {"new_password1": "Khac-hoan-toan-7", "new_password2": "Khac-hoan-toan-7"})
    assert again.status_code == 400 and User.objects.get(pk=account.pk).check_password("Nghiem-thi-dua-9")
    assert login(client, "pho.a", "Nghiem-thi-dua-9").status_code == 302
    assert client.get("/").status_code == 200  # nothing more to change


def test_an_expired_or_foreign_invitation_link_says_so(client, block, monkeypatch):
    import datetime as dt

    target = block["target"]
    target.email = "thu@example.vn"
    target.set_unusable_password()
    target.save()
    monkeypatch.setattr(accounts.invitation_tokens, "_now", lambda: dt.datetime.now() - dt.timedelta(days=4))
    old_link = accounts.invitation_link(target, "http://testserver/")
    monkeypatch.undo()
    response = client.get(old_link)
    assert response.status_code == 400 and "đã hết hạn" in response.content.decode()
    for bad in ("/tai-khoan/loi-moi/xx/yy-zz/", "/tai-khoan/loi-moi/MQ/1-abc/"):
        response = client.get(bad)
        assert response.status_code == 400 and "Liên kết mời không dùng được" in response.content.decode()
    link = accounts.invitation_link(target, "http://testserver/")
    accounts.set_active(block["officer_a"], target, False)
    assert "đang bị khóa" in client.get(link).content.decode()


def test_an_invitation_that_cannot_be_sent_writes_nothing(client, block, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    client.force_login(block["officer_a"])
    before = written()
    response = client.post(reverse("account_create"), {
        "unit": block["a"].pk, "username": "pho.a", "full_name": "Lê Văn Nghiệm", "email": "nghiem@example.vn",
        "role": Role.LEADER, "method": "invitation"})
    assert response.status_code == 200 and "Không gửi được thư mời" in response.content.decode()
    assert written() == before


def test_grant_and_withdraw_on_the_page_with_confirmation_and_log(client, block):
    target = block["target"]
    client.force_login(block["officer_a"])
    grant = reverse("role_grant", args=[target.pk])
    before = written()
    response = client.post(grant, {"role": Role.HEAD_STAFF, "unit": block["a"].pk})
    assert response.status_code == 200 and "vượt quá phạm vi" in response.content.decode()
    response = client.post(grant, {"role": Role.LEADER, "unit": block["b"].pk})  # not offered: another unit
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    response = client.post(grant, {"role": Role.LEADER, "unit": block["a"].pk})
    assert "đã có vai trò này" in response.content.decode()
    assert written() == before
    assert client.post(grant, {"role": Role.UNIT_OFFICER, "unit": block["a"].pk}).status_code == 302
    officer_role = target.role_assignments.get(role=Role.UNIT_OFFICER)
    withdraw = reverse("role_withdraw", args=[target.pk, officer_role.pk])
    confirm = client.get(withdraw)
    assert confirm.status_code == 200 and "Thu hồi vai trò “Cán bộ thi đua của đơn vị — Sở Thử Nghiệm A”" in \
        confirm.content.decode()
    assert target.role_assignments.count() == 2  # the confirmation page changes nothing
    assert client.post(withdraw).status_code == 302
    assert list(target.role_assignments.values_list("role", flat=True)) == [Role.LEADER]
    entry = Activity.objects.filter(scope=f"account:{target.pk}").order_by("-id").first()
    assert entry.actor == block["officer_a"] and entry.summary == \
        "Thu hồi vai trò: Cán bộ thi đua của đơn vị — Sở Thử Nghiệm A"
    assert entry.changes == [{"field": "vai trò", "old": "Cán bộ thi đua của đơn vị — Sở Thử Nghiệm A", "new": ""}]
    page = client.get(reverse("account_detail", args=[target.pk])).content.decode()
    assert "Thu hồi vai trò: Cán bộ thi đua" in page and "Thêm vai trò: Cán bộ thi đua" in page
    last = reverse("role_withdraw", args=[target.pk, target.role_assignments.get().pk])
    response = client.post(last)
    assert response.status_code == 200 and "hãy khóa tài khoản" in response.content.decode()


def test_lock_and_unlock(client, block):
    target = block["target"]
    client.force_login(block["org_staff"])
    assert client.post(reverse("account_action", args=[target.pk, "khoa"])).status_code == 302
    assert not User.objects.get(pk=target.pk).is_active
    assert login(client, "lanhdao.a", "mat-khau-thu-nghiem").status_code == 200  # refused at log-in
    client.force_login(block["org_staff"])
    response = client.post(reverse("account_action", args=[target.pk, "khoa"]))
    assert response.status_code == 200 and "đã ở trạng thái này" in response.content.decode()
    assert client.post(reverse("account_action", args=[target.pk, "mo-khoa"])).status_code == 302
    assert User.objects.get(pk=target.pk).is_active
    summaries = list(Activity.objects.filter(scope=f"account:{target.pk}").order_by("id")
                     .values_list("summary", flat=True))
    assert summaries == ["Khóa tài khoản", "Mở lại tài khoản"]
    assert login(client, "lanhdao.a", "mat-khau-thu-nghiem").status_code == 302


def test_resending_an_invitation(client, block):
    target = block["target"]
    client.force_login(block["admin"])
    response = client.post(reverse("account_action", args=[target.pk, "gui-thu-moi"]))
    assert response.status_code == 200 and "chưa có địa chỉ e-mail" in response.content.decode()
    User.objects.filter(pk=target.pk).update(email="thu@example.vn")
    assert client.post(reverse("account_action", args=[target.pk, "gui-thu-moi"])).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["thu@example.vn"]


def test_the_menu_shows_accounts_to_those_who_manage_them(client, block):
    for who in (*MANAGERS, *OUTSIDERS):
        client.force_login(block[who])
        assert reverse("account_list") in client.get("/").content.decode(), who
    for who in NOT_MANAGERS:
        client.force_login(block[who])
        assert reverse("account_list") not in client.get("/").content.decode(), who


def test_editing_an_account_links_its_person_and_logs_old_to_new(client, block):
    target = block["target"]
    url = reverse("account_edit", args=[target.pk])
    for who in MANAGERS:
        assert status(client, block[who], url) == 200, who
    for who in (*OUTSIDERS, *NOT_MANAGERS):
        assert status(client, block[who], url) == 403, who
    assert status(client, None, url) == "login"
    client.force_login(block["officer_a"])
    form = client.get(url).context["form"]
    assert {p.full_name for p in form.fields["person"].queryset} == {"Trần Thị Thử", "Lê Văn Nghiệm"}
    before = written()
    data = {"full_name": "Trần Thị Thử", "position": "Giám đốc Sở", "email": "thu@example.vn"}
    response = client.post(url, {**data, "person": block["person_b"].pk})  # another unit's person: not offered
    assert response.status_code == 200 and response.context["form"].errors["person"]
    assert response.context["form"]["position"].value() == "Giám đốc Sở"
    response = client.post(url, {**data, "full_name": "", "person": block["person_a"].pk})
    assert "Cần nhập họ và tên." in response.content.decode()
    assert written() == before
    assert client.post(url, {**data, "person": block["person_a2"].pk}).status_code == 302
    target.refresh_from_db()
    assert target.person == block["person_a2"] and target.email == "thu@example.vn"
    entry = Activity.objects.get(scope=f"account:{target.pk}")
    assert entry.summary == "Sửa thông tin tài khoản"
    assert {"field": "cá nhân", "old": "Trần Thị Thử", "new": "Lê Văn Nghiệm"} in entry.changes
    assert {"field": "chức vụ", "old": "", "new": "Giám đốc Sở"} in entry.changes


def bulk_data(rows, extra=0):
    data = {"tk-TOTAL_FORMS": str(len(rows) + extra), "tk-INITIAL_FORMS": "0", "tk-MIN_NUM_FORMS": "0",
            "tk-MAX_NUM_FORMS": "100"}
    for i, row in enumerate(rows):
        data.update({f"tk-{i}-{key}": value for key, value in row.items()})
    for i in range(len(rows), len(rows) + extra):
        data[f"tk-{i}-role"] = Role.LEADER  # a blank row keeps its select's default
    return data


def test_several_accounts_at_once_all_or_none(client, block):
    url = reverse("account_bulk_create")
    for who in (*MANAGERS, *OUTSIDERS):
        assert status(client, block[who], url) == 200, who
    for who in NOT_MANAGERS:
        assert status(client, block[who], url) == 403, who
    assert status(client, None, url) == "login"
    rows = [{"unit": block["a"].pk, "full_name": "Lãnh Đạo A Hai", "username": "ld2.a", "role": Role.LEADER},
            {"unit": block["b"].pk, "full_name": "Cán Bộ B Hai", "position": "Chuyên viên", "username": "cb2.b",
             "role": Role.UNIT_OFFICER}]
    client.force_login(block["org_staff"])
    before = written()
    # a unit beyond reach is not offered; a head-unit role from a unit officer is refused by the domain
    response = client.post(url, bulk_data([*rows, {"unit": block["c"].pk, "full_name": "X", "username": "x",
                                                   "role": Role.LEADER}], extra=2))
    assert response.status_code == 200 and response.context["rows"].forms[2].errors["unit"]
    response = client.post(url, bulk_data([*rows, {**rows[0], "username": "LD2.A"}]))
    assert "Dòng 3: tên đăng nhập LD2.A trùng với dòng 1." in response.content.decode()
    response = client.post(url, bulk_data([*rows, {**rows[0], "username": "lanhdao.a"}]))
    assert "Dòng 3: Tên đăng nhập lanhdao.a đã có người dùng." in response.content.decode()
    assert response.context["rows"].forms[0]["full_name"].value() == "Lãnh Đạo A Hai"  # what was typed stays
    assert written() == before
    client.force_login(block["officer_a"])
    response = client.post(url, bulk_data([{**rows[0], "role": Role.HEAD_STAFF}]))
    assert response.status_code == 200 and response.context["rows"].forms[0].errors["role"]  # not offered
    response = client.post(url, bulk_data([rows[0], {**rows[1], "unit": block["a"].pk, "username": "cb2.a"},
                                           {**rows[0], "username": "ld3.a", "unit": block["b"].pk}]))
    assert response.status_code == 200 and response.context["rows"].forms[2].errors["unit"]
    assert written() == before
    client.force_login(block["org_staff"])
    response = client.post(url, bulk_data(rows, extra=3))
    assert response.status_code == 302 and response.url == reverse("account_sheet")
    sheets = client.get(response.url).context["sheets"]
    assert [s["username"] for s in sheets] == ["ld2.a", "cb2.b"]
    for sheet in sheets:
        account = User.objects.get(username=sheet["username"])
        assert account.must_change_password and account.check_password(sheet["password"])
    assert list(User.objects.get(username="cb2.b").role_assignments.values_list("role", "unit")) == \
        [(Role.UNIT_OFFICER, block["b"].pk)]
    assert Activity.objects.filter(action=Activity.Action.CREATE, actor=block["org_staff"]).count() == 2
    response = client.post(url, bulk_data([], extra=2))
    assert "Chưa có dòng nào được điền." in response.content.decode()
    response = client.post(url, {**bulk_data([], extra=2), "add_row": "tk"})
    assert len(response.context["rows"].forms) == 3


def test_the_temporary_password_is_sealed_in_the_session_and_expires(client, block, monkeypatch):
    """Whoever reads the sessions table sees no temporary password; past SHEET_MINUTES the sheet is gone and the
    manager issues a new password from the account's page."""
    from django.contrib.sessions.models import Session

    from thidua.accounts import views as account_views

    client.force_login(block["org_staff"])
    client.post(reverse("account_create"), {
        "unit": block["b"].pk, "username": "lanhdao.b", "full_name": "Phạm Văn Bê", "position": "Giám đốc",
        "role": Role.LEADER, "person": block["person_b"].pk, "method": "sheet"})
    response = client.get(reverse("account_sheet"))
    [entry] = response.context["sheets"]
    assert "no-store" in response["Cache-Control"]
    stored = str(Session.objects.get(session_key=client.session.session_key).get_decoded())  # as a reader decodes it
    assert "lanhdao.b" in stored and entry["password"] not in stored
    monkeypatch.setattr(account_views, "SHEET_MINUTES", -1)
    assert client.get(reverse("account_sheet")).context["sheets"] == []
    assert client.session[account_views.SHEETS] == []
