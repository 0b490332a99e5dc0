"""The emulation and commendation forms of Circular 02/2023/TT-BNV (23/3/2023, the Home Affairs sector's
statistical regime; in force 10/5/2023, applied from the report year ("niên độ") 2022, replacing Circular
03/2018/TT-BNV): forms 0601 to 0605, yearly ("N"), each "…N/BNV-TĐKT".

Where each fact comes from (read in December 2026 through the project's search tool; no code was copied):
- The report period of the emulation sector, from 1 December of the previous year to 30 November of the report
  year; in force 10/5/2023; applied from the report year 2022; replaces 03/2018: the summaries of the circular at
  thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Thong-tu-2-2023-TT-BNV-che-do-bao-cao-thong-ke-nganh-Noi-vu-560346.aspx
  and sonv.hungyen.gov.vn/portal/pages/print.aspx?p=10987 (Sở Nội vụ Hưng Yên). A third summary
  (dulieuphapluat.vn "Chế độ báo cáo thống kê ngành Nội vụ") says 1/1–31/12 for every yearly report, without the
  emulation sector's exception: the two sources quoting the exception are followed, and the period is a
  parameter (FormSet.period_start, cutoff).
- The due date "Ngày 15 tháng 12 năm báo cáo", the form numbers "0601.N/BNV-TĐKT" …, "Ban hành theo Thông tư số
  2/2023/TT-BNV ngày 23/3/2023", the titles, rows, row codes, columns and their numbering, and the signature block
  "Người lập biểu / (Ký, họ tên)" — "(Ký, họ tên, đóng dấu)": the deployed provincial system
  github.com/lifephongphanmem/thiduakhenthuong, resources/views/BaoCao/TT022023/Mau0601.blade.php … Mau0603, and
  lifephongphanmem/thiduakhenthuong_php8, resources/views/BaoCao/TT022023/Mau0601–Mau0605.blade.php.
- The receiving unit: not filled in the deployed system's forms; "Bộ Nội vụ" (the ministry that issued the regime)
  is a parameter of the set (FormSet.receiver) — uncertain for a ministry, which may report to the Central
  Emulation and Commendation Board.

Uncertain, and how it is handled:
- 0602: the deployed system numbers its rows 1, 2, 3, then 6 onwards (codes 4 and 5 not seen in its source); the
  rows here are numbered 01–19 in the order it shows them. Its columns of orders, honour titles and "other"
  awards are built from its catalogue; here the orders are the catalogue's Huân chương Lao động (three classes),
  the state prizes and honour titles match catalogue codes an administrator may add (gt-hcm, gt-nn, and the
  VINH_DU codes below), and every other central award falls under "Các hình thức khen thưởng khác".
- 0603's and 0602's "Thường xuyên" row is counted from the award type "Công trạng" (merit and achievements, the
  regular commendation; Law 2022 art 8); "Kháng chiến" (resistance) is not an award type of the Law 2022 and is
  typed.
- 0605: the deployed system repeats the code 14 for "Từ 10 năm trở lên"; here it is 15.
- 0601 counts the cluster and block years a council organised (one annual, regular emulation each, launched at
  the level of a ministry or province) together with the movements the system holds; movements launched by an
  agency or unit on its own are not recorded, so their row and column count only what was entered.

Whose report an award counts in (a province's or a ministry's, each award once, the provinces' and the ministries'
figures adding up to the country's): compute.attributed — the level of the record (local: decided by a province;
sector: by a ministry) and, for a central award, the submitting channel read from the recipient unit.

What the system does not hold is typed (Row.input / Column.input): enterprises among the collectives, the
recipients' leadership rank, resistance commendations, commemorative badges (0603 column 5), the organisations
of 0604 and the staff of 0605."""

from __future__ import annotations

import datetime as dt

from thidua.reports.domain.statforms.model import Column, Form, FormSet, Match, Row

M = Match.of

# -- 0601: emulation movements ---------------------------------------------------------------------------------

