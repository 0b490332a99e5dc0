"""`thidua daily_jobs`: the day's scheduled work — the reminders before deadlines (screens.domain.reminders), then
the daily digest e-mails (accounts.domain.notifications.send_digests). Once; or, with --loop, at once and then
every day at settings.DAILY_JOBS_HOUR (local time), sleeping in between (`make run` starts it so, beside the
worker). Both jobs are idempotent: run twice the same day, they send nothing twice."""

import datetime as dt
import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.accounts.domain.notifications import send_digests
from thidua.screens.domain.reminders import send_reminders

log = logging.getLogger(__name__)


def seconds_until(now: dt.datetime, hour: int) -> float:
    """Seconds from `now` to the next `hour` o'clock (today's if still ahead, else tomorrow's)."""
    target = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target <= now:
        target += dt.timedelta(days=1)
    return (target - now).total_seconds()


class Command(BaseCommand):
    help = ("Nhắc hạn các việc sắp đến hạn và gửi e-mail tổng hợp thông báo trong ngày. --loop: chạy ngay rồi "
            "mỗi ngày vào giờ DAILY_JOBS_HOUR.")

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Chạy mãi, mỗi ngày một lần vào giờ đã đặt.")

    def run_once(self) -> None:
        reminders = send_reminders(timezone.localdate())
        digests = send_digests()
        self.stdout.write(f"{timezone.localtime():%d/%m/%Y %H:%M}: {reminders} nhắc hạn, {digests} e-mail tổng hợp.")

    def handle(self, *args, loop=False, **options):
        if not loop:
            self.run_once()
            return
        hour = settings.DAILY_JOBS_HOUR
        while True:
            try:
                self.run_once()
            except Exception:  # a failed day is logged; the loop waits for the next one
                log.exception("Việc hằng ngày không chạy xong")
            time.sleep(seconds_until(timezone.localtime(), hour))
