"""Issue 10, acceptance: a new province brings its own block, from an empty database with only a system
administrator, through the app's pages only (never /quan-tri/).

The administrator creates the organiser (an invented Hà Tĩnh People's Committee) and its staff account; the staff
member logs in with the printed temporary password, changes it, creates the block, opens 2023 (a past year with
its own dates), adds seven units one at a time into it, records the 2023 head and deputy, the seven leaders'
person records and their accounts; records the year-end conference of 12/01/2024 with every unit's representative
and the covenant signed by all seven; steps the year over to the voting phase with a reason; creates the ballot
(meeting day = the conference's) nominating the flag and two certificates of merit and electing next year's head
and deputy; each of the seven leaders logs in for the first time, changes the password and votes; the organiser's
staff closes, counts, applies the results and makes the proposal. Checks: the block's own words, 2024's head and
deputy dated the conference's day, the conference minutes (.docx), the count minutes (PDF) dated the meeting day,
the proposal with every nominee's vote.

Every user action goes through `Journey` (click, fill, choose, tick), which counts them: the count is printed at
the end as an estimate of the work of a new user doing this by hand."""

import datetime as dt
import io
import re
import subprocess
import time

import pytest
from docx import Document
from playwright.sync_api import expect

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.documents import vn_date

pytestmark = pytest.mark.browser

ADMIN, ADMIN_PASSWORD = "quantri", "mat-khau-thu-nghiem"
ORGANISER = "Ủy ban nhân dân tỉnh Hà Tĩnh"
BLOCK = "Khối thi đua các cơ quan nội chính tỉnh Hà Tĩnh"
CONFERENCE_DAY = "12/01/2024"
CONFERENCE = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023"
SESSION = "Bình xét, suy tôn và bầu khối trưởng, khối phó năm 2023"

# key: unit name, short name, abbreviation on papers, sector, its leader (name, rank, position), username
UNITS = {
    "ta": ("Tòa án nhân dân tỉnh Hà Tĩnh", "TAND tỉnh", "TA", "Tòa án",
           ("Phan Văn Minh", "", "Chánh án"), "minh.toaan"),
    "vks": ("Viện kiểm sát nhân dân tỉnh Hà Tĩnh", "VKSND tỉnh", "VKS", "Kiểm sát",
            ("Lê Thị Thanh Hà", "", "Viện trưởng"), "ha.vienkiemsat"),
    "ca": ("Công an tỉnh Hà Tĩnh", "Công an tỉnh", "CAT", "Công an",
           ("Nguyễn Hồng Phong", "Đại tá", "Giám đốc"), "phong.congan"),
    "qs": ("Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh", "BCHQS tỉnh", "BCH", "Quân sự",
           ("Trần Đức Thắng", "Đại tá", "Chỉ huy trưởng"), "thang.quansu"),
    "bp": ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Hà Tĩnh", "BĐBP tỉnh", "BĐBP", "Biên phòng",
           ("Hoàng Văn Sơn", "Đại tá", "Chỉ huy trưởng"), "son.bienphong"),
    "thads": ("Cục Thi hành án dân sự tỉnh Hà Tĩnh", "Cục THADS", "CTHADS", "Thi hành án dân sự",
              ("Đặng Thị Lan", "", "Cục trưởng"), "lan.thads"),
    "tt": ("Thanh tra tỉnh Hà Tĩnh", "Thanh tra tỉnh", "TTr", "Thanh tra",
           ("Võ Quốc Huy", "", "Chánh Thanh tra"), "huy.thanhtra"),
}


def name(key):
    return UNITS[key][0]


# Each leader's ballot: the flag (one), the certificates of merit (up to two), 2024's head, 2024's deputy.
VOTES = {
    "ta": ("ca", ["qs", "bp"], "vks", "ta"), "vks": ("ca", ["qs", "bp"], "vks", "ta"),
    "ca": ("ta", ["qs", "bp"], "vks", "ta"), "qs": ("ca", ["bp", "thads"], "vks", "ta"),
    "bp": ("ca", ["qs", "tt"], "vks", "qs"), "thads": ("ca", ["qs", "bp"], "ca", "ta"),
    "tt": ("ca", ["qs", "bp"], "vks", "ta"),
}
FLAG, MERIT, HEAD, DEPUTY = ("Suy tôn Cờ thi đua", "Đề nghị tặng Bằng khen", "Bầu Khối trưởng năm 2024",
                             "Bầu Khối phó năm 2024")


