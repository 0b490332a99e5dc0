from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PROVINCE = "province", _("Theo địa phương (tỉnh)")
    SECTOR = "sector", _("Theo ngành dọc")


class State(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RECEIVED = "received", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")
    APPRAISED = "appraised", _("Đã thẩm định")
    REVIEWED = "reviewed", _("Hội đồng đã xét")
    DECIDED = "decided", _("Đã có quyết định")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Gửi")
    RECALL = "recall", _("Rút lại")
    RECEIVE = "receive", _("Tiếp nhận")
    RETURN = "return", _("Trả lại")
    RESUBMIT = "resubmit", _("Gửi lại")
    APPRAISE = "appraise", _("Thẩm định xong")
    REVIEW = "review", _("Ghi nhận kết quả hội đồng")
    DECIDE = "decide", _("Ghi quyết định")


# action → (from states, to state, who: "sender" or "receiver"); looked up by the plain strings a form posts and a
# proposal stores, hence str keys.
TRANSITIONS: dict[str, tuple[set[str], str, str]] = {
    Action.SUBMIT: ({State.DRAFT}, State.SUBMITTED, "sender"),
    Action.RECALL: ({State.SUBMITTED}, State.DRAFT, "sender"),
    Action.RECEIVE: ({State.SUBMITTED}, State.RECEIVED, "receiver"),
    Action.RETURN: ({State.RECEIVED, State.APPRAISED}, State.RETURNED, "receiver"),
    Action.RESUBMIT: ({State.RETURNED}, State.SUBMITTED, "sender"),
    Action.APPRAISE: ({State.RECEIVED}, State.APPRAISED, "receiver"),
    Action.REVIEW: ({State.APPRAISED}, State.REVIEWED, "receiver"),
    Action.DECIDE: ({State.REVIEWED}, State.DECIDED, "receiver"),
}


class DocumentKind(models.TextChoices):
    SUBMISSION = "submission", _("Tờ trình")
    ACHIEVEMENT_REPORT = "achievement", _("Báo cáo thành tích")
    REVIEW_MINUTES = "minutes", _("Biên bản họp bình xét (có kết quả bỏ phiếu)")
    INITIATIVE = "initiative", _("Giấy chứng nhận, xác nhận sáng kiến")
    OTHER = "other", _("Tài liệu khác")
