"""``python -m newskg``: the same command line as ``newskg``."""

from newskg.cli import app

app(prog_name="newskg")
