"""Issue 12 item 2: notifications in the app (the bell, /thong-bao/) and by e-mail — at once or in a daily digest
sent once a day — each notification its recipient's alone."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.accounts.domain import notifications as n
from thidua.accounts.models import EmailChoice, Notification, Role, User
from thidua.core.models import Activity

pytestmark = pytest.mark.django_db
LIST = "/thong-bao/"


@pytest.fixture
def people(block):
    """Two officers of the invented block (tests/accounts/conftest.py), one with e-mail at once, one with the
    digest (the default), and a leader without an address."""
    at_once, digest = block["officer_a"], block["officer_b"]
    User.objects.filter(pk=at_once.pk).update(email="canbo.a@thunghiem.gov.vn",
                                              notification_email=EmailChoice.IMMEDIATE)
    User.objects.filter(pk=digest.pk).update(email="canbo.b@thunghiem.gov.vn")
    at_once.refresh_from_db()
    digest.refresh_from_db()
    return {**block, "at_once": at_once, "digest": digest}


def _notify(users, key="", **kwargs):
    return n.notify(users, kind=n.PHASE, title=kwargs.pop("title", "Bắt đầu giai đoạn Đăng ký thi đua"),
                    url=kwargs.pop("url", "/cum-khoi/"), key=key, **kwargs)


def test_a_new_user_gets_the_daily_digest(make_user):
    assert make_user("moi").notification_email == EmailChoice.DIGEST


def test_notify_creates_one_per_user_and_skips_those_who_have_the_same_key(people):
    users = [people["at_once"], people["digest"]]
    assert _notify(users, key="phase:1:registration") == 2
    assert _notify(users + [people["leader_a"]], key="phase:1:registration") == 1  # only the leader is new
    assert _notify(users, key="phase:1:scoring") == 2  # another event
    assert _notify(users) == 2 and _notify(users) == 2  # no key: every call notifies
    assert Notification.objects.filter(recipient=people["at_once"]).count() == 4
    assert Notification.objects.filter(key="phase:1:registration").count() == 3
    assert _notify([]) == 0


def test_notify_writes_in_one_query_whatever_the_number_of_users(people, make_user):
    users = [make_user(f"nguoi-{i}") for i in range(30)]
    with CaptureQueriesContext(connection) as queries:
        assert _notify(User.objects.filter(pk__in=[u.pk for u in users]), key="k") == 30
    inserts = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and len(queries.captured_queries) <= 3  # the ids, who has the key, the insert


def test_unread_count_and_mark_read_touch_only_ones_own(people):
    mine, theirs = people["at_once"], people["digest"]
    _notify([mine, theirs])
    _notify([mine, theirs])
    assert n.unread_count(mine) == 2 and n.unread_count(theirs) == 2
    their_ids = list(Notification.objects.filter(recipient=theirs).values_list("pk", flat=True))
    assert n.mark_read(mine, their_ids) == 0  # not found among mine
    assert n.unread_count(theirs) == 2
    first = Notification.objects.filter(recipient=mine).order_by("pk").first()
    assert n.mark_read(mine, [first.pk]) == 1 and n.unread_count(mine) == 1
    assert n.mark_read(mine, "all") == 1 and n.unread_count(mine) == 0
    assert n.unread_count(theirs) == 2


def test_immediate_e_mail_goes_out_when_the_event_commits(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([people["at_once"], people["digest"], people["leader_a"]], title="Khối thi đua: mở bỏ phiếu",
                url="/bo-phieu/5/phieu/", body="Hạn bỏ phiếu: 15/01/2027.")
    assert len(mail.outbox) == 1  # the digest reader and the leader without an address get none now
    message = mail.outbox[0]
    assert message.to == ["canbo.a@thunghiem.gov.vn"] and message.subject == "ThiĐua: Khối thi đua: mở bỏ phiếu"
    assert "Hạn bỏ phiếu: 15/01/2027." in message.body
    assert "http://127.0.0.1:8000/bo-phieu/5/phieu/" in message.body  # absolute, from THIDUA_BASE_URL
    assert "/thong-bao/cai-dat/" in message.body


def test_a_refused_event_sends_no_e_mail(people, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                _notify([people["at_once"]])
                raise RuntimeError("the event is refused")
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_mail_server_that_fails_leaves_the_notification_in_the_app(people, settings,
                                                                     django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([people["at_once"]]) == 1
    assert n.unread_count(people["at_once"]) == 1


def test_the_daily_digest_is_sent_once_a_day_with_what_is_new_and_unread(people):
    digest, at_once = people["digest"], people["at_once"]
    morning = timezone.make_aware(dt.datetime(2027, 3, 1, 7, 0))
    _notify([digest, at_once], title="Bắt đầu giai đoạn Tự chấm điểm", url="/cham-diem/nam/1/phieu/2/")
    _notify([digest], title="Đã đọc rồi")
    n.mark_read(digest, Notification.objects.filter(recipient=digest, title="Đã đọc rồi").values_list("pk", flat=True))
    Notification.objects.update(created_at=morning - dt.timedelta(hours=12))
    assert n.send_digests(morning) == 1  # the digest reader only; who chose "at once" had theirs already
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo.b@thunghiem.gov.vn"] and "1 thông báo mới" in message.subject
    assert "Bắt đầu giai đoạn Tự chấm điểm" in message.body and "Đã đọc rồi" not in message.body
    assert "http://127.0.0.1:8000/cham-diem/nam/1/phieu/2/" in message.body
    # the same day, again: nothing more, even with something new
    _notify([digest], title="Phiếu chấm điểm đã được thẩm định")
    Notification.objects.filter(title="Phiếu chấm điểm đã được thẩm định").update(
        created_at=morning + dt.timedelta(hours=1))
    assert n.send_digests(morning + dt.timedelta(hours=3)) == 0 and len(mail.outbox) == 1
    # the next day: only what came since the last digest
    assert n.send_digests(morning + dt.timedelta(days=1)) == 1
    second = mail.outbox[1].body
    assert "Phiếu chấm điểm đã được thẩm định" in second and "Bắt đầu giai đoạn Tự chấm điểm" not in second
    assert n.send_digests(morning + dt.timedelta(days=2)) == 0  # nothing new: no e-mail
    digest.refresh_from_db()
    assert digest.digest_sent_at == morning + dt.timedelta(days=1)


def test_no_digest_for_who_chose_none_or_has_no_address(people):
    none = people["leader_a"]
    User.objects.filter(pk=none.pk).update(email="lanhdao.a2@thunghiem.gov.vn", notification_email=EmailChoice.NONE)
    _notify([none, people["officer_a"], people["target"]])  # the target leader has no address
    User.objects.filter(pk=people["officer_a"].pk).update(notification_email=EmailChoice.DIGEST, email="")
    assert n.send_digests() == 0 and mail.outbox == []


# -- the pages -------------------------------------------------------------------------------------------------

def test_the_list_shows_ones_own_with_read_and_unread_the_total_and_pages(client_for, people):
    mine, theirs = people["at_once"], people["digest"]
    for i in range(27):
        _notify([mine], title=f"Thông báo số {i}")
    _notify([theirs], title="Thông báo của người khác")
    n.mark_read(mine, [Notification.objects.get(title="Thông báo số 0").pk])
    client = client_for(mine)
    page = client.get(LIST).content.decode()
    assert "Tổng: 27 thông báo" in page and "Thông báo của người khác" not in page
    assert "Thông báo số 26" in page and "Thông báo số 1<" not in page  # newest first, 25 on a page
    assert 'id="bell-count">26' in page
    second = client.get(LIST, {"page": 2}).content.decode()
    assert "Thông báo số 1<" in second and "Thông báo số 0<" in second and "Trang 2/2" in second
    unread = client.get(LIST, {"loc": "chua-doc"}).content.decode()
    assert "Tổng: 26 thông báo" in unread


def test_opening_a_notification_marks_it_read_and_opens_its_page(client_for, people):
    mine = people["at_once"]
    _notify([mine], url="/cum-khoi/")
    item = Notification.objects.get(recipient=mine)
    response = client_for(mine).get(f"{LIST}{item.pk}/")
    assert response.status_code == 302 and response["Location"] == "/cum-khoi/"
    item.refresh_from_db()
    assert item.read_at is not None


def test_a_notification_whose_link_leaves_the_site_opens_the_list(client_for, people):
    _notify([people["at_once"]], url="https://example.com/lua-dao/")
    item = Notification.objects.get()
    assert client_for(people["at_once"]).get(f"{LIST}{item.pk}/")["Location"] == LIST


def test_mark_read_one_and_all_from_the_list(client_for, people):
    mine = people["at_once"]
    _notify([mine], title="Một")
    _notify([mine], title="Hai")
    _notify([mine], title="Ba")
    client = client_for(mine)
    one = Notification.objects.get(title="Một")
    response = client.post(f"{LIST}{one.pk}/da-doc/", {"next": f"{LIST}?loc=chua-doc"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?loc=chua-doc"
    assert n.unread_count(mine) == 2
    response = client.post(f"{LIST}da-doc-tat-ca/", {"next": "https://example.com/"})
    assert response["Location"] == LIST and n.unread_count(mine) == 0
    assert client.get(f"{LIST}da-doc-tat-ca/").status_code == 405


@pytest.mark.parametrize("role", ["officer_b", "leader_a", "org_staff", "admin", "nobody"])
def test_nobody_else_opens_or_marks_someone_elses_notification(client_for, people, role):
    _notify([people["at_once"]], title="Riêng của cán bộ A")
    item = Notification.objects.get()
    client = client_for(people[role])
    assert client.get(f"{LIST}{item.pk}/").status_code == 403
    assert client.post(f"{LIST}{item.pk}/da-doc/").status_code == 403
    client.post(f"{LIST}da-doc-tat-ca/")
    item.refresh_from_db()
    assert item.read_at is None
    assert "Riêng của cán bộ A" not in client.get(LIST).content.decode()


def test_the_pages_ask_to_log_in(client, people):
    _notify([people["at_once"]])
    item = Notification.objects.get()
    for url in (LIST, f"{LIST}{item.pk}/", f"{LIST}cai-dat/"):
        assert client.get(url)["Location"].startswith("/tai-khoan/dang-nhap/")
    assert client.post(f"{LIST}{item.pk}/da-doc/")["Location"].startswith("/tai-khoan/dang-nhap/")
    assert Notification.objects.get().read_at is None


def test_each_user_chooses_how_to_get_e_mail_and_the_choice_is_logged(client_for, people):
    user = people["digest"]
    client = client_for(user)
    page = client.get(f"{LIST}cai-dat/").content.decode()
    assert "canbo.b@thunghiem.gov.vn" in page and "Gửi một e-mail tổng hợp mỗi ngày" in page
    refused = client.post(f"{LIST}cai-dat/", {"email": "moi-gio"})
    assert refused.status_code == 200 and "Hãy chọn một cách nhận thông báo qua e-mail." in refused.content.decode()
    assert client.post(f"{LIST}cai-dat/", {"email": EmailChoice.IMMEDIATE})["Location"] == LIST
    user.refresh_from_db()
    assert user.notification_email == EmailChoice.IMMEDIATE
    entry = Activity.objects.get(scope=f"account:{user.pk}", summary="Đổi cách nhận thông báo qua e-mail")
    assert entry.changes == [{"field": "Nhận thông báo qua e-mail", "old": "Gửi một e-mail tổng hợp mỗi ngày",
                              "new": "Gửi e-mail ngay khi có thông báo"}]
    assert "Gửi e-mail ngay khi có thông báo" in client.get(LIST).content.decode()


def test_the_bell_costs_one_query_whatever_the_number_of_notifications(client_for, people, make_user):
    user = make_user("chuong", (Role.UNIT_OFFICER, people["a"]))
    client = client_for(user)

    def queries_of_a_page():
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/cum-khoi/")
        assert page.status_code == 200
        return [q["sql"] for q in queries.captured_queries], page.content.decode()

    client.get("/cum-khoi/")  # caches warmed
    before, page = queries_of_a_page()
    assert 'id="bell"' in page and 'id="bell-count"' not in page
    for i in range(40):
        _notify([user], title=f"Thông báo {i}")
    after, page = queries_of_a_page()
    assert re.search(r'id="bell-count">40', page)
    assert len(after) == len(before)
    assert len([q for q in after if "accounts_notification" in q]) == 1


def test_the_list_reads_a_page_in_a_fixed_number_of_queries(client_for, people, django_assert_max_num_queries):
    mine = people["at_once"]
    client = client_for(mine)
    _notify([mine])
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(30):
        _notify([mine], title=f"Thêm {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).status_code == 200


def test_an_event_recorded_on_its_own_day_is_dated_so_and_not_mailed_at_once(people,
                                                                              django_capture_on_commit_callbacks):
    then = timezone.make_aware(dt.datetime(2023, 12, 15, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        _notify([people["at_once"]], at=then)
    assert Notification.objects.get().created_at == then and mail.outbox == []


def test_a_first_digest_reaches_back_a_week_and_a_long_one_says_how_many_more(people):
    digest = people["digest"]
    morning = timezone.make_aware(dt.datetime(2027, 3, 1, 7, 0))
    for i in range(n.DIGEST_ITEMS + 3):
        _notify([digest], title=f"Việc số {i}")
    _notify([digest], title="Cũ từ tháng trước")
    Notification.objects.update(created_at=morning - dt.timedelta(hours=2))
    Notification.objects.filter(title="Cũ từ tháng trước").update(created_at=morning - dt.timedelta(days=30))
    assert n.send_digests(morning) == 1
    body = mail.outbox[0].body
    assert "Cũ từ tháng trước" not in body and f"{n.DIGEST_ITEMS + 3} thông báo chưa đọc" in body
    assert f"Việc số {n.DIGEST_ITEMS - 1} " in body and f"Việc số {n.DIGEST_ITEMS} " not in body
    assert "… và 3 thông báo khác." in body
