"""Uploaded documents are judged by what they contain, not by the name they carry: a file named .pdf must be a PDF.

`check_upload(uploaded, allowed, max_bytes)` refuses a type not allowed, a file over the size and a content that is
not what its extension says, with a message naming the file; it returns the extension. A .docx or .xlsx must be an
Office Open XML package (a zip holding [Content_Types].xml and the part its kind needs), not any zip."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.formatting import format_number

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97–2003 and Excel 97–2003
# extension → the bytes a file of that kind starts with
SIGNATURES = {
    "pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "doc": (OLE2,), "xls": (OLE2,),
}
# an Office Open XML package of this kind holds this part
PACKAGE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
PDF_HEADER_WINDOW = 1024  # a PDF reader accepts the header anywhere in the first kilobyte


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_matches(uploaded, extension: str) -> bool:
    """Whether the file's bytes are those of its kind. Leaves the file at its start."""
    uploaded.seek(0)
    head = uploaded.read(PDF_HEADER_WINDOW)
    uploaded.seek(0)
    if extension == "pdf":
        return b"%PDF-" in head
    if not any(head.startswith(signature) for signature in SIGNATURES.get(extension, ())):
        return False
    part = PACKAGE_PART.get(extension)
    if part is None:
        return True
    try:
        with zipfile.ZipFile(uploaded) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    finally:
        uploaded.seek(0)
    return "[Content_Types].xml" in names and part in names


def check_upload(uploaded, allowed: set[str] | frozenset[str], max_bytes: int) -> str:
    """The upload's extension, once its type is allowed, its size within `max_bytes` and its content its type's.
    Raises ValidationError with a message that names the file and says what to do."""
    name = uploaded.name or ""
    extension = extension_of(name)
    if extension not in allowed:
        raise ValidationError(_("Tệp “%(name)s” không đúng loại cho phép (%(types)s).")
                              % {"name": name, "types": ", ".join(f".{e}" for e in sorted(allowed))})
    if uploaded.size > max_bytes:
        raise ValidationError(_("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(max)s MB.")
                              % {"name": name, "size": format_number(uploaded.size / 1024 / 1024, 1),
                                 "max": format_number(max_bytes // 1024 // 1024)})
    if not content_matches(uploaded, extension):
        raise ValidationError(_("Nội dung tệp “%(name)s” không phải tệp .%(extension)s thật (có thể tệp bị đổi tên "
                                "hoặc bị hỏng). Hãy mở tệp bằng chương trình của nó, lưu lại đúng dạng rồi tải lên.")
                              % {"name": name, "extension": extension})
    return extension
