#!/usr/bin/python3
"""http_sink.py DIR [--port N] [--secret VENDOR=SECRET ...]: a real HTTP receiver for the SMS
vendors and IM robots notify talks to, on 127.0.0.1, checking their signatures independently.

Prints "READY <port>" once listening; runs until SIGTERM. HTTP/1.1 with keep-alive. The first
path segment names the vendor: /aliyun, /tencent, /webhook, /wecom, /dingtalk, /feishu. Every
request is written as DIR/<stamp>.json:
  {"vendor", "method", "path", "query" {k: v}, "headers" {lower-case: v}, "body", "json",
   "sig_ok" (true/false, null when the vendor signs nothing), "sig_error"}
Signatures are recomputed here from the request as received (Aliyun ACS3-HMAC-SHA256, Tencent
TC3-HMAC-SHA256, DingTalk and Feishu robot signing, the generic webhook's X-HR-Signature) with
the secrets given on the command line. The answer is the vendor's success body, unless
DIR/control holds "STATUS COUNT [CODE]": then the next COUNT requests (-1: all) get STATUS and
an error body; with CODE, the vendor's own error body carrying that code (Aliyun
{"Code": CODE, ...}, Tencent {"Response": {"Error": {"Code": CODE, ...}}}). "stall COUNT
SECONDS" has the next COUNT requests read whole and recorded, then answered (with success)
only SECONDS later: a vendor that took the request and whose answer comes after the client's
timeout. "drop COUNT" has the next COUNT requests read whole and recorded, then the connection
closed without an answer (whichever connection they came on: a keep-alive one too - a client
that sends a request again by itself on a new connection is seen doing it). "bench" as DIR
writes nothing (for benchmarks).
Run with /usr/bin/python3.
"""
import base64
import hashlib
import hmac
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

LOCK = threading.Lock()
SECRETS = {}
DIRECTORY = None

SUCCESS = {
    "aliyun": {"Code": "OK", "Message": "OK", "BizId": "700000000000000000^0",
               "RequestId": "A0000000-3CC1-4000-8000-E00000000000"},
    "tencent": {"Response": {"SendStatusSet": [{"SerialNo": "1", "Code": "Ok", "Message": "send success"}],
                             "RequestId": "r-1"}},
    "wecom": {"errcode": 0, "errmsg": "ok"},
    "dingtalk": {"errcode": 0, "errmsg": "ok"},
    "feishu": {"code": 0, "msg": "success", "data": {}},
    "webhook": {"ok": True},
}


def take_status():
    if DIRECTORY is None:
        return None
    path = os.path.join(DIRECTORY, "control")
    with LOCK:
        try:
            with open(path) as f:
                words = f.read().split()
        except FileNotFoundError:
            return None
        if len(words) < 2 or int(words[1]) == 0:
            return None
        status = words[0] if words[0] in ("stall", "drop") else int(words[0])
        left = int(words[1])
        if left > 0:
            with open(path + ".tmp", "w") as f:
                f.write(" ".join([words[0], str(left - 1)] + words[2:]) + "\n")
            os.replace(path + ".tmp", path)
        return status, (words[2] if len(words) > 2 else None)


def error_body(vendor, status, code):
    if code is None:
        return {"error": "scripted", "status": status}
    if vendor == "aliyun":
        return {"RequestId": "A0000000-3CC1-4000-8000-E00000000001", "HostId": "dysmsapi.aliyuncs.com",
                "Code": code, "Message": "scripted"}
    if vendor == "tencent":
        return {"Response": {"Error": {"Code": code, "Message": "scripted"}, "RequestId": "r-1"}}
    return {"error": "scripted", "status": status, "code": code}


def hmac_sha256(key, msg):
    return hmac.new(key, msg, hashlib.sha256).digest()


def enc(s):
    return quote(s, safe="-_.~")


