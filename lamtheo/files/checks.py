"""What an uploaded file really is, judged by its content, never by its name.

A file is accepted when its bytes are one of the kinds a Party office exchanges (PDF, Word,
Excel, PowerPoint, OpenDocument, JPEG/PNG/WebP photos, plain text and CSV) and its name does not
claim another kind. Office files are zip archives: they are opened to check that they are what
they claim, carry no macros, and do not unpack to more than MAX_UNPACKED (a zip bomb).
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_UNPACKED = 500 * 1024 * 1024
HEAD = 8192


@dataclass(frozen=True)
class Kind:
    key: str
    mime: str
    extensions: tuple[str, ...]
    label: str


KINDS = {
    k.key: k
    for k in [
        Kind("pdf", "application/pdf", (".pdf",), "PDF"),
        Kind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
            "Word (.docx)",
        ),
        Kind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
            "Excel (.xlsx)",
        ),
        Kind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
            "PowerPoint (.pptx)",
        ),
        Kind("odt", "application/vnd.oasis.opendocument.text", (".odt",), "OpenDocument (.odt)"),
        Kind(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            (".ods",),
            "OpenDocument (.ods)",
        ),
        # The old binary Office formats share one container: the name tells which it is.
        Kind("ole", "application/octet-stream", (".doc", ".xls", ".ppt"), "Word/Excel 97-2003"),
        Kind("jpg", "image/jpeg", (".jpg", ".jpeg"), "JPEG"),
        Kind("png", "image/png", (".png",), "PNG"),
        Kind("webp", "image/webp", (".webp",), "WebP"),
        Kind("txt", "text/plain", (".txt", ".text", ".md"), gettext_lazy("Văn bản (.txt)")),
        Kind("csv", "text/csv", (".csv",), "CSV"),
    ]
}
OLE_MIME = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
_FILETYPE_KEYS = {"doc": "ole", "xls": "ole", "ppt": "ole"}
_ZIP_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ZIPPED = {"docx", "xlsx", "pptx", "odt", "ods"}


class UploadError(ValueError):
    pass


@dataclass(frozen=True)
class Checked:
    kind: Kind
    mime: str
    extension: str
    name: str


def clean_name(name: str) -> str:
    """The file's own name without any folder, control or format characters, at most 200 long."""
    name = unicodedata.normalize("NFC", PurePath(name.replace("\\", "/")).name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:9]) if dot and len(ext) < 10 else name[:200]
    return name or "tep"


def _detect(head: bytes, data: io.BufferedIOBase) -> str | None:
    if head.startswith(b"PK\x03\x04"):  # every zip is opened: macros, bombs, what it holds
        return _office_zip(data)
    guess = filetype.guess(head)
    if guess is not None:
        key = _FILETYPE_KEYS.get(guess.extension, guess.extension)
        return key if key in KINDS and key not in _ZIPPED else None
    return _text(head)


def _office_zip(data) -> str | None:
    try:
        with zipfile.ZipFile(data) as archive:
            names = archive.namelist()
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
                raise UploadError(_("Tệp nén bung ra quá lớn."))
            mimetype = archive.read("mimetype").decode() if "mimetype" in names else ""
    except zipfile.BadZipFile:
        return None
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadError(_("Tệp chứa macro: hãy lưu lại dưới dạng không có macro."))
    if "[Content_Types].xml" in names:
        for key, marker in _ZIP_MARKERS.items():
            if any(n.startswith(marker) for n in names):
                return key
    for key in ("odt", "ods"):
        if mimetype == KINDS[key].mime:
            return key
    return None


def _text(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    sample = head.removeprefix(b"\xef\xbb\xbf")
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 3:  # not just a character cut at the sample's end
            return None
    lowered = sample[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script")):
        return None  # markup a browser would run: never accepted as text
    return "txt"


def inspect(name: str, data, size: int, max_bytes: int) -> Checked:
    """Check an upload (a seekable binary file) and say what it is; UploadError otherwise."""
    name = clean_name(name)
    if size == 0:
        raise UploadError(_("Tệp '%(name)s' rỗng.") % {"name": name})
    if size > max_bytes:
        raise UploadError(
            _("Tệp '%(name)s' nặng %(size)s MB, vượt giới hạn %(max)s MB.")
            % {"name": name, "size": _mb(size), "max": _mb(max_bytes)}
        )
    data.seek(0)
    head = data.read(HEAD)
    data.seek(0)
    key = _detect(head, data)
    data.seek(0)
    extension = PurePath(name).suffix.lower()
    if key == "txt" and extension == ".csv":
        key = "csv"
    if key is None:
        raise UploadError(
            _(
                "Không nhận ra nội dung tệp '%(name)s'. Chỉ nhận PDF, Word, Excel, PowerPoint, "
                "OpenDocument, ảnh JPEG/PNG/WebP, văn bản .txt và .csv."
            )
            % {"name": name}
        )
    kind = KINDS[key]
    if extension not in kind.extensions:
        raise UploadError(
            _("Tệp '%(name)s' có đuôi '%(ext)s' nhưng nội dung là %(kind)s.")
            % {"name": name, "ext": extension or "—", "kind": kind.label}
        )
    mime = OLE_MIME.get(extension, kind.mime) if key == "ole" else kind.mime
    return Checked(kind=kind, mime=mime, extension=extension, name=name)


def _mb(size: int) -> str:
    from django.utils.formats import number_format

    return number_format(size / (1024 * 1024), 1)
