"""The minutes of a vote, as .docx and PDF in the layout of Nghị định 30/2020/NĐ-CP, and the results as Excel.

- Biên bản kiểm phiếu (minutes of the count): the session, its date, the electorate, ballots issued, returned,
  valid and invalid (with how many were electronic, paper or written), per question its threshold with its
  ground (the law's article, the regulation, or the council's own share with its reason and the share it
  replaces) and a table of candidates with votes, percentage and outcome and its reason, the rule of the count,
  and the signatures of the counting committee.
- Biên bản họp bình xét (minutes of the review meeting): names the cluster (MoHA requires the cluster's name
  on the minutes, rules.md §6.1), the year, the ranking when the cluster scores in the system, the results of
  every counted vote of the year, the nominations and the elected head and deputy.

Every figure is read from the records when the file is made: the stored tally of each round (written by
tally_session from the ballots), the count of participations per channel, the nominations, the ranking."""

import datetime as dt
from fractions import Fraction
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone

from thidua.clusters.domain.words import kind_words
from thidua.clusters.enums import ClusterKind, LeadershipRole
from thidua.core import illustrative
from thidua.core.documents import (
    docx_response,
    in_vietnamese,
    pdf_response,
    render_docx,
    render_pdf,
    vn_date,
    vn_place_date,
)
from thidua.core.export import workbook_response
from thidua.core.formatting import format_date, format_number
from thidua.voting.domain.dates import meeting_day
from thidua.voting.domain.names import question_award_labels
from thidua.voting.domain.tally import fraction_text
from thidua.voting.domain.thresholds import Threshold, is_council, question_thresholds
from thidua.voting.enums import (
    Channel,
    ElectorateKind,
    Outcome,
    QuestionKind,
    SessionState,
    ThresholdBasis,
    ThresholdSource,
)
from thidua.voting.models import BallotSession, Nomination, Participation, QuestionResult

DOCX_DIR = Path(__file__).parent / "docx"


# -- shared pieces --------------------------------------------------------------------------------------------

def _day(session: BallotSession) -> dt.date:
    """The meeting's day (voting.domain.dates.meeting_day): a past year's minutes carry its date, not today's."""
    return meeting_day(session)


def _generated_note() -> str:
    now = timezone.localtime()
    return f"Số liệu tính từ hệ thống ThiĐua lúc {now:%H:%M} ngày {format_date(now.date())}."


def rule_sentence(session: BallotSession, thresholds: dict[int, Threshold] | None = None) -> str:
    """The rule of the count in words: "Đạt khi được > 50% tổng số thành viên đồng ý; túc số 2/3; tối đa 2 vòng".
    A council: each question on its own share (the law's for an award that has one), the quorum on the members
    present. A cluster whose questions all follow its regulation reads as it always did."""
    sign = ">" if session.threshold_strict else "≥"
    base = "tổng số thành viên" if session.threshold_basis == ThresholdBasis.ALL else "số phiếu hợp lệ"
    if session.electorate_kind == ElectorateKind.UNITS and session.threshold_basis == ThresholdBasis.ALL:
        base = "tổng số đơn vị thành viên"
    elif session.threshold_basis == ThresholdBasis.ALL and is_council(session):
        base = "tổng số thành viên hội đồng"
    threshold = fraction_text(Fraction(session.threshold_numerator, session.threshold_denominator))
    quorum = fraction_text(Fraction(session.quorum_numerator, session.quorum_denominator))
    if is_council(session):
        return (f"Mỗi nội dung đạt theo tỷ lệ ghi tại nội dung đó: theo quy định của pháp luật đối với danh hiệu, "
                f"hình thức có quy định; nội dung khác theo quy chế của hội đồng, số phiếu {sign} {threshold} {base}. "
                f"Người, đơn vị được chọn khi đạt tỷ lệ, lấy theo thứ tự số phiếu từ cao xuống thấp đến hết chỉ tiêu; "
                f"bỏ phiếu tối đa {session.max_rounds} vòng. Số thành viên có mặt phải đạt túc số {quorum} tổng số "
                f"thành viên hội đồng; ý kiến bằng văn bản của thành viên vắng mặt được tính vào số phiếu.")
    text = (f"Người, đơn vị được chọn khi có số phiếu {sign} {threshold} {base}, lấy theo thứ tự số phiếu từ cao "
            f"xuống thấp đến hết chỉ tiêu; bằng phiếu ở chỉ tiêu cuối thì bỏ phiếu lại (tối đa "
            f"{session.max_rounds} vòng), sau vòng cuối {_leaders_word(session)} quyết định. Số phiếu thu về phải đạt "
            f"túc số {quorum} số người, đơn vị được bỏ phiếu.")
    if thresholds and any(t.source == ThresholdSource.OVERRIDE for t in thresholds.values()):
        text += " Nội dung có tỷ lệ đạt riêng ghi tại nội dung đó."
    return text


