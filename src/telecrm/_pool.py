"""The connection pools the clients build for themselves when no ``http_client`` is lent to them.

Each pool is an ``httpx`` client over a transport the SDK holds as well, so that calls can go to the transport
directly (:class:`OwnPool`): ``httpx.Client.send`` adds, for every request, cookie persistence, auth and
redirect generators and a wrapper stream, which the SDK's calls do not use and which cost a fifth of a call's
CPU. The sync transport runs over a network backend that keeps the call's deadline (:mod:`telecrm._deadline`).

When the environment names a proxy (``HTTPS_PROXY``, ``ALL_PROXY``...), calls go through ``send``, which
routes them as httpx does by default; the sync pool's HTTP(S) proxy transports keep the deadline too.

Imported when a client builds its pool, not by ``import telecrm``.
"""

from __future__ import annotations

import ssl
import urllib.request
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

import httpcore
import httpx

from ._deadline import bounded

__all__ = ["DeadlineHTTPTransport", "OwnPool", "async_pool", "sync_pool"]


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _Stream(
            self._stream.start_tls(ssl_context, server_hostname, bounded(timeout, httpcore.ConnectTimeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        limit = bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, limit, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        limit = bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, limit, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class DeadlineHTTPTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` over a connection pool whose network operations respect :func:`deadline`,
    direct or through an HTTP(S) ``proxy``.

    httpx offers no public way to choose the pool's network backend, so this builds the pool itself, as
    ``HTTPTransport.__init__`` would.
    """

    def __init__(self, limits: httpx.Limits, proxy: str | None = None) -> None:
        if proxy is None:
            self._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(),
                max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections,
                keepalive_expiry=limits.keepalive_expiry,
                network_backend=_Backend(),
            )
            return
        given = httpx.Proxy(url=proxy)
        self._pool = httpcore.HTTPProxy(
            proxy_url=httpcore.URL(
                scheme=given.url.raw_scheme,
                host=given.url.raw_host,
                port=given.url.port,
                target=given.url.raw_path,
            ),
            proxy_auth=given.raw_auth,
            proxy_headers=given.headers.raw,
            ssl_context=httpx.create_ssl_context(),
            proxy_ssl_context=given.ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_Backend(),
        )


HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)
DirectTransport = TypeVar("DirectTransport", httpx.BaseTransport, httpx.AsyncBaseTransport)


class OwnPool(Generic[HttpClient, DirectTransport]):
    """A client's own pool: the ``httpx`` client (which the client closes), and the transport its calls may
    use directly, or ``None`` when they must go through the client's ``send`` (a proxy applies)."""

    __slots__ = ("client", "direct")

    def __init__(self, client: HttpClient, direct: DirectTransport | None) -> None:
        self.client: HttpClient = client
        self.direct: DirectTransport | None = direct


def _environment_names_a_proxy() -> bool:
    # What makes httpx mount a proxy transport from the environment (NO_PROXY alone mounts none).
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def _deadline_proxies(limits: httpx.Limits) -> dict[str, httpx.BaseTransport]:
    """Mounts replacing the HTTP(S) proxy transports httpx builds from the environment (the same patterns,
    read the same way) with ones that keep the call's deadline. ``NO_PROXY=*`` turns every proxy off, as
    for httpx; its other hosts stay httpx's direct mounts, and a SOCKS proxy stays httpx's own."""
    found = urllib.request.getproxies()
    if "*" in (host.strip() for host in found.get("no", "").split(",")):
        return {}
    mounts: dict[str, httpx.BaseTransport] = {}
    for scheme in ("http", "https", "all"):
        url = found.get(scheme)
        if url:
            url = url if "://" in url else f"http://{url}"
            if httpx.URL(url).scheme in ("http", "https"):
                mounts[f"{scheme}://"] = DeadlineHTTPTransport(limits, url)
    return mounts


def sync_pool(limits: httpx.Limits) -> OwnPool[httpx.Client, httpx.BaseTransport]:
    """The pool of a :class:`~telecrm.Telecrm` built without ``http_client``."""
    transport = DeadlineHTTPTransport(limits)
    if _environment_names_a_proxy():
        # httpx routes each request in ``send`` (by proxy or not, per NO_PROXY); each keeps the deadline.
        mounts = _deadline_proxies(limits)
        return OwnPool(httpx.Client(limits=limits, transport=transport, mounts=mounts), None)
    return OwnPool(httpx.Client(limits=limits, transport=transport), transport)


def async_pool(limits: httpx.Limits) -> OwnPool[httpx.AsyncClient, httpx.AsyncBaseTransport]:
    """The pool of an :class:`~telecrm.AsyncTelecrm` built without ``http_client`` (its deadline is a
    cancel scope, so httpx's own transport serves)."""
    if _environment_names_a_proxy():
        return OwnPool(httpx.AsyncClient(limits=limits), None)
    transport = httpx.AsyncHTTPTransport(limits=limits)
    return OwnPool(httpx.AsyncClient(limits=limits, transport=transport), transport)
