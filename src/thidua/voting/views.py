"""Ballot session pages: preparation, the voter's ballot, paper and written votes, receipts, closing, the count
and the results. Views parse the request, call one domain function, render.

Secrecy in the pages: a ballot's receipt code is shown once, in the answer to the vote itself (never stored
with the user's log-in session), and progress is read from Participation counts only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.clusters.domain.words import KindWords, kind_words
from thidua.clusters.enums import ClusterKind
from thidua.clusters.models import EmulationPeriod
from thidua.core import versions
from thidua.core.text import search_text
from thidua.orgs.models import Council, Person, Unit
from thidua.voting import rules as voting_rules
from thidua.voting.domain import sessions as voting
from thidua.voting.domain import setup
from thidua.voting.domain.dates import meeting_day, meeting_day_version, set_meeting_day
from thidua.voting.domain.names import label_questions
from thidua.voting.domain.thresholds import is_council, question_thresholds, session_day
from thidua.voting.enums import Channel, ElectorateKind, Outcome, SessionState, SessionTransition
from thidua.voting.interfaces.forms import (
    CandidatesForm,
    CouncilSearchForm,
    LeadersDecisionForm,
    MeetingDayForm,
    PaperVotersForm,
    QuestionForm,
    ReceiptForm,
    SessionForm,
    ThresholdForm,
    parse_counts,
    parse_selections,
)
from thidua.voting.interfaces.labels import question_kind_labels, session_kind_labels
from thidua.voting.models import (
    BallotSession,
    Candidate,
    Nomination,
    Participation,
    Question,
    QuestionResult,
    Voter,
)


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def session_queryset():
    return BallotSession.objects.select_related("period__cluster__organiser", "council")


def _session(request, pk, perm="voting.view_session") -> BallotSession:
    session = get_object_or_404(session_queryset(), pk=pk)
    if not request.user.has_perm(perm, session):
        raise PermissionDenied
    return session


def _words(session: BallotSession) -> KindWords:
    """The words of the session's cluster ("Khối trưởng, Khối phó" for a block); a council's session: a cluster's."""
    return session.period.cluster.words if session.period_id else kind_words(ClusterKind.CLUSTER)


def _period(request, period_pk, perm) -> EmulationPeriod:
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=period_pk)
    if not request.user.has_perm(perm, period):
        raise PermissionDenied
    return period


def _back(session: BallotSession, anchor: str = ""):
    return redirect(reverse("voting:session_detail", args=[session.pk]) + (f"#{anchor}" if anchor else ""))


def _questions(session: BallotSession, active_only: bool = False):
    candidates = Candidate.objects.order_by("order", "pk")
    if active_only:
        candidates = candidates.filter(eliminated_in_round__isnull=True)
    return list(session.questions.select_related("award").prefetch_related(Prefetch("candidates",
                                                                                  queryset=candidates)))


def _ballot_questions(session: BallotSession):
    """The questions of the current round, with the candidates still in play."""
    in_play = {q.pk for q in voting.questions_in_round(session)} if session.current_round > 1 else None
    return [q for q in _questions(session, active_only=True) if in_play is None or q.pk in in_play]


def _progress(session: BallotSession) -> dict:
    electorate = session.voters.count() if session.state != SessionState.DRAFT else 0
    voted = Participation.objects.filter(voter__session=session, round=session.current_round).count() \
        if session.current_round else 0
    return {"electorate": electorate, "voted": voted,
            "percent": round(voted * 100 / electorate) if electorate else 0}


# -- lists and creation ---------------------------------------------------------------------------------------

