"""The build's process machinery lives in parallel/ alone, and its collector policy does what it says."""

from __future__ import annotations

import atexit
import gc
import re
from pathlib import Path

import pytest

from mmr_graph.parallel import collector

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mmr_graph"
# starting, forking or signalling processes, or switching the garbage collector
MACHINERY = re.compile(
    r"os\.fork\(|register_at_fork|signal\.(signal|pthread_sigmask)\(|gc\.(disable|enable|freeze|collect)\("
    r"|memfd_create|ProcessPoolExecutor|multiprocessing"
)
# the shell, and the query server's own worker pool (which uses the shell's helpers)
ALLOWED = ("parallel", "serve")


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0] not in ALLOWED],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_process_machinery_outside_the_shell(path: Path) -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MACHINERY.search(line)
    ]
    assert not found, found


def test_the_rule_sees_what_it_looks_for() -> None:
    """The test above would pass vacuously if the pattern missed the calls it is about."""
    for call in ("os.fork()", "gc.disable()", "gc.freeze()", "signal.signal(signal.SIGINT, h)",
                 "os.memfd_create('x')", "from concurrent.futures import ProcessPoolExecutor"):  # fmt: skip
        assert MACHINERY.search(call), call
    assert not MACHINERY.search("gc.isenabled()")


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_then_as_before(enabled: bool) -> None:
    before = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(KeyError), collector.paused():
            raise KeyError("an error on the way")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()


def test_the_build_freezes_its_objects_at_exit_once(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[object] = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(atexit, "unregister", lambda f: registered.remove(f) if f in registered else None)
    collector.frozen_at_exit()
    collector.frozen_at_exit()
    assert registered == [gc.freeze]
