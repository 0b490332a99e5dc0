"""Budgets: `thidua backup` and `thidua restore` of the whole database at the scale it holds (run by bench/run.sh
on the SQLite province set after the registry's 1.000.000 award records are written).

Prints `BUDGET backup_<db>_<scale> <seconds>s 60s PASS|FAIL` and `BUDGET restore_<db>_<scale> <seconds>s 120s
PASS|FAIL` (budgets set here: no issue names one; a province's officer waits for them at the end of a day) with
the archive's size on stderr. The restore puts back the very same data, checked table by table (row counts), so
that the benchmarks after it run on what they would have had."""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402

from thidua.core import backup  # noqa: E402

BACKUP_SECONDS, RESTORE_SECONDS = 60.0, 120.0


def main() -> None:
    scale = k.generated_scale()
    with tempfile.TemporaryDirectory(prefix="thidua-bench-backup-") as folder:
        archive = Path(folder) / "ban-sao.tar"
        started = time.perf_counter()
        manifest = backup.backup(archive, force=True)
        took_backup = time.perf_counter() - started
        rows = sum(manifest.tables.values())
        k.log(f"   sao lưu: {len(manifest.tables)} bảng, {rows:,} dòng, tệp {archive.stat().st_size / 1e6:.0f} MB, "
              f"{took_backup:.1f} s")
        started = time.perf_counter()
        backup.restore(archive)
        took_restore = time.perf_counter() - started
        k.log(f"   khôi phục: {took_restore:.1f} s (số dòng từng bảng đã đối chiếu)")
    k.budget(k.name("backup", scale), took_backup, BACKUP_SECONDS, "s")
    k.budget(k.name("restore", scale), took_restore, RESTORE_SECONDS, "s")


if __name__ == "__main__":
    main()
