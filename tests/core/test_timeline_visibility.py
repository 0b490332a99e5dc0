"""A timeline shows only entries about what the viewer may see (issue 11 item 2): the cluster's log and the unit's
timeline gathered score sheets with their points, people with their birth dates and positions, proposals, for
every logged-in user of any province, while those objects themselves answered 403. And the council's member
search stays inside the council's province or sector."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.core import activity
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.dossiers.domain import workflow
from thidua.orgs.domain import councils
from thidua.orgs.enums import CouncilRole
from thidua.orgs.models import CouncilMember, Person, Sector
from thidua.scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db


def models_of(entries) -> set[str]:
    return {e.target_type.model if e.target_type else "" for e in entries}


@pytest.fixture
def world(s1_year, s2, make_user):
    units = s1_year["units"]
    ca = units["ca"]
    person = Person.objects.filter(unit=ca).order_by("pk").first()
    # What the unit's timeline holds: a person's edit with the birth date and position, a file of people imported,
    # a draft proposal, and an edit of the unit's own record.
    activity.record(None, Activity.Action.UPDATE, person, f"unit:{ca.pk}", summary="Sửa thông tin cá nhân",
                    changes=[{"field": "ngày sinh", "old": "01/02/1970", "new": "02/01/1970"},
                             {"field": "chức vụ", "old": "Phó Giám đốc", "new": "Giám đốc"}])
    activity.record(None, Activity.Action.IMPORT, None, f"unit:{ca.pk}", label="ca-nhan.xlsx",
                    summary="Nhập 12 cá nhân từ Excel")
    workflow.create_proposal(ca, s1_year["organiser"], "Đề nghị khen thưởng năm 2023 của Công an tỉnh", 2023)
    activity.record(None, Activity.Action.UPDATE, ca, f"unit:{ca.pk}", summary="Sửa thông tin đơn vị")
    cluster = s1_year["cluster"]
    activity.record(None, Activity.Action.UPDATE, cluster, cluster.scope, summary="Sửa thông tin cụm, khối")
    return {
        "cluster": s1_year["cluster"], "unit": ca, "person": person, "s2": s2,
        "owner": make_user("ca", (Role.UNIT_OFFICER, ca)),
        "fellow": make_user("vks", (Role.UNIT_OFFICER, units["vks"])),
        "organiser": make_user("snv", (Role.ORGANISER_STAFF, s1_year["organiser"])),
        "outsider": make_user("tw", (Role.ORGANISER_STAFF, s2["organiser"])),
        "province_officer": make_user("cao-bang", (Role.UNIT_OFFICER, s2["provinces"]["cao-bang"])),
        "admin": make_user("quan-tri", (Role.ADMIN, None)),
    }


def cluster_log(client, world, who):
    client.force_login(world[who])
    response = client.get(reverse("clusters:cluster_activity", args=[world["cluster"].pk]))
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def all_cluster_entries(world):
    return list(Activity.objects.for_scope(world["cluster"].scope))


def test_score_sheets_and_the_years_work_stay_off_another_provinces_view_of_the_cluster(client, world):
    everything = all_cluster_entries(world)
    assert {"scoresheet", "emulationperiod", "cluster"} <= models_of(everything)
    for who in ("outsider", "province_officer"):
        seen = cluster_log(client, world, who)
        # the cluster's own record is public to every officer; its sheets, years and votes are its members'
        assert models_of(seen) <= {"cluster", "movement"}, who
        assert not any("điểm" in e.summary.lower() for e in seen if e.target_type.model != "cluster")
        detail = client.get(reverse("clusters:cluster_detail", args=[world["cluster"].pk]))
        assert models_of(detail.context["timeline"]) <= {"cluster", "movement"}


def test_the_organiser_and_the_administrator_see_the_whole_log(client, world):
    total = len(all_cluster_entries(world))
    assert total > 50  # more than one page: the filter works in the database, before paging
    client.force_login(world["organiser"])
    response = client.get(reverse("clusters:cluster_activity", args=[world["cluster"].pk]))
    assert response.context["page"].paginator.count == total
    client.force_login(world["admin"])
    response = client.get(reverse("clusters:cluster_activity", args=[world["cluster"].pk]))
    assert response.context["page"].paginator.count == total


def test_a_member_sees_the_sheets_the_scoring_rules_let_it_see(client, world):
    """S1's 2023 year is past peer review: a fellow member sees the other members' sheets (scoring.view_sheet), so
    their entries are on its view of the log, exactly as many as the log holds."""
    sheet_type = ContentType.objects.get_for_model(ScoreSheet)
    entries = Activity.objects.for_scope(world["cluster"].scope)
    seen = activity.visible_entries(world["fellow"], entries)
    assert seen.filter(target_type=sheet_type).count() == entries.filter(target_type=sheet_type).count() > 0
    client.force_login(world["fellow"])
    response = client.get(reverse("clusters:cluster_activity", args=[world["cluster"].pk]))
    assert response.context["page"].paginator.count == seen.count()


def test_a_unit_timeline_shows_its_people_only_to_the_unit_and_its_organiser(client, world):
    url = reverse("orgs:unit_detail", args=[world["unit"].pk])
    for who in ("fellow", "outsider", "province_officer"):
        client.force_login(world[who])
        response = client.get(url)
        assert response.status_code == 200  # the unit's identity is public to officers
        assert models_of(response.context["timeline"]) == {"unit"}, who
        assert "02/01/1970" not in response.content.decode()
    for who in ("owner", "organiser", "admin"):
        client.force_login(world[who])
        timeline = client.get(url).context["timeline"]
        assert {"unit", "person", ""} <= models_of(timeline), who
    client.force_login(world["owner"])
    assert "proposal" in models_of(client.get(url).context["timeline"])  # the sender's own draft


def test_an_entry_about_an_undeclared_kind_of_object_shows_to_the_administrator_only(world):
    sector = Sector.objects.order_by("pk").first()
    activity.record(None, Activity.Action.UPDATE, sector, world["cluster"].scope, summary="Một loại mới")
    entries = Activity.objects.for_scope(world["cluster"].scope)
    assert activity.target_view("orgs.sector") is None
    assert not activity.visible_entries(world["organiser"], entries).filter(target_id=sector.pk,
                                                                           summary="Một loại mới").exists()
    assert activity.visible_entries(world["admin"], entries).filter(summary="Một loại mới").exists()


def test_every_kind_of_object_the_demo_logs_on_a_timeline_declares_who_sees_it(world):
    kinds = (Activity.objects.filter(scope__regex=r"^(cluster|unit):").exclude(target_type=None)
             .values_list("target_type__app_label", "target_type__model").distinct())
    undeclared = sorted(f"{app}.{model}" for app, model in kinds if activity.target_view(f"{app}.{model}") is None)
    assert not undeclared


def test_the_cluster_log_costs_the_same_queries_with_more_entries(client, world, django_assert_max_num_queries):
    client.force_login(world["outsider"])
    url = reverse("clusters:cluster_activity", args=[world["cluster"].pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        client.get(url)


# -- the council's member search -------------------------------------------------------------------------------

@pytest.fixture
def council_world(s1_year, s2, make_user):
    organiser = s1_year["organiser"]
    council = councils.create_council(organiser, "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn")
    inside = b.person(s1_year["units"]["ca"], "Hoàng Văn Trong Tỉnh", "male", "Giám đốc")
    outside = b.person(s2["provinces"]["cao-bang"], "Hoàng Văn Ngoài Tỉnh", "male", "Chủ tịch UBND tỉnh")
    return {
        "council": council, "inside": inside, "outside": outside,
        # staff of Lạng Sơn's organiser and of the Central council, which reaches the provinces of its cluster
        "two_hats": make_user("hai-noi", (Role.ORGANISER_STAFF, organiser), (Role.ORGANISER_STAFF, s2["organiser"])),
        "admin": make_user("quan-tri", (Role.ADMIN, None)),
    }


@pytest.mark.parametrize("who", ["two_hats", "admin"])
def test_the_member_search_stays_inside_the_councils_province(client, council_world, who):
    client.force_login(council_world[who])
    url = reverse("orgs:council_member_add", args=[council_world["council"].pk])
    found = client.get(url, {"q": "hoang van"}).context["found"]
    assert council_world["inside"] in found
    assert council_world["outside"] not in found
    picked = client.get(url, {"person": council_world["outside"].pk}).context["form"]
    assert not picked.initial  # not offered by id either


def test_a_person_outside_the_province_is_refused_and_nothing_written(client, council_world):
    council = council_world["council"]
    client.force_login(council_world["two_hats"])
    before = Activity.objects.count()
    response = client.post(reverse("orgs:council_member_add", args=[council.pk]), {
        "person": council_world["outside"].pk, "name": "", "position": "", "role": CouncilRole.MEMBER,
        "valid_from": "02/01/2024", "valid_to": "", "decision_ref": ""})
    assert response.status_code == 400
    assert not CouncilMember.objects.filter(council=council).exists() and Activity.objects.count() == before
    with pytest.raises(ValidationError, match="không thuộc tỉnh, ngành"):
        councils.add_member(council, person=council_world["outside"], role=CouncilRole.MEMBER,
                            valid_from=dt.date(2024, 1, 2))
    assert not CouncilMember.objects.filter(council=council).exists()
    member = councils.add_member(council, person=council_world["inside"], role=CouncilRole.MEMBER,
                                 valid_from=dt.date(2024, 1, 2))
    assert member.person == council_world["inside"]
