"""A bounded load test of ``newskg serve``: concurrent clients, the named queries, one timeout.

Not a test (pytest does not collect ``bench/``). Run from the repository::

    .venv/bin/python bench/bench_serve_load.py -o /tmp/sample          # a built folder
    .venv/bin/python bench/bench_serve_load.py --graph /tmp/sample/graph.ttl --triples 1000000

It starts ``newskg serve`` as a child process on 127.0.0.1 (a port the
server picks, read from its first line), on the store of a built folder
(``-o``, or ``--store``), or on a store of about ``--triples`` triples made
of renamed copies of ``--graph`` laid out as ``newskg build`` writes it
(``bench/_graphs.py``, shared with ``bench_store.py``), in a temporary
folder removed afterwards. Then ``--clients`` threads (8) send
``--requests`` requests (2,000) in all and stop: the named queries of
``queries/`` (not the ``*-violation.rq`` checks), in a seeded shuffled
order, each sent in turn as ``GET /query?query=``, ``POST`` form and
``POST application/sparql-query``, asking for SPARQL JSON. A request
fails unless it gets 200 and a JSON results document.

``--slow`` of the requests (1) are a deliberately heavy query (a triple
cross join counted, which no store answers within the limit); the server
runs with ``--timeout`` (10 s), so it must answer 504 and kill the worker
process running it, while the other requests go on: they are counted
apart, and those that started while a slow one ran are reported
separately.

The server keeps its responses (``--cache-mb``, its default unless given;
``--cache-mb 0`` measures every request run): the twelve named queries
are then each run once, or again when an error or the bound dropped them,
and the load measures the queue, the cache and the HTTP layer around them.

It prints p50 / p90 / p99 / max latency (send to last byte, client side, so
the clients' own Python threads are in it), throughput, failures, and the
RSS of the server process and of its process tree (the server and its query
workers) when it is ready, at its peak (sampled every 0.2 s) and at the end,
with the query workers' process ids at the start and at the end (a killed
worker is replaced). Everything is on loopback; it never reads or writes
``output/``, and it only imports newskg through ``bench/_graphs.py`` (for
the copies), never the server's modules: the server is the command line.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing as mp
import os
import queue
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
NEWSKG = Path(sys.executable).parent / "newskg"

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
METHODS = ("GET", "POST-form", "POST-query")
ACCEPT = "application/sparql-results+json"

try:
    import psutil
except ImportError:  # pragma: no cover - psutil is a dependency of the dev tools
    psutil = None


# -- the requests -------------------------------------------------------------------------------


@dataclass(slots=True)
class Request:
    """One planned request: which query, how it is sent, whether it is the slow one."""

    name: str
    sparql: str
    method: str
    slow: bool = False


@dataclass(slots=True)
class Result:
    """What one request got: status, latency, start and end (monotonic seconds), error."""

    request: Request
    status: int
    seconds: float
    start: float
    end: float
    error: str = ""
    truncated: bool = False


def named_queries() -> dict[str, str]:
    """The named queries of ``queries/`` (name: text), without the ``*-violation`` checks."""
    return {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted(QUERIES.glob("*.rq"))
        if not path.stem.endswith("-violation")
    }


def plan(total: int, slow: int, seed: int) -> list[Request]:
    """``total`` requests: the named queries shuffled and cycled, ``slow`` heavy ones spread out."""
    queries = named_queries()
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < total:
        batch = list(queries)
        rng.shuffle(batch)
        names += batch
    requests = [
        Request(name, queries[name], METHODS[i % len(METHODS)])
        for i, name in enumerate(names[:total])
    ]
    for k in range(min(slow, total)):
        at = (k + 1) * total // (slow + 1)
        requests[at] = Request("slow-cross-join", SLOW_QUERY, "POST-query", slow=True)
    return requests


def send(host: str, port: int, request: Request, client_timeout: float) -> Result:
    """Send ``request`` on a new connection; read the whole answer; check it is SPARQL JSON."""
    path, body, headers = "/query", None, {"Accept": ACCEPT}
    if request.method == "GET":
        path += "?" + urllib.parse.urlencode({"query": request.sparql})
    elif request.method == "POST-form":
        body = urllib.parse.urlencode({"query": request.sparql}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        body = request.sparql.encode()
        headers["Content-Type"] = "application/sparql-query"
    start = time.monotonic()
    status, error, truncated = 0, "", False
    try:
        conn = http.client.HTTPConnection(host, port, timeout=client_timeout)
        try:
            conn.request("GET" if body is None else "POST", path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
            truncated = response.getheader("X-SPARQL-MaxRows") is not None
        finally:
            conn.close()
        if status == 200:
            document = json.loads(payload)
            if "head" not in document or not ("results" in document or "boolean" in document):
                error = "not a SPARQL JSON results document"
        else:
            error = payload[:200].decode("utf-8", "replace")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    end = time.monotonic()
    return Result(request, status, end - start, start, end, error, truncated)


def run_clients(
    host: str, port: int, requests: list[Request], clients: int, client_timeout: float
) -> tuple[list[Result], float]:
    """``clients`` threads taking the requests in order until none is left; results, wall time."""
    todo: queue.SimpleQueue[Request] = queue.SimpleQueue()
    for request in requests:
        todo.put(request)
    results: list[Result] = []
    lock = threading.Lock()
    step = max(1, len(requests) // 10)  # progress on stderr every tenth

    def client() -> None:
        while True:
            try:
                request = todo.get_nowait()
            except queue.Empty:
                return
            result = send(host, port, request, client_timeout)
            with lock:
                results.append(result)
                done = len(results)
            if done % step == 0:
                print(f"  ... {done:,}/{len(requests):,} requests", file=sys.stderr, flush=True)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - start


# -- the server ---------------------------------------------------------------------------------


def rss(pid: int) -> tuple[int, int]:
    """(RSS of ``pid``, RSS of ``pid`` and its descendants) in bytes; psutil, else /proc."""
    if psutil is not None:
        try:
            proc = psutil.Process(pid)
            own = proc.memory_info().rss
            total = own
            for child in proc.children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += child.memory_info().rss
            return own, total
        except psutil.NoSuchProcess:
            return 0, 0
    own = _proc_rss(pid)
    return own, own + sum(_proc_rss(c) for c in _proc_children(pid))


def _proc_rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _proc_children(pid: int) -> list[int]:
    try:
        direct = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return direct + [g for c in direct for g in _proc_children(c)]


def children(pid: int) -> list[int]:
    """The process ids under ``pid`` (the server's query workers)."""
    if psutil is not None:
        try:
            return sorted(c.pid for c in psutil.Process(pid).children(recursive=True))
        except psutil.NoSuchProcess:
            return []
    return sorted(_proc_children(pid))


class Server:
    """``newskg serve`` as a child process on 127.0.0.1, port chosen by the server."""

    def __init__(self, output: Path, store: Path | None, options: list[str]) -> None:
        args = [str(NEWSKG), "serve", "-o", str(output), "--port", "0", *options]
        if store is not None:
            args += ["--store", str(store)]
        self.args = args
        self.proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        self.lines: list[str] = []
        self.port = self._wait_for_port(timeout=180.0)
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_for_port(self, timeout: float) -> int:
        found: list[int] = []

        def read() -> None:
            assert self.proc.stderr is not None
            for raw in self.proc.stderr:
                line = raw.decode("utf-8", "replace").rstrip()
                self.lines.append(line)
                match = re.search(r"http://127\.0\.0\.1:(\d+)/query", line)
                if match:
                    found.append(int(match.group(1)))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if not found:
            self.stop()
            raise SystemExit(
                f"newskg serve did not start: {' '.join(self.args)}\n" + "\n".join(self.lines)
            )
        return found[0]

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            self.lines.append(raw.decode("utf-8", "replace").rstrip())

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the query page answers (the workers have started)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("newskg serve never answered GET /")

    def stop(self) -> int | None:
        """Ctrl-C (SIGINT), then SIGTERM, then SIGKILL of its process group; the exit code."""
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                continue
        return self.proc.poll()


class RssSampler(threading.Thread):
    """The peak RSS of the server's process tree, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_own, self.peak_tree = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            own, tree = rss(self.pid)
            self.peak_own, self.peak_tree = max(self.peak_own, own), max(self.peak_tree, tree)


# -- a big store --------------------------------------------------------------------------------


def _make_store(graph: Path, triples: int, store: Path, report: mp.Queue) -> None:
    """Child process: bulk-load copies of ``graph`` into a new store (closed when it exits)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pyoxigraph as ox  # noqa: PLC0415
    from _graphs import replicated_nquads  # noqa: PLC0415  (bench/_graphs.py)

    start = time.monotonic()
    nquads, copies = replicated_nquads(graph, triples)
    target = ox.Store(str(store))
    target.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    target.optimize()
    report.put((len(target), copies, time.monotonic() - start))


def make_store(graph: Path, triples: int, store: Path) -> tuple[int, int, float]:
    """(quads, copies, seconds) of a store of about ``triples`` triples made from ``graph``."""
    context = mp.get_context("spawn")
    report: mp.Queue = context.Queue()
    child = context.Process(target=_make_store, args=(graph, triples, store, report))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"making the store failed (exit {child.exitcode})")
    return report.get()


