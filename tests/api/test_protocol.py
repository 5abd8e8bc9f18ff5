"""The HTTP protocol's transport: a response's head leaves with its body, in one send."""

from __future__ import annotations

from assistant.api.protocol import CoalescingTransport


class FakeTransport:
    """Records each write (one per send on a real socket)."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closing = False
        self.extra = {"peername": ("127.0.0.1", 5000)}

    def write(self, data: bytes) -> None:
        assert not self.closing, "written after close"
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def get_extra_info(self, name: str, default=None):
        return self.extra.get(name, default)


HEAD = b"HTTP/1.1 200 OK\r\nserver: uvicorn\r\ncontent-length: 2\r\ncontent-type: application/json\r\n\r\n"


def test_a_head_leaves_with_its_body_in_one_send():
    raw = FakeTransport()
    t = CoalescingTransport(raw)
    t.write(HEAD)
    assert raw.writes == []  # held for the body
    t.write(b"{}")
    t.write(b"next")
    assert raw.writes == [HEAD + b"{}", b"next"]


def test_interim_and_streamed_heads_are_not_held():
    raw = FakeTransport()
    t = CoalescingTransport(raw)
    t.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # the client waits for it before sending the body
    streamed = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
    t.write(streamed)  # a stream's first chunk may come much later
    assert raw.writes == [b"HTTP/1.1 100 Continue\r\n\r\n", streamed]


def test_a_head_without_a_body_write_leaves_on_flush_or_close_and_nothing_goes_to_a_closed_socket():
    raw = FakeTransport()
    t = CoalescingTransport(raw)
    t.write(HEAD)  # a HEAD request: uvicorn writes no body
    t.flush()  # the protocol's on_response_complete
    t.flush()
    assert raw.writes == [HEAD]
    t.write(HEAD.replace(b"200 OK", b"400 Bad Request"))
    t.close()  # a 400 answered before closing the connection
    assert raw.writes == [HEAD, HEAD.replace(b"200 OK", b"400 Bad Request")]
    gone = FakeTransport()
    t2 = CoalescingTransport(gone)
    t2.write(HEAD)
    gone.closing = True  # the client went away
    t2.flush()
    assert gone.writes == []


def test_everything_else_is_the_wrapped_transports():
    raw = FakeTransport()
    t = CoalescingTransport(raw)
    assert t.get_extra_info("peername") == ("127.0.0.1", 5000)
    assert not t.is_closing()
    raw.closing = True
    assert t.is_closing()
