"""Proposal pages: the inbox and outbox, drafting with nominees checked against the law as they are added,
documents, the actions this user may take now, and the history. Views parse the request, call one domain
function (dossiers.domain.workflow), render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from thidua.awards.domain.money import rule_set_for_submission
from thidua.awards.enums import Verdict
from thidua.awards.models import AwardTerms
from thidua.clusters.models import Membership
from thidua.core import versions
from thidua.core.documents import content_disposition
from thidua.core.export import table_response
from thidua.dossiers.domain import from_ballot, papers, workflow
from thidua.dossiers.domain.queries import INBOX, OUTBOX, proposals_visible_to
from thidua.dossiers.enums import Action, DocumentKind, State
from thidua.dossiers.interfaces.filters import ProposalFilter
from thidua.dossiers.interfaces.forms import (
    STATE_BADGES,
    DecisionForm,
    DocumentForm,
    PersonNomineeForm,
    ProposalForm,
    ReturnForm,
    ReviewForm,
    SignerForm,
    SubmitForm,
    UnitNomineeForm,
)
from thidua.dossiers.interfaces.tables import ProposalTable
from thidua.dossiers.models import Document, Nominee, Proposal
from thidua.voting.models import BallotSession

PAGE_SIZE = 25
VERDICT_STYLE = {Verdict.ELIGIBLE: "success", Verdict.NOT_ELIGIBLE: "danger", Verdict.REVIEW: "warning"}
# Actions whose button asks for confirmation (data-confirm) and those that need a form first.
FORM_ACTIONS = {Action.RETURN, Action.REVIEW, Action.DECIDE}
CONFIRM = {
    Action.SUBMIT: gettext_lazy("Gửi tờ trình? Sau khi gửi, đơn vị chỉ rút lại được khi cơ quan nhận chưa tiếp nhận."),
    Action.RESUBMIT: gettext_lazy("Gửi lại tờ trình đã sửa?"),
    Action.RECALL: gettext_lazy("Rút tờ trình về để sửa? Tờ trình trở về trạng thái đang soạn."),
    Action.RECEIVE: gettext_lazy("Tiếp nhận tờ trình?"),
    Action.APPRAISE: gettext_lazy("Xác nhận đã thẩm định xong hồ sơ?"),
    Action.RETURN: gettext_lazy("Trả lại tờ trình cho đơn vị với lý do đã ghi?"),
    Action.REVIEW: gettext_lazy("Ghi nhận kết quả xét của hội đồng?"),
    Action.DECIDE: gettext_lazy("Ghi quyết định khen thưởng? Các khen thưởng sẽ được đưa vào sổ khen thưởng."),
}


def _proposal(request, pk, perm="dossiers.view_proposal") -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("sender__area", "sender__parent", "recipient",
                                                                 "period__cluster", "rule_set", "signer",
                                                                 "ballot_session"), pk=pk)
    if not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    return proposal


def _default_box(user) -> str:
    if user.organiser_ids and not user.unit_ids:
        return INBOX
    if user.unit_ids and not user.organiser_ids:
        return OUTBOX
    return ""


@login_required
def proposal_list(request):
    if not request.user.has_perm("dossiers.view_list"):
        raise PermissionDenied
    box = request.GET.get("hop")
    if box not in (INBOX, OUTBOX, "tat-ca"):
        box = _default_box(request.user)
    filterset = ProposalFilter(request.GET, queryset=proposals_visible_to(request.user, box or None))
    table = ProposalTable(filterset.qs)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, "to-trinh-de-nghi-khen-thuong.xlsx", "Tờ trình")
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    template = "core/_table_card.html" if request.htmx else "dossiers/proposal_list.html"
    return render(request, template, {
        "filter": filterset, "table": table, "box": box, "inbox": INBOX, "outbox": OUTBOX,
        "can_add": request.user.has_perm("dossiers.add_proposal"),
        "has_inbox": bool(request.user.organiser_ids) or request.user.is_system_admin,
        "has_outbox": bool(request.user.unit_ids),
    })


@login_required
def proposal_create(request):
    if not request.user.has_perm("dossiers.add_proposal"):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = workflow.create_proposal(
                data["sender"], data["recipient"], data["title"], data["year"], period=data["period"],
                channel=data["channel"], award_type=data["award_type"], actor=request.user, number=data["number"],
                signer=data.get("signer"), signer_position=data.get("signer_position") or "")
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã tạo tờ trình. Thêm người, tập thể được đề nghị và tài liệu rồi gửi."))
            return redirect(proposal)
    return render(request, "dossiers/proposal_form.html", {"form": form})


@require_POST
@login_required
def proposal_from_ballot(request, session_pk):
    """“Lập tờ trình đề nghị từ kết quả bỏ phiếu”: the cluster's proposal from a ballot's final results (made once;
    asked again, the proposal already made opens)."""
    session = get_object_or_404(BallotSession.objects.select_related("period__cluster__organiser"), pk=session_pk)
    if not request.user.has_perm("dossiers.propose_from_ballot", session):
        raise PermissionDenied
    try:
        done = from_ballot.proposal_from_ballot(session, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("voting:results", pk=session.pk)
    proposal = done.proposal
    if not done.created:
        messages.info(request, _("Tờ trình từ kết quả phiên bỏ phiếu này đã được lập: “%(title)s”.")
                      % {"title": proposal.title})
        return redirect(proposal)
    messages.success(request, _("Đã lập tờ trình với %(n)s tập thể, cá nhân được đề nghị và kết quả bỏ phiếu của "
                                "từng người; điều kiện của từng người đã được kiểm tra. Thêm tài liệu rồi gửi.")
                     % {"n": len(done.nominees)})
    if done.skipped:
        messages.warning(request, _("Không đưa vào tờ trình: %(list)s") % {"list": " ".join(done.skipped)})
    return redirect(proposal)


def _visible_person_units(user, unit_ids: set[int]) -> set[int]:
    """Of these units, those whose people the user may see (orgs.view_person), in one query."""
    if user.is_system_admin:
        return set(unit_ids)
    seen = unit_ids & user.unit_ids
    if user.organiser_ids and unit_ids - seen:
        seen |= set(Membership.objects.filter(unit_id__in=unit_ids - seen,
                                              period__cluster__organiser_id__in=user.organiser_ids)
                    .values_list("unit_id", flat=True))
    return seen


def _detail(request, proposal, *, action_errors=None, **forms):
    """The proposal page; also re-rendered (status 200, as any form with errors) when an action or a form is
    refused, with the reasons and what the user typed."""
    user = request.user
    can_edit = user.has_perm("dossiers.change_proposal", proposal)
    nominees = list(proposal.nominees.select_related("award", "person", "unit", "initiative").order_by("order", "pk"))
    documents = list(proposal.documents.select_related("nominee").order_by("uploaded_at", "pk"))
    present = {(d.nominee_id, d.kind) for d in documents}
    by_nominee: dict[int | None, list[Document]] = {}
    for document in documents:
        by_nominee.setdefault(document.nominee_id, []).append(document)
    visible_units = _visible_person_units(user, {n.unit_id for n in nominees if n.person_id})
    award_names = papers.award_names(proposal, {n.award_id: n.award for n in nominees}.values())
    rows = []
    for nominee in nominees:
        required = [{"label": DocumentKind(kind).label, "article": article, "present": (nominee.pk, kind) in present}
                    for kind, article in workflow.required_documents(nominee)]
        rows.append({
            "nominee": nominee, "required": required, "documents": by_nominee.get(nominee.pk, []),
            "style": VERDICT_STYLE.get(nominee.eligibility, "secondary"),
            "verdict": Verdict(nominee.eligibility).label if nominee.eligibility else _("Chưa kiểm tra"),
            "person_link": nominee.person_id and nominee.unit_id in visible_units,
            "vote": from_ballot.vote_text(nominee), "award_name": award_names[nominee.award_id],
        })
    actions = workflow.allowed_actions(proposal, user)
    deadline = workflow.deadline_for(proposal)
    people, units = workflow.candidates_for(proposal)
    context = {
        "proposal": proposal, "rows": rows, "general_documents": by_nominee.get(None, []),
        "document_count": len(documents),
        "can_edit": can_edit, "state_badge": STATE_BADGES.get(proposal.state, "secondary"),
        "issues": workflow.issues_before_submit(proposal) if proposal.state in workflow.EDITABLE else [],
        "deadline": deadline, "deadline_warning": workflow.deadline_warning(proposal),
        "deadline_missing": "" if deadline else workflow.missing_deadline(proposal),
        "actions": [{"code": a, "label": Action(a).label, "confirm": CONFIRM.get(a, ""),
                     "needs_form": a in FORM_ACTIONS} for a in actions],
        "action_codes": set(actions), "action_errors": action_errors or [],
        "history": workflow.history(proposal),
        "decided": proposal.state == State.DECIDED,
        "excluded": [n for n in nominees if n.excluded],
        "abbreviation_missing": not proposal.sender.doc_abbreviation.strip(),
        "can_edit_sender": user.has_perm("orgs.change_unit", proposal.sender),
    }
    if can_edit:
        context["signer_form"] = forms.get("signer_form") or SignerForm(proposal=proposal)
        context["person_form"] = forms.get("person_form") or PersonNomineeForm(people=people, units=units)
        context["unit_form"] = forms.get("unit_form") or UnitNomineeForm(units=units)
        context["document_form"] = forms.get("document_form") or DocumentForm(proposal=proposal)
    if {Action.SUBMIT, Action.RESUBMIT} & set(actions) and proposal.year < timezone.localdate().year:
        context["submit_form"] = forms.get("submit_form") or SubmitForm()  # a past year's: the day it was sent
    if Action.RETURN in actions:
        context["return_form"] = forms.get("return_form") or ReturnForm()
    if Action.REVIEW in actions:
        context["review_form"] = forms.get("review_form") or ReviewForm(proposal=proposal)
    if Action.DECIDE in actions:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(
            proposal=proposal, initial={"decision_signer": _default_signer(proposal, nominees)})
    return render(request, "dossiers/proposal_detail.html", context)


def _default_signer(proposal, nominees) -> str:
    """Who signs by default: the Prime Minister or the President for their awards; otherwise the head of the
    authority the proposal went to (the chair of a province's People's Committee, the head of a ministry)."""
    try:
        rule_set = proposal.rule_set or rule_set_for_submission(timezone.localdate())
    except LookupError:
        return ""
    terms = (AwardTerms.objects.filter(rule_set=rule_set, award_id__in=[n.award_id for n in nominees])
             .exclude(rank=None).order_by("rank").first())
    if terms and terms.decided_by in ("Thủ tướng Chính phủ", "Chủ tịch nước"):
        return terms.decided_by
    recipient = proposal.recipient
    if recipient.kind == "province":
        return f"Chủ tịch {recipient.short_name or recipient.name}"
    return f"Thủ trưởng {recipient.name}"


@login_required
def proposal_detail(request, pk):
    return _detail(request, _proposal(request, pk))


def _action_params(request, proposal, action) -> tuple[dict, dict]:
    """The action's parameters from its form, and the forms (re-rendered with what was typed when invalid)."""
    params, forms = {}, {}
    if action in (Action.SUBMIT, Action.RESUBMIT) and "submitted_on" in request.POST:
        form = forms["submit_form"] = SubmitForm(request.POST)  # a past year's proposal: the day it was sent
        if form.is_valid():
            params["submitted_on"] = form.cleaned_data["submitted_on"]
    if action == Action.RETURN:
        form = forms["return_form"] = ReturnForm(request.POST)
        if form.is_valid():
            params["reason"] = form.cleaned_data["reason"]
    elif action == Action.REVIEW:
        form = forms["review_form"] = ReviewForm(request.POST, proposal=proposal)
        if form.is_valid():
            params.update(council_result=form.cleaned_data["council_result"], excluded=form.excluded_map())
    elif action == Action.DECIDE:
        form = forms["decision_form"] = DecisionForm(request.POST, proposal=proposal)
        if form.is_valid():
            params.update(decision_number=form.cleaned_data["decision_number"],
                          decision_date=form.cleaned_data["decision_date"],
                          decision_signer=form.cleaned_data["decision_signer"])
    return params, forms


