import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.orgs.domain.units import EDITABLE_FIELDS, record_succession, save_unit_changes
from thidua.orgs.enums import SuccessionKind
from thidua.orgs.models import Area, Sector, Unit, UnitName

pytestmark = pytest.mark.django_db


def test_34_provinces_since_1_july_2025_and_63_before():
    assert Area.objects.valid_on(dt.date(2025, 6, 30)).count() == 63
    assert Area.objects.valid_on(dt.date(2025, 7, 1)).count() == 34
    assert Area.objects.valid_on(dt.date(2026, 11, 21)).count() == 34


def test_mergers_are_linked():
    tuyen_quang = Area.objects.get(code="tuyen-quang-2025")
    assert Area.objects.get(code="ha-giang").successor == tuyen_quang
    assert Area.objects.get(code="yen-bai").successor.code == "lao-cai-2025"
    assert sorted(a.name for a in tuyen_quang.predecessors.all()) == ["Hà Giang", "Tuyên Quang"]
    # unchanged provinces are one record valid throughout
    lang_son = Area.objects.get(code="lang-son")
    assert lang_son.valid_from is None and lang_son.valid_to is None and lang_son.successor is None


def test_database_orders_by_vietnamese_sort_key_on_both_databases():
    sector = Sector.objects.first()
    for code, name in [("u1", "Đà Nẵng"), ("u2", "Dak Lak"), ("u3", "Ân Thi"), ("u4", "An Giang"), ("u5", "Bắc Ninh")]:
        Unit.objects.create(code=code, name=name, sector=sector)
    names = list(Unit.objects.filter(code__in=["u1", "u2", "u3", "u4", "u5"]).order_by("sort_key")
                 .values_list("name", flat=True))
    assert names == ["An Giang", "Ân Thi", "Bắc Ninh", "Dak Lak", "Đà Nẵng"]


def test_accent_free_search_text_is_kept_in_step_with_the_name():
    unit = Unit.objects.create(code="x", name="Bộ Chỉ huy Quân sự tỉnh", short_name="Bộ CHQS")
    assert "bo chi huy quan su tinh" in unit.search_text and "bo chqs" in unit.search_text
    unit.name = "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn"
    unit.save(update_fields=["name"])
    unit.refresh_from_db()
    assert "lang son" in unit.search_text


def test_rename_keeps_dated_name_history():
    unit = Unit.objects.create(code="thads", name="Cục Thi hành án dân sự tỉnh")
    UnitName.objects.create(unit=unit, name=unit.name, valid_from=dt.date(2010, 1, 1))
    before = {f: str(getattr(unit, f) or "") for f in EDITABLE_FIELDS}
    before["name"] = unit.name
    unit.name = "Thi hành án dân sự tỉnh"
    save_unit_changes(unit, before, on_date=dt.date(2025, 3, 1))
    assert unit.name_on(dt.date(2024, 12, 31)) == "Cục Thi hành án dân sự tỉnh"
    assert unit.name_on(dt.date(2025, 3, 1)) == "Thi hành án dân sự tỉnh"


def test_merger_ends_the_predecessor_the_day_before():
    old = Unit.objects.create(code="old", name="Tỉnh Hà Giang", kind="province")
    new = Unit.objects.create(code="new", name="Tỉnh Tuyên Quang", kind="province")
    record_succession(old, new, SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết 202/2025/QH15")
    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 6, 30)
    assert new.successions_in.get().predecessor == old
    with pytest.raises(ValidationError):
        record_succession(new, new, SuccessionKind.RENAME, dt.date(2025, 7, 1))
