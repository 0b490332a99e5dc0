"""Demo accounts, one for every role. They exist only in demo mode (THIDUA_DEMO=1)."""

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.orgs.models import Organiser, Unit

DEMO_PASSWORD = "thidua-demo"

# username, full name, what they do, [(role, unit code or organiser code)]
ACCOUNTS = [
    ("admin", "Quản trị hệ thống", "Quản trị hệ thống, danh mục", [(Role.ADMIN, None)]),
    ("snv.langson", "Hoàng Thị Lan", "Phòng Thi đua - Khen thưởng, Sở Nội vụ Lạng Sơn (cơ quan tổ chức khối)",
     [(Role.ORGANISER_STAFF, "ubnd-lang-son"), (Role.UNIT_OFFICER, "ls-snv")]),
    ("tand.langson", "Phạm Việt Hùng", "TAND tỉnh Lạng Sơn — đơn vị trưởng khối năm 2023 và năm đang diễn ra (minh họa)",
     [(Role.HEAD_STAFF, "ls-tand")]),
    ("thads.langson", "Nông Thị Hà", "Cục THADS tỉnh Lạng Sơn — đơn vị trưởng khối năm 2024",
     [(Role.HEAD_STAFF, "ls-thads")]),
    ("congan.langson", "Lương Văn Minh", "Cán bộ thi đua Công an tỉnh Lạng Sơn", [(Role.UNIT_OFFICER, "ls-ca")]),
    ("vks.langson", "Vi Thị Hồng", "Cán bộ thi đua VKSND tỉnh Lạng Sơn", [(Role.UNIT_OFFICER, "ls-vks")]),
    ("lanhdao.congan", "Triệu Quang Sơn", "Lãnh đạo Công an tỉnh Lạng Sơn (bỏ phiếu, ký)",
     [(Role.LEADER, "ls-ca")]),
    # One representative for each other member of S1, so that a vote can be run from seven log-ins.
    ("lanhdao.tand", "Đại diện TAND tỉnh", "Lãnh đạo TAND tỉnh Lạng Sơn (bỏ phiếu, ký)", [(Role.LEADER, "ls-tand")]),
    ("lanhdao.thads", "Đại diện Cục THADS tỉnh", "Lãnh đạo Cục THADS tỉnh Lạng Sơn (bỏ phiếu, ký)",
     [(Role.LEADER, "ls-thads")]),
    ("lanhdao.bchqs", "Đại diện Bộ CHQS tỉnh", "Lãnh đạo Bộ CHQS tỉnh Lạng Sơn (bỏ phiếu, ký)",
     [(Role.LEADER, "ls-bchqs")]),
    ("lanhdao.bdbp", "Đại diện Bộ CH BĐBP tỉnh", "Lãnh đạo Bộ CH BĐBP tỉnh Lạng Sơn (bỏ phiếu, ký)",
     [(Role.LEADER, "ls-bdbp")]),
    ("lanhdao.vks", "Đại diện VKSND tỉnh", "Lãnh đạo VKSND tỉnh Lạng Sơn (bỏ phiếu, ký)", [(Role.LEADER, "ls-vks")]),
    ("lanhdao.cscd2", "Đại diện Tiểu đoàn CSCĐ số 2", "Lãnh đạo Tiểu đoàn CSCĐ số 2 (bỏ phiếu, ký)",
     [(Role.LEADER, "ls-cscd2")]),
    ("bantdkt.tw", "Đỗ Minh Quang", "Ban Thi đua - Khen thưởng Trung ương (cơ quan tổ chức cụm các tỉnh)",
     [(Role.ORGANISER_STAFF, "hd-tdkt-tw")]),
    ("tandtc", "Ngô Thanh Bình", "Tòa án nhân dân tối cao (cơ quan tổ chức cụm thi đua ngành Tòa án)",
     [(Role.ORGANISER_STAFF, "tandtc")]),
    ("snv.bacninh", "Dương Thu Hằng", "Sở Nội vụ Bắc Ninh (tỉnh tổng hợp minh họa)",
     [(Role.ORGANISER_STAFF, "ubnd-bac-ninh")]),
    ("canbo.bacninh", "Bùi Đức Anh", "Cán bộ thi đua một đơn vị minh họa ở Bắc Ninh",
     [(Role.UNIT_OFFICER, "bn-01-01")]),
]


def load(password: str = DEMO_PASSWORD) -> list[tuple[str, str, str]]:
    rows = []
    for username, full_name, description, roles in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created or not user.has_usable_password():
            user.set_password(password)
        user.full_name = full_name
        user.position = description
        user.is_staff = user.is_superuser = any(role == Role.ADMIN for role, _ in roles)
        user.is_demo = True  # logs in only in demo mode
        user.save()
        for role, code in roles:
            unit = Unit.objects.get(code=code) if role in (Role.HEAD_STAFF, Role.UNIT_OFFICER, Role.LEADER) else None
            organiser = Organiser.objects.get(code=code) if role == Role.ORGANISER_STAFF else None
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit, organiser=organiser)
        rows.append((username, password, description))
    return rows
