"""One error type for a step the rules refuse. Every app's verbs raise a subclass of ``Refused`` with a
Chinese message naming the field and the rule ("答复日期：不能早于收到申请之日"); views turn it into a
form error or a message the same way, through ``show``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest


class Refused(Exception):
    """A verb refused: the state or the input does not allow it. ``field`` names the form field the
    message belongs to, when there is one; otherwise the message's own "字段：" prefix is used."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


def show_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """A form posted from a page that shows no form of its own (a button, an inline form): its errors,
    each already naming its field, as one message."""
    messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))


def show(exc: Refused, *, form: forms.BaseForm | None = None, request: HttpRequest | None = None) -> None:
    """Put a refusal where the person will see it: next to its field when the form has that field
    (by name, or by the label the message starts with), else at the top of the form, else as a message."""
    if form is not None:
        field = exc.field
        if field is None:
            label = exc.message.split("：", 1)[0]
            field = next((name for name, f in form.fields.items() if f.label and str(f.label).startswith(label)), None)
        form.add_error(field if field in form.fields else None, exc.message)
        return
    if request is not None:
        messages.error(request, exc.message)
