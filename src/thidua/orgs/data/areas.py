"""The provinces and centrally-run cities: the 63 in force until 30/6/2025 and the 34 from 1/7/2025
(Resolution 202/2025/QH15). The 11 unchanged provinces are one record valid throughout; each of the 23
merged provinces is a new record from 1/7/2025 that the old ones point to."""

import datetime as dt

MERGE_DAY = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)

# Unchanged by the 2025 reorganisation (name, kind).
UNCHANGED = [
    ("Hà Nội", "city"), ("Huế", "city"), ("Lai Châu", "province"), ("Điện Biên", "province"),
    ("Sơn La", "province"), ("Lạng Sơn", "province"), ("Quảng Ninh", "province"), ("Thanh Hóa", "province"),
    ("Nghệ An", "province"), ("Hà Tĩnh", "province"), ("Cao Bằng", "province"),
]

# New province from 1/7/2025 → (kind, [provinces before, each with its kind]).
MERGED = {
    "Tuyên Quang": ("province", ["Tuyên Quang", "Hà Giang"]),
    "Lào Cai": ("province", ["Lào Cai", "Yên Bái"]),
    "Thái Nguyên": ("province", ["Thái Nguyên", "Bắc Kạn"]),
    "Phú Thọ": ("province", ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]),
    "Bắc Ninh": ("province", ["Bắc Ninh", "Bắc Giang"]),
    "Hưng Yên": ("province", ["Hưng Yên", "Thái Bình"]),
    "Hải Phòng": ("city", ["Hải Phòng", "Hải Dương"]),
    "Ninh Bình": ("province", ["Ninh Bình", "Hà Nam", "Nam Định"]),
    "Quảng Trị": ("province", ["Quảng Trị", "Quảng Bình"]),
    "Đà Nẵng": ("city", ["Đà Nẵng", "Quảng Nam"]),
    "Quảng Ngãi": ("province", ["Quảng Ngãi", "Kon Tum"]),
    "Gia Lai": ("province", ["Gia Lai", "Bình Định"]),
    "Khánh Hòa": ("province", ["Khánh Hòa", "Ninh Thuận"]),
    "Lâm Đồng": ("province", ["Lâm Đồng", "Đắk Nông", "Bình Thuận"]),
    "Đắk Lắk": ("province", ["Đắk Lắk", "Phú Yên"]),
    "Hồ Chí Minh": ("city", ["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"]),
    "Đồng Nai": ("province", ["Đồng Nai", "Bình Phước"]),
    "Tây Ninh": ("province", ["Tây Ninh", "Long An"]),
    "Cần Thơ": ("city", ["Cần Thơ", "Sóc Trăng", "Hậu Giang"]),
    "Vĩnh Long": ("province", ["Vĩnh Long", "Bến Tre", "Trà Vinh"]),
    "Đồng Tháp": ("province", ["Đồng Tháp", "Tiền Giang"]),
    "Cà Mau": ("province", ["Cà Mau", "Bạc Liêu"]),
    "An Giang": ("province", ["An Giang", "Kiên Giang"]),
}
OLD_CITIES = {"Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def display_name(name: str, kind: str) -> str:
    return f"Thành phố {name}" if kind == "city" and name == "Hồ Chí Minh" else name


def slug(name: str) -> str:
    from thidua.core.text import fold

    return fold(name).replace(" - ", "-").replace(" ", "-")


def area_rows():
    """(code, name, kind, valid_from, valid_to, successor_code) for every province record."""
    rows = []
    for name, kind in UNCHANGED:
        rows.append((slug(name), name, kind, None, None, None))
    for new_name, (kind, olds) in MERGED.items():
        new_code = f"{slug(new_name)}-2025"
        rows.append((new_code, display_name(new_name, kind), kind, MERGE_DAY, None, None))
        for old in olds:
            old_kind = "city" if old in OLD_CITIES else "province"
            rows.append((slug(old), display_name(old, old_kind), old_kind, None, LAST_OLD_DAY, new_code))
    return rows


SECTORS = [
    ("toa-an", "Tòa án"), ("kiem-sat", "Kiểm sát"), ("cong-an", "Công an"), ("quan-su", "Quân sự"),
    ("bien-phong", "Biên phòng"), ("thads", "Thi hành án dân sự"), ("noi-vu", "Nội vụ"),
    ("chinh-quyen", "Chính quyền địa phương"), ("tu-phap", "Tư pháp"), ("thanh-tra", "Thanh tra"),
    ("tai-chinh", "Tài chính"), ("giao-duc", "Giáo dục và Đào tạo"), ("y-te", "Y tế"),
    ("nong-nghiep", "Nông nghiệp và Môi trường"), ("xay-dung", "Xây dựng"), ("van-hoa", "Văn hóa, Thể thao và Du lịch"),
    ("cong-thuong", "Công Thương"), ("khoa-hoc", "Khoa học và Công nghệ"), ("dang-doan-the", "Đảng, đoàn thể"),
    ("doanh-nghiep", "Doanh nghiệp"), ("khac", "Khác"),
]


def load(area_model, sector_model) -> None:
    """Idempotent: creates what is missing, leaves what an admin has edited."""
    from thidua.core import text

    rows = area_rows()
    existing = set(area_model.objects.values_list("code", flat=True))
    area_model.objects.bulk_create([
        area_model(code=code, name=name, kind=kind, valid_from=vf, valid_to=vt,
                   search_text=text.search_text(name), sort_key=text.sort_key(name))
        for code, name, kind, vf, vt, _succ in rows if code not in existing
    ])
    by_code = {a.code: a for a in area_model.objects.all()}
    for code, _name, _kind, _vf, _vt, successor in rows:
        if successor and by_code[code].successor_id is None:
            by_code[code].successor = by_code[successor]
            by_code[code].save(update_fields=["successor"])
    existing = set(sector_model.objects.values_list("code", flat=True))
    sector_model.objects.bulk_create([
        sector_model(code=code, name=name, search_text=text.search_text(name), sort_key=text.sort_key(name))
        for code, name in SECTORS if code not in existing
    ])
