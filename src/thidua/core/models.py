"""Base pieces every domain uses: the append-only activity log and a mixin for named records."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core import text


class NamedRecord(models.Model):
    """A record found by name: keeps `search_text` and `sort_key` in step with the names it is found by."""

    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=600, editable=False, default="")
    sort_key = models.CharField(_("khóa sắp xếp"), max_length=text.SORT_KEY_LENGTH, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_name_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "sort_key"}
        super().save(*args, **kwargs)

    def searchable_names(self) -> list[str]:
        return [self.name, getattr(self, "short_name", "")]

    def refresh_name_keys(self) -> None:
        self.search_text = text.search_text(*self.searchable_names())[:600]
        self.sort_key = text.sort_key(self.searchable_names()[0])


class ActivityQuerySet(models.QuerySet):
    def for_scope(self, scope: str):
        return self.filter(scope=scope).select_related("actor").order_by("-at", "-id")


class Activity(models.Model):
    """One change made by someone: who, when, what, and each field's old → new value.

    Append-only: an entry is never updated or deleted. Ballots never get entries (they must stay secret)."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        TRANSITION = "transition", _("Chuyển giai đoạn")
        IMPORT = "import", _("Nhập từ Excel")

    # Now, unless the change is dated by its caller: the demo replays a scenario's year on the days it happened.
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=16, choices=Action.choices)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("đối tượng"), max_length=300)
    # Where the entry shows: "cluster:12" on that cluster's timeline, "unit:5" on that unit's page.
    scope = models.CharField(max_length=40, db_index=False)
    summary = models.CharField(_("nội dung"), max_length=300, blank=True)
    changes = models.JSONField(_("thay đổi"), default=list, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký hoạt động")
        verbose_name_plural = _("nhật ký hoạt động")
        indexes = [models.Index(fields=["scope", "-at"], name="activity_scope_at")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(_("Nhật ký hoạt động chỉ được ghi thêm, không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(_("Nhật ký hoạt động không được xóa."))


class WorkdayOverride(models.Model):
    """A day whose status the government changed for a year (ngày làm bù, nghỉ bù): a Saturday worked to make a
    long holiday, or a weekday given off. The `holidays` package knows the swaps announced before its release;
    a row here wins over it (core.calendar). Swaps for civil servants are national (the government's notice), so
    the rows have no province."""

    day = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(_("là ngày làm việc"))
    reason = models.CharField(_("lý do"), max_length=255)
    source = models.CharField(_("căn cứ"), max_length=255, help_text=_("Số, ngày văn bản thông báo hoán đổi."))

    class Meta:
        verbose_name = _("ngày làm việc hoán đổi")
        verbose_name_plural = _("ngày làm việc hoán đổi")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.reason}"


class Job(models.Model):
    """A long piece of work done by the background worker (core/jobs.py): reading a large import, writing it. Its
    page follows its progress; a job the worker stopped doing (killed, restarted) can be started again."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    label = models.CharField(_("công việc"), max_length=300)
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)  # why it failed, for the user
    payload = models.JSONField(default=dict)  # what the job works on (a stored upload's token…)
    outcome = models.JSONField(default=dict)  # what it produced, for its page
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved by every progress report: a running job whose heartbeat stopped was killed with its worker.
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]

    def __str__(self):
        return self.label
