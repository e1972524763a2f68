#!/usr/bin/env python3
"""A client written from proto/*.proto alone: asks every daemon for sys.Status.

Usage: py_status.py PROTO_DIR ENDPOINT [ENDPOINT ...]
Generates Python classes with protoc into a temp dir, then for each endpoint sends
["HR1", Envelope{type="sys.Status"}] on a DEALER and checks the reply. Exit 0 when every
daemon answered with status 0 and a StatusReply naming a service; prints one line each.
This is the example of proto/README.md, kept honest by ctest (e2e.python_client).
"""
import os
import subprocess
import sys
import tempfile
import time
import random

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid():
    t = int(time.time() * 1000)
    bits = (t << 80) | random.getrandbits(80)
    return "".join(ALPHABET[(bits >> (5 * (25 - i))) & 31] for i in range(26))


def main():
    proto_dir, endpoints = sys.argv[1], sys.argv[2:]
    out = tempfile.mkdtemp(prefix="hr-py-")
    subprocess.run(["protoc", "-I", proto_dir, "--python_out", out,
                    "hr/envelope.proto", "hr/sys.proto"], check=True)
    sys.path.insert(0, out)
    import zmq
    from hr import envelope_pb2, sys_pb2

    ctx = zmq.Context()
    failures = 0
    for endpoint in endpoints:
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(endpoint)
        env = envelope_pb2.Envelope(msg_id=ulid(), type="sys.Status", attempt=1,
                                    sent_at_ms=int(time.time() * 1000))
        env.actor.user_id = "operator"
        env.actor.roles.append("operator")
        env.body = sys_pb2.StatusRequest().SerializeToString()
        sock.send_multipart([b"HR1", env.SerializeToString()])
        if not sock.poll(5000):
            print(f"{endpoint}: no reply")
            failures += 1
            continue
        tag, raw = sock.recv_multipart()[:2]
        reply = envelope_pb2.Envelope.FromString(raw)
        status = sys_pb2.StatusReply.FromString(reply.body)
        ok = tag == b"HR1" and reply.correlation_id == env.msg_id and \
            reply.status.code == 0 and status.service != ""
        print(f"{endpoint}: service={status.service} version={status.version} "
              f"pid={status.pid} ok={ok}")
        failures += 0 if ok else 1
        sock.close()
    ctx.term()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
