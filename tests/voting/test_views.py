"""The voting pages: who may do what (403 otherwise), preparation with its blockers, the voter's ballot and
its receipt shown once, bad input refused in Vietnamese with nothing counted, paper and written votes,
closing, the count, the results and their flow, the minutes read back from the PDF and the .docx, and a
fixed number of queries whatever the number of candidates."""

import io
import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import advance_to
from thidua.clusters.enums import Phase
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import Channel, QuestionKind, SessionKind, SessionState
from thidua.voting.models import Ballot, BallotChoice, BallotSession, Nomination, PaperCount, Participation

pytestmark = pytest.mark.django_db

MEMBERS = ["tand", "thads", "bchqs", "bdbp", "ca", "vks", "cscd2"]


@pytest.fixture
def ctx(s1, make_user):
    units = s1["units"]
    period = s1["cluster"].periods.get(year=2023)
    users = {key: make_user(f"lanh-dao-{key}", (Role.LEADER, units[key])) for key in MEMBERS}
    return {
        "units": units, "period": period, "users": users, "organiser": s1["organiser"],
        "head": make_user("truong-cum", (Role.HEAD_STAFF, units["tand"])),
        "officer": make_user("can-bo-ca", (Role.UNIT_OFFICER, units["ca"])),
        "outsider": make_user("so-noi-vu", (Role.LEADER, units["snv"])),
        "organiser_staff": make_user("so-nv-to-chuc", (Role.ORGANISER_STAFF, s1["organiser"])),
    }


def build_session(ctx, candidates=MEMBERS, open_it=True):
    """Two questions: the flag (1 choice, 1 seat) and the chair's certificate of merit (2 choices, 2 seats)."""
    units = ctx["units"]
    session = voting.create_session("Suy tôn năm 2023", SessionKind.NOMINATION, period=ctx["period"],
                                    regulation_ref="Quy chế hoạt động của Khối")
    flag = voting.add_question(session, QuestionKind.NOMINATE, "Suy tôn đơn vị dẫn đầu", "Cờ thi đua của UBND tỉnh")
    merit = voting.add_question(session, QuestionKind.NOMINATE, "Đề nghị tặng Bằng khen",
                                "Bằng khen của Chủ tịch UBND tỉnh", max_choices=2, seats=2)
    for question in (flag, merit):
        for key in candidates:
            voting.add_candidate(question, unit=units[key])
    if open_it:
        advance_to(ctx["period"], Phase.VOTING, reason="kiểm thử")
        session = voting.open_session(session)
    return {"session": session, "flag": flag, "merit": merit}


def cid(question, ctx, key):
    return question.candidates.get(unit=ctx["units"][key]).pk


def post_ballot(client, s, ctx, flag_key, merit_keys):
    data = {f"q{s['flag'].pk}": [cid(s["flag"], ctx, flag_key)],
            f"q{s['merit'].pk}": [cid(s["merit"], ctx, k) for k in merit_keys]}
    return client.post(reverse("voting:ballot", args=[s["session"].pk]), data)


def counted():
    return Ballot.objects.filter(cast=True).count(), Participation.objects.count(), BallotChoice.objects.count()


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
                          ).stdout.decode()


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


# -- permissions ----------------------------------------------------------------------------------------------

