"""From ballot to proposal (issue 10 item 4): the nominations a cluster's ballot decided become one proposal of the
cluster, sent by its head unit, naming every nominated unit and person with the vote on each — checked against the
law like a nominee added by hand, printed with its votes on the list of nominees. Made once; only from final
results; only by the head unit's staff of the year or the organiser's staff."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dossiers.test_documents import docx_text, pdf_text
from thidua.accounts.models import Role
from thidua.awards.models import Award
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.dossiers.domain import from_ballot
from thidua.dossiers.models import Nominee, Proposal
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind
from thidua.voting.models import BallotSession

pytestmark = pytest.mark.django_db


def invented_ballot(tag: str = "a", merit: int = 2, *, finish: bool = True, split: bool = False,
                    unlisted: bool = False) -> dict:
    """An invented block of a province (not in the demo): a head unit, a unit voted for the flag, `merit` units
    voted for a certificate of merit, and a person of yet another member unit voted for an individual one. Five
    voters and more; every voter votes alike, so the counts are known (`split`: the flag's votes split 2–2 with one
    blank, so that nobody reaches the share and the question waits for another round; `unlisted`: one more question
    naming no catalogue award, the head unit voted by all)."""
    organiser = b.organiser(f"ubnd-{tag}", f"Ủy ban nhân dân tỉnh Thử {tag}", "province", area_code="cao-bang",
                            short_name=f"UBND tỉnh Thử {tag}", council_name=f"Hội đồng Thi đua - Khen thưởng tỉnh {tag}")
    cluster = b.cluster(f"khoi-{tag}", f"Khối thi đua Văn xã {tag}", organiser, kind="khoi", area_code="cao-bang")
    unit = lambda key, name: b.unit(f"{tag}-{key}", f"{name} {tag}", area_code="cao-bang",  # noqa: E731
                                    doc_abbreviation=key.upper())
    head, flag_unit, person_unit = unit("syt", "Sở Y tế"), unit("sgd", "Sở Giáo dục và Đào tạo"), \
        unit("svh", "Sở Văn hóa")
    merit_units = [unit(f"m{i}", f"Bệnh viện số {i}") for i in range(merit)]
    person = b.person(person_unit, f"Nguyễn Thị Thử {tag}", "female", "Trưởng phòng Nghiệp vụ", category="direct")
    members = [head, flag_unit, person_unit, *merit_units]
    period = create_period(cluster, 2024)
    add_members(period, members)
    set_leader(period, "head", head)
    set_leader(period, "deputy", flag_unit)
    advance_to(period, Phase.VOTING, reason="kiểm thử")
    session = voting.create_session(f"Bình xét, suy tôn năm 2024 ({tag})", SessionKind.NOMINATION, period=period,
                                    regulation_ref="Quy chế thi đua của Khối, Điều 9")
    flag = voting.add_question(session, QuestionKind.NOMINATE, "Suy tôn đơn vị dẫn đầu", award=Award.objects.get(
        code="co-tinh"))
    certificate = Award.objects.get(code="bk-tinh")
    collective = voting.add_question(session, QuestionKind.NOMINATE, "Bằng khen cho tập thể", award=certificate,
                                     max_choices=merit, seats=merit)
    individual = voting.add_question(session, QuestionKind.NOMINATE, "Bằng khen cho cá nhân",
                                     award_label="Bằng khen của Chủ tịch UBND tỉnh (cá nhân)", award=certificate)
    flag_choice = voting.add_candidate(flag, unit=flag_unit)
    head_choice = voting.add_candidate(flag, unit=head)
    merit_choices = [voting.add_candidate(collective, unit=u) for u in merit_units]
    voting.add_candidate(collective, unit=head)
    person_choice = voting.add_candidate(individual, person=person)
    extra = {}
    if unlisted:
        question = voting.add_question(session, QuestionKind.NOMINATE, "Biểu dương của Khối",
                                       award_label="Giấy biểu dương của Khối")
        extra[question.pk] = [voting.add_candidate(question, unit=head).pk]
    voting.open_session(session)
    voters = list(session.voters.order_by("pk"))
    for index, voter in enumerate(voters):
        flag_votes = [flag_choice.pk] if not split else [] if index == 4 else [(flag_choice, head_choice)[index % 2].pk]
        voting.cast_ballot(session, voter, {
            flag.pk: flag_votes, collective.pk: [c.pk for c in merit_choices],
            individual.pk: [person_choice.pk] if index < len(voters) - 1 else [],  # one voter leaves it blank
            **extra})
    voting.close_session(session)
    if finish:
        voting.tally_session(session)
        voting.apply_results(session)
    return {"organiser": organiser, "cluster": cluster, "period": period, "session": session, "head": head,
            "flag": flag, "flag_choice": flag_choice,
            "flag_unit": flag_unit, "merit_units": merit_units, "person": person, "person_unit": person_unit,
            "voters": len(voters)}


@pytest.fixture
def ballot(db):
    return invented_ballot()


@pytest.fixture
def users(ballot, make_user):
    other = b.organiser("ubnd-khac", "Ủy ban nhân dân tỉnh Khác", "province", area_code="lang-son")
    return {
        "head_staff": make_user("truong-khoi", (Role.HEAD_STAFF, ballot["head"])),
        "organiser_staff": make_user("so-noi-vu", (Role.ORGANISER_STAFF, ballot["organiser"])),
        "admin": make_user("quan-tri", (Role.ADMIN, None)),
        "head_officer": make_user("can-bo-syt", (Role.UNIT_OFFICER, ballot["head"])),
        "head_leader": make_user("giam-doc-syt", (Role.LEADER, ballot["head"])),
        "member_officer": make_user("can-bo-sgd", (Role.UNIT_OFFICER, ballot["flag_unit"])),
        "member_head_staff": make_user("truong-khac", (Role.HEAD_STAFF, ballot["flag_unit"])),
        "other_organiser": make_user("tinh-khac", (Role.ORGANISER_STAFF, other)),
    }


def make(client, session):
    return client.post(reverse("dossiers:proposal_from_ballot", args=[session.pk]))


def test_one_proposal_names_every_unit_and_person_the_ballot_chose_with_their_votes(ballot, users):
    done = from_ballot.proposal_from_ballot(ballot["session"], users["head_staff"])
    proposal = done.proposal
    assert done.created and not done.skipped
    # the cluster's proposal, sent by the head unit to the province, for the period's year
    assert (proposal.sender, proposal.recipient, proposal.period, proposal.year, proposal.ballot_session) == (
        ballot["head"], ballot["organiser"], ballot["period"], 2024, ballot["session"])
    nominees = list(proposal.nominees.select_related("award", "unit", "person").order_by("order"))
    named = [(n.name_as_written, n.award.code, n.subject, n.unit, n.votes_for, n.vote_ballots, n.vote_members,
              n.vote_round) for n in nominees]
    voters = ballot["voters"]
    m0, m1 = ballot["merit_units"]
    assert named == [
        (ballot["flag_unit"].name, "co-tinh", "collective", ballot["flag_unit"], voters, voters, voters, 1),
        (m0.name, "bk-tinh", "collective", m0, voters, voters, voters, 1),
        (m1.name, "bk-tinh", "collective", m1, voters, voters, voters, 1),
        (ballot["person"].full_name, "bk-tinh", "individual", ballot["person_unit"], voters - 1, voters, voters, 1),
    ]
    # units of three other members and a person of a fourth: none of them the sender's own
    assert {n.unit_id for n in nominees}.isdisjoint({ballot["head"].pk}) and len({n.unit_id for n in nominees}) == 4
    person = nominees[-1]
    assert person.person == ballot["person"] and person.position_as_written == "Trưởng phòng Nghiệp vụ"
    assert person.direct_worker and person.nomination.question.title == "Bằng khen cho cá nhân"
    assert from_ballot.vote_text(person) == "4 phiếu: 80% của 5 phiếu thu về, 80% của 5 thành viên; vòng 1"
    assert from_ballot.vote_text(nominees[0]) == "5 phiếu: 100% của 5 phiếu thu về, 100% của 5 thành viên; vòng 1"
    # each checked against the law as a hand-added nominee is; none dropped, whatever the answer
    for nominee in nominees:
        assert nominee.eligibility and nominee.eligibility_reasons, nominee
    # one log entry on the proposal, naming each nominee with its vote
    entries = Activity.objects.filter(target_type=ContentType.objects.get_for_model(Proposal), target_id=proposal.pk)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == users["head_staff"] and "2 tập thể" not in entry.summary and "3 tập thể, 1 cá nhân" in \
        entry.summary
    assert {"field": f"{ballot['person'].full_name} — Bằng khen của bộ, ban, ngành, tỉnh", "old": "",
            "new": "4 phiếu: 80% của 5 phiếu thu về, 80% của 5 thành viên; vòng 1"} in entry.changes


def test_a_nominee_the_law_refuses_stays_in_the_list_with_its_reasons(ballot, users, client):
    """The flag is grounded by the cluster's vote itself (eligibility reads the nominations); a certificate of merit
    needs records of the years before, which an invented unit or person lacks — the law refuses or asks for a look,
    and the nominee stays on the proposal all the same, its problems shown."""
    proposal = from_ballot.proposal_from_ballot(ballot["session"], users["head_staff"]).proposal
    nominees = list(proposal.nominees.order_by("order"))
    assert len(nominees) == 4
    assert nominees[0].eligibility == "eligible"  # the flag: the unit leads its cluster by the vote
    refused = [n for n in nominees if n.eligibility in ("not_eligible", "review")]
    assert refused, [(n.name_as_written, n.eligibility) for n in nominees]
    client.force_login(users["head_staff"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    for nominee in refused:
        row = page.split(f'id="nominee-{nominee.pk}"')[1].split("</tr>")[0]
        assert nominee.name_as_written in row and "Kết quả bỏ phiếu: " in row
        assert row.startswith(' class="nominee table-') and f'data-verdict="{nominee.eligibility}"' in row
        problems = [r for r in nominee.eligibility_reasons if r["ok"] is not True]
        assert problems and row.count('class="reason text-') >= len(problems)


def test_doing_it_twice_opens_the_same_proposal(ballot, users, client):
    first = from_ballot.proposal_from_ballot(ballot["session"], users["head_staff"])
    again = from_ballot.proposal_from_ballot(ballot["session"], users["organiser_staff"])
    assert not again.created and again.proposal == first.proposal
    assert Proposal.objects.count() == 1 and Nominee.objects.count() == 4
    client.force_login(users["head_staff"])
    response = make(client, ballot["session"])
    assert response.status_code == 302 and response.url == first.proposal.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Tờ trình từ kết quả phiên bỏ phiếu này đã được lập" in page
    minutes = reverse("voting:minutes_review_docx", args=[ballot["session"].pk])
    assert minutes in page.split('id="from-ballot"')[1].split("</div>")[0]  # the minutes to sign and upload
    assert client.get(minutes).status_code == 200
    assert Proposal.objects.count() == 1 and Nominee.objects.count() == 4
    assert Activity.objects.filter(summary__startswith="Lập tờ trình").count() == 1


def test_who_may_make_the_proposal(ballot, users, client):
    allowed = ("head_staff", "organiser_staff", "admin")
    refused = ("head_officer", "head_leader", "member_officer", "member_head_staff", "other_organiser")
    for name in refused:
        client.force_login(users[name])
        assert make(client, ballot["session"]).status_code == 403, name
        with pytest.raises(PermissionDenied):
            from_ballot.proposal_from_ballot(ballot["session"], users[name])
    assert not Proposal.objects.exists()
    client.logout()
    response = make(client, ballot["session"])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("dossiers:proposal_from_ballot", args=[ballot["session"].pk])).status_code == 405
    for name in allowed:
        client.force_login(users[name])
        response = make(client, ballot["session"])
        assert response.status_code == 302 and response.url == Proposal.objects.get().get_absolute_url(), name
        # whoever made it, each of them then sees it (the organiser's staff while the head unit drafts it)
        assert client.get(response.url).status_code == 200, name
    proposal = Proposal.objects.get()
    assert proposal.created_by == users["head_staff"]
    # the head unit's staff edit and send it; the organiser's staff and the members' officers do not
    assert users["head_staff"].has_perm("dossiers.change_proposal", proposal)
    assert users["head_officer"].has_perm("dossiers.change_proposal", proposal)
    assert not users["organiser_staff"].has_perm("dossiers.change_proposal", proposal)
    for name in ("member_officer", "other_organiser"):
        client.force_login(users[name])
        assert client.get(proposal.get_absolute_url()).status_code == 403, name


def test_the_results_page_offers_the_action_to_those_who_may_take_it(ballot, users, client):
    url = reverse("voting:results", args=[ballot["session"].pk])
    action = reverse("dossiers:proposal_from_ballot", args=[ballot["session"].pk])
    for name in ("head_staff", "organiser_staff"):
        client.force_login(users[name])
        page = client.get(url).content.decode()
        assert action in page and "Lập tờ trình đề nghị từ kết quả bỏ phiếu" in page, name
    client.force_login(users["member_officer"])
    response = client.get(url)
    assert response.status_code == 200 and action not in response.content.decode()


def test_only_final_results_and_only_once_applied(users, make_user, client):
    closed = invented_ballot("b", finish=False)
    staff = make_user("truong-b", (Role.HEAD_STAFF, closed["head"]))
    with pytest.raises(ValidationError, match="chưa phải kết quả cuối cùng: phiên đang “Đã kết thúc bỏ phiếu”"):
        from_ballot.proposal_from_ballot(closed["session"], staff)
    voting.tally_session(closed["session"])
    with pytest.raises(ValidationError, match="Chưa áp dụng kết quả bỏ phiếu cho: .*Bấm “Áp dụng kết quả”"):
        from_ballot.proposal_from_ballot(closed["session"], staff)
    client.force_login(staff)
    response = make(client, closed["session"])
    assert response.status_code == 302 and response.url == reverse("voting:results", args=[closed["session"].pk])
    assert "Chưa áp dụng kết quả bỏ phiếu" in client.get(response.url).content.decode()
    assert not Proposal.objects.exists() and not Activity.objects.filter(summary__startswith="Lập tờ trình").exists()
    voting.apply_results(closed["session"])
    assert from_ballot.proposal_from_ballot(closed["session"], staff).created


def test_a_question_waiting_for_another_round_is_not_final_and_the_round_that_decided_is_kept(make_user):
    split = invented_ballot("c", split=True)
    session = split["session"]
    staff = make_user("truong-c", (Role.HEAD_STAFF, split["head"]))
    with pytest.raises(ValidationError, match="“Suy tôn đơn vị dẫn đầu” chưa có kết quả \\(bỏ phiếu vòng mới"):
        from_ballot.proposal_from_ballot(session, staff)
    voting.apply_results(session)  # applied too early: still not final
    with pytest.raises(ValidationError, match="chưa có kết quả"):
        from_ballot.proposal_from_ballot(session, staff)
    assert not Proposal.objects.exists()
    voting.start_next_round(session)
    for voter in session.voters.all():
        voting.cast_ballot(session, voter, {split["flag"].pk: [split["flag_choice"].pk]})
    voting.close_session(session)
    voting.tally_session(session)
    voting.apply_results(session)
    proposal = from_ballot.proposal_from_ballot(session, staff).proposal
    rounds = {n.award.code + (n.person_id and "-person" or ""): n.vote_round
              for n in proposal.nominees.select_related("award")}
    assert rounds == {"co-tinh": 2, "bk-tinh": 1, "bk-tinh-person": 1}
    flag = proposal.nominees.get(award__code="co-tinh")
    assert from_ballot.vote_text(flag) == "5 phiếu: 100% của 5 phiếu thu về, 100% của 5 thành viên; vòng 2"


def test_a_winner_that_cannot_be_a_nominee_is_named_not_dropped(make_user, client):
    built = invented_ballot("d", unlisted=True)
    staff = make_user("truong-d", (Role.HEAD_STAFF, built["head"]))
    client.force_login(staff)
    response = make(client, built["session"])
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    why = f"{built['head'].name} — Giấy biểu dương của Khối: nội dung bỏ phiếu không gắn danh hiệu, hình thức trong " \
          "danh mục."
    page = client.get(response.url).content.decode()
    assert "Không đưa vào tờ trình: " + why in page
    assert proposal.nominees.count() == 4
    entry = Activity.objects.get(summary__startswith="Lập tờ trình")
    assert "không đưa vào: 1" in entry.summary
    assert {"field": "Không đưa vào tờ trình", "old": "", "new": why} in entry.changes


def test_a_council_session_is_not_a_cluster_proposal(make_user, s1):
    session = voting.create_session("Hội đồng xét", SessionKind.COUNCIL, council_name="Hội đồng tỉnh")
    admin = make_user("admin", (Role.ADMIN, None))
    with pytest.raises(ValidationError, match="chỉ kết quả bỏ phiếu của cụm, khối"):
        from_ballot.proposal_from_ballot(session, admin)


def test_the_queries_do_not_grow_with_the_nominees(make_user):
    counts = []
    ContentType.objects.get_for_model(Proposal)
    for tag, merit in (("q1", 1), ("q5", 5)):
        built = invented_ballot(tag, merit)
        staff = make_user(f"truong-{tag}", (Role.HEAD_STAFF, built["head"]))
        with CaptureQueriesContext(connection) as queries:
            done = from_ballot.proposal_from_ballot(built["session"], staff)
        assert len(done.nominees) == merit + 2
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_list_of_nominees_prints_the_votes(ballot, users, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = from_ballot.proposal_from_ballot(ballot["session"], users["head_staff"]).proposal
    BallotSession.objects.filter(pk=ballot["session"].pk).update(held_on=dt.date(2025, 1, 10))  # the meeting's day
    client.force_login(users["head_staff"])
    response = client.get(reverse("dossiers:nominees_docx", args=[proposal.pk]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "Kết quả bỏ phiếu bình xét" in text
    assert f"{ballot['person'].full_name} Trưởng phòng Nghiệp vụ, {ballot['person_unit'].name}" in text
    assert "4 phiếu: 80% của 5 phiếu thu về, 80% của 5 thành viên; vòng 1" in text
    assert text.count("5 phiếu: 100% của 5 phiếu thu về, 100% của 5 thành viên; vòng 1") == 3
    assert (f"Kết quả bỏ phiếu bình xét của {ballot['cluster'].name} tại phiên “{ballot['session'].title}” ngày 10 "
            "tháng 01 năm 2025 (Quy chế thi đua của Khối, Điều 9).") in text
    pdf = pdf_text(client.get(reverse("dossiers:nominees_pdf", args=[proposal.pk])).content)
    assert "Kết quả bỏ phiếu bình xét" in pdf and "80% của 5 phiếu thu về" in pdf
    # the proposal itself says whose vote grounds it
    paper = docx_text(client.get(reverse("dossiers:proposal_docx", args=[proposal.pk])).content)
    assert f"kết quả bình xét của {ballot['cluster'].name} (bỏ phiếu bình xét, suy tôn), {ballot['head'].name} kính" \
        in paper


def test_a_hand_made_list_keeps_its_columns(ballot, users, client):
    from thidua.dossiers.domain import workflow

    proposal = workflow.create_proposal(ballot["head"], ballot["organiser"], "Đề nghị", 2024)
    workflow.add_nominee(proposal, Award.objects.get(code="bk-tinh"), unit=ballot["head"])
    client.force_login(users["head_staff"])
    text = docx_text(client.get(reverse("dossiers:nominees_docx", args=[proposal.pk])).content)
    assert "Tóm tắt thành tích" in text and "Kết quả bỏ phiếu" not in text


def test_s1_2023_vote_becomes_the_cluster_proposal(s1_year, make_user):
    """S1's own ballot of 09/01/2024: the flag to the Court, certificates to the military command and the police
    battalion — three members — in one proposal the Court (head in 2023) sends."""
    units = s1_year["units"]
    session = s1_year["year_2023"]["vote"]["session"]
    staff = make_user("tand-truong", (Role.HEAD_STAFF, units["tand"]))
    done = from_ballot.proposal_from_ballot(session, staff)
    proposal = done.proposal
    assert proposal.sender == units["tand"] and proposal.recipient == s1_year["organiser"]
    by_unit = {n.unit_id: n for n in proposal.nominees.select_related("award")}
    assert set(by_unit) == {units["tand"].pk, units["bchqs"].pk, units["cscd2"].pk}
    assert by_unit[units["tand"].pk].award.code == "co-tinh"
    assert from_ballot.vote_text(by_unit[units["tand"].pk]) == \
        "7 phiếu: 100% của 7 phiếu thu về, 100% của 7 thành viên; vòng 1"
    assert by_unit[units["bchqs"].pk].votes_for == 6 and by_unit[units["cscd2"].pk].votes_for == 5


def test_a_head_unit_that_cannot_send_to_the_organiser_is_refused_not_redirected(ballot, users):
    """A head unit whose province is not the organiser's cannot send it the cluster's proposal by the province's
    channel: the action says so and writes nothing, instead of sending it to the head unit's own province."""
    from django.core.exceptions import ValidationError

    from thidua.dossiers.models import Proposal
    from thidua.orgs.models import Area

    head = ballot["head"]
    head.area = Area.objects.get(code="ha-noi")
    head.save(update_fields=["area"])
    b.organiser("ubnd-ha-noi", "Ủy ban nhân dân thành phố Hà Nội", "province", area_code="ha-noi")
    with pytest.raises(ValidationError, match="Không lập được tờ trình của cụm, khối"):
        from_ballot.proposal_from_ballot(ballot["session"], users["head_staff"])
    assert not Proposal.objects.filter(ballot_session=ballot["session"]).exists()