@login_required
def index(request):
    """The sessions the user may vote in now, and the sessions of the years the user's units belong to."""
    unit_ids = voting_rules.representable_unit_ids(request.user)
    open_for_me = list(session_queryset().filter(state=SessionState.OPEN, voters__unit_id__in=unit_ids).distinct())
    visible = Q(period__memberships__unit_id__in=request.user.unit_ids)
    if request.user.organiser_ids:
        # a council's own sessions: those of its own council, and those on no council's record made for it
        visible |= Q(period__cluster__organiser_id__in=request.user.organiser_ids) | Q(
            period__isnull=True, council__isnull=True, organiser_id__in=request.user.organiser_ids) | Q(
            council__organiser_id__in=request.user.organiser_ids)
    visible |= Q(period__leadership_terms__unit_id__in=request.user.head_unit_ids)
    sessions = session_queryset()
    if not request.user.is_system_admin:  # (Q() | Q(x) is Q(x): an administrator's "everything" is no filter)
        sessions = sessions.filter(visible).distinct()
    sessions = list(sessions.order_by("-id")[:100])
    return render(request, "voting/index.html", {
        "open_for_me": open_for_me, "sessions": sessions,
        "can_council": request.user.has_perm("voting.manage_council"),
    })


@login_required
def session_list(request, period_pk):
    period = _period(request, period_pk, "voting.view_period")
    sessions = list(period.ballot_sessions.annotate(n_questions=Count("questions", distinct=True),
                                                    n_voters=Count("voters", distinct=True)).order_by("-id"))
    return render(request, "voting/session_list.html", {
        "period": period, "cluster": period.cluster, "sessions": sessions,
        "session_kinds": session_kind_labels(period.cluster.words),
        "can_manage": request.user.has_perm("voting.manage_period", period),
        "nominations": period.nominations.select_related("unit", "person").order_by("award_label", "pk"),
    })


