"""Every outbound HTTP request of mmr-graph, under one policy (built on httpx and httpcore).

Nothing else in the project opens a connection to another machine: commands and features that fetch
(``push``, ``check-links``, and fetching lists or metadata) use a :class:`WebClient`.

Using it::

    from mmr_graph.web import AddressGuard, Policy, ResponseCache, WebClient, WebError, default_cache_dir

    with WebClient(Policy(timeout=20, max_bytes=8 * 2**20), cache=ResponseCache(default_cache_dir())) as web:
        reply = web.get(url)                                  # a URL from a list: address guard on
        reply = web.get(api_url, trusted=True, max_age=86400)  # a base URL the user named: its origin trusted
        reply = web.request("PUT", endpoint, body=data, credentials=(user, password), trusted=True)

``WebClient(policy=None, *, guard=None, cache=None, offline=False)``
    ``policy``: :class:`Policy` (``timeout`` seconds per request for connection, headers and body together,
    ``max_bytes``, ``max_redirects``, ``retries``, ``backoff``, ``max_retry_after``). ``guard``:
    :class:`AddressGuard` (default: public addresses only; ``AddressGuard(allow_private=True)`` turns the
    guard off). ``cache``: a :class:`ResponseCache` used by :meth:`WebClient.get`. ``offline``: answer
    from the cache only. One client is thread-safe and pools connections; close it when done.

``get(url, *, trusted=False, deadline=None, timeout=None, max_bytes=None, headers=None,
    conditional=True, max_age=None)``
    GET and read the body. With a cache: a copy younger than ``max_age`` seconds is returned without a
    request; otherwise the request is conditional (``If-None-Match`` / ``If-Modified-Since``) and a 304
    returns the copy; a 200 is stored. Offline: the copy, or :class:`NotCached`.

``request(method, url, *, body=None, headers=None, credentials=None, trusted=False, deadline=None,
    timeout=None, max_bytes=None, read_body=True, retries=None)``
    Any method; GET and HEAD are retried after transient failures, writes never are.

Both return a :class:`Reply` (``url`` redacted, ``status``, ``headers``, ``body``, ``redirects``,
``attempts``, ``seconds``, ``retry_after``, ``from_cache``, ``fetched_at``; ``ok``, ``reason``) for any
HTTP status, and raise a :class:`WebError` when no answer was had: :class:`Timeout` (``run_deadline``
tells the caller's ``deadline`` from the request's own ``timeout``), :class:`Blocked`,
:class:`NameNotFound`, :class:`ConnectFailed`, :class:`TLSFailed`, :class:`BrokenAnswer`,
:class:`RedirectRefused`, :class:`TooLarge`, :class:`BadURL`, :class:`NotCached`. Each has ``kind``,
``transient``, ``attempts`` and a message that holds no secret and nothing the server sent.

The policy:

- **Time**: each request ends ``timeout`` seconds after it started, or at the caller's ``deadline``
  (a :func:`time.monotonic` time) if sooner: name lookup, connection, TLS, sending, headers and body, as a
  wall-clock bound on every socket operation, so a server that sends a byte at a time cannot extend it.
- **Size**: at most ``max_bytes`` of body are read (after gzip/deflate decoding, decoded in bounded steps).
- **Redirects** are followed here: reads up to ``max_redirects`` hops; writes only to the same origin with
  method and body kept (307, 308, 301, 302); a 303 or another origin for a write is :class:`RedirectRefused`.
  ``Authorization``, userinfo and the caller's headers go to the first origin only, and to no hop after the
  chain left it.
- **Addresses** (:mod:`mmr_graph.web.addresses`): URLs from lists, graphs and redirects may reach only public
  addresses, checked after name resolution on every hop, and the connection goes to the checked address
  (the URL's host name is kept for ``Host``, SNI and the certificate check). The origin of a ``trusted`` URL
  (named by the user on the command line) is exempt. Proxy settings from the environment are not used.
- **Retries**: reads, after a timeout, a broken connection, 408, 429 or 5xx, ``retries`` times with
  exponential ``backoff``, waiting as ``Retry-After`` asks up to ``max_retry_after`` seconds (a longer wait
  ends the retries: the reply says so in ``retry_after``), never past ``deadline``.
- **Cache** (:mod:`mmr_graph.web.cache`): ``--cache DIR``, else ``$MMR_GRAPH_CACHE``, else the per-user cache
  folder; copies are dated (``fetched_at``, ``checked_at``) and checked against their sha256.
- **Identity**: ``User-Agent: mmr-graph/VERSION (+https://w3id.org/mmr-graph)``.
- **Secrets**: userinfo is split off every URL before the request and shown as ``***``; messages name the
  redacted URL, never a body, a server's reason phrase or a malformed byte it sent.
"""

from __future__ import annotations

from mmr_graph.web.addresses import AddressGuard, is_public
from mmr_graph.web.cache import CACHE_VARIABLE, CachedCopy, ResponseCache, default_cache_dir
from mmr_graph.web.client import Policy, Reply, WebClient
from mmr_graph.web.errors import (
    BadURL,
    Blocked,
    BrokenAnswer,
    ConnectFailed,
    NameNotFound,
    NotCached,
    RedirectRefused,
    Timeout,
    TLSFailed,
    TooLarge,
    WebError,
)
from mmr_graph.web.headers import parse_retry_after, user_agent
from mmr_graph.web.urls import redact

__all__ = [
    "CACHE_VARIABLE",
    "AddressGuard",
    "BadURL",
    "Blocked",
    "BrokenAnswer",
    "CachedCopy",
    "ConnectFailed",
    "NameNotFound",
    "NotCached",
    "Policy",
    "RedirectRefused",
    "Reply",
    "ResponseCache",
    "TLSFailed",
    "Timeout",
    "TooLarge",
    "WebClient",
    "WebError",
    "default_cache_dir",
    "is_public",
    "parse_retry_after",
    "redact",
    "user_agent",
]
