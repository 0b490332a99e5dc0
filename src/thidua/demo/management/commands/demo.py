"""`thidua demo`: load the three real clusters, a synthetic province and one account for every role."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: 3 cụm thi đua thật (S1, S2, S3), một tỉnh tổng hợp và tài khoản cho mọi vai trò."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=20_000, help="Số cá nhân của tỉnh tổng hợp")
        parser.add_argument("--clusters", type=int, default=30, help="Số cụm, khối của tỉnh tổng hợp")
        parser.add_argument("--quiet-accounts", action="store_true", help="Không in danh sách tài khoản")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Chỉ nạp dữ liệu trình diễn khi bật chế độ trình diễn (THIDUA_DEMO=1): "
                               "tài khoản trình diễn có mật khẩu mặc định.")
        from thidua.demo import accounts, scenarios, synthetic

        started = time.monotonic()
        with transaction.atomic():
            scenarios.load_all()
            self.stdout.write("  Đã nạp 3 cụm thi đua thật (S1 Lạng Sơn, S2 miền núi biên giới phía Bắc, S3 TAND Cụm số 1).")
        with transaction.atomic():
            result = synthetic.load(clusters=options["clusters"], people=options["people"])
            self.stdout.write(f"  Đã nạp tỉnh tổng hợp: {len(result['clusters'])} cụm, khối; "
                              f"{len(result['units'])} đơn vị.")
        with transaction.atomic():
            rows = accounts.load()
        self.stdout.write(self.style.SUCCESS(f"Xong trong {time.monotonic() - started:.1f} giây."))
        if not options["quiet_accounts"]:
            self.stdout.write(f"\nTài khoản trình diễn (mật khẩu chung: {accounts.DEMO_PASSWORD}):")
            for username, _password, description in rows:
                self.stdout.write(f"  {username:<16} {description}")
