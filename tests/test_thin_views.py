"""Thin views: a POST that changes data calls one domain function that checks, writes and logs in one transaction.
The edits of a unit, a person and a cluster go through orgs.domain and clusters.domain; when the log cannot be
written, nothing of the edit stays (no half-saved record without its history)."""

import random

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.interfaces.forms import ClusterForm
from thidua.clusters.models import Cluster
from thidua.core import activity
from thidua.core.formatting import format_date
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.orgs.interfaces.forms import PersonForm, UnitForm
from thidua.orgs.models import Person, Unit, UnitName

pytestmark = pytest.mark.django_db


def posted(form) -> dict:
    """A form's current values as the browser would send them back."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = format_date(value) if hasattr(value, "strftime") else value
    return data


def broken(*args, **kwargs):
    raise RuntimeError("the log is down")


@pytest.fixture
def edits(s1, make_user):
    unit = s1["units"]["ca"]
    person = Person.objects.filter(unit=unit).order_by("pk").first() or Person.objects.bulk_create(
        b.people_rows(unit, 1, random.Random(8)))[0]
    return {"unit": unit, "person": person, "cluster": s1["cluster"],
            "officer": make_user("can-bo-sua", (Role.UNIT_OFFICER, unit)),
            "organiser": make_user("so-noi-vu-sua", (Role.ORGANISER_STAFF, s1["organiser"]))}


def test_a_person_edit_is_saved_and_logged_together(client, edits, monkeypatch):
    person, url = edits["person"], reverse("orgs:person_edit", args=[edits["person"].pk])
    client.force_login(edits["officer"])
    data = {**posted(PersonForm(instance=person)), "position": "Trưởng phòng mới"}
    monkeypatch.setattr(activity, "record", broken)
    with pytest.raises(RuntimeError):
        client.post(url, data)
    assert Person.objects.get(pk=person.pk).position == person.position
    monkeypatch.undo()
    assert client.post(url, data).status_code == 302
    assert Person.objects.get(pk=person.pk).position == "Trưởng phòng mới"
    entry = Activity.objects.filter(target_id=person.pk, target_type__model="person").get()
    assert entry.summary == "Sửa thông tin cá nhân" and entry.changes == [
        {"field": "chức vụ", "old": person.position, "new": "Trưởng phòng mới"}]


def test_a_unit_rename_is_saved_with_its_name_history_and_log_or_not_at_all(client, edits, monkeypatch):
    unit, url = edits["unit"], reverse("orgs:unit_edit", args=[edits["unit"].pk])
    client.force_login(edits["officer"])
    names = UnitName.objects.filter(unit=unit).count()
    data = {**posted(UnitForm(instance=unit)), "name": "Công an tỉnh Lạng Sơn (tên mới)"}
    monkeypatch.setattr(activity, "record", broken)
    with pytest.raises(RuntimeError):
        client.post(url, data)
    assert Unit.objects.get(pk=unit.pk).name == unit.name and UnitName.objects.filter(unit=unit).count() == names
    monkeypatch.undo()
    assert client.post(url, data).status_code == 302
    assert Unit.objects.get(pk=unit.pk).name == "Công an tỉnh Lạng Sơn (tên mới)"
    assert UnitName.objects.filter(unit=unit).count() == names + 1
    entry = Activity.objects.filter(scope=f"unit:{unit.pk}", summary="Sửa thông tin đơn vị").get()
    assert {"field": "tên đơn vị", "old": unit.name, "new": "Công an tỉnh Lạng Sơn (tên mới)"} in entry.changes


def test_a_cluster_edit_is_saved_and_logged_together(client, edits, monkeypatch):
    cluster, url = edits["cluster"], reverse("clusters:cluster_edit", args=[edits["cluster"].pk])
    client.force_login(edits["organiser"])
    data = {**posted(ClusterForm(instance=cluster)), "short_name": "Khối Nội chính"}
    monkeypatch.setattr(activity, "record", broken)
    with pytest.raises(RuntimeError):
        client.post(url, data)
    assert Cluster.objects.get(pk=cluster.pk).short_name == cluster.short_name
    monkeypatch.undo()
    assert client.post(url, data).status_code == 302
    assert Cluster.objects.get(pk=cluster.pk).short_name == "Khối Nội chính"
    entry = Activity.objects.filter(scope=cluster.scope, summary="Sửa thông tin cụm, khối").get()
    assert entry.changes[0]["new"] == "Khối Nội chính"


def test_a_refused_first_criterion_leaves_no_empty_scale_behind(client, edits):
    from thidua.clusters.domain.periods import create_period
    from thidua.scoring.models import CriteriaSet

    period = create_period(edits["cluster"], 2030)
    client.force_login(edits["organiser"])
    url = reverse("scoring:criteria", args=[period.pk])
    response = client.post(url, {"action": "add", "code": "1", "name": "Sáng kiến", "type": "per_occurrence",
                                 "max_points": "10"})
    assert response.status_code == 200 and "cần có số điểm mỗi lần" in response.content.decode()
    assert not CriteriaSet.objects.filter(period=period).exists()
    response = client.post(url, {"action": "add", "code": "1", "name": "Sáng kiến", "type": "per_occurrence",
                                 "max_points": "10", "points_per_occurrence": "2"})
    assert response.status_code == 302 and CriteriaSet.objects.get(period=period).criteria.count() == 1
    assert Activity.objects.filter(scope=edits["cluster"].scope, summary__startswith="Thêm tiêu chí 1.").exists()