class Journey:
    """The browser page and the count of what a person would do by hand: every click, fill, choice and tick."""

    def __init__(self, page):
        self.page = page
        self.actions = 0
        self.visited = []
        page.on("request", lambda request: self.visited.append(request.url))
        page.on("dialog", lambda dialog: dialog.accept())  # the confirmations (data-confirm)

    def click(self, locator):
        self.actions += 1
        locator.click()

    def fill(self, locator, value):
        self.actions += 1
        locator.fill(value)

    def choose(self, locator, label):
        self.actions += 1
        locator.select_option(label=label)

    def tick(self, locator):
        self.actions += 1
        locator.check()

    def go(self, url):
        """Typing an address or following a bookmark: counted as one action."""
        self.actions += 1
        self.page.goto(url)

    def success(self, text):
        expect(self.page.locator(".alert-success").first).to_contain_text(text)

    def log_in(self, username, password):
        page = self.page
        self.go("/tai-khoan/dang-nhap/")
        self.fill(page.locator("#id_username"), username)
        self.fill(page.locator("#id_password"), password)
        self.click(page.locator("#login-form button[type=submit]"))
        expect(page.locator("#current-user")).to_be_visible()

    def first_log_in(self, username, temporary, new_password):
        """The printed sheet's password logs in once, and must be changed before anything else."""
        page = self.page
        self.log_in(username, temporary)
        expect(page).to_have_url(re.compile(r"/tai-khoan/doi-mat-khau/$"))
        page.goto("/danh-muc/")  # a check, not a user's step: anything else leads back to the password change
        expect(page).to_have_url(re.compile(r"/tai-khoan/doi-mat-khau/"))
        self.fill(page.get_by_label("Mật khẩu cũ"), temporary)
        self.fill(page.get_by_label("Mật khẩu mới:", exact=True), new_password)
        self.fill(page.get_by_label("Xác nhận mật khẩu mới"), new_password)
        self.click(page.get_by_role("button", name="Đổi mật khẩu"))
        self.success("Đã đổi mật khẩu.")

    def log_out(self):
        self.click(self.page.locator("#current-user"))  # the account's menu: change password, log out
        self.click(self.page.get_by_role("button", name="Đăng xuất"))
        expect(self.page.locator("#current-user")).to_have_count(0)

    def manage(self, name):
        """An entry of the top menu's "Quản lý" (lists, councils, law, import, accounts)."""
        self.click(self.page.locator("#menu-manage"))
        self.click(self.page.get_by_role("link", name=name, exact=True))

    def sheet_password(self, username):
        """The temporary password printed on the sheet of `username` (the page lists every sheet not yet printed)."""
        sheet = self.page.locator(".sheet-card").filter(has_text=username)
        expect(sheet).to_have_count(1)
        return sheet.get_by_role("row").filter(has_text="Mật khẩu tạm").locator("td").inner_text().strip()


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def organiser_and_its_staff(j):
    """1. The administrator: the organiser and its staff member's account, with a printed sheet."""
    page = j.page
    j.log_in(ADMIN, ADMIN_PASSWORD)
    j.manage("Danh mục")
    j.click(page.get_by_role("link", name="Cơ quan tổ chức cụm, khối"))
    j.click(page.get_by_role("link", name="Thêm"))
    j.fill(page.get_by_label("Tên cơ quan tổ chức"), ORGANISER)
    j.fill(page.get_by_label("Tên viết tắt"), "UBND tỉnh Hà Tĩnh")
    j.choose(page.get_by_label("Loại"), "Tỉnh, thành phố (Hội đồng TĐKT tỉnh)")
    j.fill(page.get_by_label("Chữ viết tắt tên cơ quan trên văn bản"), "UBND")
    j.choose(page.get_by_label("Tỉnh, thành phố"), "Hà Tĩnh")
    j.fill(page.get_by_label("Hội đồng thi đua - khen thưởng"), "Hội đồng Thi đua - Khen thưởng tỉnh Hà Tĩnh")
    j.click(page.get_by_role("button", name="Lưu"))
    j.success(f"Đã thêm cơ quan tổ chức {ORGANISER}.")

    j.manage("Tài khoản")
    j.click(page.get_by_role("link", name="Tạo tài khoản"))
    pick = page.locator("#pick-organiser")
    j.choose(pick.get_by_label("Cơ quan tổ chức cụm, khối"), ORGANISER)
    j.click(pick.get_by_role("button", name="Tiếp tục"))
    j.fill(page.get_by_label("Họ và tên"), "Trần Thị Hồng")
    j.fill(page.get_by_label("Tên đăng nhập"), "hong.sonv")
    j.fill(page.get_by_label("Chức vụ"), "Chuyên viên Ban Thi đua - Khen thưởng, Sở Nội vụ")
    j.choose(page.get_by_label("Vai trò"), "Cán bộ cơ quan tổ chức cụm, khối")
    j.tick(page.get_by_label("In phiếu có mật khẩu tạm", exact=False))
    j.click(page.get_by_role("button", name="Tạo tài khoản"))
    j.success("Đã tạo tài khoản hong.sonv.")
    j.temporary = j.sheet_password("hong.sonv")
    j.log_out()