def _leaders_word(session: BallotSession) -> str:
    """"trưởng, phó cụm" or "khối trưởng, khối phó", inside a sentence."""
    cluster = session.period.cluster if session.period_id and session.period is not None else None
    return (cluster.words if cluster is not None else kind_words(ClusterKind.CLUSTER)).leaders.lower()


def _body(session: BallotSession) -> str:
    """Who decides a question's own share, in the minutes' words."""
    if session.period_id and session.period is not None and not is_council(session):
        return session.period.cluster.words.word
    return "hội đồng"


def _threshold_texts(session: BallotSession, threshold: Threshold) -> dict:
    """A question's threshold sentence and the base its percentages are computed on."""
    if threshold.basis == ThresholdBasis.ALL:
        base_word = "Tỷ lệ (%) tính trên tổng số " + ("đơn vị thành viên" if session.electorate_kind
                                                      == ElectorateKind.UNITS else "thành viên hội đồng")
    else:
        base_word = "Tỷ lệ (%) tính trên số phiếu hợp lệ"
    return {"threshold": threshold.sentence(session.electorate_kind, _body(session)), "base_word": base_word}


def _issuer(session: BallotSession) -> dict:
    if session.period_id:
        cluster = session.period.cluster
        kind = "KTĐ" if cluster.kind == ClusterKind.BLOCK else "CTĐ"
        words = cluster.words  # "Trưởng cụm" or "Khối trưởng"
        return {"issuing_body": cluster.name.upper(), "parent_body": "", "kind": kind,
                "place": cluster.document_place(), "kind_word": words.word, "words": words,
                "head_unit_label": words.head_unit[:1].upper() + words.head_unit[1:],
                "deputy_unit_label": words.deputy_unit, "leaders_label": words.leaders}
    words = kind_words(ClusterKind.CLUSTER)
    return {"issuing_body": (session.council_name or "Hội đồng Thi đua - Khen thưởng").upper(), "parent_body": "",
            "kind": "HĐTĐKT", "place": "", "kind_word": "hội đồng", "words": words,
            "head_unit_label": words.head_unit[:1].upper() + words.head_unit[1:],
            "deputy_unit_label": words.deputy_unit, "leaders_label": words.leaders}


def _rows(result: QuestionResult) -> list[dict]:
    return [{"number": i, "label": row["label"], "votes": format_number(row["votes"]),
             "votes_value": row["votes"], "percent": format_number(float(row["percent"]), 2),
             "outcome": str(Outcome(row["outcome"]).label), "reason": row["reason"],
             "passed": row["outcome"] == Outcome.PASSED}
            for i, row in enumerate(result.rows, start=1)]


