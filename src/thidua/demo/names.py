"""Vietnamese names for generated people: deterministic from a seed, common surnames weighted as in life."""

import random

SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3), ("Phan", 4),
            ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1),
            ("Lý", 1), ("Nông", 1), ("Hà", 1), ("Lương", 1), ("Chu", 1), ("Triệu", 1), ("Vi", 1), ("Lăng", 1)]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Tiến", "Mạnh", "Hoàng", "Anh",
               "Trung", "Ngọc", "Việt", "Đình", "Bá", "Quốc", "Huy", "Thế"]
FEMALE_MIDDLE = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Phương", "Hồng", "Thúy", "Kim", "Mai", "Bích", "Lan",
                 "Hải", "Diệu", "Khánh", "Thảo", "Như", "Quỳnh"]
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khang",
              "Khoa", "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang",
              "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hưng",
              "Lộc", "Thịnh", "Công"]
FEMALE_GIVEN = ["Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương",
                "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
                "Phương", "Quyên", "Tâm", "Thảo", "Thủy", "Trang", "Uyên", "Vân", "Yến", "Hường", "Lệ", "Thư"]

LEADER_POSITIONS = ["Thủ trưởng", "Phó Thủ trưởng", "Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng",
                    "Phó Chánh Văn phòng", "Đội trưởng", "Phó Đội trưởng"]
DIRECT_POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Cán bộ", "Chiến sĩ", "Nhân viên", "Kế toán",
                    "Văn thư", "Thư ký", "Kiểm tra viên", "Thẩm tra viên", "Lái xe"]

_SURNAME_POOL = [s for s, w in SURNAMES for _ in range(w)]


def person_name(rng: random.Random) -> tuple[str, str]:
    """(full name, gender)"""
    if rng.random() < 0.5:
        return f"{rng.choice(_SURNAME_POOL)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}", "male"
    return f"{rng.choice(_SURNAME_POOL)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}", "female"


def position(rng: random.Random) -> tuple[str, str]:
    """(position, category): about one in eight is a leader or manager."""
    if rng.random() < 0.12:
        return rng.choice(LEADER_POSITIONS), "leader"
    return rng.choice(DIRECT_POSITIONS), "direct"
