"""Lock a process out of the network once its store is loaded, without root.

Oxigraph evaluates ``SERVICE`` by opening an HTTP connection from the process that runs the query, and
pyoxigraph has no switch to turn that off. The parser (:mod:`mmr_graph.query.syntax`) refuses such queries;
this is the second wall, at the level of the operating system, for the processes that evaluate queries (the
endpoint's workers, the process ``mmr-graph query`` evaluates in):

- **seccomp** (Linux on x86-64 and AArch64): a filter that makes ``socket``, ``socketpair``,
  ``connect``, ``bind``, ``listen``, ``accept`` and ``io_uring`` fail with ``EACCES``, in every thread of
  the process and in anything it starts. ``PR_SET_NO_NEW_PRIVS`` is set first, which is what lets a
  process without root install one (https://www.kernel.org/doc/html/latest/userspace-api/seccomp_filter.html);
- **RLIMIT_NOFILE** (any POSIX system): the file-descriptor limit, soft and hard, lowered to the descriptors
  the process holds (the gaps below filled), so it can open nothing new, a socket included; where the seccomp
  filter holds, a spare is left for the table files a query store opens as queries reach them. A process
  cannot raise its hard limit again without privileges.

Both are irreversible for the process. Everything the process will need must be opened and imported first.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import struct
import sys
from dataclasses import dataclass

# linux/audit.h, asm/unistd_64.h and asm-generic/unistd.h: the architecture and the calls refused
_ARCHES = {
    "x86_64": (
        0xC000003E,
        {"socket": 41, "connect": 42, "accept": 43, "bind": 49, "listen": 50, "socketpair": 53,
         "accept4": 288, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427},
        317,  # seccomp(2)
    ),
    "aarch64": (
        0xC00000B7,
        {"socket": 198, "socketpair": 199, "bind": 200, "listen": 201, "accept": 202, "connect": 203,
         "accept4": 242, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427},
        277,
    ),
}  # fmt: skip
_X32_BIT = 0x40000000  # x86-64's x32 ABI numbers: refused whole
# linux/filter.h and linux/seccomp.h
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_PR_SET_NO_NEW_PRIVS, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC = 38, 1, 1


@dataclass(frozen=True)
class Lockdown:
    """What was applied: a seccomp filter (or why not), and the descriptor limit."""

    seccomp: bool
    seccomp_note: str
    open_files: int


class _Filter(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _instruction(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def seccomp_program(machine: str) -> bytes:
    """The BPF program (``struct sock_filter`` array) refusing the network calls on ``machine``."""
    arch, calls, _ = _ARCHES[machine]
    refuse = _RET_ERRNO | errno.EACCES
    numbers = sorted(calls.values())
    program = [
        _instruction(_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        _instruction(_JEQ_K, 1, 0, arch),
        _instruction(_RET_K, 0, 0, refuse),  # another ABI (32-bit calls from a 64-bit process): nothing
        _instruction(_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    if machine == "x86_64":
        program += [_instruction(_JGE_K, 0, 1, _X32_BIT), _instruction(_RET_K, 0, 0, refuse)]
    for i, number in enumerate(numbers):
        to_refuse = len(numbers) - i  # jump over the remaining tests and the ALLOW
        program.append(_instruction(_JEQ_K, to_refuse, 0, number))
    program += [_instruction(_RET_K, 0, 0, _RET_ALLOW), _instruction(_RET_K, 0, 0, refuse)]
    return b"".join(program)


def install_seccomp() -> str:
    """Install the filter in every thread of this process; '' when done, else why it could not be."""
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if not sys.platform.startswith("linux") or machine not in _ARCHES:
        return f"no seccomp filter for {sys.platform}/{machine}"
    libc = ctypes.CDLL(None, use_errno=True)
    program = seccomp_program(machine)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _Filter(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}"
    number = _ARCHES[machine][2]
    done = libc.syscall(number, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog))
    if done != 0:
        return f"seccomp() failed: {os.strerror(ctypes.get_errno()) if done < 0 else 'a thread disagreed'}"
    return ""


def open_descriptors() -> list[int]:
    """The descriptors this process holds."""
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    found = []
    for name in os.listdir(folder):
        fd = int(name)
        try:
            os.fstat(fd)  # the listing's own descriptor is gone by now
        except OSError:
            continue
        found.append(fd)
    return sorted(found)


def freeze_descriptors(spare: int = 0) -> int:
    """Fill the gaps below the highest open descriptor, then make that (plus ``spare``) the limit: with no
    spare, nothing new can be opened. Returns the limit."""
    held = open_descriptors()
    top = max([*held, 2]) + 1
    missing = sorted(set(range(top)) - set(held))
    if missing:
        null = os.open(os.devnull, os.O_RDONLY)
        for fd in missing:
            if fd != null:
                os.dup2(null, fd, inheritable=False)
        top = max(top, null + 1)
    top += spare
    resource.setrlimit(resource.RLIMIT_NOFILE, (top, top))
    return top


# Files a query store's database opens as a query reaches them (RocksDB opens its table files lazily).
# Left spare only when the seccomp filter holds: then no descriptor can become a socket anyway.
STORE_FILES = 512  # a 100k-entry store has 33 files


def lock_out_network(*, seccomp: bool = True, descriptors: bool = True) -> Lockdown:
    """Apply both walls (each may be turned off, for tests of the other). Irreversible. Where the seccomp
    filter is installed, the descriptor limit leaves :data:`STORE_FILES` spare for the files of a query
    store (without them a query on a large store cannot read its tables); without the filter, nothing new
    can be opened."""
    note = install_seccomp() if seccomp else "not asked for"
    filtered = seccomp and not note
    limit = freeze_descriptors(STORE_FILES if filtered else 0) if descriptors else -1
    return Lockdown(filtered, note, limit)