F0601 = Form(
    code="0601", number="0601.N/BNV-TĐKT", title="SỐ PHONG TRÀO THI ĐUA", source="movements",
    measure_unit="Đơn vị tính: Phong trào", unit_column=False,
    note="Tính từ các phong trào thi đua có trong hệ thống và các năm thi đua của cụm, khối do Hội đồng tổ chức.",
    columns=(
        Column("total", ("Tổng số",), "1=(2+3+4)", sum_of=("central", "local", "unit")),
        Column("central", ("Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
                           "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"), "2", M(launch="central")),
        Column("local", ("Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
                         "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"), "3",
               M(launch="local")),
        Column("unit", ("Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
                        "Cơ quan, tổ chức, đơn vị"), "4", M(launch="unit")),
    ),
    rows=(
        Row("01", "Tổng số"),
        Row("", "1. Chia theo phạm vi tổ chức thi đua", heading=True),
        Row("02", "- Toàn quốc", match=M(scope="national"), level=1),
        Row("03", "- Bộ, ban, ngành, đoàn thể, địa phương", match=M(scope="local"), level=1),
        Row("04", "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", match=M(scope="cluster"),
            level=1),
        Row("05", "- Cơ quan, tổ chức, đơn vị", match=M(scope="unit"), level=1),
        Row("", "2. Chia theo thời hạn thi đua", heading=True),
        Row("06", "- Dưới 1 năm", match=M(duration="under1"), level=1),
        Row("07", "- 1 năm", match=M(duration="one"), level=1),
        Row("08", "- Từ trên 1 năm đến dưới 3 năm", match=M(duration="1to3"), level=1),
        Row("09", "- Từ 3 năm đến dưới 5 năm", match=M(duration="3to5"), level=1),
        Row("10", "- Từ 5 năm trở lên", match=M(duration="5plus"), level=1),
        Row("", "3. Chia theo phương thức tổ chức phong trào thi đua", heading=True),
        Row("11", "- Thi đua theo chuyên đề", match=M(method="thematic"), level=1),
        Row("12", "- Thi đua thường xuyên hàng năm", match=M(method="regular"), level=1),
    ),
)

# -- 0602: state-level commendations -----------------------------------------------------------------------------

ORDERS = (("hcld-1", "Huân chương Lao động hạng Nhất"), ("hcld-2", "Huân chương Lao động hạng Nhì"),
          ("hcld-3", "Huân chương Lao động hạng Ba"))
VINH_DU = ("ahld", "ahllvtnd", "me-vnah", "nha-giao-nd", "thay-thuoc-nd", "nghe-si-nd", "nghe-nhan-nd")
PRIZES = {"gt-hcm": "Giải thưởng Hồ Chí Minh", "gt-nn": "Giải thưởng Nhà nước"}
NAMED_0602 = tuple(code for code, _n in ORDERS) + tuple(PRIZES) + VINH_DU + ("co-cp", "bk-ttg", "cstd-tq")
COL, IND, HH = "collective", "individual", "household"


def _both(key: str, heads: tuple[str, ...], number: str, award) -> tuple[Column, Column]:
    return (Column(f"{key}_tt", (*heads, "Tập thể"), number, M(award=award, subject=(COL, HH))),
            Column(f"{key}_cn", (*heads, "Cá nhân"), number, M(award=award, subject=IND)))


_GROUP_ORDERS = "Các loại huân chương, huy chương"
_COLUMNS_0602 = (
    Column("total", ("Tổng số",), "1"),
    *[c for code, name in ORDERS for c in _both(code, (_GROUP_ORDERS, name), "2", code)],
    Column("gt-hcm", ("Giải thưởng Hồ Chí Minh", "Cá nhân"), "3", M(award="gt-hcm", subject=IND)),
    Column("gt-nn", ("Giải thưởng Nhà nước", "Cá nhân"), "4", M(award="gt-nn", subject=IND)),
    *_both("vinhdu", ("Danh hiệu vinh dự nhà nước",), "5", VINH_DU),
    Column("co-cp", ("Cờ thi đua của Chính phủ", "Tập thể"), "6", M(award="co-cp", subject=(COL, HH))),
    *_both("bk-ttg", ("Bằng khen của Thủ tướng Chính phủ",), "7", "bk-ttg"),
    Column("cstd-tq", ("Chiến sĩ thi đua toàn quốc", "Cá nhân"), "8", M(award="cstd-tq", subject=IND)),
    Column("khac_tt", ("Các hình thức khen thưởng khác", "Tập thể"), "9",
           Match.of(never={"award": NAMED_0602}, subject=(COL, HH))),
    Column("khac_cn", ("Các hình thức khen thưởng khác", "Cá nhân"), "9",
           Match.of(never={"award": NAMED_0602}, subject=IND)),
)
_COLUMNS_0602 = (Column("total", ("Tổng số",), "1", sum_of=tuple(c.key for c in _COLUMNS_0602[1:])),
                 *_COLUMNS_0602[1:])