@login_required
def session_create(request, period_pk):
    period = _period(request, period_pk, "voting.manage_period")
    form = SessionForm(request.POST or None, period=period, initial={"title": f"Bình xét, suy tôn năm {period.year}"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = voting.create_session(data.pop("title"), data.pop("kind"), period=period, actor=request.user,
                                        **data)
        messages.success(request, _("Đã tạo phiên bỏ phiếu “%(title)s”. Thêm nội dung và người, đơn vị được "
                                    "bỏ phiếu.") % {"title": session.title})
        return _back(session)
    return render(request, "voting/session_form.html", {
        "form": form, "period": period, "cluster": period.cluster,
        "page_title": _("Tạo phiên bỏ phiếu — năm %(year)s") % {"year": period.year},
        "cancel_url": reverse("voting:session_list", args=[period.pk])})


@login_required
def council_create(request):
    if not request.user.has_perm("voting.manage_council"):
        raise PermissionDenied
    councils = Council.objects.select_related("organiser").order_by("organiser__sort_key", "name")
    if not request.user.is_system_admin:
        councils = councils.filter(organiser_id__in=request.user.organiser_ids)
    form = SessionForm(request.POST or None, period=None, councils=councils,
                       initial={"kind": "council", "electorate_kind": "persons", "threshold_numerator": 4,
                                "threshold_denominator": 5, "threshold_strict": False,
                                # award reviews: ≥ 80% of members present
                                "quorum_numerator": 4, "quorum_denominator": 5})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = voting.create_session(data.pop("title"), data.pop("kind"), period=None, actor=request.user,
                                            **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo phiên bỏ phiếu “%(title)s”.") % {"title": session.title})
            return _back(session)
    return render(request, "voting/session_form.html", {
        "form": form, "page_title": _("Tạo phiên biểu quyết của hội đồng thi đua - khen thưởng"),
        "cancel_url": reverse("voting:index")})


# -- the session's page ---------------------------------------------------------------------------------------

@login_required
def session_detail(request, pk, rules_form=None, threshold_form=None):
    """A session's page; `rules_form`, `threshold_form` (a question's id and its form): a refused form shown again
    as typed."""
    session = _session(request, pk)
    user = request.user
    can_manage = user.has_perm("voting.manage_session", session)
    questions = _questions(session)
    thresholds = question_thresholds(session, questions)
    for question in questions:
        question.threshold = thresholds[question.pk]
    label_questions(session, questions)  # the award under the name the organiser prints
    context = {"session": session, "period": session.period, "cluster": session.period.cluster if session.period
               else None, "questions": questions, "can_manage": can_manage, "progress": _progress(session),
               "my_voters": [], "can_view_results": user.has_perm("voting.view_results", session),
               "is_council": is_council(session),
               # "Bầu khối trưởng" for a block's election
               "question_kinds": question_kind_labels(_words(session) if session.period_id else None),
               "session_kinds": session_kind_labels(_words(session) if session.period_id else None)}
    if session.state != SessionState.DRAFT:
        my_voters = voting_rules.voters_for(user, session)
        done = set(Participation.objects.filter(voter__in=my_voters, round=session.current_round)
                   .values_list("voter_id", flat=True)) if my_voters else set()
        context["my_voters"] = [(v, v.pk in done) for v in my_voters]
    if can_manage:
        # What the user may do now is the domain's answer: the transitions out of this state, with their blockers.
        context["transitions"] = voting.available_transitions(session, user)
        if SessionTransition.OPEN in context["transitions"]:
            context["blockers"] = voting.issues_before(session, SessionTransition.OPEN)
        if session.state == SessionState.DRAFT:
            context["rules_form"] = rules_form or _rules_form(session)
            context["question_form"] = QuestionForm(session=session)
            tokens = setup.threshold_versions(session, questions)
            for question in questions:
                question.threshold_form = ThresholdForm(prefix=f"t{question.pk}", initial={
                    "numerator": question.threshold.numerator, "denominator": question.threshold.denominator,
                    "strict": question.threshold.strict, "basis": question.threshold.basis,
                    "reason": question.threshold.reason})
                versions.attach(question.threshold_form, lambda pk=question.pk: tokens[pk])
                if threshold_form is not None and threshold_form[0] == question.pk:
                    question.threshold_form = threshold_form[1]
            members = list(Unit.objects.filter(memberships__period=session.period).order_by("sort_key")
                           .values_list("pk", "name")) if session.period_id else []
            for question in questions:
                taken = {c.unit_id for c in question.candidates.all()}
                question.addable = [(uid, name) for uid, name in members if uid not in taken]
            if session.council_id is not None:  # read from the council's record on the meeting's day
                context["council_members"] = voting.council_electorate(session)
                context["council_day"] = session_day(session)
            elif session.electorate_kind == ElectorateKind.PERSONS:
                context["council"] = list(session.voters.select_related("person__unit").order_by("label"))
        else:
            context["voters"] = list(session.voters.annotate(voted=Exists(Participation.objects.filter(
                voter=OuterRef("pk"), round=session.current_round))).order_by("label"))
    return render(request, "voting/session_detail.html", context)


@login_required
def progress(request, pk):
    """The count of voters who have voted in the round (htmx refreshes it while the session is open)."""
    session = _session(request, pk)
    return render(request, "voting/_progress.html", {"session": session, "progress": _progress(session)})


def _rules_form(session: BallotSession, data=None) -> SessionForm:
    """The rules form of a session in preparation, with the version of the rules it was loaded with."""
    form = SessionForm(data, instance=BallotSession.objects.get(pk=session.pk) if data is not None else session,
                       period=session.period, fixed=True)
    versions.attach(form, lambda: setup.rules_version(session))
    return form


@login_required
@require_POST
def session_rules(request, pk):
    session = _session(request, pk, "voting.manage_session")
    form = _rules_form(session, request.POST)
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields if name != versions.FIELD}
        try:
            setup.update_rules(session, actor=request.user, loaded_version=versions.loaded(form), **values)
            messages.success(request, _("Đã lưu quy tắc kiểm phiếu."))
        except versions.StaleVersion as error:  # changed by someone else since the page was loaded: shown as typed
            versions.show_refusal(form, error)
            return session_detail(request, pk, rules_form=form)
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
    else:
        messages.error(request, _("Quy tắc chưa hợp lệ:") + " " + " ".join(
            e for errors in form.errors.values() for e in errors))
    return _back(session, "rules")


@login_required
@require_POST
def question_add(request, pk):
    session = _session(request, pk, "voting.manage_session")
    form = QuestionForm(request.POST, session=session)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = voting.add_question(session, data["kind"], data["title"], data["award_label"],
                                           data["max_choices"], data["seats"], award=data["award"], actor=request.user)
            messages.success(request, _("Đã thêm nội dung “%(title)s”.") % {"title": question.title})
            return _back(session, f"q{question.pk}")
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
    else:
        messages.error(request, _("Nội dung bỏ phiếu chưa hợp lệ:") + " " + " ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()))
    return _back(session, "add-question")


@login_required
@require_POST
def question_threshold(request, pk, question_pk):
    """The council sets another share for one question, with its reason (or goes back to the law's)."""
    session = _session(request, pk, "voting.manage_session")
    question = get_object_or_404(Question.objects.select_related("session"), pk=question_pk, session=session)
    form = ThresholdForm(request.POST, prefix=f"t{question.pk}")
    versions.attach(form, lambda: setup.threshold_version(question))
    try:
        if request.POST.get("clear"):
            loaded = versions.posted({versions.FIELD: request.POST.get(form.add_prefix(versions.FIELD), "")})
            setup.clear_question_threshold(question, actor=request.user, loaded_version=loaded)
            messages.success(request, _("Đã bỏ tỷ lệ đạt riêng của “%(title)s”.") % {"title": question.title})
        else:
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            data = form.cleaned_data
            setup.set_question_threshold(question, data["numerator"], data["denominator"], data["strict"],
                                         data["basis"], data["reason"], actor=request.user,
                                         loaded_version=versions.loaded(form))
            messages.success(request, _("Đã lưu tỷ lệ đạt riêng của “%(title)s”.") % {"title": question.title})
    except versions.StaleVersion as error:  # changed by someone else since the page was loaded: shown as typed
        versions.show_refusal(form, error)
        return session_detail(request, pk, threshold_form=(question.pk, form))
    except ValidationError as error:
        messages.error(request, _("Chưa lưu tỷ lệ đạt riêng:") + " " + " ".join(_errors(error)))
    return _back(session, f"q{question.pk}")


@login_required
@require_POST
def question_delete(request, pk, question_pk):
    session = _session(request, pk, "voting.manage_session")
    question = get_object_or_404(Question, pk=question_pk, session=session)
    try:
        setup.remove_question(question, actor=request.user)
        messages.success(request, _("Đã bỏ nội dung “%(title)s”.") % {"title": question.title})
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    return _back(session)


@login_required
@require_POST
def candidate_add(request, pk, question_pk):
    session = _session(request, pk, "voting.manage_session")
    question = get_object_or_404(Question, pk=question_pk, session=session)
    members = Unit.objects.filter(memberships__period=session.period) if session.period_id else Unit.objects.none()
    form = CandidatesForm(request.POST, units=members)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(session, f"q{question.pk}")
    added, problems = setup.add_candidates(question, sorted(form.cleaned_data["units"], key=lambda u: u.sort_key),
                                           form.cleaned_data["label"], actor=request.user)
    if added:
        messages.success(request, _("Đã thêm %(n)s người, đơn vị vào “%(title)s”.") % {"n": len(added), "title": question.title})
    if problems:
        messages.error(request, " ".join(problems))
    return _back(session, f"q{question.pk}")


@login_required
@require_POST
def candidate_delete(request, pk, candidate_pk):
    session = _session(request, pk, "voting.manage_session")
    candidate = get_object_or_404(Candidate.objects.select_related("question"), pk=candidate_pk,
                                  question__session=session)
    try:
        setup.remove_candidate(candidate, actor=request.user)
        messages.success(request, _("Đã bỏ %(label)s khỏi “%(title)s”.") % {"label": candidate.label, "title": candidate.question.title})
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    return _back(session, f"q{candidate.question_id}")


@login_required
def council_members(request, pk):
    """The council members who vote, found by name and added one by one."""
    session = _session(request, pk, "voting.manage_session")
    if session.electorate_kind != ElectorateKind.PERSONS:
        raise Http404(_("Phiên này do các đơn vị thành viên bỏ phiếu."))
    if session.council_id is not None:  # the council's record gives them, on the meeting's day
        if request.method == "POST":
            messages.error(request, _("Danh sách thành viên bỏ phiếu lấy từ hội đồng vào ngày họp; sửa thành viên ở "
                                      "trang của hội đồng."))
            return redirect("voting:council_members", pk=session.pk)
        return render(request, "voting/council_members.html", {
            "session": session, "linked": True, "day": session_day(session),
            "council_members": voting.council_electorate(session)})
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                setup.remove_council_member(session, int(request.POST["remove"]), actor=request.user)
                messages.success(request, _("Đã bỏ khỏi danh sách hội đồng."))
            else:
                ids = [int(i) for i in request.POST.getlist("person") if i.isdigit()]
                added = setup.add_council_members(session, list(Person.objects.filter(pk__in=ids)),
                                                  actor=request.user)
                messages.success(request, _("Đã thêm %(n)s thành viên hội đồng.") % {"n": added})
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(_errors(error)) if isinstance(error, ValidationError)
                           else _("Dữ liệu không hợp lệ."))
        return redirect(reverse("voting:council_members", args=[session.pk]) + "?" + request.GET.urlencode())
    form = CouncilSearchForm(request.GET or None)
    found = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        people = setup.people_within_reach(session, Person.objects.all())  # its province or sector, not the nation
        found = list(people.filter(search_text__contains=search_text(form.cleaned_data["q"]))
                     .select_related("unit").order_by("sort_key")[:50])
    members = list(session.voters.select_related("person__unit").order_by("label"))
    taken = {v.person_id for v in members}
    return render(request, "voting/council_members.html", {
        "session": session, "form": form, "found": [p for p in found if p.pk not in taken], "members": members})


@login_required
@require_POST
def session_open(request, pk):
    session = _session(request, pk, "voting.manage_session")
    try:
        session = voting.transition(session, SessionTransition.OPEN, actor=request.user)
        messages.success(request, _("Đã mở phiên bỏ phiếu; %(n)s người, đơn vị được bỏ phiếu. "
                                    "Danh sách bỏ phiếu và ứng cử đã chốt.") % {"n": session.voters.count()})
    except ValidationError as error:
        messages.error(request, _("Chưa mở được phiên bỏ phiếu:") + " " + " ".join(_errors(error)))
    return _back(session)


# -- casting --------------------------------------------------------------------------------------------------

def _ballot_context(session, questions, chosen=None):
    chosen = chosen or {}
    label_questions(session, questions)  # the award under the name the organiser prints
    for question in questions:
        question.chosen = set(chosen.get(question.pk, []))
        question.multiple = question.max_choices > 1
    return {"session": session, "questions": questions}


@login_required
def ballot(request, pk):
    """The voter's ballot: all questions of the round on one form; after the vote, the receipt code, once."""
    session = _session(request, pk, "voting.cast")
    voters = voting_rules.voters_for(request.user, session)
    if not voters:  # a draft session: the electorate is not frozen yet
        return render(request, "voting/ballot_closed.html", {"session": session,
                                                             "reason": _("Phiên bỏ phiếu chưa mở.")})
    wanted = request.POST.get("voter") or request.GET.get("voter")
    voter = next((v for v in voters if str(v.pk) == wanted), None) if wanted else (
        voters[0] if len(voters) == 1 else None)
    if voter is None:
        return render(request, "voting/ballot_pick.html", {"session": session, "voters": voters})
    context = {"session": session, "voter": voter}
    if session.state != SessionState.OPEN and request.method != "POST":
        return render(request, "voting/ballot_closed.html", {
            **context, "reason": _("Phiên bỏ phiếu không mở; không nhận phiếu.")})
    if request.method != "POST" and Participation.objects.filter(voter=voter, round=session.current_round).exists():
        return render(request, "voting/ballot_closed.html", {
            **context, "reason": _("Đơn vị %(voter)s đã bỏ phiếu ở vòng này.") % {"voter": voter.label}})
    questions = _ballot_questions(session)
    chosen, errors = {}, []
    if request.method == "POST":
        try:
            chosen = parse_selections(request.POST, questions)
            code = voting.cast_ballot(session, voter, chosen)
        except ValidationError as error:
            errors = _errors(error)
        else:
            response = render(request, "voting/receipt_once.html", {**context, "code": code})
            add_never_cache_headers(response)
            return response
    response = render(request, "voting/ballot.html", {**context, **_ballot_context(session, questions, chosen),
                                                      "errors": errors},
                      status=400 if errors else 200)
    add_never_cache_headers(response)
    return response


@login_required
def receipt_check(request, pk):
    """The session's voters and managers may check that a ballot with a receipt code went into the box (and, after
    the count, was counted); it says nothing else."""
    session = _session(request, pk, "voting.check_receipt")
    form = ReceiptForm(request.POST or None)
    found, counted, round_number = None, False, None
    if request.method == "POST" and form.is_valid():
        round_number = voting.receipt_round(session, form.cleaned_data["code"])
        found = round_number is not None
        counted = found and (round_number < session.current_round or session.state == SessionState.TALLIED)
    return render(request, "voting/receipt_check.html", {"session": session, "form": form, "found": found,
                                                         "counted": counted, "round": round_number})


# -- the counting committee: paper ballots and written votes ---------------------------------------------------

def _paper_context(session, voter_errors=None, errors=None, chosen=None, counts_errors=None):
    not_yet = session.voters.exclude(participations__round=session.current_round).order_by("label")
    questions = _ballot_questions(session)
    paper = Participation.objects.filter(voter__session=session, round=session.current_round,
                                         channel=Channel.PAPER).count()
    counts = {p.question_id: p for p in session.paper_counts.filter(round=session.current_round)}
    for question in questions:
        question.paper_count = counts.get(question.pk)
        for candidate in question.candidates.all():
            candidate.paper_votes = (question.paper_count.votes.get(str(candidate.pk), 0)
                                     if question.paper_count else 0)
    return {"session": session, "voter_form": PaperVotersForm(voters=not_yet), "voter_errors": voter_errors or [],
            "paper_voters": paper, "errors": errors or [], "counts_errors": counts_errors or {},
            "written_voters": not_yet, **_ballot_context(session, questions, chosen)}


def _require_open_for_committee(request, session):
    if session.state != SessionState.OPEN:
        messages.error(request, _("Phiên bỏ phiếu không mở; không nhận phiếu."))
        return _back(session)
    return None


@login_required
def paper(request, pk):
    session = _session(request, pk, "voting.manage_session")
    if session.state != SessionState.OPEN:
        messages.error(request, _("Phiên bỏ phiếu không mở; không nhận phiếu."))
        return _back(session)
    return render(request, "voting/paper.html", _paper_context(session))


@login_required
@require_POST
def paper_voters(request, pk):
    session = _session(request, pk, "voting.manage_session")
    refused = _require_open_for_committee(request, session)
    if refused:
        return refused
    form = PaperVotersForm(request.POST, voters=session.voters.all())
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        n = voting.mark_paper_voters(session, list(form.cleaned_data["voters"]))
    except ValidationError as error:
        return render(request, "voting/paper.html", _paper_context(session, voter_errors=_errors(error)), status=400)
    messages.success(request, _("Đã ghi nhận %(n)s người, đơn vị bỏ phiếu giấy.") % {"n": n})
    return redirect("voting:paper", pk=session.pk)


@login_required
@require_POST
def paper_ballot(request, pk):
    session = _session(request, pk, "voting.manage_session")
    refused = _require_open_for_committee(request, session)
    if refused:
        return refused
    questions = _ballot_questions(session)
    chosen = {}
    try:
        chosen = parse_selections(request.POST, questions)
        voting.enter_paper_ballot(session, chosen, invalid=bool(request.POST.get("invalid")))
    except ValidationError as error:
        return render(request, "voting/paper.html", _paper_context(session, errors=_errors(error), chosen=chosen),
                      status=400)
    messages.success(request, _("Đã nhập một phiếu giấy.") if not request.POST.get("invalid")
                     else _("Đã nhập một phiếu giấy không hợp lệ."))
    return redirect(reverse("voting:paper", args=[session.pk]) + "#paper-ballot")


@login_required
@require_POST
def paper_counts(request, pk, question_pk):
    session = _session(request, pk, "voting.manage_session")
    refused = _require_open_for_committee(request, session)
    if refused:
        return refused
    question = get_object_or_404(Question, pk=question_pk, session=session)
    try:
        ballots, invalid, votes = parse_counts(request.POST, question)
        voting.enter_paper_counts(session, question, ballots, invalid, votes)
    except ValidationError as error:
        return render(request, "voting/paper.html",
                      _paper_context(session, counts_errors={question.pk: _errors(error)}), status=400)
    messages.success(request, _("Đã nhập kết quả kiểm phiếu giấy của “%(title)s”.") % {"title": question.title})
    return redirect(reverse("voting:paper", args=[session.pk]) + f"#counts-{question.pk}")


@login_required
def written(request, pk):
    """The written vote of an absent member (council member or unit), entered by the secretary."""
    session = _session(request, pk, "voting.manage_session")
    if session.state != SessionState.OPEN:
        messages.error(request, _("Phiên bỏ phiếu không mở; không nhận phiếu."))
        return _back(session)
    questions = _ballot_questions(session)
    not_yet = session.voters.exclude(participations__round=session.current_round).order_by("label")
    chosen, errors, voter_id = {}, [], request.POST.get("voter", "")
    if request.method == "POST":
        voter = Voter.objects.filter(session=session, pk=voter_id).first() if voter_id.isdigit() else None
        try:
            if voter is None:
                raise ValidationError(_("Chưa chọn người vắng mặt có ý kiến bằng văn bản."))
            chosen = parse_selections(request.POST, questions)
            voting.cast_ballot(session, voter, chosen, channel=Channel.WRITTEN)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Đã ghi nhận ý kiến bằng văn bản của %(voter)s.") % {"voter": voter.label})
            return redirect("voting:written", pk=session.pk)
    return render(request, "voting/written.html", {
        **_ballot_context(session, questions, chosen), "voters": not_yet, "voter_id": voter_id, "errors": errors},
        status=400 if errors else 200)


# -- closing, counting, results -------------------------------------------------------------------------------

def _transition(request, pk, name, success, target="detail"):
    """One transition of the session (voting.domain.sessions.transition checks, writes and logs)."""
    session = _session(request, pk, "voting.manage_session")
    try:
        voting.transition(session, name, actor=request.user)
        messages.success(request, success)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return _back(session)
    return redirect("voting:results", pk=session.pk) if target == "results" else _back(session)


@login_required
@require_POST
def session_close(request, pk):
    return _transition(request, pk, SessionTransition.CLOSE,
                       _("Đã kết thúc bỏ phiếu. Ban kiểm phiếu tiến hành kiểm phiếu."))


@login_required
@require_POST
def session_tally(request, pk):
    return _transition(request, pk, SessionTransition.TALLY, _("Đã kiểm phiếu."), target="results")


@login_required
@require_POST
def next_round(request, pk):
    return _transition(request, pk, SessionTransition.NEXT_ROUND,
                       _("Đã mở vòng bỏ phiếu tiếp theo cho các nội dung chưa có kết quả."))


def results_data(session: BallotSession) -> list[dict]:
    """Per question, its results round by round (rows with outcome labels), in 2 queries."""
    results = QuestionResult.objects.filter(question__session=session).order_by("round")
    questions = list(session.questions.select_related("award").prefetch_related(Prefetch("results",
                                                                                        queryset=results)))
    thresholds = question_thresholds(session, questions)
    label_questions(session, questions)  # the award under the name the organiser prints
    out = []
    for question in questions:
        question.threshold = thresholds[question.pk]
        rounds = []
        for result in question.results.all():
            rows = [{**row, "outcome_label": str(Outcome(row["outcome"]).label),
                     "percent_text": row["percent"].replace(".", ",")} for row in result.rows]
            rounds.append({"result": result, "rows": rows, "invalid": result.ballots_cast - result.ballots_valid})
        out.append({"question": question, "rounds": rounds, "latest": rounds[-1] if rounds else None})
    return out


@login_required
def results(request, pk, meeting_form=None):
    session = _session(request, pk, "voting.view_results")
    if request.GET.get("export") == "xlsx":
        from thidua.voting.documents import results_xlsx

        return results_xlsx(session)
    can_manage = request.user.has_perm("voting.manage_session", session)
    data = results_data(session)
    context = {"session": session, "period": session.period, "cluster": session.period.cluster if session.period
               else None, "questions": data, "can_manage": can_manage,
               "meeting_day": meeting_day(session),  # the meeting's, a past year's own date
               "words": _words(session)}  # "Trưởng, phó cụm" or "Khối trưởng, Khối phó"
    if can_manage and not is_council(session):  # a council's day is fixed when it opens
        context["meeting_form"] = meeting_form or _meeting_form(session)
    if can_manage and session.state == SessionState.TALLIED:
        winners = voting.final_winners(session)
        context["pending"] = voting.pending_results(session, winners)  # "Áp dụng kết quả" while something is left
        context["has_winners"] = any(winners.values())
        undecided_questions = voting.undecided_questions(session)
        undecided = {q.pk for q in undecided_questions}
        context["undecided"] = [d for d in data if d["question"].pk in undecided]
        context["can_next_round"] = (
            SessionTransition.NEXT_ROUND in voting.available_transitions(session, request.user)
            and not voting.issues_before(session, SessionTransition.NEXT_ROUND, undecided=undecided_questions))
        context["leaders_forms"] = [
            (d, LeadersDecisionForm(candidates=d["question"].candidates.filter(
                pk__in=[r["candidate"] for r in d["latest"]["rows"]]), prefix=f"q{d['question'].pk}"))
            for d in context["undecided"]] if session.current_round >= session.max_rounds else []
    if session.period_id:
        context["nominations"] = list(Nomination.objects.filter(question__session=session)
                                      .select_related("unit", "person"))
        context["next_period"] = EmulationPeriod.objects.filter(cluster=session.period.cluster,
                                                                year=session.period.year + 1).first()
    return render(request, "voting/results.html", context)


@login_required
@require_POST
def leaders_decision(request, pk, question_pk):
    session = _session(request, pk, "voting.manage_session")
    question = get_object_or_404(Question, pk=question_pk, session=session)
    latest = question.results.order_by("-round").first()
    form = LeadersDecisionForm(request.POST, prefix=f"q{question.pk}", candidates=question.candidates.filter(
        pk__in=[r["candidate"] for r in latest.rows] if latest else []))
    if form.is_valid():
        try:
            voting.record_leaders_decision(question, form.cleaned_data["candidate"], form.cleaned_data["text"],
                                           actor=request.user)
            messages.success(request, _("Đã ghi quyết định của %(leaders)s về “%(title)s”.")
                             % {"leaders": _words(session).leaders.lower(), "title": question.title})
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("voting:results", pk=session.pk)


@login_required
@require_POST
def apply(request, pk):
    session = _session(request, pk, "voting.manage_session")
    if session.state == SessionState.TALLIED and not voting.pending_results(session):
        messages.info(request, _("Kết quả đã được áp dụng, không còn gì để áp dụng."))
        return redirect(reverse("voting:results", args=[session.pk]) + "#applied")
    try:
        applied = voting.apply_results(session, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect("voting:results", pk=session.pk)
    parts = [_("%(n)s đề nghị khen thưởng") % {"n": len(applied["nominations"])}]
    if applied["next_period"] is not None:
        parts.append(_("%(leaders)s năm %(year)s") % {"leaders": _words(session).leaders.lower(),
                                                        "year": applied["next_period"].year})
    messages.success(request, _("Đã áp dụng kết quả: %(parts)s.") % {"parts": ", ".join(parts)})
    return redirect(reverse("voting:results", args=[session.pk]) + "#applied")


def _meeting_form(session: BallotSession, data=None) -> MeetingDayForm:
    """The meeting day's form of the results page, with the version of the day it was loaded with."""
    form = MeetingDayForm(data, initial={"held_on": session.held_on})
    versions.attach(form, lambda: meeting_day_version(session))
    return form


@login_required
@require_POST
def session_meeting_day(request, pk):
    """Enter or correct a counted session's meeting day; refused input comes back on the results page as typed."""
    session = _session(request, pk, "voting.manage_session")
    form = _meeting_form(session, request.POST)
    if form.is_valid():
        try:
            set_meeting_day(session, form.cleaned_data["held_on"], actor=request.user,
                            loaded_version=versions.loaded(form))
        except versions.StaleVersion as error:  # changed by someone else since the page was loaded
            versions.show_refusal(form, error)
        except ValidationError as error:
            form.add_error("held_on", error)
        else:
            messages.success(request, _("Đã ghi ngày họp, biểu quyết."))
            return redirect("voting:results", pk=session.pk)
    return results(request, pk, meeting_form=form)
