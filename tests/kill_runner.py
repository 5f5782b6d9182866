"""A fork server for ``test_kill.py``: each ``newskg build`` in a new process, imports done once.

Run as ``python tests/kill_runner.py``. It imports what a build imports,
then reads requests on stdin, one JSON object a line: ``{"argv": [...],
"log": PATH}``. For each it forks a process that runs the ``newskg`` command
line with ``argv``, its output going to ``log``; it prints that process's id,
waits for it, and prints its exit code (negative: the signal that ended
it, ``-9`` for SIGKILL). A killed build is thus a real process killed
between any two instructions; only the second of Python start-up and
imports that every build repeats is skipped.
"""

from __future__ import annotations

import json
import os
import sys
import threading

import newskg.cli.build_cmd
import newskg.pipeline
import newskg.shacl  # noqa: F401  (imported by a build with validation, lazily)
from newskg.cli import app


def _run(argv: list[str], log: str) -> int:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    try:
        app(argv, prog_name="newskg")
    except SystemExit as exc:  # typer always ends with it
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return 0


def main() -> None:
    # fork() copies only the calling thread: there must be no other one.
    assert threading.active_count() == 1 and len(os.listdir("/proc/self/task")) == 1
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the build
            code = 1
            try:
                code = _run(request["argv"], request["log"])
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    main()
