"""Uploaded documents judged by their content (issue 11 item 8): core.uploads.check_upload."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from openpyxl import Workbook

from thidua.core.uploads import OLE2, check_upload

ALL = {"pdf", "docx", "doc", "xlsx", "png", "jpg"}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    WordDocument().save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, content", [
    ("to-trinh.pdf", b"%PDF-1.7\n..."), ("bao-cao.PDF", b"\xef\xbb\xbf%PDF-1.4\n"),  # header within the first KB
    ("bien-ban.docx", docx_bytes()), ("cu.doc", OLE2 + b"\0" * 100), ("so-lieu.xlsx", xlsx_bytes()),
    ("anh.png", b"\x89PNG\r\n\x1a\n...."), ("anh.jpg", b"\xff\xd8\xff\xe0..."),
])
def test_real_documents_pass_and_leave_the_file_at_its_start(name, content):
    uploaded = upload(name, content)
    assert check_upload(uploaded, ALL, 1024 * 1024) == name.rsplit(".", 1)[1].lower()
    assert uploaded.read() == content


@pytest.mark.parametrize("name, content, message", [
    ("virus.pdf", b"MZ\x90\x00 an executable", "không phải tệp .pdf thật"),
    ("trang.docx", b"<html><script>alert(1)</script>", "không phải tệp .docx thật"),
    ("bang.docx", xlsx_bytes(), "không phải tệp .docx thật"),  # a zip, but a workbook
    ("zip.docx", b"PK\x03\x04 not really a zip", "không phải tệp .docx thật"),
    ("cu.doc", b"%PDF-1.4", "không phải tệp .doc thật"),
    ("chay.exe", b"MZ", "không đúng loại cho phép"),
    ("khong-duoi", b"%PDF-1.4", "không đúng loại cho phép"),
])
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(upload(name, content), ALL, 1024 * 1024)


def test_a_file_over_the_size_is_refused_with_both_sizes():
    with pytest.raises(ValidationError, match=r"quá lớn \(2,0 MB\); tối đa 1 MB"):
        check_upload(upload("lon.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)), ALL, 1024 * 1024)
