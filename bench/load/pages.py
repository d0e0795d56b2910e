"""What the load test's users read off the pages, as a browser would: the forms' fields, and
the six-digit code of their authenticator app. No Django: the locust process only speaks
HTTP."""

import hashlib
import hmac
import struct
import time
from html.parser import HTMLParser

# django-otp's TOTPDevice defaults: 30-second steps from t0 = 0, six digits, SHA-1.
STEP, DIGITS = 30, 6


def totp(key_hex: str, at: float | None = None) -> str:
    """The code an authenticator app shows now for a device whose key django-otp stores as
    hex (RFC 6238)."""
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


class Form:
    def __init__(self, action: str, classes: str) -> None:
        self.action = action
        self.classes = classes
        # What the browser would send: every named input, textarea and select with its value.
        self.fields: dict[str, str] = {}


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("class", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is not None and tag == "option" and self._select and "selected" in a:
            form.fields[self._select] = a.get("value", "")
        if form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input" and a.get("type", "text") not in {"submit", "button", "checkbox"}:
            form.fields[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            form.fields[name] = ""
        elif tag == "select":
            self._select = name
            form.fields.setdefault(name, "")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser keeps the newline a textarea's content starts with; browsers drop it.
            if self._form is not None:
                text = self._form.fields[self._textarea]
                self._form.fields[self._textarea] = text.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_with(html: str, *, action: str = "", css_class: str = "") -> Form | None:
    """The first form whose action ends with `action` and whose class list holds `css_class`."""
    for form in forms(html):
        if action and not form.action.endswith(action):
            continue
        if css_class and css_class not in form.classes.split():
            continue
        return form
    return None
