"""A TCP proxy between workstations and the branch server that breaks HTTP exchanges on demand.

The server runs plain HTTP on loopback (``serve --insecure-http``), so the proxy
reads each HTTP/1.1 request and answer whole, keeps connections alive on both
sides as httpx does, and applies the fault armed for that request: pass, drop,
delay, cut the request mid-body, cut the answer mid-body after the server has
acted on it, send the request upstream twice, let another request overtake
it, or hold it until the test lets go. Every exchange is logged, so a test can
wait on the proxy (not on the clock) and check what it did.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

#: how long the proxy waits for a peer that has gone quiet mid-message, or holds a request
_READ_TIMEOUT_S = 60.0
_HEAD_LIMIT = 64 * 1024


class Kind(StrEnum):
    PASS = "pass"
    #: the request is read and the connection closed: the server never sees it
    DROP = "drop"
    #: the request waits ``seconds`` before it goes on
    DELAY = "delay"
    #: the server gets the head and half the body, then the connection closes
    CUT_REQUEST = "cut_request"
    #: the server answers in full; the workstation gets half of that, then a closed line
    CUT_RESPONSE = "cut_response"
    #: the request goes upstream twice; the workstation gets the second answer
    DUPLICATE = "duplicate"
    #: the request waits until another one has been answered (``seconds`` at most)
    REORDER = "reorder"
    #: the request waits, unsent, until ``FaultProxy.release`` (a minute at most)
    HOLD = "hold"
    #: the server answers; the answer waits, undelivered, until ``FaultProxy.release``
    HOLD_ANSWER = "hold_answer"


@dataclass(frozen=True)
class Fault:
    kind: Kind
    #: the start of the request line it waits for, e.g. "POST /v1/events"; "" is any request
    on: str = ""
    seconds: float = 0.0

    def matches(self, request_line: str) -> bool:
        return request_line.startswith(self.on)


@dataclass
class Exchange:
    """One request as the proxy handled it."""

    request_line: str
    kind: Kind
    #: the status of each answer the server gave to it (two when duplicated)
    answers: list[int] = field(default_factory=list)
    #: whether the workstation got a whole answer
    delivered: bool = False
    done: bool = False
    #: REORDER only: whether another request did go first (False: the wait ran out)
    overtaken: bool = False


@dataclass
class _Message:
    head: bytes
    body: bytes

    @property
    def start_line(self) -> str:
        return self.head.split(b"\r\n", 1)[0].decode("latin-1")

    def header(self, name: str) -> str | None:
        for line in self.head.split(b"\r\n")[1:]:
            key, _, value = line.decode("latin-1").partition(":")
            if key.strip().lower() == name:
                return value.strip()
        return None

    @property
    def closes(self) -> bool:
        return (self.header("connection") or "").lower() == "close"

    def whole(self) -> bytes:
        return self.head + self.body

    def half(self) -> bytes:
        """The head and half the body; half the head when there is no body."""
        if self.body:
            return self.head + self.body[: len(self.body) // 2]
        return self.head[: len(self.head) // 2]


async def _read_message(reader: asyncio.StreamReader, method: str | None) -> _Message | None:
    """The next request (``method`` None) or answer to a ``method`` request; None at EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial:
            raise
        return None
    message = _Message(head, b"")
    status = _status(message) if method is not None else 0
    if (message.header("transfer-encoding") or "").lower() == "chunked":
        message.body = await _read_chunked(reader)
    elif message.header("content-length") is not None:
        message.body = await reader.readexactly(int(message.header("content-length") or 0))
    elif method is not None and method != "HEAD" and status >= 200 and status not in (204, 304):
        message.body = await reader.read()  # an answer that ends with the connection
    return message


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    """A chunked body as it came, chunk lines and trailers included."""
    raw = b""
    while True:
        line = await reader.readuntil(b"\r\n")
        size = int(line.split(b";", 1)[0], 16)
        raw += line
        if size == 0:
            break
        raw += await reader.readexactly(size + 2)
    while True:  # trailers, up to the empty line
        line = await reader.readuntil(b"\r\n")
        raw += line
        if line == b"\r\n":
            return raw


