"""What the contact-us tests share: paths, addresses, CSRF, and real (or disguised) upload files."""

import io
import os
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pazar.notifications.models import Notification, NotificationAttachment
from pazar.support.models import ContactUsMessage

CONTACT_US_URL = "/users/contact-us/"
SUBJECTS_URL = "/users/contact-us-subjects/"
SUPPORT_ADDRESS = "support@x.test"
FRANCHISE_ADDRESS = "franchise@x.test"


def csrf_headers(client) -> dict:
    """Fetch a CSRF token as the storefront does and return the header that carries it."""
    client.get("/csrf_token/")
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def nothing_written() -> bool:
    """No submission, no queued email, no attachment."""
    return not (
        ContactUsMessage.objects.exists() or Notification.objects.exists() or NotificationAttachment.objects.exists()
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """A file as the browser sends it in a multipart form."""
    return SimpleUploadedFile(name, content, content_type=content_type)


MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# The first bytes of a Linux and of a Windows executable.
ELF_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + bytes(120)
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(114)
CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def ole_bytes(first_sector: bytes) -> bytes:
    """An Office 97-2003 compound file: the OLE header, then the first sector that tells Word from Excel."""
    header = OLE_MAGIC + bytes(504)
    return (header + first_sector).ljust(2048, b"\x00")


# The Word file information block and the Excel BOF record, as the first sector of their files.
LEGACY_DOC = ole_bytes(bytes.fromhex("eca5c100"))
LEGACY_XLS = ole_bytes(bytes.fromhex("0908100000060500"))
LEGACY_PPT = ole_bytes(bytes.fromhex("a0461df0"))


def image_bytes(image_format: str) -> bytes:
    """A real 8×8 image encoded by Pillow (`PNG`, `JPEG`)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    """A deflated zip archive of the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml_bytes(part: str) -> bytes:
    """A minimal Office Open XML package: `[Content_Types].xml` and its main part."""
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, part: '<?xml version="1.0"?><document/>'})


def docx_bytes() -> bytes:
    return ooxml_bytes("word/document.xml")


def xlsx_bytes() -> bytes:
    return ooxml_bytes("xl/workbook.xml")


def zip_bomb_xlsx_bytes(expanded_size: int = 50 * 1024 * 1024) -> bytes:
    """An .xlsx look-alike with one member of zeros that expands about a thousand times."""
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "xl/workbook.xml": '<?xml version="1.0"?><workbook/>',
            "xl/media/zeros.bin": bytes(expanded_size),
        }
    )


def padded_zip_bomb_xlsx_bytes() -> bytes:
    """A zip bomb member of 60 MB of zeros next to 1 MB of noise: the archive as a whole packs only ~57 times."""
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "xl/workbook.xml": '<?xml version="1.0"?><workbook/>',
            "xl/media/noise.bin": os.urandom(1024 * 1024),
            "xl/media/zeros.bin": bytes(60 * 1024 * 1024),
        }
    )


def forged_size_zip_bomb_xlsx_bytes() -> bytes:
    """The zip bomb whose headers lie: the zeros member declares it expands to no more than its packed size."""
    data = bytearray(zip_bomb_xlsx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        member = archive.getinfo("xl/media/zeros.bin")
    forged = member.compress_size
    # The local file header keeps the uncompressed size at offset 22, the central directory entry at 24.
    struct.pack_into("<I", data, member.header_offset + 22, forged)
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == member.filename.encode():
            struct.pack_into("<I", data, entry + 24, forged)
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


def many_members_docx_bytes(count: int = 2001) -> bytes:
    """A .docx look-alike with the Office parts and thousands of tiny members."""
    members = {"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": "<document/>"}
    members.update({f"word/media/{n}.txt": str(n) for n in range(count)})
    return zip_bytes(members)


def plain_zip_bytes() -> bytes:
    """A zip archive with none of the parts of an Office document."""
    return zip_bytes({"notes.txt": "hello", "photos/readme.md": "# photos"})
