"""Contact-us attachments: the extension is allowed and the content really is of that type.

The type is read from the magic bytes (the `filetype` library); Office Open XML files (.docx,
.xlsx) are zip archives, so they are also opened as such and refused when they would expand
beyond reason (a zip bomb) or lack the parts of a real document.
"""

import uuid
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import serializers

# extension → the MIME types its content may have
ALLOWED = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    # Both are OLE compound files; which one the sniffer names depends on bytes deep inside.
    ".xls": {"application/vnd.ms-excel", "application/msword", "application/x-ole-storage"},
    ".doc": {"application/msword", "application/vnd.ms-excel", "application/x-ole-storage"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
}
OOXML_PART = {".xlsx": "xl/", ".docx": "word/"}
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_TOTAL = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MEMBER_SLACK = 1024 * 1024


def _refuse(message: str):
    raise serializers.ValidationError(message)


def _check_ooxml(upload, extension: str) -> None:
    """Open the archive and inflate every member, counting the bytes that really come out.

    The sizes in a zip's headers are written by whoever made the file, so they are only a first
    filter: each member is decompressed in chunks and refused as soon as it (or the archive in all)
    expands beyond ZIP_MAX_TOTAL or ZIP_MAX_RATIO times the upload's size, or when one member expands
    more than ZIP_MAX_RATIO times its packed size (a bomb padded with incompressible noise). A header
    that lies about a member's size ends in a CRC error, also refused. Nothing is kept.
    """
    limit = min(ZIP_MAX_TOTAL, max(upload.size, 1) * ZIP_MAX_RATIO)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                _refuse(_("The file is not a valid document."))
            if sum(member.file_size for member in members) > limit:
                _refuse(_("The file is not a valid document."))
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or not any(n.startswith(OOXML_PART[extension]) for n in names):
                _refuse(_("The file is not a valid document."))
            inflated = 0
            for member in members:
                # one member may not expand more than ZIP_MAX_RATIO times (small parts get 1 MB of slack)
                member_limit = max(ZIP_MEMBER_SLACK, member.compress_size * ZIP_MAX_RATIO)
                member_inflated = 0
                with archive.open(member) as stream:
                    while chunk := stream.read(64 * 1024):
                        member_inflated += len(chunk)
                        inflated += len(chunk)
                        if inflated > limit or member_inflated > member_limit:
                            _refuse(_("The file is not a valid document."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, EOFError, OSError, ValueError):
        # corrupt, encrypted, an unsupported compression method, or lying about its CRC
        _refuse(_("The file is not a valid document."))
    finally:
        upload.seek(0)


def attachment_validate(upload) -> tuple[str, str]:
    """Check an upload; return (a random storage name with its extension, its MIME type)."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ALLOWED:
        _refuse(_("Allowed file types: %(types)s.") % {"types": ", ".join(sorted(ALLOWED))})
    if not upload.size:
        _refuse(_("The submitted file is empty."))
    if upload.size > settings.CONTACT_US_FILE_MAX_BYTES:
        _refuse(_("The file is larger than %(size)s.") % {"size": filesizeformat(settings.CONTACT_US_FILE_MAX_BYTES)})
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ("application/x-ole-storage" if head.startswith(OLE_MAGIC) else None)
    if extension in OOXML_PART:
        if mime not in ALLOWED[extension] and mime != "application/zip":
            _refuse(_("The file's content does not match its extension."))
        _check_ooxml(upload, extension)
        mime = next(iter(ALLOWED[extension]))
    elif mime not in ALLOWED[extension]:
        _refuse(_("The file's content does not match its extension."))
    return f"{uuid.uuid4().hex}{extension}", mime