def _status(message: _Message) -> int:
    parts = message.start_line.split(" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


class _Upstream:
    """One client connection's line to the server, opened when first needed."""

    def __init__(self, proxy: FaultProxy) -> None:
        self._proxy = proxy
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def send(self, data: bytes) -> None:
        if self._reader is None or self._writer is None or self._reader.at_eof():
            self.close()
            host, port = self._proxy.upstream
            self._reader, self._writer = await asyncio.open_connection(
                host, port, limit=_HEAD_LIMIT
            )
        self._writer.write(data)
        await self._writer.drain()

    async def ask(self, request: _Message) -> _Message:
        """Send ``request`` whole and read the server's answer."""
        await self.send(request.whole())
        assert self._reader is not None
        method = request.start_line.split(" ", 1)[0]
        answer = await asyncio.wait_for(_read_message(self._reader, method), _READ_TIMEOUT_S)
        if answer is None:
            self.close()
            raise ConnectionResetError("the server closed the connection without answering")
        if answer.closes:
            self.close()
        return answer

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


class FaultProxy:
    """``url`` forwards to ``upstream``; ``arm`` sets what happens to the next requests."""

    def __init__(self, upstream_url: str) -> None:
        self.upstream = _host_port(upstream_url)
        self.url = ""
        self.log: list[Exchange] = []
        #: the connections workstations have opened to the proxy
        self.connections = 0
        self._armed: list[Fault] = []
        self._changed = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy")
        self._server: asyncio.Server | None = None
        self._clients: set[asyncio.StreamWriter] = set()
        #: how many requests the server has answered (what a REORDER waits for)
        self._answered = 0
        self._answered_changed: asyncio.Condition | None = None
        self._holds: list[asyncio.Event] = []

    # -- the test's side (any thread) ----------------------------------------------
    def __enter__(self) -> FaultProxy:
        self._thread.start()
        port = self._call(self._listen())
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def retarget(self, upstream_url: str) -> None:
        """Send new connections to ``upstream_url`` (a restarted server on a new port)."""
        self.upstream = _host_port(upstream_url)

    def arm(self, *faults: Fault) -> None:
        """Queue ``faults``: each hits the first later request it matches, once."""
        with self._changed:
            self._armed.extend(faults)

    def clear(self) -> None:
        """Disarm whatever no request has taken yet."""
        with self._changed:
            self._armed.clear()

    @property
    def armed(self) -> list[Fault]:
        with self._changed:
            return list(self._armed)

    def release(self) -> None:
        """Let every request held now go on."""
        self._loop.call_soon_threadsafe(self._release)

    def wait_until(self, condition: Callable[[list[Exchange]], bool], timeout: float) -> bool:
        """Wait until ``condition(log)`` holds; False if it still does not after ``timeout``."""
        with self._changed:
            return self._changed.wait_for(lambda: condition(self.log), timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every request taken so far is finished with."""
        return self.wait_until(lambda log: all(exchange.done for exchange in log), timeout)

    def close(self) -> None:
        if not self._thread.is_alive():
            return
        self._call(self._shut())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def _call(self, work: Coroutine[Any, Any, int]) -> int:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=30)

    # -- the proxy's side (its event loop) ------------------------------------------
    async def _listen(self) -> int:
        self._answered_changed = asyncio.Condition()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, limit=_HEAD_LIMIT)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _shut(self) -> int:
        assert self._server is not None
        self._server.close()
        for writer in list(self._clients):
            writer.close()
        await self._server.wait_closed()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return 0

    def _release(self) -> None:
        for hold in self._holds:
            hold.set()
        self._holds.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._clients.add(writer)
        with self._changed:
            self.connections += 1
        upstream = _Upstream(self)
        try:
            while True:
                request = await _read_message(reader, None)
                if request is None:
                    break
                exchange, fault = self._begin(request)
                try:
                    keep = await self._handle(request, fault, exchange, upstream, writer)
                finally:
                    await self._finish(exchange)
                if not keep:
                    break
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # a side that went away mid-message: the other side sees the line close
        except ValueError:
            pass  # not HTTP as the proxy reads it: the line closes
        finally:
            upstream.close()
            writer.close()
            self._clients.discard(writer)

    def _begin(self, request: _Message) -> tuple[Exchange, Fault]:
        line = request.start_line
        with self._changed:
            fault = next((f for f in self._armed if f.matches(line)), Fault(Kind.PASS))
            if fault in self._armed:
                self._armed.remove(fault)
            exchange = Exchange(line, fault.kind)
            self.log.append(exchange)
            self._changed.notify_all()
        return exchange, fault

    async def _finish(self, exchange: Exchange) -> None:
        with self._changed:
            exchange.done = True
            self._changed.notify_all()
        if not exchange.answers:
            return
        assert self._answered_changed is not None
        async with self._answered_changed:
            self._answered += 1
            self._answered_changed.notify_all()

    async def _handle(
        self,
        request: _Message,
        fault: Fault,
        exchange: Exchange,
        upstream: _Upstream,
        client: asyncio.StreamWriter,
    ) -> bool:
        """Carry one request through ``fault``; whether the client connection stays open."""
        if fault.kind is Kind.DROP:
            return False
        await self._wait_before(fault, exchange)
        if fault.kind is Kind.CUT_REQUEST:
            await upstream.send(request.half())
            upstream.close()
            return False
        answer = await upstream.ask(request)
        self._note(exchange, answer)
        if fault.kind is Kind.DUPLICATE:
            answer = await upstream.ask(request)
            self._note(exchange, answer)
        if fault.kind is Kind.HOLD_ANSWER:
            await self._held()
        if fault.kind is Kind.CUT_RESPONSE:
            client.write(answer.half())
            await client.drain()
            return False
        client.write(answer.whole())
        await client.drain()
        with self._changed:
            exchange.delivered = True
        return not (answer.closes or request.closes)

    async def _wait_before(self, fault: Fault, exchange: Exchange) -> None:
        if fault.kind is Kind.DELAY:
            await asyncio.sleep(fault.seconds)
        elif fault.kind is Kind.HOLD:
            await self._held()
        elif fault.kind is Kind.REORDER:
            assert self._answered_changed is not None
            async with self._answered_changed:
                mark = self._answered
                try:
                    await asyncio.wait_for(
                        self._answered_changed.wait_for(lambda: self._answered > mark),
                        fault.seconds,
                    )
                except TimeoutError:
                    return
            with self._changed:
                exchange.overtaken = True

    async def _held(self) -> None:
        hold = asyncio.Event()
        self._holds.append(hold)
        with contextlib.suppress(TimeoutError):  # a hold nobody releases ends, in time
            await asyncio.wait_for(hold.wait(), _READ_TIMEOUT_S)

    def _note(self, exchange: Exchange, answer: _Message) -> None:
        with self._changed:
            exchange.answers.append(_status(answer))
            self._changed.notify_all()


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or not parts.port:
        raise ValueError(f"the proxy forwards plain HTTP to a host and port, not {url!r}")
    return parts.hostname, parts.port
