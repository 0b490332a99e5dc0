"""Organisers move from clusters to orgs (layers: accounts and orgs sit below clusters, and a role assignment
points at an organiser). State only here: the table stays `clusters_organiser` until 0006 renames it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0004_person_names"),
        ("clusters", "0003_phases"),
        # awards 0003 recomputes sort keys through the historical clusters.Organiser: it must run first.
        ("awards", "0003_sort_keys_e_circumflex"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="Organiser",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("search_text", models.CharField(default="", editable=False, max_length=600,
                                                     verbose_name="chuỗi tìm kiếm")),
                    ("sort_key", models.CharField(default="", editable=False, max_length=240,
                                                  verbose_name="khóa sắp xếp")),
                    ("code", models.SlugField(max_length=60, unique=True, verbose_name="mã")),
                    ("name", models.CharField(max_length=255, verbose_name="tên cơ quan tổ chức")),
                    ("short_name", models.CharField(blank=True, max_length=120, verbose_name="tên viết tắt")),
                    ("kind", models.CharField(choices=[("province", "Tỉnh, thành phố (Hội đồng TĐKT tỉnh)"),
                                                       ("central", "Hội đồng Thi đua - Khen thưởng Trung ương"),
                                                       ("sector", "Bộ, ngành")], max_length=10, verbose_name="loại")),
                    ("council_name", models.CharField(blank=True, max_length=255,
                                                      verbose_name="hội đồng thi đua - khen thưởng")),
                    ("area", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                               to="orgs.area", verbose_name="tỉnh, thành phố")),
                    ("sector", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                                 to="orgs.sector", verbose_name="ngành")),
                ],
                options={
                    "verbose_name": "cơ quan tổ chức cụm, khối",
                    "verbose_name_plural": "cơ quan tổ chức cụm, khối",
                    "ordering": ["sort_key"],
                    "db_table": "clusters_organiser",
                },
            ),
        ]),
    ]
