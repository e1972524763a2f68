#!/usr/bin/python3
"""smtp_sink.py DIR [--port N] [--bench] [--starttls CERT KEY | --smtps CERT KEY]: a real SMTP
server (Debian's python3-aiosmtpd) for tests.

Listens on 127.0.0.1 (port N, or a free one), prints "READY <port>" on stdout once it accepts
connections, and runs until SIGTERM. Every accepted message is written as DIR/<stamp>.eml (the
bytes received) and DIR/<stamp>.json: the envelope and the message as Python's email package
decodes it (RFC 2047 headers decoded, bodies decoded), so tests check what a mail client shows:
  {"mail_from", "rcpt_tos", "message_id", "date", "subject", "from", "to", "cc", "bcc",
   "header_names", "text", "html"}
DIR/control, read at every DATA, scripts failures:
  "CODE COUNT"  answer CODE (e.g. 451, 550) to the next COUNT messages (-1: all of them);
  "drop COUNT"  store the next COUNT messages, then close the connection instead of the 250;
  "delay MS"    wait MS milliseconds before answering (a slow server).
Counts go down as they are used. DIR/reject, read at every RCPT TO, lists addresses (one a line)
answered "550 5.1.1" there (a mailbox that does not exist); the others are accepted. --starttls requires STARTTLS before MAIL; --smtps is implicit
TLS; --bench accepts and drops messages without writing anything (benchmarks).
Run with /usr/bin/python3 (Debian's python, which has aiosmtpd).
"""
import asyncio
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller

LOCK = threading.Lock()


def read_control(path):
    try:
        with open(path) as f:
            return [line.split() for line in f if line.strip()]
    except FileNotFoundError:
        return []


def take_failure(directory):
    """Returns (code or None, delay_ms) and counts a scripted failure down."""
    path = os.path.join(directory, "control")
    with LOCK:
        lines = read_control(path)
        code, delay, out = None, 0, []
        for words in lines:
            if words[0] == "delay":
                delay = int(words[1])
                out.append(words)
            elif code is None and len(words) == 2 and int(words[1]) != 0:
                code = words[0] if words[0] == "drop" else int(words[0])
                left = int(words[1])
                if left > 0:
                    left -= 1
                if left != 0:
                    out.append([words[0], str(left)])
            else:
                out.append(words)
        if lines != out:
            with open(path + ".tmp", "w") as f:
                f.write("".join(" ".join(w) + "\n" for w in out))
            os.replace(path + ".tmp", path)
        return code, delay


def addresses(header):
    if header is None:
        return []
    return [{"name": a.display_name, "addr": a.addr_spec} for a in header.addresses]


def summary(envelope):
    msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    return {
        "mail_from": envelope.mail_from,
        "rcpt_tos": list(envelope.rcpt_tos),
        "message_id": str(msg["message-id"] or ""),
        "date": str(msg["date"] or ""),
        "subject": str(msg["subject"] or ""),
        "from": addresses(msg["from"]),
        "to": addresses(msg["to"]),
        "cc": addresses(msg["cc"]),
        "bcc": addresses(msg["bcc"]),
        "header_names": [k.lower() for k in msg.keys()],
        "text": text.get_content() if text else "",
        "html": html.get_content() if html else "",
    }


class Sink:
    def __init__(self, directory, bench):
        self.directory = directory
        self.bench = bench  # accept without writing anything (benchmarks)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        try:
            with open(os.path.join(self.directory, "reject")) as f:
                reject = {line.strip() for line in f if line.strip()}
        except FileNotFoundError:
            reject = set()
        if address in reject:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        code, delay = take_failure(self.directory)
        if delay:
            await asyncio.sleep(delay / 1000.0)
        if code is not None and code != "drop":
            return "%d Scripted failure" % code
        if self.bench:
            return "250 OK"
        stamp = "%d-%d" % (time.time_ns(), os.getpid())
        base = os.path.join(self.directory, stamp)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        try:
            info = summary(envelope)
        except Exception as e:  # a message Python cannot parse is a test failure to show
            info = {"error": repr(e), "rcpt_tos": list(envelope.rcpt_tos)}
        with open(base + ".json.tmp", "w") as f:
            json.dump(info, f, ensure_ascii=False)
        os.replace(base + ".eml.tmp", base + ".eml")
        os.replace(base + ".json.tmp", base + ".json")
        if code == "drop":
            # Taken, then the line drops before the 250 (reliability.md P8 (a)): the client
            # cannot know, retries, and the message arrives twice with one Message-ID.
            server.transport.close()
            return "250 OK (never seen)"
        return "250 OK queued as " + stamp


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    directory = sys.argv[1]
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 0
    os.makedirs(directory, exist_ok=True)
    port = port or free_port()
    bench = "--bench" in sys.argv
    tls = {}
    for flag in ("--starttls", "--smtps"):
        if flag in sys.argv:
            i = sys.argv.index(flag)
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(sys.argv[i + 1], sys.argv[i + 2])
            if flag == "--starttls":
                tls = {"tls_context": ctx, "require_starttls": True}
            else:
                tls = {"ssl_context": ctx}
    controller = Controller(Sink(directory, bench), hostname="127.0.0.1", port=port,
                            decode_data=False, data_size_limit=10 * 1024 * 1024, **tls)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    print("READY %d" % port, flush=True)
    while not stop.wait(0.2):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
