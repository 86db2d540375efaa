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

import ipaddress
import ssl
import urllib.request
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar, cast

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


def _core_pool(limits: httpx.Limits, proxy: str | None) -> httpcore.ConnectionPool | httpcore.HTTPProxy:
    """The pool ``httpx.HTTPTransport(limits=limits, proxy=proxy)`` builds, over :class:`_Backend`."""
    shared: dict[str, Any] = {
        "ssl_context": httpx.create_ssl_context(),
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
        "network_backend": _Backend(),
    }
    if proxy is None:
        return httpcore.ConnectionPool(**shared)
    given = httpx.Proxy(url=proxy)
    return httpcore.HTTPProxy(
        proxy_url=httpcore.URL(
            scheme=given.url.raw_scheme,
            host=given.url.raw_host,
            port=given.url.port,
            target=given.url.raw_path,
        ),
        proxy_auth=given.raw_auth,
        proxy_headers=given.headers.raw,
        proxy_ssl_context=given.ssl_context,
        **shared,
    )


#: httpcore's errors as httpx raises them (the most specific first): what ``httpx.HTTPTransport`` maps.
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


def _as_httpx(error: Exception) -> Exception:
    """``error`` as httpx's own transport raises it (an httpcore error as its httpx twin), else itself."""
    for raised, twin in _ERRORS:
        if isinstance(error, raised):
            return twin(str(error))
    return error


class _ResponseStream(httpx.SyncByteStream):
    """httpcore's response body as an httpx stream, its errors mapped as httpx maps them."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except Exception as error:
            mapped = _as_httpx(error)
            if mapped is error:
                raise
            raise mapped from error

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class DeadlineHTTPTransport(httpx.BaseTransport):
    """An ``httpx`` transport, as ``httpx.HTTPTransport`` is, over a connection pool whose network operations
    respect :func:`deadline`, direct or through an HTTP(S) ``proxy``.

    httpx offers no public way to choose its transport's network backend, so this is built on public API
    alone: httpx's ``BaseTransport`` over httpcore's pool (whose backend is public), requests and answers
    converted, and errors mapped, as ``HTTPTransport.handle_request`` does.
    """

    def __init__(self, limits: httpx.Limits, proxy: str | None = None) -> None:
        self.pool = _core_pool(limits, proxy)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=cast(Iterable[bytes], request.stream),
            extensions=request.extensions,
        )
        try:
            answer = self.pool.handle_request(core)
        except Exception as error:
            mapped = _as_httpx(error)
            if mapped is error:
                raise
            raise mapped from error
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_ResponseStream(cast(Iterable[bytes], answer.stream)),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self.pool.close()


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


def _deadline_proxies(limits: httpx.Limits) -> dict[str, httpx.BaseTransport | None]:
    """The mounts httpx builds from the environment, read the same way, with HTTP(S) proxy transports that
    keep the call's deadline: ``NO_PROXY=*`` turns every proxy off; each other ``NO_PROXY`` host is mounted
    direct (``None``: the client's own transport), matched as httpx matches it; a SOCKS proxy stays
    httpx's own."""
    found = urllib.request.getproxies()
    excluded = [host.strip() for host in found.get("no", "").split(",")]
    if "*" in excluded:
        return {}
    mounts: dict[str, httpx.BaseTransport | None] = {}
    for scheme in ("http", "https", "all"):
        url = found.get(scheme)
        if url:
            url = url if "://" in url else f"http://{url}"
            if httpx.URL(url).scheme in ("http", "https"):
                mounts[f"{scheme}://"] = DeadlineHTTPTransport(limits, url)
            else:  # SOCKS needs httpx's `socks` extra, and any other scheme is refused, both as httpx does
                mounts[f"{scheme}://"] = httpx.HTTPTransport(limits=limits, proxy=url)
    mounts.update((_direct_pattern(host), None) for host in excluded if host)
    return mounts


def _direct_pattern(host: str) -> str:
    """The mount pattern of one ``NO_PROXY`` entry, as httpx reads it (curl's rules): ``example.com``
    covers the domain and its subdomains, ``.example.com`` only subdomains, an address or ``localhost``
    only itself."""
    if "://" in host:
        return host
    address = host.split("/")[0]
    for kind in (ipaddress.IPv4Address, ipaddress.IPv6Address):
        try:
            kind(address)
        except ValueError:
            continue
        return f"all://{host}" if kind is ipaddress.IPv4Address else f"all://[{host}]"
    return f"all://{host}" if host.lower() == "localhost" else f"all://*{host}"


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
