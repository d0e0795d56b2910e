"""Django's `makemessages`, also reading `_lazy(...)`: the name our modules give
`gettext_lazy` where `_` is already `gettext` (xgettext knows only the usual names)."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_lazy"]
