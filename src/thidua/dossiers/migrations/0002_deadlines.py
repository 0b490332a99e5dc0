from django.db import migrations

DEADLINES = [
    ("cluster", "Hồ sơ tổng kết của cụm, khối gửi Sở Nội vụ", 12, 10, 0,
     "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh (ví dụ quy định cấp tỉnh; sửa theo quy định của tỉnh)"),
    ("co-cp", "Hồ sơ đề nghị Cờ thi đua của Chính phủ gửi Bộ Nội vụ", 6, 30, 1, "Nghị định 98/2023/NĐ-CP, Điều 32"),
    ("cstd-tq", "Hồ sơ đề nghị Chiến sĩ thi đua toàn quốc gửi Bộ Nội vụ", 12, 31, 1, "Nghị định 98/2023/NĐ-CP, Điều 32"),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("dossiers", "DeadlineRule")
    for case, label, month, day, offset, source in DEADLINES:
        DeadlineRule.objects.get_or_create(case=case, defaults={"label": label, "month": month, "day": day,
                                                                "year_offset": offset, "source": source})


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
