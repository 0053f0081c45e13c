"""The `convene` command: Django's management commands, with Convene's own among them.

`convene serve`, `convene demo`, `convene notes parse FILE`, `convene migrate`, ...
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["convene", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