def _rounds(session: BallotSession, thresholds: dict[int, Threshold]) -> list[dict]:
    """Round by round: the figures of the round and each question's threshold and table."""
    results = list(QuestionResult.objects.filter(question__session=session).select_related("question__award")
                   .order_by("round", "question__order", "question_id"))
    labels = question_award_labels(session, {r.question_id: r.question for r in results}.values())
    channels = {}
    for round_number, channel, n in (Participation.objects.filter(voter__session=session)
                                     .values_list("round", "channel").annotate(n=Count("pk"))
                                     .values_list("round", "channel", "n")):
        channels.setdefault(round_number, {})[channel] = n
    rounds = {}
    for result in results:
        block = rounds.setdefault(result.round, {"number": result.round, "questions": [],
                                                 "electorate": result.electorate})
        question = result.question
        label = labels[question.pk]  # the award under the name the organiser prints (voting.domain.names)
        block["questions"].append({
            "title": question.title, "seats": question.seats,
            "award_label": "" if label.lower() in question.title.lower() else label,
            "max_choices": question.max_choices, "electorate": format_number(result.electorate),
            "cast": format_number(result.ballots_cast), "valid": format_number(result.ballots_valid),
            "invalid": format_number(result.ballots_cast - result.ballots_valid),
            "rows": _rows(result), "leaders": result.decided_by_leaders,
            "winners": [r["label"] for r in result.rows if r["outcome"] == Outcome.PASSED],
            **_threshold_texts(session, thresholds[question.pk]),
        })
    out = []
    for number in sorted(rounds):
        block = rounds[number]
        by_channel = channels.get(number, {})
        first = block["questions"][0]
        block.update({
            "issued": first["electorate"], "returned": first["cast"], "valid": first["valid"],
            "invalid": first["invalid"],
            "electronic": format_number(by_channel.get(Channel.ELECTRONIC, 0)),
            "paper": format_number(by_channel.get(Channel.PAPER, 0)),
            "written": format_number(by_channel.get(Channel.WRITTEN, 0)),
            "voted": format_number(sum(by_channel.values())),
        })
        out.append(block)
    return out


def _load(pk) -> BallotSession:
    return get_object_or_404(BallotSession.objects.select_related("period__cluster__organiser__area",
                                                                  "period__cluster__area", "council"), pk=pk)


def _counted(request, pk) -> BallotSession:
    session = _load(pk)
    if not request.user.has_perm("voting.view_results", session):
        raise PermissionDenied
    if session.tallied_at is None:
        from django.http import Http404

        raise Http404("Phiên bỏ phiếu chưa kiểm phiếu; chưa có biên bản.")
    return session


# -- biên bản kiểm phiếu --------------------------------------------------------------------------------------

def minutes_count_context(session: BallotSession) -> dict:
    issuer = _issuer(session)
    day = _day(session)
    thresholds = question_thresholds(session)
    rounds = _rounds(session, thresholds)
    electorate = session.voters.count()
    who = "đơn vị thành viên" if session.electorate_kind == ElectorateKind.UNITS else "thành viên hội đồng"
    scope = f" năm {session.period.year} của {session.period.cluster.name}" if session.period_id else (
        f" của {session.council_name}" if session.council_name else "")
    intro = (f"Hôm nay, {vn_date(day)}, Ban kiểm phiếu tiến hành kiểm phiếu phiên bỏ phiếu kín “{session.title}”"
             f"{scope}.")
    base_word = ("Tỷ lệ (%) tính trên tổng số " + ("đơn vị thành viên" if session.electorate_kind == ElectorateKind.UNITS
                                                   else "thành viên hội đồng")
                 if session.threshold_basis == ThresholdBasis.ALL else "Tỷ lệ (%) tính trên số phiếu hợp lệ")
    draft = "" if session.state == SessionState.TALLIED else "CHƯA HOÀN THÀNH"
    regulation, taken = illustrative.split_text(session.regulation_ref)
    return {
        **issuer,
        "number": f"Số:          /BB-{issuer['kind']}",
        "place_date": vn_place_date(issuer["place"], day),
        # the demo's illustrative note on the regulation: the paper's mark and its last line, not its body
        "draft_mark": illustrative.paper_mark(draft, bool(taken)),
        "heading": "BIÊN BẢN KIỂM PHIẾU",
        "subtitle": session.title,
        "intro": intro,
        "regulation": regulation.rstrip(". "),
        "electorate": format_number(electorate),
        "who": who,
        "rule": rule_sentence(session, thresholds),
        "base_word": base_word,
        "rounds": rounds,
        "several_rounds": len(rounds) > 1,
        "closing": ("Biên bản kiểm phiếu lập xong cùng ngày, đã đọc lại cho các thành viên Ban kiểm phiếu và những "
                    "người tham dự cùng nghe và thống nhất."),
        "signatures": [{"title": "TRƯỞNG BAN KIỂM PHIẾU", "note": "(Ký, ghi rõ họ tên)"},
                       {"title": "CÁC THÀNH VIÊN BAN KIỂM PHIẾU", "note": "(Ký, ghi rõ họ tên)"}],
        "generated_note": " ".join(n for n in (illustrative.footer_note(taken), _generated_note()) if n),
        "filename": f"Biên bản kiểm phiếu - {session.title}",
    }