def block_year_and_units(j):
    """2. The organiser's staff: first log-in, the block, its 2023, seven units, the 2023 head and deputy."""
    page = j.page
    j.first_log_in("hong.sonv", j.temporary, "HaTinh-khoi-2023")
    j.manage("Danh mục")
    j.click(page.get_by_role("link", name="Tạo cụm, khối"))
    j.fill(page.get_by_label("Tên cụm, khối"), BLOCK)
    j.fill(page.get_by_label("Tên ngắn"), "Khối Nội chính")
    j.choose(page.get_by_label("Loại"), "Khối thi đua")
    expect(page.get_by_label("Cơ quan tổ chức")).to_have_value(re.compile(r"\d+"))  # its own organiser, chosen
    j.fill(page.get_by_label("Quy chế hoạt động"), "Quyết định số 15/QĐ-KNC ngày 20/02/2023 của Khối")
    j.click(page.get_by_role("button", name="Lưu"))
    j.success(f"Đã tạo khối thi đua {BLOCK}.")
    j.click(page.get_by_role("link", name="Mở năm thi đua đầu tiên"))
    j.fill(page.get_by_label("Năm thi đua"), "2023")
    j.fill(page.get_by_label("Từ ngày"), "16/12/2022")
    j.fill(page.get_by_label("Đến ngày"), "15/12/2023")
    j.click(page.get_by_role("button", name="Lưu"))
    j.success("Đã mở năm thi đua 2023.")
    j.year_url = page.url
    assert re.search(r"/cum-khoi/nam/\d+/$", j.year_url)

    for unit_name, short, abbreviation, sector, _leader, _username in UNITS.values():
        j.click(page.get_by_role("link", name="Thêm đơn vị mới"))
        expect(page.get_by_label("Thêm vào năm thi đua")).to_have_value(re.compile(r"\d+"))
        j.fill(page.get_by_label("Tên đơn vị"), unit_name)
        j.fill(page.get_by_label("Tên viết tắt"), short)
        j.fill(page.get_by_label("Chữ viết tắt tên cơ quan trên văn bản"), abbreviation)
        j.choose(page.get_by_label("Loại đơn vị"), "Đơn vị của ngành")
        j.choose(page.get_by_label("Ngành"), sector)
        j.click(page.get_by_role("button", name="Lưu"))
        j.success(f"Đã thêm đơn vị {unit_name}.")
        expect(page.locator("body")).to_contain_text(BLOCK)  # its membership of the block's 2023
        j.go(j.year_url)
    members = page.locator("#period-members")
    expect(members.locator("tr")).to_have_count(7)
    for key in UNITS:
        expect(members).to_contain_text(name(key))

    leader_form = page.locator("form[action$='/truong-pho/']")
    for role, key in (("Khối trưởng", "ca"), ("Khối phó", "ta")):
        j.choose(leader_form.get_by_label("Vai trò"), role)
        j.choose(leader_form.get_by_role("combobox", name="Đơn vị"), name(key))
        j.choose(leader_form.get_by_label("Cách chọn"), "Bầu tại hội nghị")
        j.fill(leader_form.get_by_label("Căn cứ (quyết định, biên bản)"), "Biên bản hội nghị tổng kết năm 2022")
        j.fill(leader_form.get_by_label("Ngày"), "10/01/2023")
        j.click(leader_form.get_by_role("button", name="Ghi nhận"))
        expect(page.locator("#period-leaders")).to_contain_text(name(key))
    expect(page.locator("#period-leaders")).to_contain_text("Khối trưởng")
    expect(page.locator("#period-leaders")).to_contain_text("Khối phó")



