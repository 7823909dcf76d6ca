"""A pool of query worker processes, and the time limit.

Each worker (:mod:`mmr_graph.serve.worker`) opens the graph's store read-only and answers one query at a
time. A query that runs past the time limit, or adds more than ``max_memory`` to its worker's resident
memory, is *stopped*: its worker process is killed, so the evaluation ends and its memory is freed at once,
the client gets 503, and a fresh worker takes its place in the background. The server's event loop never
runs a query itself, so a slow query does not block other requests.
"""

from __future__ import annotations

import asyncio
import logging
import select
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mmr_graph.parallel.processes import python_command
from mmr_graph.query.memory import GIB, POLL_SECONDS, MemoryLimitError, ResidentWatch, resident_bytes
from mmr_graph.serve.protocol import Job, Reply
from mmr_graph.serve.worker import receive, send

log = logging.getLogger("mmr_graph.serve")
START_SECONDS = 10.0  # how long a request may wait for a worker that is being started


class WorkerError(Exception):
    """A worker could not start or died."""


class Worker:
    """One worker process and its pipes."""

    def __init__(self, process: subprocess.Popen[bytes], seccomp: bool) -> None:
        self.process = process
        self.seccomp = seccomp  # whether the kernel's filter holds it off the network (else the fd limit)
        self.baseline = resident_bytes(process.pid) or 0  # the loaded graph's own footprint

    @classmethod
    def start(cls, data: Path) -> Worker:
        """Start a worker on the store ``data`` (a folder) and wait until it has opened it."""
        process = subprocess.Popen(
            python_command(
                "from mmr_graph.serve.worker import main; sys.exit(main(sys.argv[1:]))", [str(data)]
            ),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        try:
            status, seccomp = receive(process.stdout)  # type: ignore[arg-type] # a pipe: stdout=PIPE
        except EOFError:
            process.wait()
            raise WorkerError(f"a query worker failed to start (exit status {process.returncode})") from None
        if status != "ready":
            process.kill()
            raise WorkerError(f"a query worker sent {status!r} instead of 'ready'")
        return cls(process, seccomp)

    def call(self, job: Job, max_memory: int) -> Reply:
        """Send a job and wait for its reply (EOFError/OSError if the process ends meanwhile). Meanwhile
        the worker's resident memory is watched: past ``max_memory`` above its footprint with the graph
        loaded, the worker is killed and MemoryLimitError raised."""
        send(self.process.stdin, job)  # type: ignore[arg-type] # a pipe: stdin=PIPE
        channel = self.process.stdout
        assert channel is not None
        watch = ResidentWatch(self.process.pid, max_memory, self.baseline)
        try:
            while not select.select([channel], [], [], POLL_SECONDS)[0]:
                if watch.over():
                    self.kill()
                    raise MemoryLimitError(watch.message())
        finally:
            watch.close()
        reply: Reply = receive(channel)  # type: ignore[arg-type] # a pipe: stdout=PIPE
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def close(self, timeout: float = 2.0) -> None:
        """Ask the worker to finish (end of its input), then kill it if it does not."""
        try:
            self.process.stdin.close()  # type: ignore[union-attr] # a pipe: stdin=PIPE
            self.process.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


class WorkerPool:
    """``size`` workers; :meth:`submit` runs a job on a free one within ``timeout`` seconds."""

    def __init__(
        self, data: Path, size: int, timeout: float, max_memory: int = GIB, triples: int = 0
    ) -> None:
        self.data = data
        self.size = size
        self.timeout = timeout
        self.max_memory = max_memory
        self.seccomp = False
        self.triples = triples  # in the store (said in the log)
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="mmr-query")
        self._replacing: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(
            *(loop.run_in_executor(self._threads, Worker.start, self.data) for _ in range(self.size))
        )
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)
        self.seccomp = all(w.seccomp for w in workers)

    async def submit(self, job: Job) -> Reply:
        loop = asyncio.get_running_loop()
        # a worker being started (replacing a stopped one) will be free soon: wait for it too
        patience = self.timeout + (START_SECONDS if self._replacing else 0.0)
        try:
            worker = await asyncio.wait_for(self._idle.get(), patience)
        except TimeoutError:
            return _text(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again")
        future = loop.run_in_executor(self._threads, worker.call, job, self.max_memory)
        try:
            reply = await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            log.warning("query stopped after %g s: %s", self.timeout, " ".join(job.sparql.split())[:200])
            self._retire(worker)
            return _text(503, f"the query ran past the time limit of {self.timeout:g} s and was stopped")
        except MemoryLimitError as exc:
            log.warning("query stopped (memory): %s", " ".join(job.sparql.split())[:200])
            self._retire(worker)
            return _text(503, str(exc))
        except (EOFError, OSError) as exc:
            log.error("a query worker died (%s): %s", exc, " ".join(job.sparql.split())[:200])
            self._retire(worker)
            return _text(
                500, "the query worker ended while answering (out of memory?); the query was dropped"
            )
        self._idle.put_nowait(worker)
        return reply

    def _retire(self, worker: Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        worker.kill()
        self._all.discard(worker)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._replace())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _replace(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            worker = await loop.run_in_executor(self._threads, Worker.start, self.data)
        except WorkerError as exc:
            log.error("%s", exc)
            return
        if self._closed:
            worker.close()
            return
        self._all.add(worker)
        self._idle.put_nowait(worker)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._replacing):
            task.cancel()
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(None, w.close) for w in list(self._all)))
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode())