@require_POST
@login_required
def proposal_action(request, pk, action):
    proposal = _proposal(request, pk)
    if action not in Action.values:
        raise Http404
    params, forms = _action_params(request, proposal, action)
    if any(not f.is_valid() for f in forms.values()):
        return _detail(request, proposal, **forms)
    try:
        workflow.transition(proposal, action, request.user, **params)
    except PermissionError as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        return _detail(request, proposal, action_errors=error.messages, **forms)
    done = {Action.SUBMIT: _("Đã gửi tờ trình."), Action.RESUBMIT: _("Đã gửi lại tờ trình."),
            Action.RECALL: _("Đã rút tờ trình về để sửa."), Action.RECEIVE: _("Đã tiếp nhận tờ trình."),
            Action.RETURN: _("Đã trả lại tờ trình cho đơn vị."), Action.APPRAISE: _("Đã ghi nhận thẩm định xong."),
            Action.REVIEW: _("Đã ghi nhận kết quả xét của hội đồng."),
            Action.DECIDE: _("Đã ghi quyết định; các khen thưởng đã vào sổ khen thưởng.")}
    messages.success(request, done[action])
    return redirect(proposal)


@require_POST
@login_required
def proposal_signer(request, pk):
    proposal = _proposal(request, pk, "dossiers.change_proposal")
    form = SignerForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            workflow.set_signer(proposal, form.cleaned_data["signer"], form.cleaned_data["signer_position"],
                                actor=request.user, loaded_version=versions.loaded(form))
        except ValidationError as error:
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã lưu người ký tờ trình."))
            return redirect(f"{proposal.get_absolute_url()}#signer")
    return _detail(request, proposal, signer_form=form)