# -- the report ---------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def mib(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:,.0f} MB"


@dataclass(slots=True)
class Summary:
    """The figures printed at the end."""

    lines: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.lines.append(text)
        print(text, flush=True)


def report(results: list[Result], wall: float, out: Summary, timeout: float) -> tuple[int, int]:
    """Print the figures; return (failed ordinary requests, slow requests not stopped by 504)."""
    ordinary = [r for r in results if not r.request.slow]
    slow = [r for r in results if r.request.slow]
    ok = [r for r in ordinary if r.status == 200 and not r.error]
    failed = [r for r in ordinary if r not in ok]
    latencies = [r.seconds for r in ok]
    out.add(f"requests: {len(results):,} ({len(ordinary):,} named queries, {len(slow)} slow)")
    out.add(f"wall time: {wall:.2f} s; throughput: {len(results) / wall:,.1f} requests/s")
    if latencies:
        out.add(
            "latency of the named queries: "
            f"p50 {ms(percentile(latencies, 0.50))}, p90 {ms(percentile(latencies, 0.90))}, "
            f"p99 {ms(percentile(latencies, 0.99))}, max {ms(max(latencies))}, "
            f"mean {ms(statistics.fmean(latencies))}"
        )
    statuses: dict[int, int] = {}
    for r in failed:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    by_status = ", ".join(f"{n} x {code or 'no answer'}" for code, n in sorted(statuses.items()))
    out.add(f"failed requests: {len(failed)}" + (f" ({by_status})" if failed else ""))
    for r in failed[:10]:
        out.add(f"  {r.request.name} {r.request.method}: {r.status} {r.error[:150].strip()}")
    truncated = sum(r.truncated for r in ok)
    if truncated:
        out.add(f"answers cut at --max-rows (X-SPARQL-MaxRows): {truncated:,}")
    by_name: dict[str, list[float]] = {}
    for r in ok:
        by_name.setdefault(r.request.name, []).append(r.seconds)
    out.add("per query (count, p50, max):")
    for name, values in sorted(by_name.items()):
        out.add(
            f"  {name:32} {len(values):5,} {ms(percentile(values, 0.5)):>12} {ms(max(values)):>12}"
        )
    not_stopped = 0
    for r in slow:
        if r.status == 504:
            verdict = "timed out (504) as expected"
        else:
            verdict = f"NOT stopped by the time limit: {r.status} {r.error[:100]}"
            not_stopped += 1
        out.add(
            f"slow request ({r.request.method}): {verdict} after {r.seconds:.2f} s"
            f" (limit {timeout:g} s)"
        )
        during = [o for o in ordinary if o.start < r.end and o.end > r.start]
        good = [o for o in during if o in ok]
        if during:
            out.add(
                f"  requests overlapping it: {len(during):,}, {len(during) - len(good)} failed, "
                f"p50 {ms(percentile([o.seconds for o in good], 0.5)) if good else '-'}, "
                f"max {ms(max(o.seconds for o in good)) if good else '-'}"
            )
    return len(failed), not_stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, help="a built folder to serve (its store)")
    parser.add_argument("--store", type=Path, help="the store folder (default: OUTPUT/store)")
    parser.add_argument("--graph", type=Path, help="with --triples: the graph to copy")
    parser.add_argument("--triples", type=int, help="serve a store of about this many triples")
    parser.add_argument("--requests", type=int, default=2000, help="requests in all (2000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--slow", type=int, default=1, help="heavy requests that must time out (1)")
    parser.add_argument("--timeout", type=float, default=10.0, help="server --timeout (10 s)")
    parser.add_argument("--workers", type=int, default=2, help="server --workers (2)")
    parser.add_argument("--max-rows", type=int, default=10000, help="server --max-rows (10000)")
    parser.add_argument(
        "--cache-mb", type=float, default=None, help="server --cache-mb (its default: 128; 0: none)"
    )
    parser.add_argument("--seed", type=int, default=0, help="shuffles the query order (0)")
    args = parser.parse_args(argv)
    if (args.triples is None) == (args.output is None and args.store is None):
        parser.error("give -o/--store (an existing store) or --graph with --triples (a new one)")
    if args.triples is not None and args.graph is None:
        parser.error("--triples needs --graph (e.g. a built folder's graph.ttl)")

    out = Summary()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    mem = (
        psutil.virtual_memory().total
        if psutil
        else os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    )
    out.add(f"# {os.cpu_count()} CPUs, {mem / 2**30:.1f} GB RAM, load average {load} (1/5/15 min)")
    tmp = Path(tempfile.mkdtemp(prefix="newskg-serve-load-"))
    server = None
    try:
        output, store = args.output, args.store
        if args.triples is not None:
            output, store = tmp / "out", tmp / "out" / "store"
            output.mkdir()
            quads, copies, seconds = make_store(args.graph, args.triples, store)
            out.add(
                f"store: {quads:,} quads ({copies} copies of {args.graph}), made in {seconds:.1f} s"
            )
        else:
            output = output or store.parent
            out.add(f"store: {store or output / 'store'}")
        options = ["--timeout", str(args.timeout), "--workers", str(args.workers)]
        options += ["--max-rows", str(args.max_rows)]
        if args.cache_mb is not None:
            options += ["--cache-mb", str(args.cache_mb)]
        server = Server(output, store, options)
        server.wait_ready()
        pid = server.proc.pid
        workers_start = children(pid)
        own0, tree0 = rss(pid)
        out.add(f"server: {' '.join(server.args[1:])} (pid {pid})")
        out.add(f"clients: {args.clients} threads; slow query: {SLOW_QUERY}")
        sampler = RssSampler(pid)
        sampler.start()
        requests = plan(args.requests, args.slow, args.seed)
        client_timeout = max(60.0, 4 * args.timeout) + 60.0
        results, wall = run_clients(
            "127.0.0.1", server.port, requests, args.clients, client_timeout
        )
        sampler.done.set()
        sampler.join()
        own1, tree1 = rss(pid)
        workers_end = children(pid)
        failed, not_stopped = report(results, wall, out, args.timeout)
        out.add(
            f"server RSS: {mib(own0)} at start, {mib(sampler.peak_own)} peak, {mib(own1)} at end; "
            f"with its query workers: {mib(tree0)}, {mib(sampler.peak_tree)}, {mib(tree1)}"
        )
        out.add(f"query worker pids: {workers_start} at start, {workers_end} at end")
        code = server.stop()
        out.add(f"server stopped by Ctrl-C: exit code {code}")
        server = None
        return 1 if failed or not_stopped else 0
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
