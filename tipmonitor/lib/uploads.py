"""The size limit of an uploaded file, told the same way by every way in (pages and API).

An upload larger than the in-memory handler takes (FILE_UPLOAD_MAX_MEMORY_SIZE, a little above
WORKBOOK_MAX_BYTES) arrives without its file; `request_too_large` tells that case apart from a
file that was simply not sent, so the answer names the limit instead of "field required".
"""

from django.conf import settings
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def file_too_large(size: int | None) -> bool:
    return (size or 0) > settings.WORKBOOK_MAX_BYTES


def request_too_large(request: HttpRequest) -> bool:
    """Whether the whole request is larger than a file may be."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return file_too_large(length)


def file_too_large_message() -> str:
    limit = filesizeformat(settings.WORKBOOK_MAX_BYTES)
    return _("The file is too large: it may be at most %(limit)s.") % {"limit": limit}