def check_aliyun(req):
    auth = req["headers"].get("authorization", "")
    if not auth.startswith("ACS3-HMAC-SHA256 "):
        return False, "no ACS3 authorization"
    parts = dict(p.split("=", 1) for p in auth[len("ACS3-HMAC-SHA256 "):].split(","))
    names = parts["SignedHeaders"].split(";")
    for must in ("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
                 "x-acs-signature-nonce", "x-acs-version"):
        if must not in names:
            return False, "unsigned " + must
    payload_hash = hashlib.sha256(req["raw_body"]).hexdigest()
    if req["headers"].get("x-acs-content-sha256") != payload_hash:
        return False, "x-acs-content-sha256 does not match the body"
    pairs = sorted(parse_qsl(req["raw_query"], keep_blank_values=True))
    query = "&".join(enc(k) + "=" + enc(v) for k, v in pairs)
    headers = "".join("%s:%s\n" % (n, req["headers"].get(n, "").strip()) for n in names)
    canonical = "\n".join([req["method"], "/", query, headers, ";".join(names), payload_hash])
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    want = hmac_sha256(SECRETS.get("aliyun", "").encode(), to_sign.encode()).hex()
    if want != parts.get("Signature"):
        return False, "signature mismatch"
    date = req["headers"].get("x-acs-date", "")
    t = time.mktime(time.strptime(date, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    if abs(t - time.time()) > 15 * 60:
        return False, "x-acs-date more than 15 minutes off"
    return True, ""


def check_tencent(req):
    auth = req["headers"].get("authorization", "")
    prefix = "TC3-HMAC-SHA256 "
    if not auth.startswith(prefix):
        return False, "no TC3 authorization"
    parts = dict(p.strip().split("=", 1) for p in auth[len(prefix):].split(", "))
    secret_id, date, service, term = parts["Credential"].split("/")
    names = parts["SignedHeaders"].split(";")
    ts = int(req["headers"].get("x-tc-timestamp", "0"))
    if time.strftime("%Y-%m-%d", time.gmtime(ts)) != date or term != "tc3_request":
        return False, "credential scope does not match X-TC-Timestamp"
    headers = "".join("%s:%s\n" % (n, req["headers"].get(n, "").strip().lower()
                                   if n == "x-tc-action" else req["headers"].get(n, "").strip())
                      for n in names)
    canonical = "\n".join(["POST", "/", "", headers, ";".join(names),
                           hashlib.sha256(req["raw_body"]).hexdigest()])
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(ts), "%s/%s/tc3_request" % (date, service),
                         hashlib.sha256(canonical.encode()).hexdigest()])
    k = hmac_sha256(("TC3" + SECRETS.get("tencent", "")).encode(), date.encode())
    k = hmac_sha256(k, service.encode())
    k = hmac_sha256(k, b"tc3_request")
    if hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest() != parts.get("Signature"):
        return False, "signature mismatch"
    return True, ""


def check_dingtalk(req):
    secret = SECRETS.get("dingtalk", "")
    ts, sign = req["query"].get("timestamp"), req["query"].get("sign")
    if not ts or not sign:
        return False, "no timestamp/sign in the URL"
    want = base64.b64encode(hmac_sha256(secret.encode(), ("%s\n%s" % (ts, secret)).encode())).decode()
    if sign != want:
        return False, "signature mismatch"
    if abs(int(ts) / 1000 - time.time()) > 3600:
        return False, "timestamp more than an hour off"
    return True, ""


def check_feishu(req):
    secret = SECRETS.get("feishu", "")
    body = req["json"] or {}
    ts, sign = body.get("timestamp"), body.get("sign")
    if not isinstance(ts, str) or not sign:
        return False, "no timestamp/sign in the body"
    want = base64.b64encode(hmac_sha256(("%s\n%s" % (ts, secret)).encode(), b"")).decode()
    if sign != want:
        return False, "signature mismatch"
    if abs(int(ts) - time.time()) > 3600:
        return False, "timestamp more than an hour off"
    return True, ""


def check_webhook(req):
    secret = SECRETS.get("webhook")
    if not secret:
        return None, ""
    ts = req["headers"].get("x-hr-timestamp", "")
    want = hmac.new(secret.encode(), ts.encode() + b"\n" + req["raw_body"], hashlib.sha256).hexdigest()
    return (want == req["headers"].get("x-hr-signature")), "X-HR-Signature"


CHECKS = {"aliyun": check_aliyun, "tencent": check_tencent, "dingtalk": check_dingtalk,
          "feishu": check_feishu, "webhook": check_webhook}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        vendor = url.path.strip("/").split("/")[0]
        scripted = take_status()
        if DIRECTORY is not None:
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            req = {"vendor": vendor, "method": self.command, "path": url.path,
                   "raw_query": url.query, "query": dict(parse_qsl(url.query)),
                   "headers": {k.lower(): v for k, v in self.headers.items()},
                   "raw_body": raw, "body": raw.decode("utf-8", "replace"), "json": parsed}
            ok, why = None, ""
            if vendor in CHECKS:
                try:
                    ok, why = CHECKS[vendor](req)
                except Exception as e:
                    ok, why = False, repr(e)
            req["sig_ok"], req["sig_error"] = ok, why
            del req["raw_body"]
            stamp = "%d-%d" % (time.time_ns(), threading.get_ident())
            base = os.path.join(DIRECTORY, stamp)
            with open(base + ".tmp", "w") as f:
                json.dump(req, f, ensure_ascii=False)
            os.replace(base + ".tmp", base + ".json")
        if scripted is not None and scripted[0] == "drop":
            self.close_connection = True  # read and recorded: no answer, the line closed
            return
        if scripted is not None and scripted[0] == "stall":
            time.sleep(float(scripted[1] or 0))
            scripted = None
        if scripted is None:
            code, body = 200, SUCCESS.get(vendor, {"ok": True})
        else:
            code, body = scripted[0], error_body(vendor, scripted[0], scripted[1])
        data = json.dumps(body).encode()
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a stalled answer)


def main():
    global DIRECTORY
    args = sys.argv[1:]
    directory = args.pop(0)
    port = 0
    while args:
        a = args.pop(0)
        if a == "--port":
            port = int(args.pop(0))
        elif a == "--secret":
            k, v = args.pop(0).split("=", 1)
            SECRETS[k] = v
    if directory != "bench":
        os.makedirs(directory, exist_ok=True)
        DIRECTORY = directory
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
    print("READY %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
