"""`thidua backup [PATH] [--force]`: the database and the uploaded files in one archive (core/backup.py)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một tệp .tar (mặc định: thư mục hiện tại, "
            "tên thidua-backup-<ngày-giờ>.tar).")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=".", help="Tệp hoặc thư mục nhận bản sao lưu")
        parser.add_argument("--force", action="store_true",
                            help="Sao lưu cả khi đang có vòng bỏ phiếu mở (bản sao lưu có thể lộ thứ tự bỏ phiếu)")

    def handle(self, *args, **options):
        started = time.monotonic()
        target = Path(options["path"]).resolve()
        try:
            manifest = backup(target, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        self.stdout.write(f"Đã sao lưu {len(manifest.tables)} bảng, {rows:,} dòng ({manifest.engine}) vào "
                          f"{manifest.path} trong {time.monotonic() - started:.1f} s.".replace(",", "."))