@require_POST
@login_required
def proposal_recheck(request, pk):
    proposal = _proposal(request, pk, "dossiers.change_proposal")
    workflow.recheck(proposal, actor=request.user)
    messages.success(request, _("Đã kiểm tra lại điều kiện của từng người, tập thể được đề nghị."))
    return redirect(proposal)


@require_POST
@login_required
def nominee_add(request, pk):
    proposal = _proposal(request, pk, "dossiers.change_proposal")
    people, units = workflow.candidates_for(proposal)
    if request.POST.get("subject") == "collective":
        form = UnitNomineeForm(request.POST, units=units)
        key, target = "unit_form", "unit"
    else:
        form = PersonNomineeForm(request.POST, people=people, units=units)
        key, target = "person_form", "person"
    if form.is_valid():
        data = form.cleaned_data
        try:
            nominee = workflow.add_nominee(proposal, data["award"], achievement=data["achievement"],
                                           initiative=data.get("initiative"), actor=request.user,
                                           **{target: data[target]})
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            verdict = Verdict(nominee.eligibility).label.lower() if nominee.eligibility else ""
            messages.success(request, _("Đã thêm %(name)s — %(award)s: %(verdict)s.") % {"name": nominee.name_as_written, "award": nominee.award,
                                                                        "verdict": verdict})
            return redirect(f"{proposal.get_absolute_url()}#nominee-{nominee.pk}")
    return _detail(request, proposal, **{key: form})


