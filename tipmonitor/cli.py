"""The `tipmonitor` command: every manage.py command, plus the project's own.

Commands may be typed with hyphens (`tipmonitor import-plan`), as the documentation writes
them; Django's own spelling with underscores works too.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipmonitor.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "tipmonitor"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