def _subject_rows(first: int, heading: str) -> tuple[Row, ...]:
    """The rows "by recipient" that 0602 and 0603 share, codes from `first`."""
    codes = [f"{n:02d}" for n in range(first, first + 9)]
    return (
        Row("", heading, heading=True),
        Row(codes[0], "- Tập thể", "Tập thể", M(subject=COL), level=1),
        Row(codes[1], "Trong đó: Doanh nghiệp", "Doanh nghiệp", M(subject=COL), input=True, level=2),
        Row(codes[2], "- Hộ gia đình", "Hộ", M(subject=HH), level=1),
        Row(codes[3], "- Cá nhân", "Người", M(subject=IND), level=1),
        Row(codes[4], "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "Người", M(subject=IND), input=True, level=2),
        Row(codes[5], "+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "Người", M(subject=IND), input=True, level=2),
        Row(codes[6], "+ Doanh nhân", "Người", M(subject=IND), input=True, level=2),
        Row(codes[7], "+ Các cấp lãnh đạo khác từ phó phòng trở lên", "Người", M(subject=IND), input=True, level=2),
        Row(codes[8], "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, "
            "nông dân, …)", "Người", M(subject=IND, direct="1"), level=2),
    )


def _type_rows(first: int, heading: str) -> tuple[Row, ...]:
    kinds = (("- Thường xuyên", "merit"), ("- Chuyên đề", "thematic"), ("- Đột xuất", "ad_hoc"),
             ("- Đối ngoại", "foreign"), ("- Cống hiến", "service"), ("- Niên hạn", "tenure"))
    rows = [Row("", heading, heading=True)]
    rows += [Row(f"{first + i:02d}", label, match=M(award_type=kind), level=1) for i, (label, kind) in enumerate(kinds)]
    rows.append(Row(f"{first + len(kinds):02d}", "- Kháng chiến", input=True, level=1))
    return tuple(rows)


F0602 = Form(
    code="0602", number="0602.N/BNV-TĐKT", title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC", source="awards",
    match=M(level="central"),
    note="Tính từ sổ khen thưởng: các quyết định khen thưởng cấp Nhà nước (cấp Trung ương) ký trong kỳ báo cáo cho "
         "tập thể, cá nhân thuộc đơn vị báo cáo. Các dòng hệ thống chưa có số liệu (doanh nghiệp, cấp lãnh đạo, "
         "kháng chiến) do cán bộ nhập.",
    columns=_COLUMNS_0602,
    rows=(
        Row("01", "Tổng số"),
        Row("", "1. Chia theo đơn vị trình khen thưởng", heading=True),
        Row("02", "- Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành", M(submitter="ministry"), level=1),
        Row("03", "- Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP", M(submitter="province"), level=1),
        *_subject_rows(4, "2. Chia theo đối tượng khen thưởng"),
        *_type_rows(13, "3. Chia theo loại hình khen thưởng"),
    ),
)

# -- 0603: commendations by ministries and provinces -------------------------------------------------------------

F0603 = Form(
    code="0603", number="0603.N/BNV-TĐKT",
    title="SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
    source="awards",
    match=M(level=("local", "sector")),
    note="Tính từ sổ khen thưởng: Bằng khen, Chiến sĩ thi đua, Cờ thi đua của bộ, ngành, tỉnh quyết định trong kỳ "
         "báo cáo. Huy hiệu, kỷ niệm chương và các dòng hệ thống chưa có số liệu do cán bộ nhập.",
    columns=(
        Column("total", ("Tổng số",), "1", sum_of=("bk", "cstd", "co", "huyhieu")),
        Column("bk", ("Chia ra", "Bằng khen"), "2", M(award="bk-tinh")),
        Column("cstd", ("Chia ra", "Chiến sĩ thi đua cấp bộ, cấp tỉnh"), "3", M(award="cstd-tinh", subject=IND)),
        Column("co", ("Chia ra", "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc "
                                 "Trung ương"), "4", M(award="co-tinh", subject=(COL, HH))),
        Column("huyhieu", ("Chia ra", "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, "
                                      "thành phố trực thuộc Trung ương"), "5", input=True),
    ),
    rows=(
        Row("01", "Tổng số"),
        *_subject_rows(2, "1. Chia theo đối tượng khen thưởng"),
        *_type_rows(11, "2. Chia theo loại hình khen thưởng"),
    ),
)

# -- 0604, 0605: what the system does not hold -------------------------------------------------------------------

F0604 = Form(
    code="0604", number="0604.N/BNV-TĐKT",
    title="SỐ LƯỢNG TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG CỦA BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG, TỈNH, THÀNH "
          "PHỐ TRỰC THUỘC TRUNG ƯƠNG",
    source="",
    note="Hệ thống không lưu cơ cấu tổ chức bộ máy làm công tác thi đua, khen thưởng: cán bộ nhập số liệu.",
    columns=(Column("n", ("Số lượng",), "1", input=True),),
    rows=(
        Row("01", "Tổng số", "Tổ chức", sum_of=("02", "03", "04", "05")),
        Row("", "Chia theo cơ cấu tổ chức bộ máy", heading=True),
        Row("02", "- Cấp Vụ thuộc bộ, ban, ngành, đoàn thể Trung ương", "Vụ", input=True, level=1),
        Row("03", "- Cấp phòng, ban hoặc bộ phận thuộc Vụ", "Phòng", input=True, level=1),
        Row("04", "- Cấp ban thuộc Sở Nội vụ", "Ban", input=True, level=1),
        Row("05", "- Cấp phòng thuộc Sở Nội vụ", "Phòng", input=True, level=1),
    ),
)

_AGES = ("02", "03", "04", "05", "06", "07")
F0605 = Form(
    code="0605", number="0605.N/BNV-TĐKT",
    title="SỐ LƯỢNG CÔNG CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG CỦA BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG, TỈNH, "
          "THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
    source="", unit_column=False,
    note="Hệ thống không lưu hồ sơ công chức làm công tác thi đua, khen thưởng: cán bộ nhập số liệu. Tổng số là "
         "tổng các nhóm tuổi.",
    columns=(Column("tong", ("Số lượng (Người)", "Tổng số"), "1", input=True),
             Column("nu", ("Số lượng (Người)", "Trong đó: Nữ"), "2", input=True)),
    rows=(
        Row("01", "Tổng số", sum_of=_AGES),
        Row("", "1. Chia theo độ tuổi", heading=True),
        *[Row(code, label, input=True, level=1) for code, label in zip(_AGES, (
            "- Từ 30 trở xuống", "- Từ 31 đến 40", "- Từ 41 đến 50", "- Từ 51 đến 55", "- Từ 56 đến 60",
            "- Trên 60 tuổi"), strict=True)],
        Row("", "2. Chia theo trình độ đào tạo", heading=True),
        *[Row(f"{8 + i:02d}", label, input=True, level=1) for i, label in enumerate((
            "- Sơ cấp", "- Trung cấp", "- Cao đẳng", "- Đại học", "- Trên đại học"))],
        Row("", "3. Chia theo thâm niên công tác trong lĩnh vực thi đua, khen thưởng", heading=True),
        *[Row(f"{13 + i:02d}", label, input=True, level=1) for i, label in enumerate((
            "- Dưới 5 năm", "- Từ 5 đến 10 năm", "- Từ 10 năm trở lên"))],
    ),
    limits=(("01", ("08", "09", "10", "11", "12")), ("01", ("13", "14", "15"))),
    part_of=(("nu", "tong"),),
)

TT02_2023 = FormSet(
    code="tt02-2023", circular="Thông tư số 02/2023/TT-BNV", signed=dt.date(2023, 3, 23),
    in_force=dt.date(2023, 5, 10), first_report_year=2022,
    forms=(F0601, F0602, F0603, F0604, F0605),
    period_start=(12, 1), period_start_previous_year=True, cutoff=(11, 30), due=(12, 15),
    sources_note=__doc__ or "",
)
