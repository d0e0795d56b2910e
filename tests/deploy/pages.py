"""Reading pages as a browser does: the forms in an HTML page, with the values a browser
would send if nothing were changed (hidden fields, the CSRF token, checked boxes, the selected
option), so the test fills in only what a person would."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    # name -> the options of a <select>, and the input types of the other fields
    options: dict[str, list[str]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self._input(self.forms[-1], a)
        elif tag == "button" and a.get("name"):
            self.forms[-1].buttons.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].options[self._select] = []
            self.forms[-1].types[self._select] = "select"
            self.forms[-1].fields.setdefault(self._select, "")
        elif tag == "option" and self._select:
            self.forms[-1].options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self.forms[-1].fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.forms[-1].fields[self._textarea] = ""
            self.forms[-1].types[self._textarea] = "textarea"

    def _input(self, form: Form, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if kind in ("submit", "button", "image", "reset", "file"):
            return
        form.types[a["name"]] = kind
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        form.fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_to(html: str, action_part: str) -> Form:
    """The page's (first) form whose action contains `action_part`."""
    found = [form for form in forms(html) if action_part in form.action]
    assert found, f"no form posting to …{action_part}… in the page"
    return found[0]
