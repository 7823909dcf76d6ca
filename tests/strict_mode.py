"""Strict mode for CI (``MMR_GRAPH_STRICT_TESTS=1``, set by ``.ci/run``): a skipped test is a failure.

Locally a test whose tool is missing (Debian's chromium, the Oxigraph server) is skipped with a reason
that says how to install it; CI must run everything, so there the skip fails the run, reason included.
Loaded by ``conftest.py`` as a plugin.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

STRICT_VARIABLE = "MMR_GRAPH_STRICT_TESTS"


def strict() -> bool:
    return os.environ.get(STRICT_VARIABLE, "") == "1"


def _reason(longrepr: Any) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if strict() and report.skipped and not hasattr(report, "wasxfail"):
        reason = _reason(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, which strict mode ({STRICT_VARIABLE}=1) does not allow: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    _fail_skip(outcome.get_result())  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    _fail_skip(outcome.get_result())  # type: ignore[attr-defined]
