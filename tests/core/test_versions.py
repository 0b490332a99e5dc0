"""No lost update (issue 11 item 3): two people open the same edit page; the first saves; the second's save, made
from the page loaded before, is refused with who changed what, what the second typed stays on the page, and the
first's values stay stored. Saved again from the refused page (which now carries the current version), it goes
through. For a score sheet, a unit, a person, a cluster, a period and a proposal (core.versions)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import LeadershipRole, Phase
from thidua.clusters.interfaces.forms import ClusterForm
from thidua.clusters.models import Cluster, EmulationPeriod
from thidua.core import versions
from thidua.core.formatting import format_date
from thidua.dossiers.domain import workflow
from thidua.orgs.interfaces.forms import OrganiserForm, PersonForm, UnitForm
from thidua.orgs.models import Person, Unit
from thidua.scoring.domain import sheets
from thidua.scoring.enums import CriterionType
from thidua.scoring.models import ScoreEntry

pytestmark = pytest.mark.django_db

REFUSED = "Kiểm tra lại rồi lưu"


def two_clients(make_user, *roles) -> tuple[Client, Client]:
    """Two people with the same role, each in a browser of their own."""
    a, b = Client(), Client()
    a.force_login(make_user("nguoi-sua-truoc", *roles))
    b.force_login(make_user("nguoi-sua-sau", *roles))
    return a, b


def loaded_version(response, name: str = "version") -> str:
    """The version a page's form carries, as the browser would post it back."""
    assert response.status_code == 200
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', response.content.decode())
    assert match, f"no {name} on the page"
    return match.group(1)


