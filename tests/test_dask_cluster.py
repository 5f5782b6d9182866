"""A build on a real Dask cluster writes the same graph as one process.

``tests/test_engines.py`` checks the Dask engine on a ``LocalCluster`` that
the build starts itself. Here the cluster is the one a user would run: a
``dask scheduler`` and a ``dask worker`` started as separate processes by the
``dask`` command line (loopback only, ports chosen by the scheduler, written
to a scheduler file), and ``newskg build --engine dask --scheduler ADDRESS``
as a third process, a client of that cluster. The sample corpus is built
that way and once in one process, both with the same ``SOURCE_DATE_EPOCH``,
and ``graph.ttl`` must be the same bytes. The worker must have run the
build's tasks (so a build that silently fell back to a local cluster
fails). Every process is killed at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS

pytestmark = [pytest.mark.e2e, pytest.mark.model]

EPOCH = "1767225600"
START_TIMEOUT = 60.0  # seconds for the scheduler and the worker to come up
BUILD_TIMEOUT = 600.0  # seconds for one build of the sample corpus


def _dask_cli() -> str:
    """The ``dask`` command of this interpreter's environment (else on PATH); skip without it."""
    beside = Path(sys.executable).parent / "dask"
    if beside.exists():
        return str(beside)
    found = shutil.which("dask")
    if found is None:
        pytest.skip("the dask command line (distributed) is not installed")
    return found


def _start(args: list[str], log: Path, cwd: Path) -> subprocess.Popen:
    """Start ``args`` in a new process group (the worker's nanny has a child), output to ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True
        )


def _stop(proc: subprocess.Popen) -> None:
    """Stop ``proc`` and its process group: SIGTERM, then SIGKILL after 10 s."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_for_file(path: Path, proc: subprocess.Popen, log: Path) -> dict:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the dask scheduler exited ({proc.returncode}):\n{log.read_text()}")
        if path.exists():
            try:
                return json.loads(path.read_text())
            except json.JSONDecodeError:
                pass  # being written
        time.sleep(0.2)
    pytest.fail(f"no scheduler file after {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and one single-threaded worker, separate processes on 127.0.0.1; its address."""
    dask = _dask_cli()
    distributed = pytest.importorskip("distributed")
    home = tmp_path / "cluster"
    home.mkdir()
    scheduler_file = home / "scheduler.json"
    procs: list[subprocess.Popen] = []
    try:
        scheduler_log = home / "scheduler.log"
        scheduler = _start(
            [
                dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                "--scheduler-file", str(scheduler_file), "--idle-timeout", "900s",
            ],
            scheduler_log,
            home,
        )  # fmt: skip
        procs.append(scheduler)
        address = _wait_for_file(scheduler_file, scheduler, scheduler_log)["address"]
        assert address.startswith("tcp://127.0.0.1:"), address
        worker_log = home / "worker.log"
        worker = _start(
            [
                dask, "worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                "--nthreads", "1", "--no-dashboard", "--local-directory", str(home / "work"),
                "--death-timeout", "60s",
            ],
            worker_log,
            home,
        )  # fmt: skip
        procs.append(worker)
        with distributed.Client(address, timeout=f"{START_TIMEOUT}s") as client:
            try:
                client.wait_for_workers(1, timeout=START_TIMEOUT)
            except TimeoutError:
                pytest.fail(f"no dask worker after {START_TIMEOUT} s:\n{worker_log.read_text()}")
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _executed_by_workers(address: str) -> int:
    """How many tasks the cluster's workers have run so far."""
    from distributed import Client  # noqa: PLC0415

    with Client(address, timeout=f"{START_TIMEOUT}s") as client:
        counts = client.run(lambda dask_worker: dask_worker.state.executed_count)
    return sum(counts.values())


def _build(out: Path, *extra: str) -> subprocess.CompletedProcess:
    """``newskg build corpus/ -o OUT`` as a child process, with the fixed SOURCE_DATE_EPOCH."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    args = [sys.executable, "-m", "newskg", "build", str(CORPUS), "-o", str(out), "-q"]
    args += ["--no-validate", *extra]
    done = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def test_a_build_on_a_separate_scheduler_and_worker_writes_the_same_bytes(dask_cluster, tmp_path):
    articles = sum(1 for p in CORPUS.iterdir() if p.suffix == ".txt")
    batch = 2  # several tasks, so the build's windowing over the cluster is exercised
    before = _executed_by_workers(dask_cluster)
    _build(
        tmp_path / "dask",
        "--engine",
        "dask",
        "--scheduler",
        dask_cluster,
        "--batch-size",
        str(batch),
    )
    ran = _executed_by_workers(dask_cluster) - before
    assert ran >= -(-articles // batch), f"the worker ran {ran} tasks for {articles} articles"
    _build(tmp_path / "one")
    expected = (tmp_path / "one" / "graph.ttl").read_bytes()
    assert b"nkg:" in expected
    assert (tmp_path / "dask" / "graph.ttl").read_bytes() == expected


def test_an_unreachable_scheduler_is_an_error_not_a_local_build(tmp_path):
    """A wrong --scheduler fails with the address named; it never falls back to this machine."""
    _dask_cli()
    pytest.importorskip("distributed")
    import socket  # noqa: PLC0415

    with socket.socket() as probe:  # a loopback port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s",
    }
    args = [sys.executable, "-m", "newskg", "build", str(CORPUS), "-o", str(tmp_path / "x"), "-q"]
    args += ["--no-validate", "--engine", "dask", "--scheduler", address]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert address in done.stderr
    assert not (tmp_path / "x" / "graph.ttl").exists()
