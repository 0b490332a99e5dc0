"""`thidua backup` and `thidua restore` round trip on the database in use (SQLite or PostgreSQL): every table's
rows and the uploaded files come back as they were; a newer schema, another database kind and a guard refuse."""

import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from thidua.core import backup
from thidua.core.backup import BackupError, table_checksums
from thidua.orgs.models import Person, Unit

# Transactional: a restore replaces the database under the connection; serialized_rollback brings back the
# reference data the migrations load (sectors, provinces, the award catalogue) after the flush that follows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    folder = Path(settings.MEDIA_ROOT) / "ho-so"
    folder.mkdir(parents=True)
    (folder / "to-trinh.pdf").write_bytes(b"%PDF-1.4 to trinh")
    return Path(settings.MEDIA_ROOT)


def test_a_backup_restores_every_table_and_file_as_it_was(s1, media, tmp_path):
    before = table_checksums()
    assert sum(n for n, _digest in before.values()) > 100
    call_command("backup", str(tmp_path / "ban-sao.tar"))

    # Life goes on after the backup: a unit renamed, people deleted, a file replaced and one added.
    unit = Unit.objects.order_by("pk").first()
    Unit.objects.filter(pk=unit.pk).update(name="Đổi tên sau khi sao lưu")
    Person.objects.filter(pk__in=Person.objects.order_by("pk").values("pk")[:3]).delete()
    (media / "ho-so" / "to-trinh.pdf").write_bytes(b"%PDF-1.4 ban khac")
    (media / "moi.pdf").write_bytes(b"%PDF new")
    assert table_checksums() != before

    call_command("restore", str(tmp_path / "ban-sao.tar"), "--yes")
    after = table_checksums()
    assert after == before  # every table: the same row count and the same rows
    assert Unit.objects.get(pk=unit.pk).name == unit.name
    assert (media / "ho-so" / "to-trinh.pdf").read_bytes() == b"%PDF-1.4 to trinh"
    assert not (media / "moi.pdf").exists()


def _rewrite_manifest(archive: Path, change) -> None:
    with tarfile.open(archive) as source:
        members = [(m, source.extractfile(m).read() if m.isfile() else None) for m in source.getmembers()]
    with tarfile.open(archive, "w") as target:
        for member, data in members:
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data) if data is not None else None)


def test_restoring_over_a_newer_schema_is_refused_without_force(s1, media, tmp_path):
    archive = tmp_path / "cu.tar"
    call_command("backup", str(archive))
    last = max(m for m in backup.applied_migrations() if m[0] == "orgs")
    _rewrite_manifest(archive, lambda m: m["migrations"].remove(list(last)))
    with pytest.raises(CommandError, match="mới hơn bản sao lưu"):
        call_command("restore", str(archive), "--yes")
    assert Unit.objects.exists()  # nothing was touched
    call_command("restore", str(archive), "--yes", "--force")


def test_an_archive_of_a_newer_thidua_or_another_database_is_refused(s1, media, tmp_path):
    archive = tmp_path / "moi.tar"
    call_command("backup", str(archive))
    _rewrite_manifest(archive, lambda m: m["migrations"].append(["orgs", "9999_from_the_future"]))
    with pytest.raises(BackupError, match="mới hơn"):
        backup.restore(archive)
    _rewrite_manifest(archive, lambda m: m.update(engine="oracle"))
    with pytest.raises(BackupError, match="oracle"):
        backup.restore(archive, force=True)  # even forced
    with pytest.raises(BackupError, match="Không đọc được"):
        backup.restore(tmp_path / "khong-co.tar")


def test_a_guard_refuses_the_backup_unless_forced(s1, media, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "_guards", [lambda: "Đang có vòng bỏ phiếu mở."])
    with pytest.raises(CommandError, match="vòng bỏ phiếu mở"):
        call_command("backup", str(tmp_path))
    assert not list(tmp_path.glob("*.tar"))
    call_command("backup", str(tmp_path), "--force")
    assert len(list(tmp_path.glob("thidua-backup-*.tar"))) == 1