def leaders_and_their_accounts(j):
    """3. The seven leaders: their person records, then their accounts linked to them, with printed sheets."""
    page = j.page
    for unit_name, _s, _a, _sector, (full_name, rank, position), _u in UNITS.values():
        j.go("/don-vi/")
        j.click(page.get_by_role("link", name=unit_name, exact=True))
        j.click(page.get_by_role("link", name="Thêm cá nhân"))
        j.fill(page.get_by_label("Họ và tên"), full_name)
        j.choose(page.get_by_label("Giới tính"), "Nữ" if " Thị " in full_name else "Nam")
        if rank:
            j.fill(page.get_by_label("Cấp bậc, quân hàm"), rank)
        j.fill(page.get_by_label("Chức vụ"), position)
        j.choose(page.get_by_label("Đối tượng"), "Lãnh đạo, quản lý")
        j.click(page.get_by_role("button", name="Lưu", exact=True))
        j.success(f"Đã thêm cá nhân {full_name}.")

    j.passwords = {}
    for key, (unit_name, _s, _a, _sector, (full_name, _rank, position), username) in UNITS.items():
        j.go("/tai-khoan/quan-ly/tao/")
        pick = page.locator("#pick-unit")
        j.choose(pick.get_by_label("Đơn vị"), unit_name)
        j.click(pick.get_by_role("button", name="Tiếp tục"))
        expect(page.locator("#create-scope")).to_contain_text(unit_name)
        j.fill(page.get_by_label("Họ và tên"), full_name)
        j.fill(page.get_by_label("Tên đăng nhập"), username)
        j.fill(page.get_by_label("Chức vụ"), position)
        j.choose(page.get_by_label("Vai trò"), "Lãnh đạo đơn vị (bỏ phiếu, ký)")
        person = page.get_by_label("Cá nhân (hồ sơ trong đơn vị)")
        j.choose(person, person.locator("option", has_text=full_name).inner_text().strip())
        j.tick(page.get_by_label("In phiếu có mật khẩu tạm", exact=False))
        j.click(page.get_by_role("button", name="Tạo tài khoản"))
        j.success(f"Đã tạo tài khoản {username}.")
        j.passwords[key] = j.sheet_password(username)
    expect(page.locator(".sheet-card")).to_have_count(7)  # all seven, to print together
    j.click(page.get_by_role("button", name="Đã in xong"))
    j.success("Đã xóa mật khẩu tạm khỏi màn hình.")



def covenant_signed_by_all(j):
    """4a. The covenant of 2023, signed by the seven (on paper, recorded by the organiser)."""
    page = j.page
    j.go(j.year_url)
    j.click(page.get_by_role("link", name="Giao ước thi đua"))
    covenant = page.locator("#covenant-form")
    j.fill(covenant.get_by_label("Tiêu đề"), "Giao ước thi đua năm 2023")
    j.fill(covenant.get_by_label("Địa điểm ký"), "Hà Tĩnh")
    j.fill(covenant.locator("textarea[name='items-0-text']"), "Hoàn thành xuất sắc nhiệm vụ chính trị được giao.")
    j.fill(covenant.locator("textarea[name='items-1-text']"), "Đẩy mạnh cải cách hành chính, chuyển đổi số.")
    j.click(covenant.get_by_role("button", name="Lưu dự thảo"))
    j.success("Đã lưu dự thảo giao ước (2 nội dung).")
    j.click(page.get_by_role("button", name="Mở ký kết giao ước"))
    j.success("Đã mở ký kết giao ước")
    for unit_name, _s, _a, _sector, (full_name, _rank, position), _u in UNITS.values():
        sign = page.locator("#sign-form")
        j.choose(sign.get_by_label("Đơn vị ký"), unit_name)
        j.fill(sign.get_by_label("Họ và tên người ký"), full_name)
        j.fill(sign.get_by_label("Chức vụ người ký"), position)
        j.fill(sign.get_by_label("Ngày ký"), "20/02/2023")
        j.click(sign.get_by_role("button", name="Ký giao ước"))
        j.success(f"Đã ghi chữ ký của {unit_name}.")
    expect(page.locator("#signed-count")).to_have_text("7/7")
    j.success("Giao ước đã được ký đủ.")
    expect(page.locator("#signatures")).to_contain_text("20/02/2023")



