"""Figures typed on the scoring pages — self-assessment, appraisal, the peer matrix, a criterion's points, the
scale's bands — read the Vietnamese way: 1.003 is one thousand and three, 1,5 one and a half; 1.5 is refused
with a message saying to write 1,5, and nothing is saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.scoring import test_views
from tests.scoring.test_views import post, sheet_url, submitted, text
from thidua.clusters.domain.periods import advance_to
from thidua.clusters.enums import Phase
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.models import Criterion, PeerScore, ScoreEntry

pytestmark = pytest.mark.django_db
year = test_views.year  # the pages' cluster year (2026: TAND heads, Công an and VKS members), a fixture here too

DECIMAL_POINT = "viết phần thập phân sau dấu phẩy, ví dụ 1,5 (không viết 1.5)"


@pytest.mark.parametrize(("typed", "stored"), [("1.003", Decimal(1003)), ("1,5", Decimal("1.5"))])
def test_self_assessment_values(client, year, typed, stored):
    advance_to(year.period, Phase.SCORING, reason="kiểm thử")
    q, b = year.c["q"].pk, year.c["b"].pk
    assert post(client, year.users.ca, sheet_url(year), {"action": "save", f"value_{q}": typed,
                                                         f"value_{b}": "2"}).status_code == 302
    assert ScoreEntry.objects.get(criterion_id=q).self_value == stored
    assert f'value="{typed}"' in text(client.get(sheet_url(year)))  # written back as typed: 1.003, 1,5


def test_self_assessment_with_a_decimal_point_is_refused_and_nothing_saved(client, year):
    advance_to(year.period, Phase.SCORING, reason="kiểm thử")
    q, b = year.c["q"].pk, year.c["b"].pk
    response = post(client, year.users.ca, sheet_url(year), {"action": "save", f"value_{q}": "1.5",
                                                             f"value_{b}": "2"})
    assert response.status_code == 200
    assert DECIMAL_POINT in text(response) and f'name="value_{q}" value="1.5"' in text(response)
    assert not ScoreEntry.objects.exists()


def test_appraisal_values(client, year):
    submitted(year, "ca")
    q = year.c["q"].pk
    data = {"action": "appraise", "criterion": q, f"a{q}-reason": "Theo báo cáo thống kê"}
    response = post(client, year.users.head, sheet_url(year), {**data, f"a{q}-value": "1.5"})
    assert response.status_code == 200 and DECIMAL_POINT in text(response)
    assert ScoreEntry.objects.get(criterion_id=q).appraised_value is None
    assert post(client, year.users.head, sheet_url(year), {**data, f"a{q}-value": "1.003"}).status_code == 302
    assert ScoreEntry.objects.get(criterion_id=q).appraised_value == 1003
    assert post(client, year.users.head, sheet_url(year), {**data, f"a{q}-value": "1,5"}).status_code == 302
    assert ScoreEntry.objects.get(criterion_id=q).appraised_value == Decimal("1.5")


def test_peer_matrix_values(client, year):
    submitted(year, "tand", "ca", "vks", phase=Phase.PEER_REVIEW)
    url = reverse("scoring:peer", args=[year.period.pk])
    ca, tand = year.units["ca"].pk, year.units["tand"].pk
    response = post(client, year.users.ca, url, {f"p_{ca}_{tand}": "89.5"})
    assert response.status_code == 200 and DECIMAL_POINT in text(response)
    assert not PeerScore.objects.exists()
    assert post(client, year.users.ca, url, {f"p_{ca}_{tand}": "89,5"}).status_code == 302
    assert PeerScore.objects.get().points == Decimal("89.5")


@pytest.mark.parametrize(("typed", "stored"), [("1.003", Decimal(1003)), ("1,5", Decimal("1.5")), ("1.5", None)])
def test_criterion_points(client, year, typed, stored):
    year.period.phase = Phase.SETUP
    year.period.save()
    client.force_login(year.users.head)
    response = client.post(reverse("scoring:criteria", args=[year.period.pk]),
                           {"action": "add", "code": "6", "name": "Mới", "type": T.PASS_FAIL, "max_points": typed})
    criterion = Criterion.objects.filter(criteria_set=year.cset, code="6").first()
    if stored is None:
        assert response.status_code == 200 and DECIMAL_POINT in text(response) and criterion is None
    else:
        assert response.status_code == 302 and criterion.max_points == stored


def test_scale_bands_and_settings(client, year):
    year.period.phase = Phase.SETUP
    year.period.save()
    client.force_login(year.users.head)
    url = reverse("scoring:criteria", args=[year.period.pk])
    scale = {"action": "scale", "regulation_ref": "", "peer_rule": "median", "trim_count": "1",
             "peer_weight": "12,5", "outlier_gap": "15", "max_evidence_mb": "5", "bands_text": "Xuất sắc: 90"}
    for field, typed in (("bands_text", "Xuất sắc: 90\nTốt: 75.5"), ("peer_weight", "12.5"),
                         ("trim_count", "1,5")):
        response = client.post(url, {**scale, field: typed})
        assert response.status_code == 200, field
        assert (DECIMAL_POINT if field != "trim_count" else "không phải là số nguyên") in text(response), field
    year.cset.refresh_from_db()
    assert year.cset.peer_weight == 0 and year.cset.peer_rule != "median"
    assert client.post(url, {**scale, "bands_text": "Xuất sắc: 90\nTốt: 75,5"}).status_code == 302
    year.cset.refresh_from_db()
    assert year.cset.peer_weight == Decimal("12.5") and year.cset.bands[1] == {"label": "Tốt", "min": 75.5}
