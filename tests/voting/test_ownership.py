"""A council's session belongs to its organiser (issue 11 item 2, voting): a session of no emulation year belongs to
its council's organiser, else to the organiser of the staff who created it (BallotSession.organiser), and only that
organiser's staff (its secretariat) run it. Another province's organiser staff get 403 on every URL of the session
— found from voting.urls — and nothing changes; the receipt check answers only the session's voters and managers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.orgs.models import Area
from thidua.voting import urls as voting_urls
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind, SessionState
from thidua.voting.models import (
    Ballot,
    BallotSession,
    Candidate,
    Nomination,
    PaperCount,
    Participation,
    Question,
    QuestionResult,
    Receipt,
    Voter,
)

pytestmark = pytest.mark.django_db

FORM = {"title": "Phiên của tỉnh Bên Cạnh", "kind": "council", "electorate_kind": "persons",
        "council_name": "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm", "held_on": "", "threshold_numerator": 4,
        "threshold_denominator": 5, "threshold_basis": "all", "quorum_numerator": 4, "quorum_denominator": 5,
        "max_rounds": 2}


@pytest.fixture
def ctx(make_user):
    for code, name in (("tinh-thu-nghiem", "Tỉnh Thử Nghiệm"), ("tinh-ben-canh", "Tỉnh Bên Cạnh")):
        Area.objects.create(code=code, name=name, kind="province")
    mine = b.organiser("ubnd-thu-nghiem", "UBND tỉnh Thử Nghiệm", "province", area_code="tinh-thu-nghiem")
    other = b.organiser("ubnd-ben-canh", "UBND tỉnh Bên Cạnh", "province", area_code="tinh-ben-canh")
    unit = b.unit("vp-ubnd-tn", "Văn phòng UBND tỉnh Thử Nghiệm", area_code="tinh-thu-nghiem")
    persons = [b.person(unit, name, "female", "Ủy viên") for name in ("Cao Thị Một", "Đào Văn Hai", "Giang Thị Ba")]
    stranger = b.person(b.unit("vp-ubnd-bc", "Văn phòng UBND tỉnh Bên Cạnh", area_code="tinh-ben-canh"),
                        "Cao Thị Bên Cạnh", "female", "Chánh Văn phòng")
    return {"mine": mine, "other": other, "persons": persons, "stranger": stranger,
            "staff": make_user("to-chuc", (Role.ORGANISER_STAFF, mine)),
            "other_staff": make_user("to-chuc-ben-canh", (Role.ORGANISER_STAFF, other)),
            "both": make_user("hai-noi", (Role.ORGANISER_STAFF, mine), (Role.ORGANISER_STAFF, other)),
            "admin": make_user("quan-tri", (Role.ADMIN, None))}


def created_by_page(client, ctx) -> BallotSession:
    client.force_login(ctx["staff"])
    assert client.post(reverse("voting:council_create"), FORM).status_code == 302
    session = BallotSession.objects.get()
    assert session.organiser == ctx["mine"] and session.council is None
    voting.set_council(session, ctx["persons"])
    question = voting.add_question(session, QuestionKind.NOMINATE, "Chiến sĩ thi đua cơ sở")
    voting.add_candidate(question, label="Vũ Thị Đề Nghị")
    return voting.open_session(session)


def snapshot(session) -> tuple:
    session.refresh_from_db()
    counts = tuple(model.objects.count() for model in (Question, Candidate, Voter, Participation, Receipt,
                                                       PaperCount, QuestionResult, Nomination, Activity))
    return model_to_dict(session), counts, Ballot.objects.filter(cast=True).count()


def session_urls(session) -> list[str]:
    question = session.questions.get()
    keys = {"pk": session.pk, "question_pk": question.pk, "candidate_pk": question.candidates.get().pk}
    urls = []
    for pattern in voting_urls.urlpatterns:
        names = set(pattern.pattern.regex.groupindex)
        if "pk" in names:
            urls.append(reverse(f"voting:{pattern.name}", kwargs={k: keys[k] for k in names}))
    return urls


def test_another_provinces_staff_get_403_on_every_url_of_the_session_and_nothing_changes(client, ctx):
    session = created_by_page(client, ctx)
    voter = session.voters.first()
    question = session.questions.get()
    candidate = question.candidates.get()
    data = {**FORM, "voter": voter.pk, "voters": [v.pk for v in session.voters.all()], f"q{question.pk}": candidate.pk,
            "code": "ABCD-EFGH-JKLM", "text": "Quyết định", "candidate": candidate.pk, "ballots": 1, "invalid": 0,
            f"c{candidate.pk}": 1, "kind": QuestionKind.NOMINATE, "label": "Người lạ"}
    before = snapshot(session)
    urls = session_urls(session)
    assert len(urls) >= 25
    client.force_login(ctx["other_staff"])
    for url in urls:
        assert client.get(url).status_code in (403, 405), url  # 405: a POST-only URL
        assert client.post(url, data).status_code == 403, url
    assert snapshot(session) == before
    # the session's own organiser's staff run it
    client.force_login(ctx["staff"])
    assert client.get(reverse("voting:session_detail", args=[session.pk])).status_code == 200
    assert client.post(reverse("voting:session_close", args=[session.pk])).status_code == 302
    assert BallotSession.objects.get(pk=session.pk).state == SessionState.CLOSED


def test_the_list_shows_the_session_to_its_organisers_staff_only(client, ctx):
    session = created_by_page(client, ctx)
    for who, expected in (("staff", [session.pk]), ("other_staff", []), ("both", [session.pk]),
                          ("admin", [session.pk])):
        client.force_login(ctx[who])
        assert [s.pk for s in client.get(reverse("voting:index")).context["sessions"]] == expected, who


def test_one_who_works_for_two_organisers_names_the_council(client, ctx):
    client.force_login(ctx["both"])
    response = client.post(reverse("voting:council_create"), FORM)
    assert response.status_code == 200 and "hãy chọn hội đồng" in response.content.decode()
    assert response.context["form"]["title"].value() == FORM["title"] and not BallotSession.objects.exists()


def test_the_domain_refuses_another_organisers_session(ctx):
    with pytest.raises(PermissionDenied):
        voting.create_session("Phiên của người khác", SessionKind.COUNCIL, electorate_kind="persons",
                              council_name="Hội đồng", organiser=ctx["other"], actor=ctx["staff"])
    assert not BallotSession.objects.exists()


def test_a_session_without_an_owner_is_run_by_administrators_only(client, ctx):
    """Made before ownership was recorded, by someone the migration could not tell (or by the demo's loader)."""
    session = voting.create_session("Phiên cũ", SessionKind.COUNCIL, electorate_kind="persons", council_name="Hội đồng")
    assert session.organiser is None
    assert not ctx["staff"].has_perm("voting.manage_session", session)
    assert not ctx["other_staff"].has_perm("voting.manage_session", session)
    assert ctx["admin"].has_perm("voting.manage_session", session)


def test_council_members_are_found_and_added_within_the_organisers_province_only(client, ctx):
    client.force_login(ctx["staff"])
    client.post(reverse("voting:council_create"), FORM)
    session = BallotSession.objects.get()
    url = reverse("voting:council_members", args=[session.pk])
    assert [p.pk for p in client.get(url, {"q": "Cao Thị"}).context["found"]] == [ctx["persons"][0].pk]
    response = client.post(url, {"person": [ctx["stranger"].pk, ctx["persons"][1].pk]}, follow=True)
    assert "Không thuộc tỉnh, ngành của cơ quan tổ chức phiên bỏ phiếu: Cao Thị Bên Cạnh." in response.content.decode()
    assert not session.voters.exists()  # nothing added, not even the one within reach
    client.post(url, {"person": [ctx["persons"][1].pk]})
    assert [v.person_id for v in session.voters.all()] == [ctx["persons"][1].pk]


def test_the_sessions_log_entries_show_to_its_organisers_staff_only(client, ctx, django_assert_max_num_queries):
    from thidua.core.activity import visible_entries

    created_by_page(client, ctx)  # created and opened: entries about the session
    entries = Activity.objects.filter(target_type__model="ballotsession")
    assert entries.count() >= 2
    for who, sees in (("staff", True), ("other_staff", False), ("admin", True)):
        user = ctx[who]
        with django_assert_max_num_queries(4):  # the session read once with its council, not once per entry
            shown = list(visible_entries(user, entries))
        assert (len(shown) == entries.count()) if sees else shown == [], who
