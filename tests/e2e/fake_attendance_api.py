#!/usr/bin/env python3
"""A stand-in for the DingTalk and WeCom attendance APIs, on loopback, for e2e.analytics.

Usage: fake_attendance_api.py PORT_FILE LOG_FILE
Binds 127.0.0.1 on a free port, writes the port to PORT_FILE, and serves:
  GET  /gettoken?appkey=K&appsecret=S                 DingTalk token (K=ding-key, S=ding-secret)
  POST /attendance/list?access_token=T               pages of `limit` rows (hasMore), 7-day cap
  GET  /cgi-bin/gettoken?corpid=C&corpsecret=S        WeCom token (C=wx-corp, S=wx-secret)
  POST /cgi-bin/checkin/getcheckindata?access_token=T 30-day cap, 100 users
Data: user "d1" punches 08:55 and 18:03 on 2025-03-17..19 (DingTalk, plus one NotSigned row);
user "w1" punches 10:30 on 2025-03-17 (WeCom, late) and a 未打卡 row. Every request is one line
in LOG_FILE ("path offset=N") so the test can check the paging.
"""
import json
import sys
import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse, parse_qs

SH = datetime.timezone(datetime.timedelta(hours=8))


def ms(day, hh, mm):
    return int(datetime.datetime(2025, 3, day, hh, mm, tzinfo=SH).timestamp() * 1000)


DING = []
for d in (17, 18, 19):
    DING.append({"userId": "d1", "userCheckTime": ms(d, 8, 55), "checkType": "OnDuty",
                 "timeResult": "Normal", "sourceType": "ATM"})
    DING.append({"userId": "d1", "userCheckTime": ms(d, 18, 3), "checkType": "OffDuty",
                 "timeResult": "Normal", "sourceType": "ATM"})
DING.append({"userId": "d1", "userCheckTime": ms(20, 9, 0), "checkType": "OnDuty",
             "timeResult": "NotSigned", "sourceType": "SYSTEM"})
WECOM = [
    {"userid": "w1", "checkin_type": "上班打卡", "exception_type": "时间异常",
     "checkin_time": ms(17, 10, 30) // 1000},
    {"userid": "w1", "checkin_type": "下班打卡", "exception_type": "未打卡",
     "checkin_time": ms(17, 18, 0) // 1000},
]

class H(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, obj, status=200):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log(self, line):
        with open(sys.argv[2], "a") as f:
            f.write(line + "\n")

    def do_GET(self):
        u = urlparse(self.path)
        q = parse_qs(u.query)
        self.log(u.path)
        if u.path == "/gettoken":
            ok = q.get("appkey") == ["ding-key"] and q.get("appsecret") == ["ding-secret"]
            return self.reply({"errcode": 0, "access_token": "DT", "expires_in": 7200} if ok
                              else {"errcode": 40089, "errmsg": "invalid appkey or appsecret"})
        if u.path == "/cgi-bin/gettoken":
            ok = q.get("corpid") == ["wx-corp"] and q.get("corpsecret") == ["wx-secret"]
            return self.reply({"errcode": 0, "access_token": "WT", "expires_in": 7200} if ok
                              else {"errcode": 40001, "errmsg": "invalid credential"})
        self.reply({"errcode": 404, "errmsg": "no such path"}, 404)

    def do_POST(self):
        u = urlparse(self.path)
        q = parse_qs(u.query)
        n = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(n) or b"{}")
        if u.path == "/attendance/list":
            self.log("%s offset=%d" % (u.path, body.get("offset", -1)))
            if q.get("access_token") != ["DT"]:
                return self.reply({"errcode": 88, "errmsg": "bad token"})
            f = datetime.datetime.strptime(body["workDateFrom"], "%Y-%m-%d %H:%M:%S")
            t = datetime.datetime.strptime(body["workDateTo"], "%Y-%m-%d %H:%M:%S")
            if (t - f).days > 7 or len(body["userIdList"]) > 50 or body["limit"] > 50:
                return self.reply({"errcode": 400, "errmsg": "range or list too long"})
            rows = [r for r in DING if r["userId"] in body["userIdList"] and
                    f.date() <= datetime.datetime.fromtimestamp(r["userCheckTime"] / 1000, SH).date() <= t.date()]
            o, limit = body["offset"], body["limit"]
            page = rows[o:o + limit]
            return self.reply({"errcode": 0, "errmsg": "ok", "hasMore": o + limit < len(rows),
                               "recordresult": page})
        if u.path == "/cgi-bin/checkin/getcheckindata":
            self.log(u.path)
            if q.get("access_token") != ["WT"]:
                return self.reply({"errcode": 42001, "errmsg": "access_token expired"})
            if body["endtime"] - body["starttime"] > 30 * 86400 or len(body["useridlist"]) > 100:
                return self.reply({"errcode": 301023, "errmsg": "range or list too long"})
            rows = [r for r in WECOM if r["userid"] in body["useridlist"] and
                    body["starttime"] <= r["checkin_time"] <= body["endtime"]]
            return self.reply({"errcode": 0, "errmsg": "ok", "checkindata": rows})
        self.reply({"errcode": 404, "errmsg": "no such path"}, 404)


def main():
    srv = HTTPServer(("127.0.0.1", 0), H)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()


if __name__ == "__main__":
    main()
