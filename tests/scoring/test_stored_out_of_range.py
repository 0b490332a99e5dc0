"""A figure stored out of range on a score sheet breaks no page, export or document, is flagged on the sheet and
repaired there by who appraises, logged (issue 11 item 4). Before: 10¹² in a value column (or above 10⁶ in a
points column) made Django's SQLite reader raise decimal.InvalidOperation — the sheet, its Excel and PDF and the
ranking answered 500 for everyone. And 999.999.999.999,995 was accepted, then stored as 10¹² (two decimals)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from tests.scoring.test_views import post, self_values, sheet_url, text, year  # noqa: F401 (the fixture)
from thidua.clusters.domain.periods import advance_to
from thidua.clusters.enums import Phase
from thidua.core.models import Activity
from thidua.scoring.domain import repair, sheets
from thidua.scoring.models import ScoreEntry

pytestmark = pytest.mark.django_db


def corrupt(column: str, value: str, criterion) -> None:
    """Write a figure past the form's checks, as an older version or a database tool did."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE scoring_scoreentry SET {column} = {value} WHERE criterion_id = %s", [criterion.pk])


@pytest.fixture
def broken(year):  # noqa: F811 (the fixture imported above)
    y = year
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    sheet = sheets.get_sheet(y.period, y.units["ca"])
    sheets.save_self_assessment(sheet, self_values(y))
    return y, sheet


def test_the_ten_to_the_twelve_with_three_decimals_is_refused_on_the_form(client, broken):
    y, _sheet = broken
    for raw in ("999.999.999.999,995", "0,001", "1.000.000.000.000"):
        response = post(client, y.users.ca, sheet_url(y), {"action": "save", f"value_{y.c['q'].pk}": raw})
        assert response.status_code == 200, raw
        assert ScoreEntry.objects.get(sheet__unit=y.units["ca"], criterion=y.c["q"]).self_value == Decimal("95")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses such a value when it is written")
@pytest.mark.parametrize(("column", "value"), [("self_value", "1000000000000"), ("self_points", "1000000000000"),
                                               ("self_value", "1e30")])
def test_pages_exports_and_documents_still_answer_and_flag_it(client, broken, column, value):
    y, _sheet = broken
    corrupt(column, value, y.c["b"])
    for user in (y.users.ca, y.users.organiser):
        client.force_login(user)
        page = client.get(sheet_url(y))
        assert page.status_code == 200
        assert 'id="stored-problems"' in text(page)
        for name in ("scoring:sheet_pdf", "scoring:sheet_xlsx"):
            assert client.get(reverse(name, args=[y.period.pk, y.units["ca"].pk])).status_code == 200, name
    client.force_login(y.users.organiser)
    for name in ("scoring:sheet_list", "scoring:sheets_xlsx", "scoring:ranking", "scoring:ranking_pdf",
                 "scoring:ranking_xlsx"):
        assert client.get(reverse(name, args=[y.period.pk])).status_code < 500, name
    # the unit sees it flagged but is told who repairs it; the organiser gets the repair form
    client.force_login(y.users.ca)
    assert "sheet_repair" not in text(client.get(sheet_url(y))) and \
        'sua-so-lieu' not in text(client.get(sheet_url(y)))
    client.force_login(y.users.organiser)
    assert "sua-so-lieu" in text(client.get(sheet_url(y)))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses such a value when it is written")
def test_the_head_or_organiser_repairs_it_on_the_page_and_it_is_logged(client, broken):
    y, sheet = broken
    sheets.submit_self_assessment(sheet)  # the head unit sees a sheet once it is sent
    corrupt("self_value", "1000000000000", y.c["b"])
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=y.c["b"])
    url = reverse("scoring:sheet_repair", args=[y.period.pk, y.units["ca"].pk])
    data = {"entry": entry.pk, "stage": "self", "value": "3"}
    for who in ("ca", "outsider", "other_organiser"):
        assert post(client, getattr(y.users, who), url, data).status_code == 403, who
    logged = Activity.objects.count()
    refused = post(client, y.users.organiser, url, {**data, "value": "NaN"})  # refused: kept on the page
    assert refused.status_code == 200 and 'value="NaN"' in text(refused) and 'id="repair-errors"' in text(refused)
    assert ScoreEntry.objects.get(pk=entry.pk).self_value == Decimal(10) ** 12
    assert Activity.objects.count() == logged
    assert post(client, y.users.head, url, data).status_code == 302
    entry.refresh_from_db()
    assert (entry.self_value, entry.self_points) == (Decimal(3), Decimal(30))
    activity = Activity.objects.latest("pk")
    assert "ngoài phạm vi" in activity.summary and activity.changes[0]["old"] == "1.000.000.000.000"
    assert 'id="stored-problems"' not in text(client.get(sheet_url(y)))
    # once in range, nothing is left to repair here: the sheet's own steps apply
    again = post(client, y.users.head, url, data)
    assert again.status_code == 200 and "không ngoài phạm vi" in text(again)


def test_problems_are_found_from_what_the_page_read():
    from thidua.scoring.models import Criterion

    criterion = Criterion(pk=1, code="3", max_points=Decimal(40))
    entry = ScoreEntry(pk=7, criterion_id=1, self_value=Decimal("2"), self_points=Decimal("20"),
                       appraised_value=Decimal(10) ** 12, appraised_points=Decimal(40),
                       final_value=Decimal("5"), final_points=Decimal("50"))
    found = repair.stored_problems([criterion], {1: entry})
    assert [(p.stage, p.entry_id) for p in found] == [("appraised", 7), ("final", 7)]
    assert "vượt mức tối đa 40" in found[1].reason