@login_required
@in_vietnamese
def minutes_count_pdf(request, pk):
    context = minutes_count_context(_counted(request, pk))
    return pdf_response(context["filename"] + ".pdf", render_pdf("voting/documents/minutes_count.html", context))


@login_required
@in_vietnamese
def minutes_count_docx(request, pk):
    context = minutes_count_context(_counted(request, pk))
    return docx_response(context["filename"] + ".docx",
                         render_docx(DOCX_DIR / "minutes_count.docx", context))


# -- biên bản họp bình xét ------------------------------------------------------------------------------------

def _ranking_rows(period) -> list[dict]:
    """The year's ranking when the cluster scores in the system; none when it has no criteria."""
    try:
        from thidua.scoring.domain.queries import compute_ranking

        ranking = compute_ranking(period)
    except Exception:  # no criteria set, or scoring not set up: the minutes simply leave the ranking out
        return []
    return [{"rank": r.rank, "unit": r.unit_name, "final": format_number(r.final, 2), "band": r.band}
            for r in ranking]


def _final_results(session: BallotSession, thresholds: dict[int, Threshold]) -> list[dict]:
    latest = {}
    for result in (QuestionResult.objects.filter(question__session=session).select_related("question")
                   .order_by("round")):
        latest[result.question_id] = result
    out = []
    for result in sorted(latest.values(), key=lambda r: (r.question.order, r.question_id)):
        out.append({"title": result.question.title, "round": result.round, "kind": result.question.kind,
                    "electorate": format_number(result.electorate), "cast": format_number(result.ballots_cast),
                    "valid": format_number(result.ballots_valid), "rows": _rows(result),
                    "leaders": result.decided_by_leaders,
                    "winners": [r["label"] for r in result.rows if r["outcome"] == Outcome.PASSED],
                    **_threshold_texts(session, thresholds[result.question_id])})
    return out


