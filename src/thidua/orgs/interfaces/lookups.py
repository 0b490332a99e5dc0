"""Units named in an Excel file, for the imports of any app (people here, past awards in awards): loaded once per
file by their codes, with the ones the user may import for, and the check of a row's unit code."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from thidua.core.importing import Row, as_text, chunks
from thidua.orgs.domain.queries import units_user_can_change
from thidua.orgs.models import Unit


def units_by_code(codes) -> dict[str, tuple[int, str, str]]:
    """lower-case code → (id, code, name) for the given codes, whatever their case; one query per 900 codes."""
    found = {}
    wanted = sorted({c.lower() for c in codes if c})
    for chunk in chunks(wanted):
        query = (Unit.objects.annotate(code_lower=Lower("code")).filter(code_lower__in=chunk)
                 .values_list("pk", "code", "name"))
        for pk, code, name in query:
            found[code.lower()] = (pk, code, name)
    return found


@dataclass
class FileUnits:
    """The units a file names (lower-case code → (id, code, name)) and the ids of those the user may import
    for (None: any, for a system admin)."""

    by_code: dict[str, tuple[int, str, str]]
    allowed: set[int] | None

    @classmethod
    def load(cls, rows, key: str, user) -> FileUnits:
        """The units named in column `key` of the file's rows: two queries."""
        by_code = units_by_code({as_text(record.get(key)) for _line, record in rows})
        allowed = None if user.is_system_admin else set(units_user_can_change(user).values_list("pk", flat=True))
        return cls(by_code, allowed)

    @property
    def ids(self) -> list[int]:
        return sorted({pk for pk, _code, _name in self.by_code.values()})

    @property
    def labels(self) -> dict[int, str]:
        """id → "name (code)", as the preview shows a unit."""
        return {pk: f"{name} ({code})" for pk, code, name in self.by_code.values()}

    @property
    def names(self) -> dict[int, str]:
        return {pk: name for pk, _code, name in self.by_code.values()}

    def check(self, row: Row, key: str, refused: str) -> int | None:
        """The id of the unit whose code the row gives in `key`, or None after noting why not; `refused` is the
        reason when the user may not import for it, with %(name)s and %(code)s."""
        code = row.text(key)
        if not code:
            return None
        unit = self.by_code.get(code.lower())
        if unit is None:
            row.error(key, _("Không có đơn vị mã “%(code)s”. Xem mã các đơn vị ở sheet Danh mục của tệp mẫu.")
                      % {"code": code})
            return None
        if self.allowed is not None and unit[0] not in self.allowed:
            row.error(key, refused % {"name": unit[2], "code": unit[1]})
            return None
        return unit[0]
