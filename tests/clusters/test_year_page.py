"""The cluster year's page: every fact of the three scenarios shown on one printable page, for the people who
may see it, in a number of queries that does not grow with members or conferences."""

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.demo import builders as b
from thidua.meetings.domain.conferences import record_conference
from thidua.movements.domain import covenants

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def year_url(period) -> str:
    return reverse("screens:period_year", args=[period.pk])


class PrintCheck(HTMLParser):
    """Finds forms, buttons and button-like links that would be printed (not inside .no-print/.d-print-none)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # whether each open element is hidden in print
        self.printed: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        hidden = any(self.stack) or "no-print" in classes or "d-print-none" in classes
        interactive = tag in ("form", "button", "select", "textarea") or (tag == "a" and "btn" in classes)
        if interactive and not hidden:
            self.printed.append(self.get_starttag_text())
        if tag not in self.VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


@pytest.fixture
def s1_2023(s1_year):
    return s1_year["cluster"].periods.get(year=2023)


def test_who_may_see_the_year_page(client, s1_year, s1_2023, make_user):
    units = s1_year["units"]
    other = b.organiser("ubnd-cao-bang", "Ủy ban nhân dân tỉnh Cao Bằng", "province", area_code="cao-bang")
    allowed = [make_user("snv", (Role.ORGANISER_STAFF, s1_year["organiser"])),
               make_user("tand", (Role.HEAD_STAFF, units["tand"])),
               make_user("ca", (Role.UNIT_OFFICER, units["ca"])),
               make_user("leader-vks", (Role.LEADER, units["vks"])),
               make_user("admin", (Role.ADMIN, None))]
    refused = [make_user("so-noi-vu", (Role.UNIT_OFFICER, units["snv"])),  # not a member
               make_user("cao-bang", (Role.ORGANISER_STAFF, other)),
               make_user("khong-vai-tro")]
    for user in allowed:
        client.force_login(user)
        assert client.get(year_url(s1_2023)).status_code == 200, user
    for user in refused:
        client.force_login(user)
        assert client.get(year_url(s1_2023)).status_code == 403, user
    client.logout()
    assert client.get(year_url(s1_2023)).status_code == 302
    assert client.get(reverse("screens:period_year", args=[987654])).status_code in (302, 404)


def test_s1_2023_on_its_year_page(client, s1_year, s1_2023, make_user):
    client.force_login(make_user("ca", (Role.UNIT_OFFICER, s1_year["units"]["ca"])))
    response = client.get(year_url(s1_2023))
    page = text_of(response)
    # dates, phase, head and deputy with how they were chosen, members
    assert "01/01/2023 – 31/12/2023" in page and "Đã kết thúc" in page
    leaders = response.context["leaders"]
    assert leaders["head"].unit.name == "Tòa án nhân dân tỉnh Lạng Sơn" and leaders["head"].method == "assignment"
    assert [t.unit.name for t in leaders["deputy"]] == ["Cục Thi hành án dân sự tỉnh Lạng Sơn"]
    assert "Phân công" in page and "Thành viên (7 đơn vị)" in page
    assert "Cấp trên: Trung đoàn Cảnh sát cơ động Đông Bắc" in page  # the unit with an outside parent
    # movement, covenant signed by all, 100% registered
    assert "Phong trào thi đua yêu nước năm 2023 của Khối thi đua các cơ quan Nội chính" in page
    assert "Trạng thái: Đã ký đủ · đã ký 7/7 đơn vị (100%)" in page
    assert "Chu Lệ Hường Chánh án Tòa án nhân dân tỉnh 15/02/2023" in page
    assert "7/7 đơn vị đã đăng ký (100%)" in page
    # criteria and, the phase being past the ranking, the ranking for a member
    assert "12 tiêu chí" in page and "Kết quả chấm điểm, xếp hạng" in page and "(tạm tính)" not in page
    assert response.context["ranking"][0].unit_name == "Tòa án nhân dân tỉnh Lạng Sơn"
    # the conference of 09/01/2024: time, place, host, chairs with their roles, attending units, guest, decisions
    assert "Buổi chiều, ngày 09/01/2024" in page and "Hướng dẫn số 243/HD-SNV ngày 16/11/2023" in page
    assert "Đơn vị đăng cai Tòa án nhân dân tỉnh Lạng Sơn" in page
    assert re.search(r"Chu Lệ Hường , Tỉnh ủy viên, Chánh án Tòa án nhân dân tỉnh .* — Trưởng Cụm thi đua", page)
    assert re.search(r"Lê Văn Cường , Phó Cục trưởng Cục Thi hành án dân sự tỉnh .* — Phó Trưởng Cụm thi đua", page)
    assert "Đơn vị dự (7)" in page and "Phòng Thi đua, Khen thưởng, Sở Nội vụ tỉnh Lạng Sơn" in page
    assert "đề nghị UBND tỉnh tặng Cờ thi đua" in page
    assert "Bằng khen cho 02 đơn vị: Bộ Chỉ huy Quân sự tỉnh và Tiểu đoàn Cảnh sát cơ động số 2" in page
    assert "1.003 lượt tập thể và 3.427 lượt cá nhân" in page and "89,4%" in page
    # next year's head and deputy, the 2024 covenant signed at the conference, the 2024 movement
    assert "Khối trưởng 2024 Cục Thi hành án dân sự tỉnh Lạng Sơn" in page  # S1 is a block (khối)
    assert "Khối phó 2024 Tiểu đoàn Cảnh sát cơ động số 2" in page
    assert "Giao ước thi đua năm 2024: Đã ký đủ — đã ký 7/7 đơn vị" in page
    assert "Phong trào thi đua yêu nước năm 2024" in page
    # a member sees no management buttons
    assert "Ghi hội nghị" not in page and "Quản lý năm 2023" not in page


def test_the_year_page_prints_cleanly(client, s1_year, s1_2023, make_user):
    client.force_login(make_user("snv", (Role.ORGANISER_STAFF, s1_year["organiser"])))
    source = client.get(year_url(s1_2023)).content.decode()
    assert "data-print" in source and "Ghi hội nghị" in source  # the organiser has the buttons on screen…
    check = PrintCheck()
    check.feed(source)
    assert check.printed == []  # …and none of them, nor any form, is printed
    assert re.search(r'<header class="[^"]*d-print-none', source)  # the navigation is not printed


def test_cluster_page_links_each_years_page(client, s1, make_user):
    client.force_login(make_user("ca", (Role.UNIT_OFFICER, s1["units"]["ca"])))
    page = client.get(s1["cluster"].get_absolute_url()).content.decode()
    for period in s1["cluster"].periods.all():
        assert f'href="{year_url(period)}">Trang năm {period.year}</a>' in page


def test_year_page_offers_the_managers_and_the_members_their_pages(client, s1, make_user):
    period = s1["cluster"].periods.get(year=2023)
    client.force_login(make_user("tand", (Role.HEAD_STAFF, s1["units"]["tand"])))
    page = client.get(year_url(period)).content.decode()
    for url in (reverse("meetings:conference_create", args=[period.pk]), reverse("movements:covenant", args=[period.pk]),
                reverse("movements:registrations", args=[period.pk]),
                reverse("movements:registration", args=[period.pk, s1["units"]["tand"].pk])):
        assert url in page
    assert "Chưa có giao ước thi đua năm 2023." in text_of(client.get(year_url(period)))
    assert "0/7 đơn vị đã đăng ký (0%)" in text_of(client.get(year_url(period)))


def test_s2_2023_on_its_year_page(client, s2, make_user):
    period = s2["cluster"].periods.get(year=2023)
    client.force_login(make_user("tw", (Role.ORGANISER_STAFF, s2["organiser"])))
    page = text_of(client.get(year_url(period)))
    assert "Trưởng cụm Tỉnh Lạng Sơn" in page and "Phó trưởng cụm Tỉnh Lào Cai" in page
    assert "ngày 05/03/2024" in page and "Địa điểm Tỉnh Lạng Sơn" in page and "Đơn vị đăng cai Tỉnh Lạng Sơn" in page
    assert "Hồ Tiến Thiệu , Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lạng Sơn (Tỉnh Lạng Sơn) — Đơn vị Cụm trưởng" in page
    assert "Trịnh Xuân Trường , Chủ tịch UBND tỉnh Lào Cai (Tỉnh Lào Cai) — Đơn vị Cụm phó" in page
    assert "Phạm Đức Toàn , Ủy viên Hội đồng Thi đua - Khen thưởng Trung ương, Phó Trưởng ban Ban Thi đua" in page
    assert "Đơn vị dự (7)" in page
    assert "Luật Thi đua, khen thưởng (năm 2022)" in page and "Chỉ thị số 34-CT/TW" in page
    assert "Quyết định số 1526/QĐ-TTg ngày 09/12/2022" in page
    assert "Cờ thi đua của Chính phủ cho tỉnh Lạng Sơn" in page
    assert "Bằng khen của Thủ tướng Chính phủ cho tỉnh Hà Giang" in page
    assert "Suy tôn tỉnh Lào Cai là đơn vị Cụm trưởng Cụm thi đua năm 2024" in page
    assert "7 tập thể và 7 cá nhân được nhận Bằng khen của Chủ tịch UBND tỉnh Lạng Sơn" in page
    assert "5 phong trào thi đua do Thủ tướng Chính phủ phát động" in page and "kế hoạch 5 năm (2021 - 2025)" in page
    # the next year: Lào Cai head, the covenant signed by all provinces, the 2024 launch
    assert "Trưởng cụm 2024 Tỉnh Lào Cai" in page
    assert "Giao ước thi đua năm 2024: Đã ký đủ — đã ký 7/7 đơn vị" in page
    p2024 = s2["cluster"].periods.get(year=2024)
    page_2024 = text_of(client.get(year_url(p2024)))
    assert "Phát động thi đua năm 2024 của Cụm thi đua các tỉnh miền núi biên giới phía Bắc" in page_2024
    assert "Càng khó khăn thì càng phải thi đua" in page_2024
    assert "Hồ Tiến Thiệu Chủ tịch UBND tỉnh Lạng Sơn 05/03/2024" in page_2024
    assert "Trịnh Xuân Trường Chủ tịch UBND tỉnh Lào Cai 05/03/2024" in page_2024


def test_s3_2022_on_its_year_page(client, make_user):
    from thidua.demo.scenarios import load_s3

    s3 = load_s3()
    load_s3()  # loading twice changes nothing
    period = s3["cluster"].periods.get(year=2022)
    assert period.conferences.count() == 1
    client.force_login(make_user("tandtc", (Role.ORGANISER_STAFF, s3["organiser"])))
    page = text_of(client.get(year_url(period)))
    assert "01/10/2021 – 30/09/2022" in page and "Trưởng cụm Tòa án nhân dân tỉnh Thanh Hóa" in page
    assert "Thành viên (14 đơn vị)" in page
    assert "Buổi sáng, ngày 14/10/2022" in page and "Đơn vị đăng cai Tòa án nhân dân tỉnh Thanh Hóa" in page
    assert "Nguyễn Văn Du , Ủy viên Ban Cán sự Đảng, Phó Chánh án TAND tối cao" in page
    assert "Phụng công, thủ pháp, chí công, vô tư — phương châm “Gần dân, hiểu dân, giúp dân, học dân”" in page
    assert "Chỉ thị số 05 của Bộ Chính trị" in page
    assert "Các đơn vị ký kết giao ước thi đua năm 2023." in page
    assert "Bỏ phiếu kín suy tôn Cờ thi đua của Chính phủ đối với TAND cấp tỉnh và TAND cấp huyện" in page
    assert "Giao ước thi đua năm 2023: Đã ký đủ — đã ký 14/14 đơn vị" in page
    p2023 = s3["cluster"].periods.get(year=2023)
    assert (p2023.start_date, p2023.end_date) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    page_2023 = text_of(client.get(year_url(p2023)))
    assert "Phụng công, thủ pháp, chí công, vô tư" in page_2023 and "14/10/2022" in page_2023


def build_year(tag: str, n_members: int, n_conferences: int):
    """A cluster year with members, head and deputy, a movement, a covenant signed by all, registrations,
    criteria, and conferences each with chairs, attending units, guests and decisions."""
    from thidua.scoring.domain import sheets

    organiser = b.organiser(f"org-{tag}", f"UBND tỉnh {tag}", "province", area_code="lang-son")
    cluster = b.cluster(f"c-{tag}", f"Khối {tag}", organiser, area_code="lang-son")
    period = create_period(cluster, 2023)
    units = [b.unit(f"u-{tag}-{i}", f"Đơn vị {tag} {i}", area_code="lang-son", sector_code="toa-an")
             for i in range(n_members)]
    add_members(period, units)
    set_leader(period, "head", units[0])
    set_leader(period, "deputy", units[1])
    create_period(cluster, 2024, copy_members_from=period)
    covenants.create_movement([period], f"Phong trào {tag}")
    covenant = covenants.draft_covenant(period, "Giao ước", ["Một", "Hai"])
    covenants.open_for_signing(covenant)
    criteria_set = sheets.ensure_criteria_set(period)
    criterion = sheets.add_criterion(criteria_set, "1", "Tiêu chí", "quantitative", 50)
    for unit in units:
        covenants.sign(covenant, unit, "Người ký", "Thủ trưởng", dt.date(2023, 2, 1))
        covenants.register(period, unit, "Tập thể lao động xuất sắc", [
            {"name": "Chỉ tiêu", "unit_of_measure": "%", "target_value": 90, "criterion": criterion}])
    for i in range(n_conferences):
        record_conference(period, "year_end", f"Hội nghị {i}", dt.date(2024, 1, 9 + i), host=units[i % n_members],
                          chairs=[{"name": "A", "title": "Chánh án", "unit": units[0], "cluster_role": "Trưởng cụm"},
                                  {"name": "B", "title": "Phó", "unit": units[1], "cluster_role": "Phó trưởng cụm"}],
                          attending_units=units, guests=[{"organisation": "Sở Nội vụ"}, {"organisation": "Ban"}],
                          decisions=[{"kind": "nomination", "text": "Đề nghị"}, {"kind": "covenant", "text": "Ký"}])
    return organiser, period


@pytest.mark.parametrize("sizes", [((2, 1), (5, 1)), ((2, 1), (2, 3)), ((2, 1), (5, 3))])
def test_year_page_queries_do_not_grow_with_members_or_conferences(client, make_user, sizes):
    counts = []
    for n, (members, conferences) in enumerate(sizes):
        organiser, period = build_year(f"t{n}", members, conferences)
        client.force_login(make_user(f"user-{n}", (Role.ORGANISER_STAFF, organiser)))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(year_url(period))
        assert response.status_code == 200
        assert len(response.context["members"]) == members and len(response.context["conferences"]) == conferences
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