def test_who_may_see_and_manage_the_sessions_of_a_year(client, ctx):
    s = build_session(ctx, open_it=False)
    period, session = ctx["period"], s["session"]
    list_url = reverse("voting:session_list", args=[period.pk])
    for user, status in ((ctx["head"], 200), (ctx["organiser_staff"], 200), (ctx["users"]["ca"], 200),
                         (ctx["outsider"], 403)):
        client.force_login(user)
        assert client.get(list_url).status_code == status, user
        assert client.get(reverse("voting:session_detail", args=[session.pk])).status_code == status, user
    client.force_login(ctx["users"]["ca"])  # a member's leader sees the session but manages nothing
    html = client.get(list_url).content.decode()
    assert "Suy tôn năm 2023" in html and "Tạo phiên bỏ phiếu" not in html
    html = client.get(reverse("voting:session_detail", args=[session.pk])).content.decode()
    assert "Mở phiên bỏ phiếu" not in html
    manage_posts = [
        reverse("voting:session_create", args=[period.pk]), reverse("voting:question_add", args=[session.pk]),
        reverse("voting:candidate_add", args=[session.pk, s["flag"].pk]),
        reverse("voting:question_delete", args=[session.pk, s["flag"].pk]),
        reverse("voting:session_rules", args=[session.pk]), reverse("voting:session_open", args=[session.pk]),
        reverse("voting:session_close", args=[session.pk]), reverse("voting:session_tally", args=[session.pk]),
        reverse("voting:paper_voters", args=[session.pk]), reverse("voting:paper_ballot", args=[session.pk]),
        reverse("voting:paper_counts", args=[session.pk, s["flag"].pk]), reverse("voting:written", args=[session.pk]),
        reverse("voting:next_round", args=[session.pk]), reverse("voting:apply", args=[session.pk]),
        reverse("voting:leaders_decision", args=[session.pk, s["flag"].pk]),
    ]
    for url in manage_posts:
        assert client.post(url, {}).status_code == 403, url
    assert client.get(reverse("voting:paper", args=[session.pk])).status_code == 403
    assert client.get(reverse("voting:results", args=[session.pk])).status_code == 403  # not counted yet
    client.force_login(ctx["outsider"])
    assert client.get(reverse("voting:ballot", args=[session.pk])).status_code == 403
    assert BallotSession.objects.get(pk=session.pk).state == SessionState.DRAFT
    assert s["flag"].candidates.count() == 7


def test_head_prepares_a_session_sees_the_blockers_and_opens_it(client, ctx):
    client.force_login(ctx["head"])
    period = ctx["period"]
    response = client.post(reverse("voting:session_create", args=[period.pk]), {
        "title": "Bình xét năm 2023", "kind": "nomination", "electorate_kind": "units",
        "regulation_ref": "Quy chế Khối", "threshold_numerator": 1, "threshold_denominator": 2,
        "threshold_strict": "on", "threshold_basis": "all", "quorum_numerator": 2, "quorum_denominator": 3,
        "max_rounds": 2})
    session = BallotSession.objects.get(title="Bình xét năm 2023")
    assert response.status_code == 302 and session.period == period and session.quorum_numerator == 2
    detail = reverse("voting:session_detail", args=[session.pk])
    html = client.get(detail).content.decode()
    assert "Chưa có nội dung bỏ phiếu." in html and 'id="open-session" disabled' in html

    client.post(reverse("voting:question_add", args=[session.pk]), {
        "kind": "nominate", "title": "Suy tôn đơn vị dẫn đầu", "award_label": "Cờ thi đua của UBND tỉnh",
        "max_choices": 1, "seats": 1})
    question = session.questions.get()
    units = ctx["units"]
    client.post(reverse("voting:candidate_add", args=[session.pk, question.pk]),
                {"units": [units[k].pk for k in MEMBERS]})
    assert question.candidates.count() == 7
    # a unit outside the period's members cannot be picked
    response = client.post(reverse("voting:candidate_add", args=[session.pk, question.pk]),
                           {"units": [units["snv"].pk]})
    assert question.candidates.count() == 7
    html = client.get(detail).content.decode()
    assert "giai đoạn" in html and "Bình xét, suy tôn" in html  # the phase blocker, in words
    # a threshold above 1 is refused with a message
    response = client.post(reverse("voting:session_rules", args=[session.pk]), {
        "title": "Bình xét năm 2023", "regulation_ref": "", "threshold_numerator": 3, "threshold_denominator": 2,
        "threshold_basis": "all", "quorum_numerator": 2, "quorum_denominator": 3, "max_rounds": 2}, follow=True)
    assert "Tỷ lệ đạt phải là một phân số" in response.content.decode()
    assert BallotSession.objects.get(pk=session.pk).threshold_numerator == 1

    response = client.post(reverse("voting:session_open", args=[session.pk]), follow=True)
    assert "Chưa mở được phiên bỏ phiếu" in response.content.decode()
    assert BallotSession.objects.get(pk=session.pk).state == SessionState.DRAFT

    advance_to(period, Phase.VOTING, reason="kiểm thử")
    html = client.get(detail).content.decode()
    assert 'id="ready"' in html and 'data-confirm="Mở phiên bỏ phiếu?' in html
    response = client.post(reverse("voting:session_open", args=[session.pk]), follow=True)
    assert "Đã mở phiên bỏ phiếu; 7 người, đơn vị được bỏ phiếu" in response.content.decode()
    session.refresh_from_db()
    assert session.state == SessionState.OPEN and session.voters.count() == 7
    assert "0/7 đã bỏ phiếu" in client.get(detail).content.decode()
    # frozen: no more candidates
    response = client.post(reverse("voting:candidate_add", args=[session.pk, question.pk]), {"label": "Thêm"},
                           follow=True)
    assert "đã chốt" in response.content.decode() and question.candidates.count() == 7


