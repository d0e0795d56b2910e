"""One matrix cell as HTML. The matrix has agencies × quarters cells (about a thousand at national
scale); building each in Python once costs a fraction of a template's per-node work, which keeps
the page within its time budget (docs/performance.md)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reporting.matrix import Cell, CellState

register = template.Library()


@register.simple_tag(takes_context=True)
def matrix_cell(context: template.Context, cell: Cell) -> SafeString:
    """A `<td>`: the state in words (a colour too, never alone), a link to the report for
    whoever may open it (the coordinator any; a viewer a submitted or accepted one), an
    "overdue" mark and the version of a correction."""
    css = f"cell state-{cell.state.value}" + (" overdue" if cell.overdue else "")
    if cell.state == CellState.NOTHING_DUE:
        return format_html(
            '<td class="{}"><span aria-hidden="true">–</span>'
            '<span class="visually-hidden">{}</span></td>',
            css,
            cell.label,
        )
    content = _link(context, cell) or format_html("{}", cell.label)
    if cell.overdue:
        content = format_html('{} <strong class="overdue-mark">{}</strong>', content, _("overdue"))
    if cell.version > 1:
        version = _("v%(version)d") % {"version": cell.version}
        content = format_html('{} <span class="version">{}</span>', content, version)
    return format_html('<td class="{}">{}</td>', css, content)


def _link(context: template.Context, cell: Cell) -> SafeString | None:
    if cell.report_id is None or not (context.get("is_coordinator") or cell.is_published):
        return None
    # Reversed once per page: the report's id replaces a placeholder in the pattern.
    pattern = context.render_context.get("matrix_report_url")
    if pattern is None:
        pattern = reverse("reporting:report_detail", args=[0]).replace("/0/", "/{}/")
        context.render_context["matrix_report_url"] = pattern
    return format_html('<a href="{}">{}</a>', pattern.format(cell.report_id), cell.label)
