"""`{% download_links "key" %}`: the "Download CSV · XLSX" line under a table
(tipmonitor/lib/tables.py). The links are the page's own URL with its query string kept (the
same filters) and `download=<key>&format=csv|xlsx` added."""

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tipmonitor.lib.tables import FORMATS

register = template.Library()


@register.simple_tag(takes_context=True)
def download_links(context: template.Context, key: str) -> SafeString:
    request: HttpRequest = context["request"]
    links = []
    for fmt in FORMATS:
        query = request.GET.copy()
        query["download"] = key
        query["format"] = fmt
        links.append(format_html('<a href="?{}" download>{}</a>', query.urlencode(), fmt.upper()))
    return format_html(
        '<p class="table-download">{} {} · {}</p>', _("Download:"), links[0], links[1]
    )