# -- casting --------------------------------------------------------------------------------------------------

def test_a_representative_votes_once_and_sees_the_receipt_once(client, ctx):
    s = build_session(ctx)
    client.force_login(ctx["users"]["ca"])
    url = reverse("voting:ballot", args=[s["session"].pk])
    html = client.get(url).content.decode()
    assert f'type="radio" name="q{s["flag"].pk}"' in html and f'type="checkbox" name="q{s["merit"].pk}"' in html
    assert 'data-confirm="Gửi phiếu bầu?' in html
    # the ballot's help says what keeps it secret and what does not (issue 11): the box shaken at the close, and a
    # watcher of the live database while the round is open
    help_text = re.sub(r"\s+", " ", html[html.index('id="ballot-secrecy"'):])
    assert "hệ thống xáo trộn hòm phiếu" in help_text and "trong lúc vòng bỏ phiếu còn mở" in help_text
    response = post_ballot(client, s, ctx, "tand", ["bchqs", "cscd2"])
    html = response.content.decode()
    code = re.search(r'id="receipt-code">([A-Z0-9-]+)<', html).group(1)
    assert "chỉ hiện <strong>một lần</strong>" in html and "no-store" in response["Cache-Control"]
    assert "không dẫn tới lá phiếu" in html
    assert counted() == (1, 1, 3)
    assert voting.verify_receipt(s["session"], code)
    # the code is not kept anywhere the user could read it again
    assert code not in client.get(url).content.decode()
    assert code not in client.get(reverse("voting:session_detail", args=[s["session"].pk])).content.decode()
    # a second visit and a second vote
    assert "Đơn vị Công an tỉnh Lạng Sơn đã bỏ phiếu ở vòng này." in client.get(url).content.decode()
    response = post_ballot(client, s, ctx, "vks", ["ca"])
    assert response.status_code == 400
    assert "Công an tỉnh Lạng Sơn đã bỏ phiếu ở vòng này." in response.content.decode()
    assert counted() == (1, 1, 3)
    # another officer of the same unit cannot vote for it again either
    client.force_login(ctx["officer"])
    assert post_ballot(client, s, ctx, "vks", []).status_code == 400
    assert counted() == (1, 1, 3)
    # progress: counts only
    client.force_login(ctx["head"])
    assert "1/7 đã bỏ phiếu" in client.get(reverse("voting:progress", args=[s["session"].pk])).content.decode()


