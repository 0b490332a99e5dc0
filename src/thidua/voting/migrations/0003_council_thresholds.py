"""Council thresholds per question (issue 9 item 1): the session's meeting day, each question's own threshold,
and the law's thresholds per award and rule set as data.

Seeded rows (rules.md §6.2, "Votes required"): Decree 98/2023/NĐ-CP art 30(7) [V S4] — ≥ 90% of all council
members for CSTĐ toàn quốc and CSTĐ cấp tỉnh, ≥ 80% for CSTĐ cơ sở, Cờ thi đua cấp bộ/tỉnh and Cờ thi đua của
Chính phủ (Anh hùng is not in the catalogue yet). Decree 152/2025/NĐ-CP: the same values, marked carried over and
not verified ([R] "carried into Decree 152"), until someone checks its article and edits the rows."""

import django.db.models.deletion
from django.db import migrations, models

ND98_ARTICLE = "Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7"
ND98_NOTE = ("Bỏ phiếu kín; ≥ 90% tổng số thành viên hội đồng với Anh hùng, Chiến sĩ thi đua toàn quốc, Chiến sĩ thi "
             "đua cấp bộ, ban, ngành, tỉnh; ≥ 80% với Chiến sĩ thi đua cơ sở, Cờ thi đua cấp bộ, ban, ngành, tỉnh, "
             "Cờ thi đua của Chính phủ; thành viên vắng mặt cho ý kiến bằng văn bản (shared/domain/rules.md §6.2, "
             "đã xác minh [V S4]).")
ND152_ARTICLE = "Nghị định 152/2025/NĐ-CP (giữ tỷ lệ của Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7)"
ND152_NOTE = ("Chuyển tiếp, chưa xác minh: rules.md §6.2 ghi tỷ lệ này được giữ trong Nghị định 152/2025/NĐ-CP [R] "
              "nhưng chưa đối chiếu được điều khoản; sửa căn cứ và bỏ đánh dấu khi đã xác minh.")
# award code → (numerator, denominator): "≥", on all council members.
SHARES = {"cstd-tq": (9, 10), "cstd-tinh": (9, 10), "cstd-cs": (4, 5), "co-tinh": (4, 5), "co-cp": (4, 5)}
ROWS = [("nd98-2023", ND98_ARTICLE, False, ND98_NOTE), ("nd152-2025", ND152_ARTICLE, True, ND152_NOTE)]


def seed(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    RuleSet = apps.get_model("awards", "RuleSet")
    VoteThreshold = apps.get_model("voting", "VoteThreshold")
    awards = {a.code: a for a in Award.objects.filter(code__in=SHARES)}
    for rule_set_code, article, carried_over, note in ROWS:
        rule_set = RuleSet.objects.filter(code=rule_set_code).first()
        if rule_set is None:
            continue
        for code, (numerator, denominator) in SHARES.items():
            if code in awards:
                VoteThreshold.objects.get_or_create(award=awards[code], rule_set=rule_set, defaults={
                    "numerator": numerator, "denominator": denominator, "strict": False, "basis": "all",
                    "article": article, "carried_over": carried_over, "source_note": note})


def unseed(apps, schema_editor):
    apps.get_model("voting", "VoteThreshold").objects.filter(
        award__code__in=SHARES, rule_set__code__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0002_catalogue'),
        ('voting', '0002_award_link'),
    ]

    operations = [
        migrations.AddField(
            model_name='ballotsession',
            name='held_on',
            field=models.DateField(blank=True, help_text='Để trống: ngày mở phiên bỏ phiếu. Tỷ lệ theo quy định có hiệu lực vào ngày này.', null=True, verbose_name='ngày họp, biểu quyết'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_basis',
            field=models.CharField(blank=True, choices=[('all', 'Trên tổng số thành viên'), ('present', 'Trên số phiếu thu về')], max_length=8, verbose_name='tính tỷ lệ'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_denominator',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tỷ lệ đạt: mẫu số'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_numerator',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tỷ lệ đạt: tử số'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_reason',
            field=models.TextField(blank=True, verbose_name='lý do hội đồng quyết định tỷ lệ riêng'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_ref',
            field=models.CharField(blank=True, max_length=300, verbose_name='căn cứ của tỷ lệ đạt'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_replaced',
            field=models.CharField(blank=True, max_length=300, verbose_name='tỷ lệ theo quy định được thay'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_source',
            field=models.CharField(blank=True, choices=[('law', 'Theo quy định của pháp luật'), ('regulation', 'Theo quy chế của cụm, khối hoặc hội đồng'), ('override', 'Hội đồng quyết định riêng')], max_length=10, verbose_name='tỷ lệ đạt theo'),
        ),
        migrations.AddField(
            model_name='question',
            name='threshold_strict',
            field=models.BooleanField(blank=True, null=True, verbose_name='phải vượt quá tỷ lệ (>)'),
        ),
        migrations.CreateModel(
            name='VoteThreshold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('numerator', models.PositiveSmallIntegerField(verbose_name='tỷ lệ đạt: tử số')),
                ('denominator', models.PositiveSmallIntegerField(verbose_name='tỷ lệ đạt: mẫu số')),
                ('strict', models.BooleanField(default=False, verbose_name='phải vượt quá tỷ lệ (>)')),
                ('basis', models.CharField(choices=[('all', 'Trên tổng số thành viên'), ('present', 'Trên số phiếu thu về')], default='all', max_length=8, verbose_name='tính tỷ lệ')),
                ('article', models.CharField(max_length=255, verbose_name='căn cứ')),
                ('carried_over', models.BooleanField(default=False, help_text='Giữ tỷ lệ của văn bản trước; chưa đối chiếu được điều khoản của văn bản này.', verbose_name='chuyển tiếp, chưa xác minh')),
                ('source_note', models.TextField(blank=True, verbose_name='ghi chú nguồn')),
                ('award', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='awards.award', verbose_name='danh hiệu, hình thức')),
                ('rule_set', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='awards.ruleset', verbose_name='bộ quy định')),
            ],
            options={
                'verbose_name': 'tỷ lệ biểu quyết của hội đồng',
                'verbose_name_plural': 'tỷ lệ biểu quyết của hội đồng',
                'ordering': ['rule_set', 'award'],
                'constraints': [models.UniqueConstraint(fields=('award', 'rule_set'), name='vote_threshold_award_rule_set'), models.CheckConstraint(condition=models.Q(('denominator__gte', 1), ('numerator__gte', 1), ('numerator__lte', models.F('denominator'))), name='vote_threshold_share')],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
