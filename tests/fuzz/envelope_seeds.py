#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_envelope (tests/fuzz/corpus/envelope/) from proto/*.proto.

Usage: /usr/bin/python3 tests/fuzz/envelope_seeds.py   (needs protoc and python3-protobuf)

Input layout of fuzz_envelope.c: byte 0 = flags (bit 0: put the "HR1" tag frame first), then
frames separated by b"\\xff\\xfe\\xfd". The seeds cover valid Ping/Status/write envelopes, extra
frames, a missing or wrong tag, truncated envelopes, unknown field tags, wrong wire types, huge
length prefixes, bad msg_ids, bad types, expired and negative deadlines and wrong bodies.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "corpus", "envelope")
SEP = b"\xff\xfe\xfd"
TAG = b"\x01"      # flags: the fuzzer adds the "HR1" frame
NO_TAG = b"\x00"   # flags: frames exactly as given
T0 = 1740992400000  # the fuzz target's fake clock
ID = "01JNGZ3V8Q7W2K5M9P4R6T8X0Y"  # a valid ULID


def main():
    gen = tempfile.mkdtemp(prefix="hr-seeds-")
    subprocess.run(["protoc", "-I", os.path.join(ROOT, "proto"), "--python_out", gen,
                    "hr/envelope.proto", "hr/sys.proto"], check=True)
    sys.path.insert(0, gen)
    from hr import envelope_pb2, sys_pb2  # noqa: E402

    def env(type_="sys.Ping", msg_id=ID, body=None, **kw):
        e = envelope_pb2.Envelope(msg_id=msg_id, type=type_, **kw)
        if body is not None:
            e.body = body.SerializeToString() if hasattr(body, "SerializeToString") else body
        return e.SerializeToString()

    ping = sys_pb2.PingRequest(payload=b"hello")
    actor = envelope_pb2.Actor(user_id="operator", roles=["operator", "hr"], department_id="d1")
    good = env(body=ping, attempt=1, sent_at_ms=T0, deadline_ms=T0 + 1000, actor=actor)
    seeds = {
        # valid requests
        "ping_valid": TAG + good,
        "ping_minimal": TAG + env(),
        "ping_max_payload": TAG + env(body=sys_pb2.PingRequest(payload=b"p" * 1024)),
        "ping_payload_too_big": TAG + env(body=sys_pb2.PingRequest(payload=b"p" * 1025)),
        "status_valid": TAG + env("sys.Status", body=sys_pb2.StatusRequest(), actor=actor),
        "put_valid": TAG + env("fuzz.Put", body=sys_pb2.PingRequest(payload=b"record")),
        "put_fails_and_rolls_back": TAG + env("fuzz.Put", body=sys_pb2.PingRequest(payload=b"fail")),
        "put_with_extra_frames": TAG + env("fuzz.Put", body=ping) + SEP + b"chunk-1" + SEP + b"",
        "ping_with_extra_frame": TAG + good + SEP + b"chunk",
        "tag_given_as_frame": NO_TAG + b"HR1" + SEP + good,
        # tags and frames
        "no_tag": NO_TAG + good,
        "wrong_tag": NO_TAG + b"HR2" + SEP + good,
        "tag_prefix_only": NO_TAG + b"HR" + SEP + good,
        "tag_only": NO_TAG + b"HR1",
        "empty_envelope": TAG,
        "empty_frames": NO_TAG + SEP + SEP + SEP,
        # broken protobuf
        "truncated_half": TAG + good[: len(good) // 2],
        "truncated_last_byte": TAG + good[:-1],
        "huge_length_prefix": TAG + b"\x0a\xff\xff\xff\xff\x0f" + b"A" * 8,
        "huge_length_prefix_body": TAG + env() + b"\x4a\xff\xff\xff\xff\x07",
        "overlong_varint": TAG + b"\x20" + b"\xff" * 11 + b"\x01",
        "unknown_field_tags": TAG + good + b"\x78\x05" + b"\xa2\x06\x03abc" + b"\x7d\x01\x02\x03\x04",
        "wrong_wire_type_msg_id": TAG + b"\x08\x05" + env()[0:],
        "invalid_wire_type": TAG + b"\x0e\x00" + good,
        "field_number_zero": TAG + b"\x02\x01x" + good,
        "actor_truncated": TAG + env() + b"\x3a\x10\x0a\x08operator",
        "status_in_request": TAG + env(status=envelope_pb2.Status(code=3, message="x")),
        "status_code_out_of_range": TAG + env(status=envelope_pb2.Status(code=-7)),
        "reply_shaped": TAG + env(correlation_id=ID, status=envelope_pb2.Status(code=0)),
        # msg_id
        "msg_id_missing": TAG + env(msg_id=""),
        "msg_id_not_ulid": TAG + env(msg_id="not-a-ulid"),
        "msg_id_lower_case": TAG + env(msg_id=ID.lower()),
        "msg_id_short": TAG + env(msg_id=ID[:25]),
        "msg_id_long": TAG + env(msg_id=ID + "0"),
        "msg_id_first_char_8": TAG + env(msg_id="8" + ID[1:]),
        "msg_id_forbidden_letters": TAG + env(msg_id="01JNGZ3V8Q7W2K5M9P4R6T8XIL"),
        "msg_id_nul_inside": TAG + b"\x0a\x1a" + ID[:10].encode() + b"\x00" + ID[11:].encode()
        + b"\x1a\x08sys.Ping",
        # type
        "type_missing": TAG + env(type_=""),
        "type_unknown": TAG + env("sys.NoSuchThing", body=ping),
        "type_no_dot": TAG + env("sysPing"),
        "type_two_dots": TAG + env("sys.Ping.Again"),
        "type_upper_service": TAG + env("Sys.Ping"),
        "type_lower_verb": TAG + env("sys.ping"),
        "type_empty_service": TAG + env(".Ping"),
        "type_punctuation": TAG + env("sys.Pi-ng"),
        "type_65_bytes": TAG + env("s." + "P" * 63),
        "type_64_bytes": TAG + env("s." + "P" * 62),
        "type_non_ascii": TAG + env("sys.P\u00ffing"),
        "type_invalid_utf8": TAG + b"\x0a\x1a" + ID.encode() + b"\x1a\x09sys.P\xffing",
        # deadlines and times
        "deadline_expired": TAG + env(body=ping, deadline_ms=T0 - 1),
        "deadline_negative": TAG + env(deadline_ms=-1),
        "sent_at_negative": TAG + env(sent_at_ms=-5),
        "deadline_int64_max": TAG + env(body=ping, deadline_ms=2**63 - 1),
        # bodies
        "body_wrong_shape": TAG + env(body=b"\x0a\x10\x01"),
        "body_of_another_type": TAG + env("sys.Status", body=ping),
        "body_unknown_fields": TAG + env(body=b"\x0a\x02hi\x10\x01\x1a\x00"),
        "body_huge_length": TAG + env(body=b"\x0a\xff\xff\xff\xff\x0f"),
    }
    os.makedirs(OUT, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print("wrote %d seeds to %s" % (len(seeds), OUT))


if __name__ == "__main__":
    main()