def minutes_review_context(session: BallotSession) -> dict:
    issuer = _issuer(session)
    period = session.period
    if period is not None:
        sessions = list(period.ballot_sessions.filter(tallied_at__isnull=False).order_by("pk"))
    else:
        sessions = [session]
    votes = []
    for s in sessions:
        thresholds = question_thresholds(s)
        votes.append({"title": s.title, "rule": rule_sentence(s, thresholds),
                      "questions": _final_results(s, thresholds)})
    day = _day(session)
    conference, members, head, deputy, ranking, nominations, elected = None, [], None, None, [], [], []
    if period is not None:
        from thidua.meetings.enums import ConferenceKind
        from thidua.meetings.models import Conference

        conference = (Conference.objects.filter(period=period, kind=ConferenceKind.YEAR_END)
                      .prefetch_related("chairs").order_by("-held_on").first())
        if conference is not None:
            day = conference.held_on
        members = list(period.memberships.select_related("unit").order_by("unit__sort_key")
                       .values_list("unit__name", flat=True))
        terms = {t.role: t.unit for t in period.leadership_terms.select_related("unit")}
        head, deputy = terms.get(LeadershipRole.HEAD), terms.get(LeadershipRole.DEPUTY)
        ranking = _ranking_rows(period)
        nominations = [{"subject": str(n.unit or n.person), "award": n.award_label,
                        "votes": (f"{n.votes}/{n.electorate} phiếu" if n.votes is not None and n.electorate else ""),
                        "note": n.note}
                       for n in Nomination.objects.filter(period=period).select_related("unit", "person")
                       .order_by("award_label", "pk")]
        for vote in votes:
            for q in vote["questions"]:
                if q["kind"] in (QuestionKind.ELECT_HEAD, QuestionKind.ELECT_DEPUTY) and q["winners"]:
                    role = issuer["words"].head if q["kind"] == QuestionKind.ELECT_HEAD else issuer["words"].deputy
                    elected.append(f"{role} năm {period.year + 1}: {', '.join(q['winners'])}")
    cluster_name = period.cluster.name if period else session.council_name
    place = conference.place if conference and conference.place else ""
    opening = (f"Hôm nay, {vn_date(day)}" + (f", tại {place}" if place else "") +
               (f", {cluster_name} tổ chức họp bình xét, suy tôn thi đua năm {period.year}." if period else
                f", {cluster_name} họp xét, biểu quyết “{session.title}”."))
    chairs = [f"{c.name} — {c.title}" + (f", {c.cluster_role}" if c.cluster_role else "")
              for c in conference.chairs.all()] if conference else []
    return {
        **issuer,
        "number": f"Số:          /BB-{issuer['kind']}",
        "place_date": vn_place_date(issuer["place"], day),
        "draft_mark": "",
        "heading": "BIÊN BẢN HỌP BÌNH XÉT THI ĐUA" if period else "BIÊN BẢN HỌP HỘI ĐỒNG",
        "subtitle": (f"năm {period.year} của {cluster_name}" if period else session.title),
        "cluster_name": cluster_name or "",
        "year": period.year if period else "",
        "opening": opening,
        "chairs": chairs,
        "members": members,
        "members_count": len(members),
        "head": head.name if head else "",
        "deputy": deputy.name if deputy else "",
        "ranking": ranking,
        "votes": votes,
        "nominations": nominations,
        "elected": elected,
        "signatures": [{"title": "THƯ KÝ", "note": "(Ký, ghi rõ họ tên)"},
                       {"title": f"TM. {issuer['kind_word'].upper()} THI ĐUA" if period else "CHỦ TRÌ",
                        "subtitle": issuer["words"].head_unit.upper() if period else "",
                        "unit": head.name.upper() if head else "",
                        "note": "(Ký, ghi rõ họ tên, đóng dấu)"}],
        "generated_note": _generated_note(),
        "filename": (f"Biên bản họp bình xét thi đua năm {period.year} - {cluster_name}" if period
                     else f"Biên bản họp hội đồng - {session.title}"),
    }


@login_required
@in_vietnamese
def minutes_review_pdf(request, pk):
    context = minutes_review_context(_counted(request, pk))
    return pdf_response(context["filename"] + ".pdf", render_pdf("voting/documents/minutes_review.html", context))


@login_required
@in_vietnamese
def minutes_review_docx(request, pk):
    context = minutes_review_context(_counted(request, pk))
    return docx_response(context["filename"] + ".docx", render_docx(DOCX_DIR / "minutes_review.docx", context))


# -- Excel ----------------------------------------------------------------------------------------------------

def results_xlsx(session: BallotSession):
    """The results table, one line per round, question and candidate; numbers as numbers."""
    results = (QuestionResult.objects.filter(question__session=session).select_related("question")
               .order_by("question__order", "question_id", "round"))
    headers = ["Nội dung bỏ phiếu", "Vòng", "STT", "Người, đơn vị", "Số phiếu", "Tỷ lệ (%)", "Kết quả", "Lý do",
               "Tổng số được bỏ phiếu", "Số phiếu thu về", "Số phiếu hợp lệ", "Tỷ lệ đạt, căn cứ"]
    thresholds = question_thresholds(session)
    body = _body(session)
    rows = []
    for result in results:
        threshold = thresholds[result.question_id].sentence(session.electorate_kind, body)
        for i, row in enumerate(result.rows, start=1):
            rows.append([result.question.title, result.round, i, row["label"], row["votes"], float(row["percent"]),
                         str(Outcome(row["outcome"]).label), row["reason"], result.electorate, result.ballots_cast,
                         result.ballots_valid, threshold])
    return workbook_response(f"ket-qua-bo-phieu-{session.pk}.xlsx", "Kết quả bỏ phiếu", headers, rows)

