"""`thidua restore ARCHIVE [--force]`: put back the database and the uploaded files of a backup."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Khôi phục cơ sở dữ liệu và các tệp đã tải lên từ một bản sao lưu của “thidua backup”. Dữ liệu hiện "
            "tại bị thay thế hoàn toàn.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sao lưu (.tar)")
        parser.add_argument("--force", action="store_true",
                            help="Khôi phục cả khi cấu trúc dữ liệu hiện tại mới hơn bản sao lưu")
        parser.add_argument("--yes", action="store_true", help="Không hỏi xác nhận")

    def handle(self, *args, **options):
        archive = Path(options["archive"]).resolve()
        if not options["yes"]:
            answer = input(f"Khôi phục {archive} sẽ thay thế TOÀN BỘ dữ liệu hiện tại. Gõ “co” để tiếp tục: ")
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy: không thay đổi gì.")
        started = time.monotonic()
        try:
            manifest = restore(archive, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        self.stdout.write(f"Đã khôi phục {len(manifest.tables)} bảng, {rows:,} dòng (bản sao lưu lúc "
                          f"{manifest.created_at}) trong {time.monotonic() - started:.1f} s.".replace(",", "."))
