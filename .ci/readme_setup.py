#!/usr/bin/env python3
"""Print the README's set-up commands (or its SOURCE_DATE_EPOCH) for .ci/run.

CI runs the README's set-up block as written, so the two cannot drift apart:
the block is the first ```bash fence under the "## Set-up" heading; its
comment and blank lines are dropped. ``--epoch`` prints the SOURCE_DATE_EPOCH
of the README's "refresh the committed output" command instead. Exits 1 with
a message when the README has no such block.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def setup_commands(readme: str) -> list[str]:
    """The command lines of the first bash block of the "## Set-up" section."""
    section = re.search(r"^## Set-up.*?$(.*?)(?=^## )", readme, re.M | re.S)
    if section is None:
        raise ValueError('no "## Set-up" section')
    block = re.search(r"^```bash\n(.*?)^```", section.group(1), re.M | re.S)
    if block is None:
        raise ValueError('no ```bash block in the "## Set-up" section')
    lines = [ln.strip() for ln in block.group(1).splitlines()]
    commands = [ln for ln in lines if ln and not ln.startswith("#")]
    if not commands:
        raise ValueError("the set-up block has no command")
    return commands


def refresh_epoch(readme: str) -> str:
    """The SOURCE_DATE_EPOCH value of the README's refresh command."""
    found = re.search(r"^SOURCE_DATE_EPOCH=(\d+) \S*newskg build\s*$", readme, re.M)
    if found is None:
        raise ValueError("no `SOURCE_DATE_EPOCH=<n> … newskg build` command")
    return found.group(1)


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--epoch"]
    path = Path(args[0] if args else "README.md")
    text = path.read_text(encoding="utf-8")
    try:
        print(refresh_epoch(text) if "--epoch" in argv else "\n".join(setup_commands(text)))
    except ValueError as err:
        print(f"{path}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
