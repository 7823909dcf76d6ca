"""What can go wrong with a request before an HTTP answer is in hand, as errors a user can act on.

Messages are written here, from the kind of failure only: they name the (redacted) URL and what happened,
never a password and never anything the server sent (its body, reason phrase or malformed bytes).
"""

from __future__ import annotations

from mmr_graph.errors import MmrGraphError


class WebError(MmrGraphError):
    """No usable answer. ``kind`` is one of the class names below in short form; ``transient`` failures are
    worth another attempt; ``attempts`` counts the requests made for this call."""

    kind = "error"
    transient = False

    def __init__(self, message: str, *, attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.attempts = attempts


class Timeout(WebError):
    """No complete answer (connection, headers and body) within the time allowed.

    ``run_deadline`` is true when the caller's overall deadline, not this request's own timeout, ended it."""

    kind = "timeout"
    transient = True

    def __init__(
        self, message: str, *, attempts: int = 1, run_deadline: bool = False, transient: bool = True
    ) -> None:
        super().__init__(message, attempts=attempts)
        self.run_deadline = run_deadline
        self.transient = transient  # a name lookup that timed out was retried by the resolver already


class Blocked(WebError):
    """The host is, or resolves to, an address that the address guard refuses (loopback, private...)."""

    kind = "blocked"


class NameNotFound(WebError):
    """The host name does not resolve."""

    kind = "dns"


class ConnectFailed(WebError):
    """No connection: refused (``refused``), unreachable, reset during the connection."""

    kind = "connect"

    def __init__(self, message: str, *, attempts: int = 1, refused: bool = False) -> None:
        super().__init__(message, attempts=attempts)
        self.refused = refused


class TLSFailed(WebError):
    """The TLS handshake failed (certificate, protocol)."""

    kind = "tls"


class BrokenAnswer(WebError):
    """The connection closed early, or what came back was not HTTP."""

    kind = "protocol"
    transient = True


class RedirectRefused(WebError):
    """A redirect that the policy does not follow (a write sent elsewhere, a non-http(s) target, a loop)."""

    kind = "redirect"


class BadURL(WebError, ValueError):
    """Not an absolute http(s) URL with a host; the message never holds the URL's userinfo."""

    kind = "url"


class TooLarge(WebError):
    """The answer is larger than the limit set for it."""

    kind = "size"


class NotCached(WebError):
    """Offline, and the cache holds no copy of the URL."""

    kind = "offline"