def year_end_conference(j):
    """4b. The year-end conference of 12/01/2024, the seven units with their representatives."""
    page = j.page
    j.go(j.year_url)
    j.click(page.get_by_role("link", name="Ghi nhận hội nghị"))
    form = page.locator("#conference-form")
    j.choose(form.get_by_label("Loại hội nghị"), "Tổng kết năm")
    j.fill(form.get_by_label("Tên hội nghị"), CONFERENCE)
    j.fill(form.get_by_label("Ngày họp"), CONFERENCE_DAY)
    j.fill(form.get_by_label("Thời gian"), "08:00")
    j.fill(form.get_by_label("Giờ kết thúc"), "11:30")
    j.fill(form.get_by_label("Địa điểm"), "Hội trường Công an tỉnh Hà Tĩnh")
    j.choose(form.get_by_label("Đơn vị đăng cai"), name("ca"))
    chair = form.locator("select[name='chairs-0-person']")
    j.choose(chair, chair.locator("option", has_text="Nguyễn Hồng Phong").inner_text().strip())
    j.fill(form.get_by_label("Thư ký (họ và tên)"), "Lê Văn Thư")
    j.fill(form.get_by_label("Chức vụ", exact=True), "Chuyên viên Văn phòng Công an tỉnh")
    for unit_name, _s, _a, _sector, (full_name, _rank, _position), _u in UNITS.values():
        j.tick(form.get_by_label(unit_name, exact=True))
        row = form.locator("#reps-rows tr").filter(has_text=unit_name)
        representative = row.locator("select[name$='-person']")
        j.choose(representative, representative.locator("option", has_text=full_name).inner_text().strip())
    j.choose(form.locator("select[name='decisions-0-kind']"), "Bình xét, suy tôn, đề nghị khen thưởng")
    j.fill(form.locator("textarea[name='decisions-0-text']"), "Bỏ phiếu kín suy tôn Cờ thi đua, đề nghị Bằng khen.")
    j.choose(form.locator("select[name='decisions-1-kind']"), "Bầu Khối trưởng, Khối phó năm sau")
    j.fill(form.locator("textarea[name='decisions-1-text']"), "Bầu Khối trưởng, Khối phó năm 2024 bằng phiếu kín.")
    j.click(form.get_by_role("button", name="Lưu hội nghị"))
    j.success(f"Đã ghi {CONFERENCE}.")
    j.conference_url = page.url
    expect(page.locator("body")).to_contain_text("ngày 12/01/2024")



def step_over_to_voting(j):
    """4c. The year stepped over to the voting phase, with a reason."""
    page = j.page
    j.go(j.year_url)
    past = page.locator("#record-past-year")
    j.choose(past.get_by_label("Chuyển thẳng tới giai đoạn"), "Bình xét, suy tôn")
    j.fill(past.get_by_label("Lý do"), "Ghi nhận năm 2023 theo biên bản hội nghị tổng kết ngày 12/01/2024.")
    j.click(past.get_by_role("button", name="Chuyển thẳng"))
    j.success("Đã chuyển năm 2023 thẳng tới giai đoạn “Bình xét, suy tôn”.")
    expect(page.locator("#phase")).to_have_text("Bình xét, suy tôn")



