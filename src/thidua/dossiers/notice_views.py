"""Public notice pages (dossiers.domain.notices).

- The secretariat's page of a proposal's notice (log-in, the receiver's staff): publish, the period, the comments
  received, the reason for an early review, and the list as an HTML page and an Excel file for a web portal.
- The public pages (no log-in): the notices open today, and one notice with its comment form, reached by a random
  address that reveals nothing about the proposal."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core import calendar
from thidua.core.export import workbook_response
from thidua.dossiers.domain import notices
from thidua.dossiers.interfaces.notices import COLUMNS, CommentForm, EarlyReviewForm, PublishForm, entry_row
from thidua.dossiers.models import Proposal, PublicNotice


def _proposal(request, pk) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("sender", "recipient"), pk=pk)
    if not request.user.has_perm("dossiers.manage_notice", proposal):
        raise PermissionDenied
    return proposal


def _period(notice: PublicNotice, today) -> dict:
    overrides = calendar.stored_overrides()
    end = notices.last_day(notice, overrides)
    return {"end": end, "open": notice.published_on <= today <= end, "ended": today > end,
            "days_left": calendar.working_days_between(today, end, overrides) if today <= end else 0}


@login_required
def notice_page(request, pk, publish_form=None, early_form=None, errors=None):
    proposal = _proposal(request, pk)
    today = timezone.localdate()
    notice = notices.notice_of(proposal)
    context = {"proposal": proposal, "notice": notice, "errors": errors or [],
               "review_issues": notices.issues_before_review(proposal, today)
               if proposal.state in notices.PUBLISHABLE else []}
    if notice is None:
        rule = notices.rule_for(proposal, today)
        context["rule"] = rule
        if rule is not None:
            context["covered"] = list(notices.covered_nominees(proposal, rule))
            if proposal.state in notices.PUBLISHABLE:
                context["publish_form"] = publish_form or PublishForm(initial={"published_on": today})
    else:
        period = _period(notice, today)
        context.update(period=period, entries=list(notice.entries.all()),
                       comments=list(notice.comments.select_related("entry")),
                       public_url=request.build_absolute_uri(notice.get_absolute_url()))
        if not period["ended"] and not notice.early_review_reason and proposal.state in notices.PUBLISHABLE:
            context["early_form"] = early_form or EarlyReviewForm()
    return render(request, "dossiers/notice.html", context)


@require_POST
@login_required
def notice_publish(request, pk):
    proposal = _proposal(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return notice_page(request, pk, publish_form=form)
    try:
        notices.publish(proposal, request.user, form.cleaned_data["published_on"])
    except PermissionError as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        return notice_page(request, pk, publish_form=form, errors=error.messages)
    messages.success(request, _("Đã công khai danh sách. Gửi địa chỉ trang công khai cho cổng thông tin của cơ quan."))
    return redirect("dossiers:notice", pk=proposal.pk)


@require_POST
@login_required
def notice_early_review(request, pk):
    proposal = _proposal(request, pk)
    form = EarlyReviewForm(request.POST)
    if not form.is_valid():
        return notice_page(request, pk, early_form=form)
    try:
        notices.record_early_review(proposal, form.cleaned_data["reason"], request.user)
    except PermissionError as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        return notice_page(request, pk, early_form=form, errors=error.messages)
    messages.success(request, _("Đã ghi lý do; hội đồng có thể ghi kết quả xét."))
    return redirect("dossiers:notice", pk=proposal.pk)


@login_required
def notice_file(request, pk, fmt):
    """The posted list for a web portal that this server does not reach: a plain HTML page (no script, no style:
    the portal brings its own) or an Excel file, with the same columns."""
    proposal = _proposal(request, pk)
    notice = get_object_or_404(PublicNotice, proposal=proposal)
    rows = [entry_row(e) for e in notice.entries.all()]
    with translation.override(settings.LANGUAGE_CODE):  # a record for the public, in Vietnamese
        headers = [str(c) for c in COLUMNS]
    if fmt == "xlsx":
        return workbook_response("danh-sach-cong-khai.xlsx", "Danh sách công khai", headers, rows)
    html = render_to_string("dossiers/public/notice_file.html", {
        "notice": notice, "headers": headers, "rows": rows, "end": notices.last_day(notice)})
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="danh-sach-cong-khai.html"'
    return response


# ---- public: no log-in -----------------------------------------------------------------------------------------

def public_index(request):
    return render(request, "dossiers/public/index.html", {"open": notices.open_notices()})


def public_notice(request, slug):
    notice = get_object_or_404(PublicNotice, slug=slug)
    entries = list(notice.entries.all())
    form = CommentForm(request.POST or None, entries=entries)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notices.submit_comment(notice, name=data["name"], contact=data["contact"], text=data["text"],
                                   entry_order=form.entry_order(), address=request.META.get("REMOTE_ADDR", ""))
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã nhận ý kiến của ông (bà). Xin cảm ơn."))
            return redirect(f"{notice.get_absolute_url()}#gop-y")
    today = timezone.localdate()
    return render(request, "dossiers/public/notice.html", {
        "notice": notice, "entries": entries, "period": _period(notice, today), "form": form, "errors": errors})