def test_bad_ballots_are_refused_in_vietnamese_and_nothing_is_counted(client, ctx):
    s = build_session(ctx)
    client.force_login(ctx["users"]["bdbp"])
    url = reverse("voting:ballot", args=[s["session"].pk])
    flag, merit = s["flag"], s["merit"]
    cases = [
        ({f"q{flag.pk}": [999999]}, "lựa chọn không có trong danh sách bỏ phiếu"),
        ({f"q{flag.pk}": [cid(merit, ctx, "tand")]}, "lựa chọn không có trong danh sách bỏ phiếu"),
        ({f"q{merit.pk}": [cid(merit, ctx, k) for k in ("tand", "ca", "vks")]},
         "chọn 3, nhiều hơn số được chọn tối đa (2)"),
        ({f"q{flag.pk}": [cid(flag, ctx, "tand"), cid(flag, ctx, "ca")]},
         "chọn 2, nhiều hơn số được chọn tối đa (1)"),
        ({f"q{flag.pk}": ["abc"]}, "Lựa chọn không hợp lệ."),
    ]
    for data, message in cases:
        response = client.post(url, data)
        html = response.content.decode()
        assert response.status_code == 400 and message in html and "Phiếu chưa được ghi nhận." in html, message
    assert counted() == (0, 0, 0)
    # a ballot for a closed session
    voting.close_session(s["session"])
    response = post_ballot(client, s, ctx, "tand", [])
    assert "Phiên bỏ phiếu không mở; không nhận phiếu." in response.content.decode()
    assert "Phiên bỏ phiếu không mở" in client.get(url).content.decode()
    assert counted() == (0, 0, 0)


def test_receipt_check_for_the_sessions_voters_and_managers_and_a_forged_code(client, ctx):
    s = build_session(ctx)
    session = s["session"]
    code = voting.cast_ballot(session, session.voters.get(unit=ctx["units"]["ca"]), {})
    url = reverse("voting:receipt_check", args=[session.pk])
    assert client.get(url).status_code == 302  # logged in only
    client.force_login(ctx["outsider"])  # not a voter of this session, not one who runs it
    assert client.get(url).status_code == 403 and client.post(url, {"code": code}).status_code == 403
    client.force_login(ctx["users"]["tand"])  # another voter of the session
    html = client.post(url, {"code": code.lower()}).content.decode()
    # the round is open: the ballot is in the box, not counted yet — the page says only that
    assert "Phiếu có mã này đã được bỏ vào hòm phiếu vòng 1; phiếu sẽ được kiểm" in html and "đã được kiểm." not in html
    assert "không dẫn tới lá phiếu" in html
    assert "Không tìm thấy phiếu nào có mã này." in client.post(url, {"code": "ABCD-EFGH-JKLM"}).content.decode()
    voting.close_session(session)
    voting.tally_session(session)
    client.force_login(ctx["head"])  # one who runs it
    html = client.post(url, {"code": code}).content.decode()
    assert "Phiếu có mã này đã được bỏ vào hòm phiếu vòng 1 và đã được kiểm." in html
    assert counted()[0] == 1


# -- the counting committee -----------------------------------------------------------------------------------