def ballot_session(j):
    """4d. The ballot: meeting day = the conference's, four questions, the seven units as candidates."""
    page = j.page
    j.click(page.get_by_role("link", name="Bỏ phiếu kín"))
    j.click(page.get_by_role("link", name="Tạo phiên bỏ phiếu"))
    session_form = page.locator("#session-form")
    expect(session_form.get_by_label("Ngày họp, biểu quyết")).to_have_value(CONFERENCE_DAY)  # offered
    j.fill(session_form.get_by_label("Tên phiên bỏ phiếu"), SESSION)
    j.choose(session_form.get_by_label("Loại phiên"), "Bình xét, suy tôn, đề nghị khen thưởng")
    j.fill(session_form.get_by_label("Căn cứ (quy chế)"), "Quy chế hoạt động của Khối")
    j.click(session_form.get_by_role("button", name="Tạo phiên bỏ phiếu"))
    j.success(f"Đã tạo phiên bỏ phiếu “{SESSION}”.")
    j.session_url = page.url
    j.session_pk = int(re.search(r"/bo-phieu/(\d+)/", j.session_url).group(1))

    questions = (
        (FLAG, "Đề nghị khen thưởng", "Cờ thi đua của bộ, ban, ngành, tỉnh", "1", list(UNITS)),
        (MERIT, "Đề nghị khen thưởng", "Bằng khen của bộ, ban, ngành, tỉnh", "2", list(UNITS)),
        (HEAD, "Bầu khối trưởng", None, "1", ["ca", "vks"]),
        (DEPUTY, "Bầu khối phó", None, "1", ["ta", "qs"]),
    )
    j.question_pks = {}
    for title, kind, award, seats, candidates in questions:
        add = page.locator("#add-question")
        j.choose(add.get_by_label("Loại"), kind)
        j.fill(add.get_by_label("Nội dung bỏ phiếu"), title)
        if award:
            j.choose(add.get_by_label("Danh hiệu, hình thức trong danh mục"), award)
        if seats != "1":
            j.fill(add.get_by_label("Số lựa chọn tối đa trên một phiếu"), seats)
            j.fill(add.get_by_label("Số được chọn tối đa (chỉ tiêu)"), seats)
        j.click(add.get_by_role("button", name="Thêm nội dung"))
        j.success(f"Đã thêm nội dung “{title}”.")
        question_pk = int(re.search(r"#q(\d+)$", page.url).group(1))
        j.question_pks[title] = question_pk
        candidate_form = page.locator(f"form[action$='/noi-dung/{question_pk}/ung-cu/']")
        for key in candidates:
            j.tick(candidate_form.get_by_label(name(key), exact=True))
        j.click(candidate_form.get_by_role("button", name="Thêm vào danh sách"))
        j.go(j.session_url)
    j.click(page.locator("#open-session"))
    j.success("7 người, đơn vị được bỏ phiếu")
    j.log_out()



def seven_leaders_vote(j):
    """Each leader: first log-in, password changed, the ballot cast."""
    page = j.page
    for key, (unit_name, _s, _a, _sector, _leader, username) in UNITS.items():
        j.first_log_in(username, j.passwords[key], f"LanhDao-{key}-2024")
        j.click(page.get_by_role("link", name="Bỏ phiếu", exact=True))
        j.click(page.locator("#open-for-me a").first)
        expect(page.locator("#voter-label")).to_have_text(unit_name)
        flag, merits, head, deputy = VOTES[key]
        j.tick(page.locator(f"#ballot-q{j.question_pks[FLAG]}").get_by_label(name(flag), exact=True))
        for merit in merits:
            j.tick(page.locator(f"#ballot-q{j.question_pks[MERIT]}").get_by_label(name(merit), exact=True))
        j.tick(page.locator(f"#ballot-q{j.question_pks[HEAD]}").get_by_label(name(head), exact=True))
        j.tick(page.locator(f"#ballot-q{j.question_pks[DEPUTY]}").get_by_label(name(deputy), exact=True))
        j.click(page.locator("#cast"))
        expect(page.locator("#receipt-code")).to_be_visible()
        j.log_out()



