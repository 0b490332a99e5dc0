"""`thidua gen-data`: generate a data set at province or national scale (for benchmarks and load tests)."""

from django.core.management.base import BaseCommand, CommandError

from thidua.demo import gendata


class Command(BaseCommand):
    help = ("Sinh dữ liệu tổng hợp quy mô tỉnh (30 cụm, 300 đơn vị, 50.000 cá nhân) hoặc toàn quốc "
            "(34 tỉnh, 1.400 cụm, 15.000 đơn vị, 3.000.000 cá nhân). Mọi mã bắt đầu bằng “gen-”.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(gendata.SCALES), default="province",
                            help="Quy mô: province (một tỉnh) hoặc national (toàn quốc). Mặc định: province")
        parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument("--people", type=int, help="Số cá nhân (thay cho số của quy mô)")
        parser.add_argument("--clusters", type=int, help="Số cụm, khối (thay cho số của quy mô)")
        parser.add_argument("--units", type=int, help="Số đơn vị thành viên (thay cho số của quy mô)")
        parser.add_argument("--province", default=gendata.DEFAULT_PROVINCE,
                            help=f"Mã tỉnh cho quy mô province (mặc định: {gendata.DEFAULT_PROVINCE})")
        parser.add_argument("--replace", action="store_true",
                            help="Xóa dữ liệu tổng hợp đã sinh trước đó (mã “gen-…”) rồi sinh lại")

    def handle(self, *args, **options):
        def log(message):
            self.stdout.write(message)
            self.stdout.flush()

        if options["replace"]:
            gendata.delete_generated(log=log)
        log(f"Sinh dữ liệu tổng hợp, quy mô {options['scale']}…")
        try:
            result = gendata.generate(
                options["scale"], seed=options["seed"], people=options["people"], clusters=options["clusters"],
                units=options["units"], province=options["province"], log=log,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        n = gendata.number_vi
        self.stdout.write(self.style.SUCCESS(
            f"Xong trong {result.seconds:.1f} giây: {result.provinces} tỉnh, thành phố; {n(result.clusters)} cụm, "
            f"khối; {n(result.units)} đơn vị; {n(result.periods)} năm thi đua; {n(result.people)} cá nhân."))
