"""The default rows of the public-notice rule (rules.md §6.3 item 6): editable afterwards by the system
administrator. Decree 98/2023 art 46(1)–(2) is [V2] (secondary sources; the clause text was not obtained); Decree
152/2025's equivalent article is not verified, while MoHA kept posting candidates for 10 working days after
1/7/2025 (its notice of 21/7/2025, [V S18]). State honorary titles (Anh hùng, Nhà giáo nhân dân…) are not in
the catalogue yet: tick them here when they are added."""

import datetime as dt

from django.db import migrations

COVERED = ["hcld-1", "hcld-2", "hcld-3", "cstd-tq"]
LABEL = "Huân chương, danh hiệu vinh dự nhà nước, Chiến sĩ thi đua toàn quốc"
RULES = [
    (dt.date(2024, 1, 1), dt.date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 1, 2",
     "Bộ, ngành, tỉnh công khai danh sách ít nhất 10 ngày làm việc trước khi Hội đồng thi đua, khen thưởng họp. "
     "Nguồn thứ cấp, chưa đối chiếu nguyên văn khoản (rules.md §6.3 mục 6)."),
    (dt.date(2025, 7, 1), None,
     "Nghị định 152/2025/NĐ-CP (điều khoản tương ứng chưa đối chiếu); Bộ Nội vụ lấy ý kiến 10 ngày làm việc "
     "(thông báo ngày 21/7/2025)",
     "Giữ như Nghị định 98/2023/NĐ-CP, Điều 46 cho đến khi đối chiếu được điều khoản của Nghị định 152/2025/NĐ-CP; "
     "sửa căn cứ khi có."),
]


def load(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    NoticeRule = apps.get_model("dossiers", "NoticeRule")
    awards = list(Award.objects.filter(code__in=COVERED)) + list(
        Award.objects.filter(name__startswith="Huân chương").exclude(code__in=COVERED))
    for start, end, source, note in RULES:
        if NoticeRule.objects.filter(valid_from=start).exists():
            continue
        rule = NoticeRule.objects.create(label=LABEL, working_days=10, valid_from=start, valid_to=end,
                                         source=source, note=note)
        rule.awards.set(awards)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0004_public_notice"), ("awards", "0002_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