def count_apply_and_propose(j):
    """The organiser's staff closes, counts, applies the results and makes the proposal."""
    page = j.page
    j.log_in("hong.sonv", "HaTinh-khoi-2023")
    j.go(j.session_url)
    expect(page.locator("#progress-text")).to_have_text("7/7 đã bỏ phiếu")
    j.click(page.locator("#close-session"))
    j.success("Đã kết thúc bỏ phiếu")
    j.click(page.locator("#tally-session"))
    expect(page).to_have_url(re.compile(rf"/bo-phieu/{j.session_pk}/ket-qua/$"))
    expect(page.locator("#meeting-day")).to_have_text("Ngày họp, biểu quyết: 12/01/2024.")

    def row(question, key):
        return page.locator(f"#result-q{j.question_pks[question]} tbody tr").filter(has_text=name(key))

    expect(row(FLAG, "ca").locator(".votes")).to_have_text("6")
    expect(row(FLAG, "ca").locator(".outcome")).to_have_text("Đạt")
    expect(row(MERIT, "qs").locator(".votes")).to_have_text("6")
    expect(row(MERIT, "bp").locator(".votes")).to_have_text("6")
    expect(row(HEAD, "vks").locator(".votes")).to_have_text("6")
    expect(row(DEPUTY, "ta").locator(".votes")).to_have_text("6")
    j.click(page.locator("#apply-results"))
    applied = page.locator("#applied")
    expect(applied).to_contain_text(f"{name('ca')} — Cờ thi đua của bộ, ban, ngành, tỉnh (6/7 phiếu)")
    expect(applied).to_contain_text(f"{name('qs')} — Bằng khen của bộ, ban, ngành, tỉnh (6/7 phiếu)")
    expect(applied).to_contain_text(f"{name('bp')} — Bằng khen của bộ, ban, ngành, tỉnh (6/7 phiếu)")

    # The count minutes: dated the meeting day.
    link = page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    count_text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.body(),
                                                   capture_output=True, check=True).stdout.decode())
    assert "BIÊN BẢN KIỂM PHIẾU" in count_text
    assert "Tổng số đơn vị thành viên được bỏ phiếu: 7" in count_text
    assert "(bỏ phiếu điện tử: 7;" in count_text
    assert "ngày 12 tháng 01 năm 2024" in count_text, count_text[:1500]
    assert vn_date(dt.date.today()) not in count_text
    assert "Trưởng cụm" not in count_text

    j.click(page.locator("#proposal-from-ballot").get_by_role("button"))
    expect(page).to_have_url(re.compile(r"/ho-so/\d+/$"))
    nominees = page.locator("#nominee-table")
    for key, award in (("ca", "Cờ thi đua"), ("qs", "Bằng khen"), ("bp", "Bằng khen")):
        nominee = nominees.locator("tr.nominee").filter(has_text=name(key))
        expect(nominee).to_have_count(1)
        expect(nominee).to_contain_text(award)
        expect(nominee.locator(".vote")).to_contain_text("6 phiếu: 85,71% của 7 phiếu thu về")
    expect(nominees.locator("tr.nominee")).to_have_count(3)