def test_paper_ballots_one_by_one_and_as_counts_and_a_written_vote(client, ctx):
    s = build_session(ctx)
    session, flag, merit = s["session"], s["flag"], s["merit"]
    voters = {v.unit_id: v for v in session.voters.all()}
    units = ctx["units"]
    client.force_login(ctx["head"])
    assert client.get(reverse("voting:paper", args=[session.pk])).status_code == 200
    # no paper voter recorded yet: a paper ballot is refused
    data = {f"q{flag.pk}": [cid(flag, ctx, "tand")]}
    response = client.post(reverse("voting:paper_ballot", args=[session.pk]), data)
    assert response.status_code == 400 and "đã bằng số người bỏ phiếu giấy" in response.content.decode()
    client.post(reverse("voting:paper_voters", args=[session.pk]),
                {"voters": [voters[units[k].pk].pk for k in ("tand", "thads", "bchqs")]})
    assert Participation.objects.filter(channel=Channel.PAPER).count() == 3
    # again for one of them: refused, nothing more
    response = client.post(reverse("voting:paper_voters", args=[session.pk]), {"voters": [voters[units["tand"].pk].pk]})
    assert response.status_code == 400 and "đã bỏ phiếu ở vòng này" in response.content.decode()
    assert client.post(reverse("voting:paper_ballot", args=[session.pk]), data).status_code == 302
    assert client.post(reverse("voting:paper_ballot", args=[session.pk]), {"invalid": "1"}).status_code == 302
    # counts: more than the paper voters left is refused
    counts_url = reverse("voting:paper_counts", args=[session.pk, flag.pk])
    response = client.post(counts_url, {"ballots": 5, "invalid": 0})
    assert response.status_code == 400 and "nhiều hơn số người bỏ phiếu giấy còn lại" in response.content.decode()
    response = client.post(counts_url, {"ballots": 1, "invalid": 0, f"c{cid(flag, ctx, 'tand')}": 2})
    assert response.status_code == 400 and "vượt quá số phiếu hợp lệ" in response.content.decode()
    assert not PaperCount.objects.exists()
    assert client.post(counts_url, {"ballots": 1, "invalid": 0, f"c{cid(flag, ctx, 'tand')}": 1}).status_code == 302
    # a written vote of an absent member
    written = reverse("voting:written", args=[session.pk])
    assert "Người, đơn vị vắng mặt" in client.get(written).content.decode()
    response = client.post(written, {"voter": voters[units["vks"].pk].pk, **data})
    assert response.status_code == 302
    assert Participation.objects.get(voter=voters[units["vks"].pk]).channel == Channel.WRITTEN
    response = client.post(written, {"voter": voters[units["vks"].pk].pk, **data})
    assert response.status_code == 400 and "đã bỏ phiếu ở vòng này" in response.content.decode()
    # close and count: 2 paper ballots entered + 1 as a count + 1 written = 4 returned, TAND 3 votes
    client.post(reverse("voting:session_close", args=[session.pk]))
    client.post(reverse("voting:session_tally", args=[session.pk]))
    result = flag.results.get(round=1)
    assert result.ballots_cast == 4 and result.ballots_valid == 3
    assert {r["label"]: r["votes"] for r in result.rows}[units["tand"].name] == 3
    text = re.sub(r"\s+", " ", pdf_text(client.get(reverse("voting:minutes_count_pdf", args=[session.pk])).content))
    assert "phiếu giấy: 3" in text and "ý kiến bằng văn bản của người vắng mặt: 1" in text
    assert merit.results.get(round=1).ballots_cast == 3  # its paper ballots were not entered as counts


# -- closing, the count, the results, the minutes -------------------------------------------------------------

def vote_all(ctx, s, flags, merits=None):
    merits = merits or {}
    for key, flag_key in flags.items():
        voter = s["session"].voters.get(unit=ctx["units"][key])
        voting.cast_ballot(s["session"], voter, {
            s["flag"].pk: [cid(s["flag"], ctx, flag_key)] if flag_key else [],
            s["merit"].pk: [cid(s["merit"], ctx, k) for k in merits.get(key, [])]})