@require_POST
@login_required
def nominee_remove(request, pk, nominee_pk):
    proposal = _proposal(request, pk, "dossiers.change_proposal")
    nominee = get_object_or_404(Nominee.objects.select_related("award"), pk=nominee_pk, proposal=proposal)
    nominee.proposal = proposal
    try:
        workflow.remove_nominee(nominee, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi tờ trình.") % {"name": nominee.name_as_written})
    return redirect(proposal)


@require_POST
@login_required
def document_add(request, pk):
    proposal = _proposal(request, pk, "dossiers.change_proposal")
    form = DocumentForm(request.POST, request.FILES, proposal=proposal)
    if form.is_valid():
        try:
            document = workflow.attach_document(proposal, form.cleaned_data["kind"], form.cleaned_data["file"],
                                                nominee=form.cleaned_data["nominee"], actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("Đã tải lên “%(name)s” (%(kind)s).") % {"name": document.original_name,
                                                                         "kind": document.get_kind_display()})
            return redirect(f"{proposal.get_absolute_url()}#documents")
    return _detail(request, proposal, document_form=form)


@require_POST
@login_required
def document_remove(request, pk, document_pk):
    proposal = _proposal(request, pk, "dossiers.change_proposal")
    document = get_object_or_404(Document, pk=document_pk, proposal=proposal)
    document.proposal = proposal
    try:
        workflow.remove_document(document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa “%(name)s”.") % {"name": document.original_name})
    return redirect(f"{proposal.get_absolute_url()}#documents")


@login_required
def document_file(request, pk, document_pk):
    proposal = _proposal(request, pk)
    document = get_object_or_404(Document, pk=document_pk, proposal=proposal)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Không tìm thấy tệp.")) from error
    response = FileResponse(handle)
    response["Content-Disposition"] = content_disposition(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