def check_year_pages(j):
    """5. The year pages: the block's words, 2024's head and deputy dated the conference's day, not today."""
    page = j.page
    today = dt.date.today().strftime("%d/%m/%Y")
    # 2023's page: its own head and deputy, the nominations with their votes, and 2024's head and deputy.
    j.go(j.year_url)
    j.click(page.get_by_role("link", name="Trang tổng quan năm"))
    leaders = page.locator("#leaders")
    expect(leaders).to_contain_text("Khối trưởng, Khối phó năm 2023")
    expect(leaders).to_contain_text(f"Khối trưởng {name('ca')}")
    expect(leaders).to_contain_text(f"Khối phó {name('ta')}")
    next_year = page.locator("#next-year")
    expect(next_year).to_contain_text(f"Khối trưởng 2024 {name('vks')}")
    expect(next_year).to_contain_text(f"Khối phó 2024 {name('ta')}")
    expect(next_year.get_by_text(CONFERENCE_DAY)).to_have_count(2)
    expect(next_year).not_to_contain_text(today)
    nominations = page.locator("#nominations")
    for key in ("ca", "qs", "bp"):
        expect(nominations.get_by_role("row").filter(has_text=name(key))).to_contain_text("6/7")
    expect(page.locator("body")).not_to_contain_text("Trưởng cụm")
    expect(page.locator("body")).not_to_contain_text("Phó trưởng cụm")

    # The block's page: every year's head and deputy; 2024 spans the same calendar dates as 2023.
    j.click(page.get_by_role("link", name=BLOCK).first)
    expect(page.locator("body")).not_to_contain_text("Trưởng cụm")
    row_2024 = page.get_by_role("row").filter(has_text="16/12/2023 – 15/12/2024")
    expect(row_2024).to_contain_text(name("vks"))
    expect(row_2024).to_contain_text(name("ta"))

    # 2024's own page: its head and deputy as elected on the conference's day.
    j.click(row_2024.get_by_role("link", name="2024", exact=True))
    j.click(page.get_by_role("link", name="Quản lý năm 2024"))
    terms = page.locator("#period-leaders")
    head_row = terms.get_by_role("row").filter(has=page.get_by_role("cell", name="Khối trưởng", exact=True))
    deputy_row = terms.get_by_role("row").filter(has=page.get_by_role("cell", name="Khối phó", exact=True))
    expect(head_row).to_contain_text(name("vks"))
    expect(head_row).to_contain_text(f"Bầu tại hội nghị — Biên bản kiểm phiếu “{SESSION}”, {CONFERENCE_DAY}")
    expect(deputy_row).to_contain_text(name("ta"))
    expect(deputy_row).to_contain_text(CONFERENCE_DAY)
    expect(terms).not_to_contain_text(today)


def check_conference_minutes(j):
    """The conference minutes (.docx), read back."""
    page = j.page
    j.go(j.conference_url)
    link = page.get_by_role("link", name="Biên bản (.docx)")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    minutes = docx_text(response.body())
    flat = re.sub(r"\s+", " ", minutes)
    assert "BIÊN BẢN" in minutes
    assert CONFERENCE.upper() in flat.upper()
    assert "ngày 12 tháng 01 năm 2024" in flat, flat[:2000]
    assert vn_date(dt.date.today()) not in flat
    for unit_name, _s, _a, _sector, (full_name, rank, _position), _u in UNITS.values():
        assert unit_name in flat, unit_name
        assert f"{rank} {full_name}".strip() in flat, full_name  # its representative, with a rank if any
    assert "Khối trưởng" in flat and "Khối phó" in flat
    # the decisions: 2024's head and deputy, read from 2024's records
    assert re.search(r"Khối trưởng[^.;]*năm 2024[^.;]*Viện kiểm sát|Viện kiểm sát[^.;]*Khối trưởng", flat), flat[-2500:]
    assert "Trưởng cụm" not in flat


STEPS = (organiser_and_its_staff, block_year_and_units, leaders_and_their_accounts, covenant_signed_by_all,
         year_end_conference, step_over_to_voting, ballot_session, seven_leaders_vote, count_apply_and_propose,
         check_year_pages, check_conference_minutes)


def test_a_new_province_sets_up_its_block_and_records_a_past_year(page):
    started = time.monotonic()
    admin = User.objects.create_user(username=ADMIN, password=ADMIN_PASSWORD, full_name="Quản trị hệ thống")
    RoleAssignment.objects.create(user=admin, role=Role.ADMIN)
    j = Journey(page)
    tally = []
    for step in STEPS:
        before, clock = j.actions, time.monotonic()
        step(j)
        tally.append(f"  {step.__name__}: {j.actions - before} thao tác, {time.monotonic() - clock:.1f} s")

    assert not [url for url in j.visited if "/quan-tri/" in url]
    assert not page.problems, page.problems
    # What the pages wrote: each leader's account is their person record's, and its own password now.
    for unit_name, _s, _a, _sector, (full_name, _rank, _position), username in UNITS.values():
        account = User.objects.select_related("person__unit").get(username=username)
        assert (account.person.full_name, account.person.unit.name) == (full_name, unit_name)
        assert not account.must_change_password
    print(f"\nHành trình: {j.actions} thao tác (bấm, gõ, chọn), {time.monotonic() - started:.0f} s trên trình duyệt")
    print("\n".join(tally))