def test_close_count_results_minutes_and_apply(client, ctx):
    s = build_session(ctx)
    session = s["session"]
    vote_all(ctx, s, {"tand": "tand", "thads": "tand", "bchqs": "tand", "bdbp": "tand", "ca": "tand", "vks": "ca"},
             {k: ["bchqs", "cscd2"] for k in MEMBERS})
    client.force_login(ctx["users"]["ca"])
    assert client.get(reverse("voting:results", args=[session.pk])).status_code == 403  # not counted yet
    client.force_login(ctx["head"])
    html = client.get(reverse("voting:session_detail", args=[session.pk])).content.decode()
    assert "6/7 đã bỏ phiếu" in html and 'id="close-session"' in html
    response = client.post(reverse("voting:session_close", args=[session.pk]), follow=True)
    assert "Đã kết thúc bỏ phiếu" in response.content.decode()
    response = client.post(reverse("voting:session_tally", args=[session.pk]), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("voting:results", args=[session.pk])
    assert "Đạt" in html and "5 phiếu (71,43%), đạt &gt; 50% tổng số thành viên." in html
    assert 'id="apply-results"' in html
    # members see the results once counted; others do not
    client.force_login(ctx["users"]["vks"])
    assert client.get(reverse("voting:results", args=[session.pk])).status_code == 200
    client.force_login(ctx["outsider"])
    assert client.get(reverse("voting:results", args=[session.pk])).status_code == 403
    assert client.get(reverse("voting:minutes_count_pdf", args=[session.pk])).status_code == 403

    client.force_login(ctx["head"])
    response = client.post(reverse("voting:apply", args=[session.pk]), follow=True)
    assert "Đã áp dụng kết quả: 3 đề nghị khen thưởng" in response.content.decode()
    assert {(n.unit.short_name, n.votes) for n in Nomination.objects.all()} == {
        ("TAND tỉnh", 5), ("Bộ CHQS tỉnh", 6), ("Tiểu đoàn CSCĐ số 2", 6)}

    # minutes of the count: PDF and Word, with the figures
    response = client.get(reverse("voting:minutes_count_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    flat = re.sub(r"\s+", " ", text)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "KHỐI THI ĐUA CÁC CƠ QUAN" in text and "NỘI CHÍNH TỈNH LẠNG SƠN" in text
    assert "được bỏ phiếu: 7" in flat and "Số phiếu thu về: 6" in flat and "số phiếu hợp lệ: 6" in flat
    assert re.search(r"Tòa án nhân dân tỉnh[^\n]*?\s5\s+71,43\s+Đạt", text)
    assert "> 50%" in flat and "TRƯỞNG BAN KIỂM PHIẾU" in text
    docx = docx_text(client.get(reverse("voting:minutes_count_docx", args=[session.pk])).content)
    assert "BIÊN BẢN KIỂM PHIẾU" in docx and "Số phiếu thu về: 6; số phiếu hợp lệ: 6" in docx
    assert "Tòa án nhân dân tỉnh Lạng Sơn | 5 | 71,43 | Đạt" in docx
    assert "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn | 6 | 85,71 | Đạt" in docx
    # minutes of the review meeting: the cluster named, the nominations
    text = re.sub(r"\s+", " ", pdf_text(client.get(reverse("voting:minutes_review_pdf", args=[session.pk])).content))
    assert "BIÊN BẢN HỌP BÌNH XÉT THI ĐUA" in text
    assert "năm 2023 của Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn" in text
    assert "Tòa án nhân dân tỉnh Lạng Sơn: Cờ thi đua của UBND tỉnh (5/7 phiếu)" in text
    docx = docx_text(client.get(reverse("voting:minutes_review_docx", args=[session.pk])).content)
    assert "Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn" in docx and "Cờ thi đua của UBND tỉnh (5/7 phiếu)" in docx
    # Excel of the results
    response = client.get(reverse("voting:results", args=[session.pk]), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Nội dung bỏ phiếu", "Vòng", "STT", "Người, đơn vị", "Số phiếu")
    assert ("Suy tôn đơn vị dẫn đầu", 1, 1, "Tòa án nhân dân tỉnh Lạng Sơn", 5) in [r[:5] for r in rows]


def test_an_election_flows_into_next_years_period(client, ctx):
    units = ctx["units"]
    session = voting.create_session("Bầu trưởng, phó khối năm 2024", SessionKind.ELECTION, period=ctx["period"])
    head_q = voting.add_question(session, QuestionKind.ELECT_HEAD, "Bầu Trưởng khối năm 2024")
    for key in MEMBERS:
        voting.add_candidate(head_q, unit=units[key])
    advance_to(ctx["period"], Phase.VOTING, reason="kiểm thử")
    session = voting.open_session(session)
    for voter in session.voters.all():
        voting.cast_ballot(session, voter, {head_q.pk: [head_q.candidates.get(unit=units["vks"]).pk]})
    voting.close_session(session)
    voting.tally_session(session)
    client.force_login(ctx["head"])
    response = client.post(reverse("voting:apply", args=[session.pk]), follow=True)
    html = response.content.decode()
    assert "khối trưởng, khối phó năm 2024" in html and 'id="next-period"' in html  # S1 is a block (khối)
    assert ctx["period"].cluster.periods.get(year=2024).leadership_terms.get(role="head").unit == units["vks"]
    text = re.sub(r"\s+", " ", pdf_text(client.get(reverse("voting:minutes_review_pdf", args=[session.pk])).content))
    assert "Khối trưởng năm 2024: Viện kiểm sát nhân dân tỉnh Lạng Sơn" in text


def test_a_tie_a_second_round_and_the_leaders_decision(client, ctx):
    s = build_session(ctx)
    session = s["session"]
    keys = ["tand", "tand", "tand", "ca", "ca", "ca", "vks"]
    merits = {k: ["bchqs", "cscd2"] for k in MEMBERS}
    vote_all(ctx, s, dict(zip(MEMBERS, keys, strict=True)), merits)
    voting.close_session(session)
    voting.tally_session(session)
    client.force_login(ctx["head"])
    html = client.get(reverse("voting:results", args=[session.pk])).content.decode()
    assert "Chưa có kết quả: “Suy tôn đơn vị dẫn đầu”" in html and 'id="next-round"' in html
    client.post(reverse("voting:next_round", args=[session.pk]))
    session.refresh_from_db()
    assert session.current_round == 2 and session.state == SessionState.OPEN
    # round 2's ballot holds only the undecided question; the decided one is not voted on again
    client.force_login(ctx["users"]["ca"])
    html = client.get(reverse("voting:ballot", args=[session.pk])).content.decode()
    assert "Suy tôn đơn vị dẫn đầu" in html and "Đề nghị tặng Bằng khen" not in html
    response = client.post(reverse("voting:ballot", args=[session.pk]),
                           {f"q{s['merit'].pk}": [cid(s["merit"], ctx, "tand")]})
    assert response.status_code == 400 and "đã có kết quả ở vòng trước" in response.content.decode()
    for voter, key in zip(session.voters.order_by("pk"), keys, strict=True):
        voting.cast_ballot(session, voter, {s["flag"].pk: [cid(s["flag"], ctx, key)]})
    voting.close_session(session)
    voting.tally_session(session)
    client.force_login(ctx["head"])
    html = client.get(reverse("voting:results", args=[session.pk])).content.decode()
    assert 'id="next-round"' not in html and "Khối trưởng, Khối phó quyết định: Suy tôn đơn vị dẫn đầu" in html
    url = reverse("voting:leaders_decision", args=[session.pk, s["flag"].pk])
    response = client.post(url, {f"q{s['flag'].pk}-candidate": cid(s["flag"], ctx, "tand"),
                                 f"q{s['flag'].pk}-text": ""}, follow=True)
    assert "Cần ghi lý do quyết định." in response.content.decode()
    client.post(url, {f"q{s['flag'].pk}-candidate": cid(s["flag"], ctx, "tand"),
                      f"q{s['flag'].pk}-text": "Đơn vị có điểm thi đua cao hơn"})
    client.post(reverse("voting:apply", args=[session.pk]))
    assert {(n.unit.short_name, n.award_label) for n in Nomination.objects.all()} == {
        ("TAND tỉnh", "Cờ thi đua của UBND tỉnh"), ("Bộ CHQS tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"),
        ("Tiểu đoàn CSCĐ số 2", "Bằng khen của Chủ tịch UBND tỉnh")}
    text = re.sub(r"\s+", " ", pdf_text(client.get(reverse("voting:minutes_count_pdf", args=[session.pk])).content))
    assert "Vòng 1" in text and "Vòng 2" in text and "Đơn vị có điểm thi đua cao hơn" in text


def test_a_council_session_with_written_votes(client, ctx):
    from thidua.orgs.models import Person

    client.force_login(ctx["organiser_staff"])
    response = client.post(reverse("voting:council_create"), {
        "title": "Hội đồng xét Cờ thi đua", "kind": "council", "electorate_kind": "persons",
        "council_name": "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn", "threshold_numerator": 4,
        "threshold_denominator": 5, "threshold_basis": "all", "quorum_numerator": 2, "quorum_denominator": 3,
        "max_rounds": 1})
    assert response.status_code == 302
    session = BallotSession.objects.get(title="Hội đồng xét Cờ thi đua")
    people = list(Person.objects.filter(unit=ctx["units"]["snv"]).order_by("pk")[:5])
    client.post(reverse("voting:council_members", args=[session.pk]), {"person": [p.pk for p in people]})
    assert session.voters.count() == 5
    client.force_login(ctx["users"]["ca"])  # not the organiser's staff
    assert client.get(reverse("voting:council_members", args=[session.pk])).status_code == 403
    client.force_login(ctx["organiser_staff"])
    question = voting.add_question(session, QuestionKind.APPROVE, "Tặng Cờ thi đua cho TAND tỉnh")
    yes = voting.add_candidate(question, unit=ctx["units"]["tand"])
    client.post(reverse("voting:session_open", args=[session.pk]))
    session.refresh_from_db()
    assert session.state == SessionState.OPEN
    for voter in session.voters.order_by("pk"):
        response = client.post(reverse("voting:written", args=[session.pk]),
                               {"voter": voter.pk, f"q{question.pk}": [yes.pk]})
        assert response.status_code == 302
    client.post(reverse("voting:session_close", args=[session.pk]))
    client.post(reverse("voting:session_tally", args=[session.pk]))
    text = re.sub(r"\s+", " ", pdf_text(client.get(reverse("voting:minutes_count_pdf", args=[session.pk])).content))
    assert "HỘI ĐỒNG THI ĐUA - KHEN" in text and "ý kiến bằng văn bản của người vắng mặt: 5" in text
    assert "≥ 80% tổng số thành viên" in text


# -- queries --------------------------------------------------------------------------------------------------

def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_session_and_results_pages_do_not_query_per_candidate(client, ctx, make_user):
    """The same number of queries with 3 candidates as with 7 per question (the cluster's members), at each
    stage: preparation, voting, results."""
    from thidua.clusters.domain.periods import add_members, create_period, set_leader
    from thidua.demo import builders as b

    counts = {}
    for n in (3, 10):
        cluster = b.cluster(f"qc-{n}", f"Cụm đếm truy vấn {n}", ctx["organiser"], area_code="lang-son")
        period = create_period(cluster, 2023)
        members = [b.unit(f"qc-{n}-{i}", f"Đơn vị {n}-{i}", area_code="lang-son", sector_code="toa-an")
                   for i in range(n)]
        add_members(period, members)
        set_leader(period, "head", members[0])
        head = make_user(f"head-{n}", (Role.HEAD_STAFF, members[0]))
        session = voting.create_session("Đếm truy vấn", SessionKind.NOMINATION, period=period)
        question = voting.add_question(session, QuestionKind.NOMINATE, "Cờ", max_choices=1)
        other = voting.add_question(session, QuestionKind.NOMINATE, "Bằng khen", max_choices=2, seats=2)
        for unit in members:
            voting.add_candidate(question, unit=unit)
            voting.add_candidate(other, unit=unit)
        client.force_login(head)
        detail = reverse("voting:session_detail", args=[session.pk])
        draft = queries(client, detail)
        advance_to(period, Phase.VOTING, reason="kiểm thử")
        session = voting.open_session(session)
        for voter in session.voters.exclude(unit=members[1]):
            voting.cast_ballot(session, voter, {question.pk: [question.candidates.first().pk]})
        opened = queries(client, detail)
        voter_user = make_user(f"voter-{n}", (Role.LEADER, members[1]))
        client.force_login(voter_user)
        ballot_page = queries(client, reverse("voting:ballot", args=[session.pk]))
        client.force_login(head)
        voting.close_session(session)
        voting.tally_session(session)
        results = queries(client, reverse("voting:results", args=[session.pk]))
        counts[n] = (draft, opened, ballot_page, results)
    assert counts[3] == counts[10], counts


def test_every_id_on_a_sessions_page_in_preparation_is_unique(client, ctx):
    """The rules form and the add-question form both have a title and a kind: each label must name its own box
    (a duplicated id made "Nội dung bỏ phiếu" point at the session's title)."""
    import re
    from collections import Counter

    session = build_session(ctx, open_it=False)["session"]
    client.force_login(ctx["head"])
    html = client.get(reverse("voting:session_detail", args=[session.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert "question_title" in ids and "id_title" in ids
    assert [name for name, n in ids.items() if n > 1] == []
