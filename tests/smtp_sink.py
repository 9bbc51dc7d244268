"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives.

`SmtpSink()` picks a free port without listening on it: until `start()`, connecting
there is refused, which is what an unreachable SMTP server looks like to the worker.
"""

import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        with self.sink.lock:
            self.sink.received.append(envelope)
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.received = []
        self.lock = threading.Lock()
        self.controller = None

    def start(self):
        self.controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def running(self):
        return self.controller is not None

    def messages(self):
        with self.lock:
            return [message_from_bytes(envelope.content) for envelope in self.received]

    def recipients(self):
        with self.lock:
            return [address for envelope in self.received for address in envelope.rcpt_tos]

    def subjects(self):
        return [str(make_header(decode_header(m["Subject"]))) for m in self.messages()]

    def message_ids(self):
        return [m["Message-ID"] for m in self.messages()]
