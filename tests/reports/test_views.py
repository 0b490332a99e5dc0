"""The cluster's figures page and its drill-down to the records behind each figure."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.reports.domain.figures import cluster_year_figures

pytestmark = pytest.mark.django_db


def test_s1_figures_page_as_reported_and_every_number_drills_down(client, s1_year, make_user):
    period = s1_year["cluster"].periods.get(year=2023)
    staff = make_user("ubnd", (Role.ORGANISER_STAFF, s1_year["organiser"]))
    client.force_login(staff)
    url = reverse("reports:cluster_figures", args=[period.pk])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert ">1.003<" in page and ">3.427<" in page and ">89,4%<" in page
    figures = cluster_year_figures(period)
    central = reverse("reports:figures_drilldown", args=[period.pk]) + "?subject=individual&level=central"
    assert f'href="{central}"' in page.replace("&amp;", "&")
    response = client.get(central)
    assert response.status_code == 200
    assert f"({figures.individuals['central']} lượt)" in response.content.decode()
    sheet = load_workbook(io.BytesIO(client.get(central + "&export=xlsx").content)).active
    assert sheet.max_row == 1 + figures.individuals["central"]
    level = [c.value for c in sheet[1]].index("Cấp") + 1
    assert {sheet.cell(row=r, column=level).value for r in range(2, sheet.max_row + 1)} == {"Trung ương"}
    direct = client.get(reverse("reports:figures_drilldown", args=[period.pk]) + "?subject=individual&direct=1")
    assert "(3.064 lượt)" in direct.content.decode()
    assert client.get(reverse("reports:figures_drilldown", args=[period.pk]) + "?subject=nobody").status_code == 404


def test_who_may_see_the_figures(client, s1, make_user):
    period = s1["cluster"].periods.get(year=2023)
    urls = [reverse("reports:cluster_figures", args=[period.pk]),
            reverse("reports:figures_drilldown", args=[period.pk])]
    member = make_user("tand", (Role.UNIT_OFFICER, s1["units"]["tand"]))
    outsider = make_user("snv", (Role.UNIT_OFFICER, s1["units"]["snv"]))  # not a member of the block
    admin = make_user("admin", (Role.ADMIN, None))
    for user, status in ((member, 200), (admin, 200), (outsider, 403)):
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [status, status], user
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_drill_down_does_not_query_per_record(client, s1, make_user):
    period = s1["cluster"].periods.get(year=2023)
    tand = s1["units"]["tand"]
    client.force_login(make_user("ubnd", (Role.ORGANISER_STAFF, s1["organiser"])))
    url = reverse("reports:figures_drilldown", args=[period.pk])
    award = Award.objects.get(code="ttldtt")
    counts = []
    for n in (1, 3):
        AwardRecord.objects.all().delete()
        AwardRecord.objects.bulk_create([AwardRecord(
            award=award, subject="collective", unit=tand, recipient_name=f"Phòng {i}", year=2023, level="local",
            decision_number=f"{i}/QĐ", decision_date=dt.date(2023, 12, 1), signed_by="Chánh án") for i in range(n)])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