def posted(form) -> dict:
    """A form's current values as the browser would send them back (its version excepted)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == versions.FIELD or value is None or value is False:
            continue
        data[name] = format_date(value) if hasattr(value, "strftime") else value
    return data


def page(response) -> str:
    return response.content.decode()


def assert_refused(response, *expected: str) -> str:
    """B's page back (200), saying who changed what, and B's input on it."""
    assert response.status_code == 200
    text = page(response)
    assert REFUSED in text and "nguoi-sua-truoc" in text, text[:3000]
    for part in expected:
        assert part in text, part
    return text


def edit_race(url, data, a: Client, b: Client, a_changes: dict, b_changes: dict, *expected: str):
    """A and B load the page; A saves; B saves from the page loaded before: refused; B saves again from the page
    refused (which carries the current version): accepted."""
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(url, {**data, **a_changes, "version": version_a}).status_code == 302
    refused = b.post(url, {**data, **b_changes, "version": version_b})
    assert_refused(refused, *expected)
    again = b.post(url, {**data, **a_changes, **b_changes, "version": loaded_version(refused)})
    assert again.status_code == 302
    return refused


# -- a unit's record ----------------------------------------------------------------------------------------------

def test_a_unit_edited_by_two_people_keeps_the_first_phone_number(s1, make_user):
    unit = s1["units"]["ca"]
    unit.phone = ""
    unit.save(update_fields=["phone"])
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url = reverse("orgs:unit_edit", args=[unit.pk])
    data = posted(UnitForm(instance=unit))
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**data, "phone": "0205 3870 111", "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "email": "vanthu@congan.langson.gov.vn", "version": version_b})
    assert_refused(refused, "Điện thoại: (trống) → 0205 3870 111.", 'value="vanthu@congan.langson.gov.vn"')
    stored = Unit.objects.get(pk=unit.pk)
    assert (stored.phone, stored.email) == ("0205 3870 111", unit.email)  # A's, and B's e-mail not written
    # B has read what changed; the refused page carries the current version: B keeps A's phone and saves
    again = b.post(url, {**data, "phone": "0205 3870 111", "email": "vanthu@congan.langson.gov.vn",
                         "version": loaded_version(refused)})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.phone, stored.email) == ("0205 3870 111", "vanthu@congan.langson.gov.vn")


def test_a_unit_saved_with_its_current_version_or_without_one(s1, make_user):
    unit = s1["units"]["ca"]
    a, _b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url = reverse("orgs:unit_edit", args=[unit.pk])
    data = posted(UnitForm(instance=unit))
    assert a.post(url, {**data, "phone": "0205 1", "version": loaded_version(a.get(url))}).status_code == 302
    assert a.post(url, {**data, "phone": "0205 2", "version": loaded_version(a.get(url))}).status_code == 302
    assert a.post(url, {**data, "phone": "0205 3"}).status_code == 302  # no version posted: not checked
    assert Unit.objects.get(pk=unit.pk).phone == "0205 3"


def test_a_unit_changed_by_a_path_that_does_not_log_still_refuses_the_older_page(s1, make_user):
    unit = s1["units"]["ca"]
    a, _b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url = reverse("orgs:unit_edit", args=[unit.pk])
    data = posted(UnitForm(instance=unit))
    version = loaded_version(a.get(url))
    Unit.objects.filter(pk=unit.pk).update(phone="0205 9999")  # an update by query: no log entry
    response = a.post(url, {**data, "email": "x@langson.gov.vn", "version": version})
    assert response.status_code == 200
    assert "Bản ghi đã được thay đổi sau khi anh/chị mở trang này." in page(response)
    assert Unit.objects.get(pk=unit.pk).phone == "0205 9999"


# -- a person's record --------------------------------------------------------------------------------------------

def test_a_person_edited_by_two_people(s1, make_user):
    person = Person.objects.get(full_name="Chu Lệ Hường")
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, person.unit))
    url = reverse("orgs:person_edit", args=[person.pk])
    edit_race(url, posted(PersonForm(instance=person)), a, b, {"position": "Chánh án Tòa án nhân dân tỉnh"},
              {"rank": "Thẩm phán cao cấp"}, "Chánh án Tòa án nhân dân tỉnh", 'value="Thẩm phán cao cấp"')
    stored = Person.objects.get(pk=person.pk)
    assert (stored.position, stored.rank) == ("Chánh án Tòa án nhân dân tỉnh", "Thẩm phán cao cấp")


def test_a_person_refused_keeps_b_input_and_a_values(s1, make_user):
    person = Person.objects.get(full_name="Chu Lệ Hường")
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, person.unit))
    url = reverse("orgs:person_edit", args=[person.pk])
    data = posted(PersonForm(instance=person))
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**data, "position": "Phó Chánh án", "version": version_a}).status_code == 302
    assert_refused(b.post(url, {**data, "position": "Chánh án (B gõ)", "version": version_b}),
                   "Chức vụ: ", "→ Phó Chánh án.", 'value="Chánh án (B gõ)"')
    assert Person.objects.get(pk=person.pk).position == "Phó Chánh án"


# -- a cluster's record -------------------------------------------------------------------------------------------

def test_a_cluster_edited_by_two_people(s1, make_user):
    cluster = s1["cluster"]
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("clusters:cluster_edit", args=[cluster.pk])
    data = posted(ClusterForm(instance=cluster))
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**data, "short_name": "Khối Nội chính", "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "regulation_doc": "Quy chế số 12/QC-KNC", "version": version_b})
    assert_refused(refused, "Khối Nội chính", 'value="Quy chế số 12/QC-KNC"')
    stored = Cluster.objects.get(pk=cluster.pk)
    assert (stored.short_name, stored.regulation_doc) == ("Khối Nội chính", cluster.regulation_doc)
    assert b.post(url, {**data, "short_name": "Khối Nội chính", "regulation_doc": "Quy chế số 12/QC-KNC",
                        "version": loaded_version(refused)}).status_code == 302


# -- an organiser's record (set-up pages) --------------------------------------------------------------------------

def test_an_organiser_edited_by_two_of_its_staff(s1, make_user):
    organiser = s1["organiser"]
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, organiser))
    url = reverse("orgs:organiser_edit", args=[organiser.pk])
    data = posted(OrganiserForm(instance=organiser, may_set_kind=False))
    edit_race(url, data, a, b, {"council_name": "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn (mới)"},
              {"short_name": "UBND Lạng Sơn"}, "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn (mới)",
              'value="UBND Lạng Sơn"')
    organiser.refresh_from_db()
    assert (organiser.council_name, organiser.short_name) == ("Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn (mới)",
                                                              "UBND Lạng Sơn")


# -- a period: its head, its phase ----------------------------------------------------------------------------------

@pytest.fixture
def period(s1):
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units[k] for k in ("tand", "ca", "vks")])
    return period


def test_a_period_head_chosen_by_two_people(s1, make_user, period):
    units = s1["units"]
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url, action = reverse("clusters:period_detail", args=[period.pk]), reverse("clusters:period_set_leader",
                                                                               args=[period.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    head = {"role": LeadershipRole.HEAD, "method": "election", "decided_on": "15/01/2026"}
    assert a.post(action, {**head, "unit": units["tand"].pk, "decision_ref": "Biên bản A",
                           "version": version_a}).status_code == 302
    refused = b.post(action, {**head, "unit": units["ca"].pk, "decision_ref": "Biên bản họp của B",
                              "version": version_b})
    assert_refused(refused, f"(trống) → {units['tand'].name}", 'value="Biên bản họp của B"')
    assert list(period.leadership_terms.values_list("unit_id", flat=True)) == [units["tand"].pk]
    again = b.post(action, {**head, "unit": units["ca"].pk, "decision_ref": "Biên bản họp của B",
                            "version": loaded_version(refused)})
    assert again.status_code == 302
    assert list(period.leadership_terms.values_list("unit_id", flat=True)) == [units["ca"].pk]


def test_a_period_phase_moved_from_an_older_page_is_refused(s1, make_user, period):
    set_leader(period, LeadershipRole.HEAD, s1["units"]["tand"])
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("clusters:period_detail", args=[period.pk])
    version_b = loaded_version(b.get(url))
    a.post(reverse("clusters:period_set_leader", args=[period.pk]), {
        "role": LeadershipRole.HEAD, "unit": s1["units"]["vks"].pk, "method": "assignment",
        "version": loaded_version(a.get(url))})
    response = b.post(reverse("clusters:period_transition", args=[period.pk]),
                      {"phase": Phase.REGISTRATION, "version": version_b}, follow=True)
    assert REFUSED in page(response) and "nguoi-sua-truoc" in page(response)
    assert EmulationPeriod.objects.get(pk=period.pk).phase == Phase.SETUP
    response = b.post(reverse("clusters:period_transition", args=[period.pk]),
                      {"phase": Phase.REGISTRATION, "version": loaded_version(b.get(url))})
    assert EmulationPeriod.objects.get(pk=period.pk).phase == Phase.REGISTRATION


# -- a proposal ---------------------------------------------------------------------------------------------------

def test_a_proposal_signer_set_by_two_people(s1, make_user):
    unit = s1["units"]["tand"]
    chanh_an = Person.objects.get(full_name="Chu Lệ Hường")
    proposal = workflow.create_proposal(unit, s1["organiser"], "Đề nghị tặng Bằng khen", 2024)
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url, action = proposal.get_absolute_url(), reverse("dossiers:proposal_signer", args=[proposal.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(action, {"signer": chanh_an.pk, "signer_position": "Chánh án",
                           "version": version_a}).status_code == 302
    refused = b.post(action, {"signer": chanh_an.pk, "signer_position": "Phó Chánh án phụ trách",
                              "version": version_b})
    assert_refused(refused, "Người ký", "Chánh án Chu Lệ Hường", 'value="Phó Chánh án phụ trách"')
    proposal.refresh_from_db()
    assert proposal.signer_position == "Chánh án"
    assert b.post(action, {"signer": chanh_an.pk, "signer_position": "Phó Chánh án phụ trách",
                           "version": loaded_version(refused)}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.signer_position == "Phó Chánh án phụ trách"


# -- a score sheet ------------------------------------------------------------------------------------------------

@pytest.fixture
def scoring(s1, period):
    set_leader(period, LeadershipRole.HEAD, s1["units"]["tand"])
    cset = sheets.ensure_criteria_set(period)
    criteria = [sheets.add_criterion(cset, "1", "Báo cáo đúng hạn", CriterionType.PASS_FAIL, 20),
                sheets.add_criterion(cset, "2", "Sáng kiến", CriterionType.PER_OCCURRENCE, 40,
                                     points_per_occurrence=10)]
    advance_to(period, Phase.SCORING, reason="kiểm thử")
    return period, criteria


def test_a_score_sheet_saved_by_two_people_keeps_the_first_values(s1, make_user, scoring):
    period, (report, ideas) = scoring
    unit = s1["units"]["ca"]
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url = reverse("scoring:sheet", args=[period.pk, unit.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {"action": "save", f"value_{report.pk}": "1", f"value_{ideas.pk}": "3",
                        f"comment_{ideas.pk}": "Ba sáng kiến", "version": version_a}).status_code == 302
    refused = b.post(url, {"action": "save", f"value_{report.pk}": "1", f"value_{ideas.pk}": "",
                           f"comment_{report.pk}": "B ghi chú đúng hạn", "version": version_b})
    assert_refused(refused, "Tiêu chí 2: (trống) → 3", "B ghi chú đúng hạn")
    entries = {e.criterion_id: e for e in ScoreEntry.objects.filter(sheet__unit=unit, sheet__period=period)}
    assert entries[ideas.pk].self_value == 3 and entries[ideas.pk].self_comment == "Ba sáng kiến"
    assert entries[report.pk].self_comment == ""
    # sent from the refused page, which now carries the current version: saved (B chose to keep 3)
    again = b.post(url, {"action": "save", f"value_{report.pk}": "1", f"value_{ideas.pk}": "3",
                         f"comment_{report.pk}": "B ghi chú đúng hạn", "version": loaded_version(refused)})
    assert again.status_code == 302
    assert ScoreEntry.objects.get(sheet__unit=unit, criterion=report).self_comment == "B ghi chú đúng hạn"


def test_a_score_sheet_sent_from_an_older_page_is_refused(s1, make_user, scoring):
    period, (report, ideas) = scoring
    unit = s1["units"]["ca"]
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url = reverse("scoring:sheet", args=[period.pk, unit.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {"action": "save", f"value_{report.pk}": "0", f"value_{ideas.pk}": "1",
                        "version": version_a}).status_code == 302
    refused = b.post(url, {"action": "submit", f"value_{report.pk}": "1", f"value_{ideas.pk}": "2",
                           "version": version_b})
    assert_refused(refused, "Tiêu chí 1: (trống) → 0")
    sheet = sheets.get_sheet(period, unit)
    assert sheet.state == "draft"
    assert {e.criterion_id: e.self_value for e in sheet.entries.all()} == {report.pk: 0, ideas.pk: 1}


def test_an_appraisal_from_an_older_page_is_refused(s1, make_user, scoring):
    period, (report, ideas) = scoring
    unit = s1["units"]["ca"]
    sheet = sheets.get_sheet(period, unit)
    assert sheets.save_and_submit(sheet, {report.pk: (1, ""), ideas.pk: (2, "")}) == []
    advance_to(period, Phase.APPRAISAL, reason="kiểm thử")
    a, b = two_clients(make_user, (Role.HEAD_STAFF, s1["units"]["tand"]))
    url = reverse("scoring:sheet", args=[period.pk, unit.pk])
    name = f"a{ideas.pk}-version"
    version_a, version_b = loaded_version(a.get(url), name), loaded_version(b.get(url), name)
    appraise = {"action": "appraise", "criterion": ideas.pk}
    assert a.post(url, {**appraise, f"a{ideas.pk}-value": "1", f"a{ideas.pk}-reason": "Một sáng kiến chưa công nhận",
                        name: version_a}).status_code == 302
    refused = b.post(url, {**appraise, f"a{ideas.pk}-value": "0", f"a{ideas.pk}-reason": "Lý do của B",
                           name: version_b})
    assert_refused(refused, "Điểm thẩm định", "Lý do của B")
    assert ScoreEntry.objects.get(sheet=sheet, criterion=ideas).appraisal_reason == "Một sáng kiến chưa công nhận"


def test_an_appraisal_from_a_page_loaded_before_the_lock_is_told_the_sheet_is_locked(s1, make_user, scoring):
    """The lock is what stops the save, so the lock is what the page says, not who changed the sheet last."""
    period, (report, ideas) = scoring
    unit = s1["units"]["ca"]
    sheet = sheets.get_sheet(period, unit)
    assert sheets.save_and_submit(sheet, {report.pk: (1, ""), ideas.pk: (2, "")}) == []
    advance_to(period, Phase.APPRAISAL, reason="kiểm thử")
    _a, b = two_clients(make_user, (Role.HEAD_STAFF, s1["units"]["tand"]))
    url = reverse("scoring:sheet", args=[period.pk, unit.pk])
    name = f"a{ideas.pk}-version"
    version_b = loaded_version(b.get(url), name)
    # meanwhile the other head-unit officer appraises criterion 1 and locks the sheet
    sheets.appraise_entry(ScoreEntry.objects.get(sheet=sheet, criterion=report), "1", "Đúng hạn")
    sheets.lock_sheet(sheet)
    sheet.refresh_from_db()
    assert sheet.state == "locked"
    refused = b.post(url, {"action": "appraise", "criterion": ideas.pk, f"a{ideas.pk}-value": "0",
                           f"a{ideas.pk}-reason": "Lý do của B", name: version_b})
    text = refused.content.decode()
    assert f"đã khóa ngày {format_date(sheet.locked_at.astimezone().date())}" in text
    assert "Bản ghi đã được" not in text
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=ideas)
    assert entry.appraised_points == entry.self_points and entry.appraisal_reason != "Lý do của B"  # as self-assessed


# -- the message --------------------------------------------------------------------------------------------------

def test_the_message_names_each_change_since_the_page_was_loaded(s1, make_user):
    unit = s1["units"]["ca"]
    first = make_user("nguoi-sua-truoc", (Role.UNIT_OFFICER, unit))
    from thidua.orgs.domain.units import save_unit_changes, version

    loaded = version(unit)
    unit.phone, unit.address = "0205 1", "Số 1 đường Lê Lợi"
    save_unit_changes(unit, actor=first)
    stored = Unit.objects.get(pk=unit.pk)
    stored.email = "b@langson.gov.vn"
    with pytest.raises(versions.StaleVersion) as refused:
        save_unit_changes(stored, actor=first, loaded_version=loaded)
    message = refused.value.messages[0]
    assert message.startswith("Bản ghi đã được nguoi-sua-truoc sửa lúc ")
    assert "Điện thoại: (trống) → 0205 1" in message and "Địa chỉ: (trống) → Số 1 đường Lê Lợi" in message
    assert message.endswith("Kiểm tra lại rồi lưu.")
    assert refused.value.current == version(Unit.objects.get(pk=unit.pk))
    save_unit_changes(stored, actor=first, loaded_version=refused.value.current)
    assert Unit.objects.get(pk=unit.pk).email == "b@langson.gov.vn"


@pytest.mark.parametrize("junk", ["abc", "9" * 80, "²-x", "-", "0-", " "])
def test_a_made_up_version_is_refused_with_a_message_not_an_error(s1, make_user, junk):
    unit = s1["units"]["ca"]
    a, _b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url = reverse("orgs:unit_edit", args=[unit.pk])
    response = a.post(url, {**posted(UnitForm(instance=unit)), "phone": "0205 7", "version": junk})
    if junk.strip():
        assert response.status_code == 200 and REFUSED in page(response)
        assert Unit.objects.get(pk=unit.pk).phone == unit.phone
    else:  # blank: as a form without a version
        assert response.status_code == 302
