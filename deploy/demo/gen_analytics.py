#!/usr/bin/python3
"""gen_analytics.py OUT_DIR - the demo company's analytics feeds, the same bytes every run.

Reads deploy/demo/people.csv (who, department, hire date) and deploy/config/calendar.txt
(working days) beside this script and writes into OUT_DIR:

  pins.csv         employee_no, attendance PIN (1 + the digits of the number), department,
                   hire_date (from people.csv: no absence before it)
  attendance.csv   generic punches (pin, time, state, device), 2026-08-03 .. 2026-11-20, working
                   days only, from each person's hire date
  performance.csv  monthly KPI rows of the sales department (new_clients, client_visits)
  training.csv     the November product-knowledge and compliance courses of the sales department

Everyone is mostly on time (a rare few minutes late). The reference employee E0117 (key account
manager, hired 2026-10-26, in probation) is late five times, two of them more than 60 minutes,
has one day with a single punch, misses the November KPI targets well below the team, and
scores under the pass mark of the product-knowledge course. Randomness is a SHA-256 of the
person, the day and a tag, so the files never change and importing them twice changes nothing.
"""
import csv
import datetime as dt
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIRST = dt.date(2026, 8, 3)
LAST = dt.date(2026, 11, 20)
REFERENCE = "E0117"

# E0117's days that are not ordinary: arrival (HH:MM:SS) and departure (None: one punch only).
REFERENCE_DAYS = {
    dt.date(2026, 10, 29): ("09:12:40", "18:05:12"),  # 13 min late
    dt.date(2026, 11, 4): ("10:15:05", "18:20:33"),  # 76 min late
    dt.date(2026, 11, 10): ("09:26:10", "18:02:47"),  # 27 min late
    dt.date(2026, 11, 13): ("10:32:10", "18:11:05"),  # 93 min late
    dt.date(2026, 11, 16): ("08:52:31", None),  # missing punch: arrival only
    dt.date(2026, 11, 19): ("09:40:02", "18:30:40"),  # 41 min late
}
MONTHS = ["2026-08", "2026-09", "2026-10", "2026-11"]


def rnd(*parts):
    """A stable pseudo-random integer from the parts."""
    text = "|".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


def read_calendar(path):
    holidays, workdays = set(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 2 and fields[0][:1].isdigit():
                day = dt.date.fromisoformat(fields[0])
                (holidays if fields[1] == "holiday" else workdays).add(day)
    return holidays, workdays


def working_days(holidays, workdays):
    day = FIRST
    while day <= LAST:
        if day in workdays or (day.weekday() < 5 and day not in holidays):
            yield day
        day += dt.timedelta(days=1)


def pin_of(employee_no):
    return "1" + employee_no.lstrip("E")


def hms(minutes_after_midnight, seconds):
    return "%02d:%02d:%02d" % (minutes_after_midnight // 60, minutes_after_midnight % 60, seconds)


def punches(person, day):
    """(arrival, departure or None) of an ordinary day."""
    no = person["employee_no"]
    r = rnd(no, day, "arrival")
    arrival = 8 * 60 + 30 + r % 29  # 08:30 .. 08:58
    if no != REFERENCE and rnd(no, day, "late") % 100 < 3:
        arrival = 9 * 60 + 1 + r % 12  # now and then a few minutes late
    departure = 18 * 60 + rnd(no, day, "departure") % 75  # 18:00 .. 19:14
    return hms(arrival, r % 60), hms(departure, rnd(no, day, "s") % 60)


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_analytics.py OUT_DIR")
    out = sys.argv[1]
    with open(os.path.join(HERE, "people.csv"), encoding="utf-8-sig") as f:
        people = list(csv.DictReader(f))
    holidays, workdays = read_calendar(os.path.join(HERE, "..", "config", "calendar.txt"))
    days = list(working_days(holidays, workdays))

    write_csv(os.path.join(out, "pins.csv"), ["employee_no", "pin", "department", "hire_date"],
              [[p["employee_no"], pin_of(p["employee_no"]), p["department_id"], p["hire_date"]]
               for p in people])

    rows = []
    for p in people:
        hired = dt.date.fromisoformat(p["hire_date"])
        for day in days:
            if day < hired:
                continue
            if p["employee_no"] == REFERENCE and day in REFERENCE_DAYS:
                arrival, departure = REFERENCE_DAYS[day]
            else:
                arrival, departure = punches(p, day)
            rows.append([pin_of(p["employee_no"]), "%s %s" % (day, arrival), 0, 1])
            if departure:
                rows.append([pin_of(p["employee_no"]), "%s %s" % (day, departure), 1, 1])
    rows.sort(key=lambda r: (r[1], r[0]))
    write_csv(os.path.join(out, "attendance.csv"), ["pin", "time", "state", "device"], rows)

    # KPI: the account and channel managers of SALES (not the heads), one row per metric and
    # month from the month they were hired in.
    sales = [p for p in people if p["department_id"] == "SALES" and "manager" not in p["roles"]]
    kpi = []
    for p in sales:
        no = p["employee_no"]
        for month in MONTHS:
            if p["hire_date"][:7] > month or (no == REFERENCE and month < "2026-11"):
                continue  # E0117's first month with a target is November
            for metric, target in (("new_clients", 8), ("client_visits", 40)):
                if no == REFERENCE:
                    actual = 3 if metric == "new_clients" else 22
                else:
                    actual = target - 1 + rnd(no, month, metric) % (target // 4 + 2)
                kpi.append([no, month, metric, target, actual])
    write_csv(os.path.join(out, "performance.csv"),
              ["employee_no", "period", "metric", "target", "actual"], kpi)

    training = []
    for p in sales:
        no = p["employee_no"]
        product = 52 if no == REFERENCE else 68 + rnd(no, "product") % 28
        compliance = 78 if no == REFERENCE else 72 + rnd(no, "compliance") % 26
        training.append([no, "产品知识 Product knowledge", "2026-11-05", product, 60])
        training.append([no, "销售合规 Sales compliance", "2026-11-12", compliance, 60])
    write_csv(os.path.join(out, "training.csv"),
              ["employee_no", "course", "date", "score", "pass_mark"], training)


if __name__ == "__main__":
    main()
