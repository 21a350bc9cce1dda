"""
ipdesk.py -- what the integration tests share: an HTTP client for the
stack the harness started (dev/test exports IPDESK_URL and friends), raw
sockets for requests no well-behaved client sends, valid payloads,
identifier arithmetic, the database, the calendar and the logs.

Python 3.11 standard library only.  Every request goes through nginx on
IPDESK_URL; the database is read (never written) through the root
account on IPDESK_DB_SOCKET with the `mariadb` client.
"""
import copy
import hashlib
import http.client
import io
import json
import os
import random
import re
import secrets
import socket
import struct
import subprocess
import threading
import unittest
import urllib.parse
import zipfile
import zlib
from datetime import date, datetime, timedelta, timezone

URL = os.environ.get("IPDESK_URL", "")
DB_SOCKET = os.environ.get("IPDESK_DB_SOCKET", "")
ADMIN = os.environ.get("IPDESK_ADMIN", "")
CONFIG = os.environ.get("IPDESK_CONFIG", "")
STACK = os.environ.get("IPDESK_STACK", "")
LOG = os.environ.get("IPDESK_LOG", "")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

_url = urllib.parse.urlsplit(URL)
HOST = _url.hostname or "127.0.0.1"
PORT = _url.port or 80

CST = timezone(timedelta(hours=8))
MiB = 1024 * 1024

# Values the suite sent that must never show up in a log (checked at the
# end of the run by test_zz_logs) and every access code it was given.
PII = set()
ACCESS_CODES = set()
# Every 5xx answer any test received: (method, path, status).
SEEN_5XX = []
_lock = threading.Lock()


def missing_environment():
    """The names of the harness variables that are not set."""
    names = ("IPDESK_URL", "IPDESK_DB_SOCKET", "IPDESK_ADMIN",
             "IPDESK_STACK", "IPDESK_LOG")
    return [n for n in names if not os.environ.get(n)]


# ---- HTTP ---------------------------------------------------------------

class Response:
    """An answer: status, headers (in order, as received) and body."""

    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self._json = None

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def ctype(self):
        """The media type without parameters, lower case ("" if none)."""
        return (self.header("Content-Type") or "").split(";")[0].strip() \
            .lower()

    @property
    def json(self):
        if self._json is None:
            self._json = json.loads(self.body.decode("utf-8"))
        return self._json

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        body = self.body[:600].decode("utf-8", "replace")
        return "<%d %s %r>" % (self.status, self.ctype, body)


def _note(method, path, status):
    if status >= 500:
        with _lock:
            SEEN_5XX.append((method, path, status))


def connection(source=None, timeout=60):
    return http.client.HTTPConnection(
        HOST, PORT, timeout=timeout,
        source_address=(source, 0) if source else None)


def request(method, path, body=None, headers=None, *, json_body=None,
            code=None, key=None, lang=None, source=None, ctype=None,
            timeout=60):
    """
    One request on a fresh connection.  json_body is sent as UTF-8 JSON
    with Content-Type application/json; code is the X-Access-Code, key the
    Idempotency-Key, lang the Accept-Language, source the local address to
    send from (127.0.0.1 is exempt from nginx's rate limits, other
    loopback addresses are not).
    """
    h = {}
    if json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        h["Content-Type"] = "application/json"
    if ctype is not None:
        h["Content-Type"] = ctype
    if code is not None:
        h["X-Access-Code"] = code
    if key is not None:
        h["Idempotency-Key"] = key
    if lang is not None:
        h["Accept-Language"] = lang
    h.update(headers or {})
    if isinstance(body, str):
        body = body.encode("utf-8")
    conn = connection(source, timeout)
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.reason, r.getheaders(), r.read())
    finally:
        conn.close()
    _note(method, path, resp.status)
    return resp


def get(path, **kw):
    return request("GET", path, **kw)


def post(path, body=None, **kw):
    return request("POST", path, body, **kw)


def post_json(path, obj, **kw):
    return request("POST", path, json_body=obj, **kw)


def _one_answer_complete(data):
    """Whether data holds a whole first answer (by its Content-Length or
    its last chunk)."""
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    if m:
        return len(rest) >= int(m.group(1))
    if re.search(rb"(?im)^transfer-encoding:.*chunked", head):
        return rest.endswith(b"0\r\n\r\n")
    return False


def raw_exchange(data, source=None, timeout=10, shutdown=False, chunks=None,
                 first_answer=False):
    """
    Sends bytes as they are and returns every byte read until the server
    closes or timeout seconds pass without data (or, with first_answer,
    as soon as one whole answer is in).  chunks, if given, is a list of
    byte strings sent one after the other (data first).  shutdown closes
    our sending side when all is sent.
    """
    s = socket.create_connection((HOST, PORT), timeout=timeout,
                                 source_address=(source, 0) if source
                                 else None)
    got = []
    try:
        try:
            s.sendall(data)
            for c in chunks or ():
                s.sendall(c)
            if shutdown:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not b:
                break
            got.append(b)
            if first_answer and _one_answer_complete(b"".join(got)):
                break
    finally:
        s.close()
    return b"".join(got)


def parse_responses(data):
    """Splits raw bytes into the HTTP/1.1 answers they hold."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.decode("latin-1").split("\r\n")
        m = re.match(r"HTTP/\d\.\d (\d{3}) ?(.*)", lines[0])
        if not m:
            break
        headers = []
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers.append((k.strip(), v.strip()))
        r = Response(int(m.group(1)), m.group(2), headers, b"")
        te = (r.header("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            body = b""
            while True:
                size_line, _, rest = rest.partition(b"\r\n")
                try:
                    n = int(size_line.split(b";")[0], 16)
                except ValueError:
                    n = 0
                if n == 0:
                    rest = rest.partition(b"\r\n")[2]
                    break
                body += rest[:n]
                rest = rest[n + 2:]
        elif r.header("Content-Length") is not None:
            n = int(r.header("Content-Length"))
            body, rest = rest[:n], rest[n:]
        else:
            body, rest = rest, b""
        r.body = body
        out.append(r)
        _note("RAW", "-", r.status)
        data = rest
    return out


def raw_request(method, path, body=b"", headers=None, content_length=None,
                source=None, timeout=10, shutdown=False):
    """A request written by hand (Connection: close); returns the list of
    answers read back.  content_length None writes the true length, False
    writes none, anything else is written as given.  shutdown closes our
    side after sending, which nginx takes for a client that went away
    (it then drops the request: 499)."""
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s:%d" % (HOST, PORT),
             "Connection: close"]
    if content_length is None:
        lines.append("Content-Length: %d" % len(body))
    elif content_length is not False:
        lines.append("Content-Length: %s" % content_length)
    for k, v in (headers or {}).items():
        lines.append("%s: %s" % (k, v))
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    return parse_responses(raw_exchange(data, source, timeout, shutdown,
                                        first_answer=True))


# ---- source addresses ---------------------------------------------------

_addr_state = {"x": random.randint(3, 250), "y": 2}


def fresh_address():
    """
    A loopback address 127.0.x.y (x, y >= 3) that no other test of this
    run uses: the application counts wrong access codes per client
    address, so a test sending wrong codes must not spoil the others.
    The start is random so that a second run against the same stack
    (within the throttle window) does not meet the first one's counters.
    """
    with _lock:
        s = _addr_state
        s["y"] += 1
        if s["y"] > 254:
            s["y"] = 3
            s["x"] = 3 if s["x"] >= 254 else s["x"] + 1
        return "127.0.%d.%d" % (s["x"], s["y"])


def can_send_from(addr):
    try:
        s = socket.socket()
        s.bind((addr, 0))
        s.close()
        return True
    except OSError:
        return False


# ---- identifiers ----------------------------------------------------------

USCC = "91350100M000100Y43"
RESIDENT_ID = "11010519491231002X"
PATENT = "ZL201710601862.3"
PATENT_CANONICAL = "2017106018623"

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check_char(body17):
    s = sum(_USCC_ALPHABET.index(c) * pow(3, i, 31)
            for i, c in enumerate(body17))
    return _USCC_ALPHABET[(31 - s % 31) % 31]


def make_uscc():
    body = "91" + "441302" + "".join(random.choice(_USCC_ALPHABET[:10] +
                                                   "ABCDEFGH")
                                     for _ in range(9))
    return body + uscc_check_char(body)


def id_check_char(body17):
    s = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body17))
    return "10X98765432"[s % 11]


def make_resident_id(birth=None, area="441302"):
    """A valid 18-character resident ID (random birth date and serial)."""
    if birth is None:
        birth = date(1950, 1, 1) + timedelta(days=random.randint(0, 18000))
    body = area + birth.strftime("%Y%m%d") + "%03d" % random.randint(0, 999)
    return body + id_check_char(body)


def resident_id_raw(area_birth_serial):
    """The ID with its check character for 17 given digits (no date
    check: for building IDs with impossible birth dates)."""
    return area_birth_serial + id_check_char(area_birth_serial)


def patent_check_char(digits):
    s = sum(int(c) * (i % 8 + 2) for i, c in enumerate(digits))
    r = s % 11
    return "X" if r == 10 else str(r)


def make_patent(year=2019, kind="1", serial=None):
    if serial is None:
        serial = "%07d" % random.randint(0, 9999999)
    d = "%04d%s%s" % (year, kind, serial)
    return d + patent_check_char(d)


def make_mobile():
    return "1" + random.choice("3589") + "".join(random.choice("0123456789")
                                                 for _ in range(9))


_SURNAMES = "欧阳诸葛司马上官皇甫尉迟公孙慕容"
_GIVEN = "翊彧昶珺瑨琇璟祎骞晞曦翾霁韫蘅芷湛弈昀珏"


def make_name():
    """A Chinese personal name of rare characters, unique enough to be
    found in a log if it ever leaked there."""
    i = random.randrange(0, len(_SURNAMES), 2)
    return _SURNAMES[i:i + 2] + "".join(random.choice(_GIVEN)
                                        for _ in range(3))


def unknown_no():
    """A tracking number no case has (each call a new one: every lookup
    of an unknown case counts against that number too)."""
    return "TS19990101%08d" % random.randint(0, 99999999)


def token(n=8):
    return secrets.token_hex(n)


def remember_pii(*values):
    """Notes values to look for in the logs at the end.  Made-up short
    numbers ("12345678") are left out: they match case numbers."""
    with _lock:
        for v in values:
            if not v or len(v) < 6 or re.fullmatch(r"[A-Z]{0,3}[0-9]{1,10}",
                                                    v):
                continue
            PII.add(v)


# ---- payloads -------------------------------------------------------------

def person(id_number=RESIDENT_ID, **over):
    """A complainant: a natural person with a resident ID."""
    p = {
        "name": make_name(),
        "id_type": "resident_id",
        "id_number": id_number,
        "phone": make_mobile(),
        "email": "c%s@example.com" % token(4),
        "address": "惠州市惠城区江北街道%s号" % random.randint(100, 999),
    }
    p.update(over)
    remember_pii(p.get("name"), p.get("id_number"), p.get("phone"),
                 p.get("email"), p.get("address"))
    return p


def complaint_payload(**over):
    """A valid complaint (投诉) over a patent against a shop."""
    c = {
        "kind": "complaint",
        "ip_type": "patent",
        "scene": "offline_shop",
        "channel": "web",
        "title": "门店销售侵犯实用新型专利的产品 %s" % token(4),
        "description": "该店铺销售的产品落入我方专利权利要求1的保护范围。\n"
                       "附购买凭证与产品照片。",
        "demands": "请求责令停止销售并下架侵权产品。",
        "district": "441302",
        "complainant": person(),
        "respondent": {
            "name": "惠州市某某贸易有限公司",
            "uscc": USCC,
            "address": "惠州市惠城区麦地路1号",
        },
        "rights": [{"type": "patent", "number": PATENT}],
    }
    c.update(over)
    return c


def report_payload(anonymous=True, **over):
    """A valid report (举报), anonymous unless told otherwise."""
    r = {
        "kind": "report",
        "ip_type": "trademark",
        "scene": "specialised_market",
        "channel": "app",
        "title": "市场内销售假冒注册商标的商品 %s" % token(4),
        "description": "某市场二楼多家摊位销售假冒商标的运动鞋。",
        "district": "441303",
        "respondent": {"name": "某市场二楼摊位"},
    }
    if not anonymous:
        r["complainant"] = {"name": make_name(), "phone": make_mobile()}
        remember_pii(r["complainant"]["name"], r["complainant"]["phone"])
    r.update(over)
    return r


def exhibition_payload(end_date, **over):
    """A complaint about an exhibitor (展会), for the fast track."""
    c = complaint_payload(
        scene="exhibition",
        exhibition={"name": "中国（惠州）电子信息产业博览会",
                    "booth": "A%d" % random.randint(100, 999),
                    "end_date": end_date.isoformat()
                    if isinstance(end_date, date) else end_date})
    c.update(over)
    return c


def ecommerce_payload(**over):
    c = complaint_payload(scene="ecommerce", ip_type="trademark",
                          rights=[{"type": "trademark",
                                   "number": "12345678"}])
    c["respondent"] = {"name": "某某旗舰店",
                       "shop_url": "https://shop.example.com/item/42",
                       "platform": "某电商平台"}
    c.update(over)
    return c


def _steps(path):
    return [int(p) if p.isdigit() else p
            for p in re.findall(r"[^.\[\]]+", path)]


def setpath(obj, path, value):
    """A deep copy of obj with the member at path ("a.b[0].c") set."""
    obj = copy.deepcopy(obj)
    steps = _steps(path)
    cur = obj
    for s in steps[:-1]:
        cur = cur[s]
    cur[steps[-1]] = value
    return obj


def delpath(obj, path):
    """A deep copy of obj without the member at path."""
    obj = copy.deepcopy(obj)
    steps = _steps(path)
    cur = obj
    for s in steps[:-1]:
        cur = cur[s]
    del cur[steps[-1]]
    return obj


# ---- evidence files ---------------------------------------------------------

def pdf_bytes(extra=b""):
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"
            b"endobj\n% " + token(8).encode() + b"\n" + extra +
            b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def png_bytes():
    """A real 1x1 PNG, different on every call (a tEXt chunk)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"tEXt", b"Comment\x00" + token(8).encode()) +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def jpeg_bytes():
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01"
            b"\x00\x00\xff\xfe\x00\x12" + token(8).encode() + b"\xff\xd9")


def text_bytes():
    return ("证据说明：购买时间为上午十点，收据编号 %s。\n" % token(4)).encode()


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>%s</w:document>" %
                   token(4))
    return buf.getvalue()


def apk_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("AndroidManifest.xml", "<manifest/>")
        z.writestr("classes.dex", "dex\n035")
    return buf.getvalue()


def multipart(files, fields=(), boundary=None):
    """
    A multipart/form-data body: files are (field name, file name, bytes,
    declared type) and fields (name, value) plain parts.  Returns the body
    and its Content-Type.
    """
    b = boundary or "----ipdesk" + token(12)
    out = []
    for name, value in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                    "\r\n\r\n" % (b, name)).encode() + value + b"\r\n")
    for name, fname, data, ct in files:
        head = "--%s\r\nContent-Disposition: form-data; name=\"%s\"" % (
            b, name)
        if fname is not None:
            head += "; filename=\"%s\"" % fname
        head += "\r\n"
        if ct:
            head += "Content-Type: %s\r\n" % ct
        out.append(head.encode("utf-8") + b"\r\n" + data + b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=%s" % b


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# ---- the database -----------------------------------------------------------

def sql(query):
    """Rows of a query as lists of strings (None for NULL)."""
    p = subprocess.run(
        ["mariadb", "--socket=" + DB_SOCKET, "-u", "root", "ipdesk", "-N",
         "-B", "-e", query], capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("mariadb: %s" % p.stderr.decode("utf-8",
                                                            "replace"))
    rows = []
    for line in p.stdout.decode("utf-8").split("\n"):
        if line == "":
            continue
        rows.append([None if v == "NULL" else v for v in line.split("\t")])
    return rows


def sql_value(query):
    rows = sql(query)
    return rows[0][0] if rows else None


def q(s):
    """A SQL string literal (for values the tests made themselves)."""
    return "'" + str(s).replace("\\", "\\\\").replace("'", "''") + "'"


def db_dump():
    """Every row of every table of the ipdesk database, as bytes."""
    p = subprocess.run(
        ["mariadb-dump", "--socket=" + DB_SOCKET, "-u", "root",
         "--skip-extended-insert", "--no-create-info", "ipdesk"],
        capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("mariadb-dump: %s" % p.stderr.decode("utf-8",
                                                                "replace"))
    return p.stdout


def complaint_row(no, columns="*"):
    rows = sql("SELECT %s FROM complaint WHERE no = %s" % (columns, q(no)))
    return rows[0] if rows else None


def count_complaints(where):
    return int(sql_value("SELECT COUNT(*) FROM complaint WHERE " + where))


# ---- the calendar ---------------------------------------------------------

class Calendar:
    """The working-day calendar and time limits as the database holds
    them, with the arithmetic of SPEC (a limit of N WD "from" an event
    counts from the next working day)."""

    def __init__(self):
        self.official = {int(y) for y, st in
                         sql("SELECT year, status FROM calendar_year")
                         if st == "official"}
        self.days = {date.fromisoformat(d): k for d, k in
                     sql("SELECT day, kind FROM calendar_day")}
        self.limits = {c: (int(a), u) for c, a, u in
                       sql("SELECT code, amount, unit FROM time_limit")}

    def is_workday(self, d):
        k = self.days.get(d)
        if k is not None:
            return k == "makeup"
        return d.weekday() < 5

    def add_workdays(self, start, n):
        """(the n-th working day after start, whether a year walked
        through has no official schedule)."""
        d = start
        prov = (start + timedelta(days=1)).year not in self.official
        while n > 0:
            d += timedelta(days=1)
            if d.year not in self.official:
                prov = True
            if self.is_workday(d):
                n -= 1
        return d, prov

    def workdays_between(self, a, b):
        """Working days in (a, b]; negative when b < a."""
        if b < a:
            return -self.workdays_between(b, a)
        n, d = 0, a
        while d < b:
            d += timedelta(days=1)
            n += self.is_workday(d)
        return n

    def due(self, limit, start):
        amount, unit = self.limits[limit]
        if unit == "wd":
            return self.add_workdays(start, amount)
        d = start + timedelta(days=amount)
        return d, d.year not in self.official


def today_cst():
    return datetime.now(CST).date()


def parse_time(s):
    """An ISO 8601 time with offset, as the API writes it."""
    return datetime.fromisoformat(s)


# ---- logs -------------------------------------------------------------------

WORKER_DEATH = re.compile(r"worker \d+ (killed by signal|exited)")


def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_from(path, offset=0):
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def log_files():
    """The FastCGI program's log and every nginx log of the stack."""
    paths = [LOG] if LOG else []
    d = os.path.join(STACK, "log")
    if os.path.isdir(d):
        for n in sorted(os.listdir(d)):
            p = os.path.join(d, n)
            if n.startswith("nginx") and p not in paths:
                paths.append(p)
    return paths


# Where each log stood when the run began: the checks at the end look at
# what this run wrote (a developer may run the suite twice on one stack).
RUN_START = {p: file_size(p) for p in log_files()}


def read_run(path):
    """What the log at path got since the run began."""
    return read_from(path, RUN_START.get(path, 0))


def pii_variants(v):
    """The forms a value could take in a log line: as sent, and phones
    and ID numbers by their digits."""
    out = {v}
    digits = re.sub(r"[^0-9Xx]", "", v)
    if len(digits) >= 11 and re.fullmatch(r"[+0-9 \-]+|[0-9]{17}[0-9X]",
                                          v):
        out.add(digits[-11:] if len(digits) in (11, 13) else digits)
    # JSON escaping (\uXXXX) of non-ASCII text, as a logged body would be.
    esc = json.dumps(v)[1:-1]
    if esc != v:
        out.add(esc)
    return out


# ---- test cases -------------------------------------------------------

class ApiTest(unittest.TestCase):
    """Assertions every test module uses."""

    maxDiff = 4000

    def assertProblem(self, r, status, slug=None, errors=None):
        """r is an RFC 9457 problem with this status (and type slug, and
        exactly these (field, code) validation errors when given)."""
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.ctype, "application/problem+json", r)
        p = r.json
        for k in ("type", "title", "detail"):
            self.assertIsInstance(p.get(k), str, "%s in %r" % (k, p))
            self.assertTrue(p[k], "%s empty in %r" % (k, p))
        self.assertEqual(p.get("status"), status, p)
        if slug is not None:
            self.assertEqual(p["type"], "/problems/" + slug, p)
        if errors is not None:
            got = p.get("errors", [])
            self.assertCountEqual([(e.get("field"), e.get("code"))
                                   for e in got], list(errors), p)
            for e in got:
                self.assertIsInstance(e.get("message"), str, e)
                self.assertTrue(e["message"], e)
        return r.json

    def assertInvalid(self, r, *errors):
        """A 422 validation problem with exactly these (field, code)."""
        return self.assertProblem(r, 422, "validation-error", errors)

    def assertNot5xx(self, r):
        self.assertLess(r.status, 500, r)

    def file(self, payload, **kw):
        """POSTs a complaint payload; the answer."""
        return post_json("/api/v1/complaints", payload, **kw)

    def file_ok(self, payload=None, **kw):
        """Files a case that must be accepted; its answer's JSON."""
        r = self.file(payload if payload is not None
                      else complaint_payload(), **kw)
        self.assertEqual(r.status, 201, r)
        b = r.json
        with _lock:
            ACCESS_CODES.add(b["access_code"])
        return b

    def view(self, no, code, **kw):
        return get("/api/v1/complaints/" + no, code=code, **kw)

    def view_ok(self, no, code, **kw):
        r = self.view(no, code, **kw)
        self.assertEqual(r.status, 200, r)
        return r.json


class ServerSurvives(ApiTest):
    """
    For tests of hostile input: after each test no worker may have died
    (the master logs "worker N killed by signal" or "exited"), and the
    server must still answer.
    """

    def setUp(self):
        self._log_offset = file_size(LOG)

    def tearDown(self):
        new = read_from(LOG, self._log_offset)
        deaths = [l for l in new.splitlines() if WORKER_DEATH.search(l)]
        self.assertEqual(deaths, [], "a worker died")
        r = get("/api/v1/health")
        self.assertEqual(r.status, 200, r)


# ---- staff ------------------------------------------------------------------
#
# Staff accounts are made with the admin program (the password on standard
# input), one set per run: user names carry RUN_TAG, so a second run on the
# same stack makes new ones.  Passwords, tokens and API keys are noted with
# remember_pii: they must never show up in a log either.

RUN_TAG = secrets.token_hex(3)
DEPARTMENTS = ("ip-protection", "enforcement", "huicheng", "huiyang")
ROLES = ("intake", "handler", "mediator", "aid_expert", "credit_officer",
         "supervisor", "admin")


def run_admin(*args, stdin=None, timeout=120):
    """Runs ipdesk-admin with args (and -c IPDESK_CONFIG when set);
    the CompletedProcess, with text output."""
    cmd = [ADMIN] + (["-c", CONFIG] if CONFIG else []) + [str(a)
                                                           for a in args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                          timeout=timeout)


def admin_ok(*args, stdin=None):
    """Runs ipdesk-admin; its standard output (raises when it fails)."""
    p = run_admin(*args, stdin=stdin)
    if p.returncode != 0:
        raise RuntimeError("ipdesk-admin %s: exit %d: %s" % (
            " ".join(map(str, args)), p.returncode, p.stderr.strip()))
    return p.stdout


def sql_exec(statement):
    """Runs statements as root, for the tests that change rows behind the
    application's back on purpose (and put them back)."""
    p = subprocess.run(
        ["mariadb", "--socket=" + DB_SOCKET, "-u", "root", "ipdesk", "-N",
         "-B", "-e", statement], capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("mariadb: %s" % p.stderr.decode("utf-8",
                                                            "replace"))
    return p.stdout.decode("utf-8")


def new_username(prefix):
    """A user name no other test (nor an earlier run) has."""
    return "%s.%s%s" % (prefix, RUN_TAG, token(2))


def new_password():
    p = "Correct-Horse-88-" + token(4)
    remember_pii(p)
    return p


def make_user(name, roles, department=None, password=None, display=None):
    """Creates a staff account; returns (name, password)."""
    if not isinstance(roles, str):
        roles = ",".join(roles)
    password = password or new_password()
    args = ["user", "add", name, "--roles", roles]
    if department:
        args += ["--department", department]
    if display:
        args += ["--display", display]
    admin_ok(*args, stdin=password + "\n")
    return name, password


def debug_now(when):
    """The X-Debug-Now header for a time (datetime), a day (date, at
    10:00 China time) or a string as is."""
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=CST)
        s = when.isoformat(timespec="milliseconds")
    elif isinstance(when, date):
        s = when.isoformat() + "T10:00:00+08:00"
    else:
        s = when
    return {"X-Debug-Now": s}


def as_datetime(when):
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=CST)
    if isinstance(when, date):
        return datetime(when.year, when.month, when.day, 10, tzinfo=CST)
    return datetime.fromisoformat(when)


def login(name, password, now=None, source=None, **kw):
    """POST /api/v1/auth/token; the answer.  The password, right or
    wrong, is noted for the log scan."""
    remember_pii(password)
    h = dict(kw.pop("headers", None) or {})
    if now is not None:
        h.update(debug_now(now))
    return post_json("/api/v1/auth/token",
                     {"username": name, "password": password},
                     headers=h, source=source, **kw)


def login_token(name, password, now=None, **kw):
    r = login(name, password, now=now, **kw)
    if r.status != 201:
        raise AssertionError("login of %s: %r" % (name, r))
    t = r.json["token"]
    remember_pii(t)
    return t


def bearer(tok):
    return {"Authorization": "Bearer " + tok}


def qs(**params):
    """A query string ("" without parameters; None values left out)."""
    p = [(k, v) for k, v in params.items() if v is not None]
    return "?" + urllib.parse.urlencode(p) if p else ""


class Staff:
    """
    A staff member of this run: the account (made on creation) and its
    bearer token.  Requests with now= carry X-Debug-Now; for a time later
    than the token's life allows, a token is fetched at that time (a login
    "then"), since the server checks expiry against the request's clock.
    """

    def __init__(self, prefix, roles, department=None):
        self.roles = roles
        self.department = department
        self.name, self.password = make_user(new_username(prefix), roles,
                                             department)
        self.born = datetime.now(CST)
        self.token = login_token(self.name, self.password)
        self._at = {}

    def relogin(self):
        self.born = datetime.now(CST)
        self.token = login_token(self.name, self.password)
        self._at = {}
        return self.token

    def token_for(self, now):
        if now is None:
            return self.token
        t = as_datetime(now)
        if t <= self.born + timedelta(minutes=10):
            return self.token
        key = debug_now(now)["X-Debug-Now"]
        if key not in self._at:
            self._at[key] = login_token(self.name, self.password, now=now)
        return self._at[key]

    def headers(self, now=None, extra=None):
        h = bearer(self.token_for(now))
        if now is not None:
            h.update(debug_now(now))
        h.update(extra or {})
        return h

    def get(self, path, now=None, headers=None, **kw):
        return get(path, headers=self.headers(now, headers), **kw)

    def post_json(self, path, obj, now=None, headers=None, **kw):
        return post_json(path, obj, headers=self.headers(now, headers), **kw)

    def post(self, path, body=None, now=None, headers=None, **kw):
        return post(path, body, headers=self.headers(now, headers), **kw)

    def view(self, no, now=None, **kw):
        return self.get("/api/v1/complaints/" + no, now=now, **kw)

    def events(self, no, now=None, **kw):
        return self.get("/api/v1/complaints/%s/events" % no, now=now, **kw)

    def queue(self, now=None, lang=None, **params):
        return self.get("/api/v1/complaints" + qs(**params), now=now,
                        lang=lang)

    def act(self, no, action, now=None, lang=None, key=None, **fields):
        """POST .../actions {"action": action, **fields}; the answer."""
        body = {"action": action}
        body.update(fields)
        return self.post_json("/api/v1/complaints/%s/actions" % no, body,
                              now=now, lang=lang, key=key)

    def act_ok(self, no, action, now=None, **fields):
        r = self.act(no, action, now=now, **fields)
        if r.status != 200:
            raise AssertionError("%s by %s on %s: %r" % (action, self.name,
                                                         no, r))
        return r.json

    def __repr__(self):
        return "<Staff %s %s %s>" % (self.name, self.roles, self.department)


def make_api_key(channel, prefix="key"):
    """ipdesk-admin apikey add; returns (name, key)."""
    name = new_username(prefix)
    out = admin_ok("apikey", "add", name, channel).strip()
    remember_pii(out)
    return name, out


class StaffTest(ApiTest):
    """Assertions of the staff-side tests."""

    def assertStatus(self, r, status):
        self.assertEqual(r.status, status, r)
        return r.json if r.ctype.endswith("json") else r

    def assertConflictNaming(self, r, state):
        """A 409 whose detail names the state the case is in."""
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertIn(state, p["detail"], p)
        return p

    def assertNoneIn(self, text, values, what=""):
        found = [v for v in values if v and v in text]
        self.assertEqual(found, [], "%s leaks %r" % (what, found))

    def file_on(self, when, payload=None):
        """Files a case with the test clock at when; its answer's JSON."""
        return self.file_ok(payload, headers=debug_now(when) if when
                            else None)

    def case_events(self, no):
        """(seq, actor, action, from, to) of every event, from the
        database."""
        return [tuple(r) for r in sql(
            "SELECT e.seq, e.actor, e.action, e.from_status, e.to_status "
            "FROM case_event e JOIN complaint c ON c.id = e.case_id AND "
            "e.case_type = 'complaint' WHERE c.no = %s ORDER BY e.seq" %
            q(no))]


class Team:
    """The staff of this run most tests share (made on first use):
    intake; handlers of huicheng (hc, hc2) and huiyang (hy); supervisor;
    credit officer; mediator, aid expert, admin (no case rights); and
    "desk", one person with intake, handler (huicheng) and supervisor
    roles, for tests about states rather than roles.  Tests that disable
    accounts or change passwords make their own."""

    def __init__(self):
        self.intake = Staff("intake", "intake")
        self.hc = Staff("hc", "handler", "huicheng")
        self.hc2 = Staff("hc2", "handler", "huicheng")
        self.hy = Staff("hy", "handler", "huiyang")
        self.supervisor = Staff("sup", "supervisor")
        self.credit = Staff("credit", "credit_officer")
        self.mediator = Staff("med", "mediator")
        self.aid = Staff("aid", "aid_expert")
        self.admin = Staff("adm", "admin")
        self.desk = Staff("desk", "intake,handler,supervisor", "huicheng")


_team = []
_team_lock = threading.Lock()


def team():
    with _team_lock:
        if not _team:
            _team.append(Team())
        t = _team[0]
    # Tokens of a long run might have idled out: renew the ones that did.
    for s in vars(t).values():
        if get("/api/v1/auth/me", headers=bearer(s.token)).status == 401:
            s.relogin()
    return t


STATES_REACHABLE = ("submitted", "accepted", "assigned", "suspended",
                    "resolved", "closed", "rejected", "withdrawn", "merged")


def case_in(state, payload=None, department="huicheng", handler=None,
            now=None):
    """Files a case (payload, or a complaint) and brings it into state
    with the team's accounts; the filing answer (no, access_code, ...).
    The handler steps are done by a handler of department (desk for
    huicheng, hy for huiyang)."""
    t = team()
    h = t.desk if department == "huicheng" else t.hy
    hdr = debug_now(now) if now is not None else None
    r = post_json("/api/v1/complaints", payload or complaint_payload(),
                  headers=hdr)
    if r.status != 201:
        raise AssertionError("filing: %r" % (r,))
    b = r.json
    with _lock:
        ACCESS_CODES.add(b["access_code"])
    no = b["no"]
    steps = {
        "submitted": [],
        "accepted": [(t.intake, "accept", {})],
        "rejected": [(t.intake, "reject", {"ground": "outside_remit",
                                          "reason": "不属于本局管辖。"})],
        "assigned": [(t.intake, "accept", {}),
                     (t.intake, "assign", {"department": department,
                                           "handler": handler})],
    }
    steps["suspended"] = steps["assigned"] + [
        (h, "suspend", {"suspend_reason": "waiting_party"})]
    steps["resolved"] = steps["assigned"] + [
        (h, "resolve", {"outcome": "no_infringement",
                        "public_reply": "经核查，未发现侵权行为。"})]
    steps["closed"] = steps["resolved"] + [(h, "close", {})]
    if state == "withdrawn":
        r = post("/api/v1/complaints/%s/withdraw" % no, code=b["access_code"])
        if r.status != 200:
            raise AssertionError("withdraw: %r" % (r,))
        return b
    if state == "merged":
        into = case_in("submitted")
        t.intake.act_ok(no, "merge", now=now, into=into["no"])
        b["merged_into"] = into["no"]
        return b
    for who, action, fields in steps[state]:
        fields = {k: v for k, v in fields.items() if v is not None}
        who.act_ok(no, action, now=now, **fields)
    return b


# ---- mediation (SPEC section 2) -------------------------------------------
#
# Payloads, the roster and a walker that brings a mediation case from one
# of its three sources (a party's application, a complaint converted by
# its handler, a court's delegation) into any state.  Mediators are made
# through the API with names unique to the run; a mediator who logs in is
# a Staff with the mediator role whose roster entry names its account.

MEDIATION_STATES = ("applied", "accepted", "declined", "awaiting_consent",
                    "refused", "in_mediation", "agreed", "failed",
                    "confirmation_requested", "confirmed",
                    "confirmation_refused", "fulfilled", "withdrawn")
MEDIATION_SOURCES = ("application", "complaint", "court")
MEDIATION_ACTIONS = ("accept", "decline", "request_consent", "consent",
                     "refuse", "assign_mediator", "mediator_accept",
                     "mediator_decline", "declare_conflict", "session",
                     "agree", "fail", "notify_parties",
                     "request_confirmation", "confirm",
                     "refuse_confirmation", "fulfil", "extend")
FAILURE_GROUNDS = ("withdrawn_or_settled", "no_accord_on_testing",
                   "absence_or_refusal", "no_agreement_possible",
                   "time_limit_reached", "rejection_ground", "other")


def party_person(**over):
    """A party who is a natural person, with a resident ID and a mobile
    (all an applicant needs)."""
    p = {"type": "person", "name": make_name(), "id_type": "resident_id",
         "id_number": make_resident_id(), "phone": make_mobile()}
    p.update(over)
    remember_pii(p.get("name"), p.get("id_number"), p.get("phone"),
                 p.get("email"), p.get("address"))
    if isinstance(p.get("agent"), dict):
        remember_pii(p["agent"].get("name"), p["agent"].get("phone"))
    return p


def party_org(name=None, uscc=None, **over):
    """A party that is an organisation, with a valid (random) USCC."""
    p = {"type": "organization",
         "name": name or "惠州市%s科技有限公司" % token(3),
         "uscc": uscc or make_uscc()}
    p.update(over)
    remember_pii(p.get("phone"), p.get("email"))
    return p


def mediation_payload(ip_type="patent", **over):
    """A valid application (POST /api/v1/mediations): a person against
    a company."""
    m = {
        "ip_type": ip_type,
        "industry": "electronics",
        "applicant": party_person(),
        "respondent": party_org(),
        "subject": "实用新型专利许可费纠纷 %s" % token(4),
        "claim": "请求被申请人支付许可使用费并停止生产涉案产品。",
        "amount": "120000.00",
        "description": "双方曾签订专利实施许可合同，被申请人逾期未付费。",
        "online": True,
    }
    m.update(over)
    return m


def court_payload(received, ip_type="patent", **over):
    """A court's pre-litigation delegation (POST /api/v1/mediations/court);
    received is the day the materials came (date or ISO string)."""
    m = mediation_payload(ip_type)
    m["applicant"] = party_org()
    m.update({
        "court_name": "惠州市惠城区人民法院",
        "court_case_no": "（%d）粤1302民诉前调%s号" % (today_cst().year,
                                                   random.randint(1, 99999)),
        "court_received": received.isoformat()
        if isinstance(received, date) else received,
    })
    m.update(over)
    return m


def agreement_fields(**over):
    """The fields of the "agree" action."""
    a = {"facts": "被申请人未经许可生产销售涉案产品。",
         "disputed_points": "许可费的数额与支付期限。",
         "obligations": "被申请人于期限内一次性支付许可费，并停止生产。",
         "amount": "80000.00",
         "performance_manner": "银行转账",
         "performance_deadline": (today_cst() + timedelta(days=60))
         .isoformat()}
    a.update(over)
    return a


def mediator_name(prefix="调解员"):
    """A mediator's name no other test (nor an earlier run) uses."""
    return "%s%s%s" % (prefix, RUN_TAG, token(2))


def file_mediation(payload=None, now=None, key=None, **kw):
    """POST /api/v1/mediations (the public); the answer."""
    h = dict(kw.pop("headers", None) or {})
    if now is not None:
        h.update(debug_now(now))
    r = post_json("/api/v1/mediations", payload if payload is not None
                  else mediation_payload(), headers=h, key=key, **kw)
    if r.status == 201:
        with _lock:
            ACCESS_CODES.add(r.json["access_code"])
    return r


def file_mediation_ok(payload=None, now=None, **kw):
    r = file_mediation(payload, now=now, **kw)
    if r.status != 201:
        raise AssertionError("mediation application: %r" % (r,))
    return r.json


def note_access_code(code):
    with _lock:
        ACCESS_CODES.add(code)


def mediation_row(no, columns="*"):
    rows = sql("SELECT %s FROM mediation WHERE no = %s" % (columns, q(no)))
    return rows[0] if rows else None


def mediation_events(no):
    """(seq, actor, action, from, to, public) of every event of the case,
    from the database."""
    return [tuple(r) for r in sql(
        "SELECT e.seq, e.actor, e.action, e.from_status, e.to_status, "
        "e.public FROM case_event e JOIN mediation m ON m.id = e.case_id "
        "AND e.case_type = 'mediation' WHERE m.no = %s ORDER BY e.seq" %
        q(no))]


def sweep(now=None):
    """ipdesk-admin sweep [--now TIME] (a datetime, a date at 10:00 China
    time, or an ISO string); its standard output."""
    if now is None:
        return admin_ok("sweep")
    return admin_ok("sweep", "--now", debug_now(now)["X-Debug-Now"])


def _m_path(no, tail=""):
    return "/api/v1/mediations/%s%s" % (no, tail)


def _staff_mediation(self, no, now=None, **kw):
    """GET /api/v1/mediations/{no} with the staff token."""
    return self.get(_m_path(no), now=now, **kw)


def _staff_mact(self, no, action, now=None, lang=None, key=None, **fields):
    """POST /api/v1/mediations/{no}/actions {"action": action, ...}."""
    body = {"action": action}
    body.update(fields)
    return self.post_json(_m_path(no, "/actions"), body, now=now, lang=lang,
                          key=key)


def _staff_mact_ok(self, no, action, now=None, **fields):
    r = self.mact(no, action, now=now, **fields)
    if r.status != 200:
        raise AssertionError("%s by %s on %s: %r" % (action, self.name, no,
                                                     r))
    return r.json


def _staff_mqueue(self, now=None, **params):
    return self.get("/api/v1/mediations" + qs(**params), now=now)


def _staff_candidates(self, no, now=None):
    return self.get(_m_path(no, "/candidates"), now=now)


Staff.mediation = _staff_mediation
Staff.mact = _staff_mact
Staff.mact_ok = _staff_mact_ok
Staff.mqueue = _staff_mqueue
Staff.candidates = _staff_candidates


def make_mediator(by, ip_types, name=None, organisation=None, **fields):
    """POST /api/v1/mediators as `by` (a supervisor or admin); the new
    roster entry (raises unless 201)."""
    body = {"name": name or mediator_name(),
            "organisation": organisation or "惠州市知识产权纠纷人民调解委员会",
            "ip_types": [ip_types] if isinstance(ip_types, str)
            else list(ip_types)}
    body.update({k: v for k, v in fields.items() if v is not None})
    r = by.post_json("/api/v1/mediators", body)
    if r.status != 201:
        raise AssertionError("mediator %r: %r" % (body, r))
    return r.json


def update_mediator(by, mediator_id, **fields):
    r = by.post_json("/api/v1/mediators/%d" % mediator_id, fields)
    if r.status != 200:
        raise AssertionError("mediator %d %r: %r" % (mediator_id, fields, r))
    return r.json


def mediator_account(by, ip_types, prefix="medr", roles="mediator",
                     **fields):
    """A staff account with the mediator role (and any other roles)
    and its roster entry; the Staff, with .mid and .roster set."""
    s = Staff(prefix, roles)
    m = make_mediator(by, ip_types, username=s.name, **fields)
    s.mid = m["id"]
    s.roster = m
    return s


def split_list(v):
    """A list of codes as the roster answers it (an array, or a
    comma-separated string)."""
    if v is None or v == "":
        return []
    return list(v) if isinstance(v, list) else v.split(",")


class MediationWalker:
    """
    Brings new mediation cases into a state.  office takes the office's
    steps (accept, assign, consent, rulings), mediator (a Staff with .mid)
    the mediator's; handler converts complaints (a handler of huicheng).
    Every step is taken at `now` (X-Debug-Now) when given.  The answer is
    a dict: no, access_code, source, and complaint (the complaint's
    filing answer) for the complaint source.
    """

    def __init__(self, office, mediator, handler=None):
        self.office = office
        self.mediator = mediator
        self.handler = handler

    def new(self, source, now=None, payload=None, ip_type="patent"):
        """A case of source, in accepted (applied for an application)."""
        hdr = debug_now(now) if now is not None else None
        if source == "application":
            b = file_mediation_ok(payload or mediation_payload(ip_type),
                                  headers=hdr)
            return {"no": b["no"], "access_code": b["access_code"],
                    "source": source, "filed": b}
        if source == "court":
            when = as_datetime(now).date() if now is not None \
                else today_cst()
            r = self.office.post_json("/api/v1/mediations/court",
                                      payload or court_payload(
                                          when, ip_type), now=now)
            if r.status != 201:
                raise AssertionError("court delegation: %r" % (r,))
            note_access_code(r.json["access_code"])
            return {"no": r.json["no"], "access_code": r.json["access_code"],
                    "source": source, "filed": r.json}
        if source == "complaint":
            c = case_in("assigned", payload=payload or complaint_payload(
                ip_type=ip_type), now=now)
            h = self.handler or team().desk
            v = h.act_ok(c["no"], "mediate", now=now)
            m = v["mediation"]
            note_access_code(m["access_code"])
            return {"no": m["no"], "access_code": m["access_code"],
                    "source": source, "complaint": c, "converted": v}
        raise ValueError(source)

    def steps(self, state, source, ground="no_agreement_possible"):
        """(who, action, fields) from the first state of the source."""
        o, m = self.office, self.mediator
        start = [] if source != "application" else [(o, "accept", {})]
        assigned = start + [(o, "assign_mediator", {"mediator": m.mid}),
                            (m, "mediator_accept", {})]
        consent = assigned + [(o, "request_consent", {})]
        running = consent + [(o, "consent", {})]
        agreed = running + [(m, "agree", agreement_fields())]
        asked = agreed + [(m, "request_confirmation", {})]
        table = {
            "applied": [],
            "declined": [(o, "decline", {"reason": "不属于知识产权纠纷。"})],
            "accepted": assigned,
            "awaiting_consent": consent,
            "refused": consent + [(o, "refuse", {"note": "被申请人不同意"})],
            "in_mediation": running,
            "agreed": agreed,
            "failed": running + [(m, "fail", {"ground": ground})],
            "confirmation_requested": asked,
            "confirmed": asked + [(o, "confirm", {
                "ruling_no": "（2026）粤1302民特%d号" % random.randint(1,
                                                                 9999)})],
            "confirmation_refused": asked + [(o, "refuse_confirmation", {
                "ruling_no": "（2026）粤1302民特%d号" % random.randint(1,
                                                                 9999)})],
            "fulfilled": agreed + [(m, "fulfil", {})],
        }
        if state in ("applied", "declined") and source != "application":
            raise ValueError("%s is only for applications" % state)
        if state == "withdrawn":
            return running
        if state == "declined":
            return table["declined"]
        return table[state]

    def case_in(self, state, source="application", now=None, payload=None,
                ip_type="patent", ground="no_agreement_possible"):
        c = self.new(source, now=now, payload=payload, ip_type=ip_type)
        for who, action, fields in self.steps(state, source, ground):
            who.mact_ok(c["no"], action, now=now, **fields)
        if state == "withdrawn":
            hdr = debug_now(now) if now is not None else None
            r = post_json(_m_path(c["no"], "/withdraw"), {},
                          code=c["access_code"], headers=hdr)
            if r.status != 200:
                raise AssertionError("withdraw: %r" % (r,))
        return c


def workday_on_or_after(cal, d):
    while not cal.is_workday(d):
        d += timedelta(days=1)
    return d


# IP types whose candidate lists some tests assert exactly: the shared
# mediators below never list them, and the tests that use them make their
# own mediators unavailable when they end.
GENERAL_IP_TYPES = ("patent", "trademark", "copyright", "trade_secret",
                    "other")


class MediationTeam:
    """The mediation staff most mediation tests share (made on first
    use): the office (the team's intake clerk) and supervisor; `mediator`,
    a mediator on the roster for the general IP types; and `desk`, one
    person who is intake, supervisor and a mediator on the roster, for
    tests about states rather than roles.  walker and desk_walker bring
    cases into states with them."""

    def __init__(self):
        t = team()
        self.t = t
        self.office = t.intake
        self.supervisor = t.supervisor
        self.mediator = mediator_account(t.supervisor, GENERAL_IP_TYPES,
                                         prefix="medf", max_open=100)
        self.desk = mediator_account(t.supervisor, GENERAL_IP_TYPES,
                                     prefix="mdesk",
                                     roles="intake,supervisor,mediator",
                                     max_open=100)
        self.walker = MediationWalker(self.office, self.mediator, t.desk)
        self.desk_walker = MediationWalker(self.desk, self.desk, t.desk)


_mteam = []
_mteam_lock = threading.Lock()


def mediation_team():
    team()
    with _mteam_lock:
        if not _mteam:
            _mteam.append(MediationTeam())
        m = _mteam[0]
    for s in (m.mediator, m.desk):
        if get("/api/v1/auth/me", headers=bearer(s.token)).status == 401:
            s.relogin()
    return m


def isolate_mediators(by, ip_type, keep=()):
    """Makes every available mediator listing ip_type unavailable but
    those in keep (ids): mediators an earlier, interrupted run on the same
    stack left behind must not enter the lists a test asserts."""
    r = by.get("/api/v1/mediators")
    if r.status != 200:
        raise AssertionError("mediators: %r" % (r,))
    for m in r.json["mediators"]:
        if m["available"] and ip_type in split_list(m["ip_types"]) and \
                m["id"] not in keep:
            update_mediator(by, m["id"], available=False)


def past_workday(cal, days_ago):
    """The first working day on or after the day days_ago days before
    today (for stories told with X-Debug-Now in the past)."""
    return workday_on_or_after(cal, today_cst() - timedelta(days=days_ago))


def at_day(d, hour=10, minute=0):
    """d (a date) at hour:minute China time."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=CST)


_mstate_labels = {}


def mediation_state_names(state):
    """The code of a mediation state and its zh and en labels (from
    /api/v1/meta/enums)."""
    with _lock:
        if not _mstate_labels:
            for e in get("/api/v1/meta/enums").json["mediation_statuses"]:
                _mstate_labels[e["code"]] = (e["code"], e["zh"], e["en"])
    return _mstate_labels[state]


def names_mediation_state(detail, state):
    """Whether a problem's detail names the state (by code or label)."""
    return any(n and n in detail for n in mediation_state_names(state))


# ---- overseas aid ----
#
# Overseas rights-protection aid (SPEC section 3): request payloads, the
# expert roster (海外维权专家库) and a walker that brings a request into
# any state.  Experts are made through the API with names unique to the
# run; an expert who logs in is a Staff with the aid_expert role whose
# roster entry names its account (.eid is the roster id).  Money in the
# answers is yuan with two decimals ("90000.00"); fen() turns it into
# integer fen for arithmetic.

AID_STATES = ("submitted", "accepted", "declined", "assigned",
              "in_progress", "concluded", "closed", "withdrawn")
AID_OPEN_STATES = ("submitted", "accepted", "assigned", "in_progress")
AID_ACTIONS = ("accept", "decline", "assign_expert", "start",
               "expert_decline", "declare_conflict", "guidance",
               "milestone", "flag_major", "unflag_major", "conclude",
               "close")
AID_OUTCOMES = ("won", "settled", "lost", "withdrawn", "guidance_given")
# Countries and IP types of the experts the aid tests share.
AID_COUNTRIES = ("US", "DE", "JP", "GB", "FR")
AID_IP_TYPES = ("patent", "trademark", "copyright", "trade_secret",
                "other")


def fen(amount):
    """An amount as the API writes it ("1234.50") in integer fen."""
    from decimal import Decimal
    if amount is None:
        return None
    v = Decimal(amount) * 100
    if v != v.to_integral_value():
        raise AssertionError("not whole fen: %r" % (amount,))
    return int(v)


def yuan(fen_amount):
    """Integer fen as the API writes an amount ("1234.50")."""
    return "%d.%02d" % divmod(fen_amount, 100)


def aid_enterprise_name(tag=""):
    """An enterprise name no other request (nor an earlier run) has."""
    return "惠州市%s%s%s电子科技有限公司" % (tag, RUN_TAG, token(3))


def aid_payload(size="medium", deadline_days=90, today=None, uscc=None,
                name=None, **over):
    """A valid aid request (POST /api/v1/overseas-aid): a US Section 337
    matter over a patent.  The foreign deadline is deadline_days after
    today (None: no deadline); today defaults to the real day."""
    base = today or today_cst()
    contact = {"name": make_name(), "phone": make_mobile(),
               "email": "hw%s@example.com" % token(4)}
    remember_pii(contact["name"], contact["phone"], contact["email"])
    p = {
        "enterprise": {"name": name or aid_enterprise_name(),
                       "uscc": uscc or make_uscc(), "size": size,
                       "industry": "electronics"},
        "contact": contact,
        "aid_type": "us_337",
        "countries": ["US"],
        "ip_types": ["patent"],
        "rights": [{"type": "patent", "number": PATENT},
                   {"type": "patent", "country": "US",
                    "number": "US 10,%03d,%03d B2" % (
                        random.randint(0, 999), random.randint(0, 999))}],
        "opposing_party": "Acme %s Inc." % token(3),
        "forum": "美国国际贸易委员会（USITC）",
        "amount_at_stake": "1500000.00",
        "insured": False,
        "description": "美国 337 调查应诉：对方指控我方出口产品侵犯其专利。",
    }
    if deadline_days is not None:
        p["deadline"] = (base + timedelta(days=deadline_days)).isoformat()
    p.update(over)
    return p


def _aid_path(no, tail=""):
    return "/api/v1/overseas-aid/%s%s" % (no, tail)


def _now_headers(now, headers=None):
    h = dict(headers or {})
    if now is not None:
        h.update(debug_now(now))
    return h


def file_aid(payload=None, now=None, key=None, **kw):
    """POST /api/v1/overseas-aid (the public); the answer."""
    h = _now_headers(now, kw.pop("headers", None))
    r = post_json("/api/v1/overseas-aid", payload if payload is not None
                  else aid_payload(), headers=h, key=key, **kw)
    if r.status == 201:
        note_access_code(r.json["access_code"])
    return r


def file_aid_ok(payload=None, now=None, **kw):
    r = file_aid(payload, now=now, **kw)
    if r.status != 201:
        raise AssertionError("aid request: %r" % (r,))
    return r.json


def aid_view(no, code, now=None, **kw):
    """GET /api/v1/overseas-aid/{no} with the access code (the public)."""
    return get(_aid_path(no), code=code,
               headers=_now_headers(now, kw.pop("headers", None)), **kw)


def aid_withdraw(no, code, body=None, now=None, **kw):
    return post_json(_aid_path(no, "/withdraw"), body if body is not None
                     else {}, code=code,
                     headers=_now_headers(now, kw.pop("headers", None)),
                     **kw)


def aid_feedback(no, code, body, now=None, **kw):
    return post_json(_aid_path(no, "/feedback"), body, code=code,
                     headers=_now_headers(now, kw.pop("headers", None)),
                     **kw)


def aid_claims(no, code, now=None, **kw):
    """GET .../subsidy-claims with the access code."""
    return get(_aid_path(no, "/subsidy-claims"), code=code,
               headers=_now_headers(now, kw.pop("headers", None)), **kw)


def aid_claim(no, code, items, now=None, **kw):
    """POST .../subsidy-claims with the access code; items are (item,
    amount) pairs or dicts."""
    items = [i if isinstance(i, dict) else {"item": i[0], "amount": i[1]}
             for i in items]
    return post_json(_aid_path(no, "/subsidy-claims"), {"items": items},
                     code=code,
                     headers=_now_headers(now, kw.pop("headers", None)),
                     **kw)


def aid_row(no, columns="*"):
    rows = sql("SELECT %s FROM aid_request WHERE no = %s" % (columns, q(no)))
    return rows[0] if rows else None


def aid_events(no):
    """(seq, actor, action, from, to, public) of every event of the
    request, from the database."""
    return [tuple(r) for r in sql(
        "SELECT e.seq, e.actor, e.action, e.from_status, e.to_status, "
        "e.public FROM case_event e JOIN aid_request a ON a.id = e.case_id "
        "AND e.case_type = 'aid' WHERE a.no = %s ORDER BY e.seq" % q(no))]


def _staff_aid(self, no, now=None, **kw):
    """GET /api/v1/overseas-aid/{no} with the staff token."""
    return self.get(_aid_path(no), now=now, **kw)


def _staff_aact(self, no, action, now=None, lang=None, key=None, **fields):
    """POST /api/v1/overseas-aid/{no}/actions {"action": action, ...}."""
    body = {"action": action}
    body.update(fields)
    return self.post_json(_aid_path(no, "/actions"), body, now=now,
                          lang=lang, key=key)


def _staff_aact_ok(self, no, action, now=None, **fields):
    r = self.aact(no, action, now=now, **fields)
    if r.status != 200:
        raise AssertionError("%s by %s on %s: %r" % (action, self.name, no,
                                                     r))
    return r.json


def _staff_aqueue(self, now=None, lang=None, **params):
    return self.get("/api/v1/overseas-aid" + qs(**params), now=now,
                    lang=lang)


def _staff_acandidates(self, no, now=None):
    return self.get(_aid_path(no, "/candidates"), now=now)


def _staff_claims(self, no, now=None):
    return self.get(_aid_path(no, "/subsidy-claims"), now=now)


def _staff_claim(self, no, items, now=None, key=None):
    items = [i if isinstance(i, dict) else {"item": i[0], "amount": i[1]}
             for i in items]
    return self.post_json(_aid_path(no, "/subsidy-claims"),
                          {"items": items}, now=now, key=key)


def _staff_decide(self, no, claim_id, decision="approve", now=None,
                  key=None, **fields):
    body = {"decision": decision}
    body.update(fields)
    return self.post_json(_aid_path(no, "/subsidy-claims/%s/decision" %
                                    claim_id), body, now=now, key=key)


def _staff_pay(self, no, claim_id, payment_ref, now=None, key=None):
    return self.post_json(_aid_path(no, "/subsidy-claims/%s/payment" %
                                    claim_id), {"payment_ref": payment_ref},
                          now=now, key=key)


Staff.aid = _staff_aid
Staff.aact = _staff_aact
Staff.aact_ok = _staff_aact_ok
Staff.aqueue = _staff_aqueue
Staff.acandidates = _staff_acandidates
Staff.claims = _staff_claims
Staff.claim = _staff_claim
Staff.decide = _staff_decide
Staff.pay = _staff_pay


def expert_name(prefix="专家"):
    """An expert's name no other test (nor an earlier run) uses."""
    return "%s%s%s" % (prefix, RUN_TAG, token(2))


def make_expert(by, countries, ip_types, name=None, organisation=None,
                **fields):
    """POST /api/v1/experts as `by` (a supervisor or admin); the new
    roster entry (raises unless 201).  The organisation defaults to a
    law firm no one else uses."""
    body = {"name": name or expert_name(),
            "organisation": organisation or "广东%s%s律师事务所" % (
                RUN_TAG, token(3)),
            "countries": [countries] if isinstance(countries, str)
            else list(countries),
            "ip_types": [ip_types] if isinstance(ip_types, str)
            else list(ip_types)}
    body.update({k: v for k, v in fields.items() if v is not None})
    r = by.post_json("/api/v1/experts", body)
    if r.status != 201:
        raise AssertionError("expert %r: %r" % (body, r))
    return r.json


def update_expert(by, expert_id, **fields):
    r = by.post_json("/api/v1/experts/%d" % expert_id, fields)
    if r.status != 200:
        raise AssertionError("expert %d %r: %r" % (expert_id, fields, r))
    return r.json


def expert_account(by, countries=AID_COUNTRIES, ip_types=AID_IP_TYPES,
                   prefix="expt", roles="aid_expert", **fields):
    """A staff account with the aid_expert role (and any other roles)
    and its roster entry; the Staff, with .eid and .roster set."""
    s = Staff(prefix, roles)
    e = make_expert(by, countries, ip_types, username=s.name, **fields)
    s.eid = e["id"]
    s.roster = e
    return s


class AidWalker:
    """
    Brings new aid requests into a state: office (intake or supervisor)
    takes the office's steps, expert (a Staff with .eid) the expert's.
    Every step is taken at `now` (X-Debug-Now) when given.  The answer is
    the filing answer (no, access_code, priority, ...) with "payload".
    """

    def __init__(self, office, expert):
        self.office = office
        self.expert = expert

    def steps(self, state, outcome="guidance_given"):
        o, x = self.office, self.expert
        accepted = [(o, "accept", {})]
        assigned = accepted + [(o, "assign_expert", {"expert": x.eid})]
        running = assigned + [(x, "start", {})]
        concluded = running + [(x, "conclude", {
            "outcome": outcome, "conclusion": "已向企业提供应诉指导。"})]
        return {
            "submitted": [],
            "accepted": accepted,
            "declined": [(o, "decline", {"reason": "不属于海外维权援助范围。"})],
            "assigned": assigned,
            "in_progress": running,
            "concluded": concluded,
            "closed": concluded + [(o, "close", {})],
            "withdrawn": [],
        }[state]

    def case_in(self, state, now=None, payload=None,
                outcome="guidance_given"):
        p = payload if payload is not None else aid_payload(
            today=as_datetime(now).date() if now is not None else None)
        b = file_aid_ok(p, now=now)
        b["payload"] = p
        for who, action, fields in self.steps(state, outcome):
            who.aact_ok(b["no"], action, now=now, **fields)
        if state == "withdrawn":
            r = aid_withdraw(b["no"], b["access_code"], now=now)
            if r.status != 200:
                raise AssertionError("withdraw: %r" % (r,))
        return b


class AidTeam:
    """The aid staff most aid tests share (made on first use): the office
    (the team's intake clerk) and supervisor; `expert`, an aid expert on
    the roster for AID_COUNTRIES and AID_IP_TYPES with room for many
    requests; walker brings requests into states with them."""

    def __init__(self, t):
        self.t = t
        self.office = t.intake
        self.supervisor = t.supervisor
        self.expert = expert_account(t.supervisor, prefix="exshared",
                                     max_open=100)
        self.walker = AidWalker(self.office, self.expert)


_ateam = []


def aid_team():
    t = team()
    with _team_lock:
        if not _ateam:
            _ateam.append(AidTeam(t))
        a = _ateam[0]
    if get("/api/v1/auth/me", headers=bearer(a.expert.token)).status == 401:
        a.expert.relogin()
    return a


# ---- credit disclosure ----
#
# Credit records (SPEC section 4) and the provincial credit platform they
# go to.  The platform is always the simulator of shared/credit-sim
# (IPDESK_CREDIT_SIM), started by the test that needs it on a port of its
# own with a state directory of its own; ipdesk-sync (IPDESK_SYNC) is run
# by the tests with a copy of the stack's configuration whose credit_*
# lines point at that simulator.  Every process started here is stopped
# by its pid (CreditLab.close), even when the test fails.

import collections
import select
import shutil
import signal
import tempfile
import time

SYNC = os.environ.get("IPDESK_SYNC", "")
CREDIT_SIM = os.environ.get("IPDESK_CREDIT_SIM", "")


def credit_missing_environment():
    """The harness variables the credit tests need that are not set (or
    name no file)."""
    out = []
    for n in ("IPDESK_SYNC", "IPDESK_CREDIT_SIM", "IPDESK_CONFIG"):
        if not os.environ.get(n):
            out.append(n)
        elif not os.path.exists(os.environ[n]):
            out.append("%s (%s does not exist)" % (n, os.environ[n]))
    return out


def uscc_of(body17):
    """A USCC with the right check character for 17 given characters."""
    return body17 + uscc_check_char(body17)


# The deciding authority and the data source of every record: a 机关
# code (first character 1), valid by GB 32100.
CREDIT_AUTHORITY = "惠州市市场监督管理局"
CREDIT_AUTHORITY_USCC = uscc_of("11441300MB2C94290")


def credit_uscc():
    """A company's USCC no other record of the run has (91..., not 92:
    a 法人 may not carry an individual business's code)."""
    return make_uscc()


def credit_months_ago(months, days=0):
    """The day months calendar months before today (the day of month
    capped at 28), days earlier still."""
    d = today_cst()
    y, m = divmod(d.month - 1 - months, 12)
    return date(d.year + y, m + 1, min(d.day, 28)) - timedelta(days=days)


def credit_doc_no():
    return "惠市监知罚〔%d〕%s号" % (today_cst().year, token(4))


def penalty_payload(**over):
    """An administrative penalty (行政处罚) on a company, decided today:
    a fine and a confiscation (not a warning, so it is published; not a
    small fine alone, so the office's long publicity applies).  Keys set
    to None in over are left out."""
    p = {
        "cf_xdr_mc": "惠州市%s电子科技有限公司" % token(3),
        "cf_xdr_lb": "法人及非法人组织",
        "cf_xdr_shxym": credit_uscc(),
        "cf_frdb": "陈立新",
        "cf_wsh": credit_doc_no(),
        "cf_wfxw": "侵犯注册商标专用权",
        "cf_sy": "当事人在其经营场所销售侵犯注册商标专用权的蓝牙耳机。",
        "cf_yj": "《中华人民共和国商标法》第六十条第二款",
        "cf_cflb": "罚款;没收违法所得",
        "cf_nr": "罚款人民币二万元，没收违法所得人民币五千元。",
        "cf_nr_fk": "2",
        "cf_nr_wfff": "0.5",
        "cf_jdrq": today_cst().isoformat(),
        "cf_yxq": "2099-12-31",
        "cf_cfjg": CREDIT_AUTHORITY,
        "cf_cfjgdm": CREDIT_AUTHORITY_USCC,
        "cf_sjly": CREDIT_AUTHORITY,
        "cf_sjlydm": CREDIT_AUTHORITY_USCC,
    }
    p.update(over)
    return {k: v for k, v in p.items() if v is not None}


def person_penalty_payload(**over):
    """A penalty on a natural person (自然人): name and resident ID are
    personal data (noted for the log scan)."""
    p = penalty_payload(cf_xdr_lb="自然人", cf_xdr_mc=make_name(),
                        cf_xdr_shxym=None, cf_frdb=None,
                        cf_xdr_zjlx="身份证", cf_xdr_zjhm=make_resident_id(),
                        cf_cflb="罚款", cf_nr="罚款人民币三千元。",
                        cf_nr_fk="0.3", cf_nr_wfff=None)
    p.update(over)
    p = {k: v for k, v in p.items() if v is not None}
    remember_pii(p.get("cf_xdr_mc"), p.get("cf_xdr_zjhm"))
    return p


def warning_payload(**over):
    """A penalty that is a warning only (警告): kept, never published."""
    p = penalty_payload(cf_cflb="警告", cf_nr="予以警告。", cf_nr_fk=None,
                        cf_nr_wfff=None)
    p.update(over)
    return {k: v for k, v in p.items() if v is not None}


def inspection_payload(**over):
    """A spot-check result (抽查检查结果) of a company, checked today."""
    p = {
        "jc_ztmc": "惠州市%s贸易有限公司" % token(3),
        "jc_ztlb": "法人及非法人组织",
        "jc_shxym": credit_uscc(),
        "jc_rwbh": "HZ-SJ-%s" % token(4),
        "jc_rwmc": "%d年度知识产权双随机抽查" % today_cst().year,
        "jc_lx": "不定向抽查",
        "jc_ssjg": CREDIT_AUTHORITY,
        "jc_ssjgdm": CREDIT_AUTHORITY_USCC,
        "jc_rq": today_cst().isoformat(),
        "jc_jg": "未发现问题",
        "jc_sjly": CREDIT_AUTHORITY,
        "jc_sjlydm": CREDIT_AUTHORITY_USCC,
    }
    p.update(over)
    return {k: v for k, v in p.items() if v is not None}


def credit_path(kind, rid=None, tail=""):
    """/api/v1/credit/penalties[/id[/tail]] (kind penalty|inspection)."""
    p = "/api/v1/credit/" + ("penalties" if kind == "penalty" else
                             "inspections")
    if rid is not None:
        p += "/%s" % rid
    return p + ("/" + tail if tail else "")


def credit_create(staff, payload, kind="penalty", **kw):
    return staff.post_json(credit_path(kind), payload, **kw)


def credit_create_ok(staff, payload, kind="penalty", **kw):
    """Records a credit record that must be accepted; its answer."""
    r = credit_create(staff, payload, kind, **kw)
    if r.status != 201:
        raise AssertionError("recording a %s: %r" % (kind, r))
    return r.json


def credit_view(staff, rid, kind="penalty", **kw):
    """The staff view of a record (200 expected)."""
    r = staff.get(credit_path(kind, rid), **kw)
    if r.status != 200:
        raise AssertionError("reading %s %s: %r" % (kind, rid, r))
    return r.json


def credit_correct(staff, rid, payload, reason, kind="penalty", **kw):
    body = dict(payload)
    body["reason"] = reason
    return staff.post_json(credit_path(kind, rid), body, **kw)


def credit_action(staff, rid, action, reason, kind="penalty", **kw):
    """POST .../{id}/revoke or /repair with a reason."""
    return staff.post_json(credit_path(kind, rid, action),
                           {"reason": reason}, **kw)


def credit_ok(r, what):
    if r.status != 200:
        raise AssertionError("%s: %r" % (what, r))
    return r.json


def create_many(staff, payloads, kind="penalty", threads=8):
    """Records payloads through the API from several threads at once;
    the answers' JSON in the order of payloads."""
    out = [None] * len(payloads)
    errors = []
    nexti = [0]
    lock = threading.Lock()
    headers = staff.headers()
    path = credit_path(kind)

    def work():
        while True:
            with lock:
                i = nexti[0]
                nexti[0] += 1
            if i >= len(payloads) or errors:
                return
            try:
                r = post_json(path, payloads[i], headers=headers)
                if r.status != 201:
                    errors.append("record %d: %r" % (i, r))
                    return
                out[i] = r.json
            except Exception as e:  # noqa: BLE001 -- reported below
                errors.append("record %d: %r" % (i, e))
                return

    ts = [threading.Thread(target=work) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        raise AssertionError("creating records: %s" % errors[:3])
    return out


def outbox_rows(sjbms):
    """{sjbm: [(op, seq, state, attempts, result), ...]} from the
    database, in seq order."""
    out = {s: [] for s in sjbms}
    sjbms = list(sjbms)
    for i in range(0, len(sjbms), 500):
        part = sjbms[i:i + 500]
        for s, op, seq, st, att, res in sql(
                "SELECT sjbm, op, seq, state, attempts, result FROM "
                "credit_outbox WHERE sjbm IN (%s) ORDER BY sjbm, seq" %
                ",".join(q(x) for x in part)):
            out[s].append((op, int(seq), st, int(att), res))
    return out


class CreditSim:
    """
    One simulator of the provincial credit platform, on a free port, with
    its own state directory and app key.  flags are its command-line
    fault options (e.g. "--ack-loss-rate", "0.1").  The control endpoints
    (/_sim/...) are wrapped below.
    """

    def __init__(self, workdir, *flags, app_key=None, secret=None):
        self.dir = os.path.join(workdir, "sim-%s" % token(3))
        os.makedirs(self.dir)
        self.app_key = app_key or "ipdesk-t%s" % token(3)
        self.secret = secret or token(16)
        remember_pii(self.secret)
        self.log_path = os.path.join(self.dir, "credit-sim.log")
        self.state_dir = os.path.join(self.dir, "state")
        self.flags = [str(f) for f in flags]
        self.port = 0
        # Authentication failures of earlier lives (stats are per process).
        self.auth_failures = collections.Counter()
        self.start()

    def start(self):
        """Starts the simulator (again: on the same port and state
        directory, after stop())."""
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            ["python3", "-u", CREDIT_SIM, "--port", str(self.port), "--data",
             self.state_dir, "--app", "%s:%s" % (self.app_key, self.secret)]
            + self.flags, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._log)
        line = b""
        deadline = time.monotonic() + 20
        while not line.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                b = os.read(self.proc.stdout.fileno(), 1)
                if not b:
                    break
                line += b
        m = re.match(rb"listening 127\.0\.0\.1:(\d+)", line)
        if not m:
            self.stop()
            raise RuntimeError("the credit simulator did not start: %r "
                               "(see %s)" % (line, self.log_path))
        self.port = int(m.group(1))
        self.url = "http://127.0.0.1:%d" % self.port

    # -- the control endpoints --------------------------------------------

    def call(self, method, path, obj=None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)
        try:
            body = None if obj is None else json.dumps(obj).encode()
            conn.request(method, path, body=body,
                         headers={"Content-Type": "application/json"}
                         if body is not None else {})
            r = conn.getresponse()
            data = r.read()
        finally:
            conn.close()
        if r.status != 200:
            raise AssertionError("simulator %s %s: %d %r" % (
                method, path, r.status, data[:300]))
        return json.loads(data.decode("utf-8"))

    def stats(self):
        return self.call("GET", "/_sim/stats")

    def records(self, **params):
        """Every stored record (filters app, kind, sjbm, state), each with
        its versions and events."""
        return self.call("GET", "/_sim/records" + qs(**params))["records"]

    def record(self, sjbm, kind="penalty"):
        """The platform's record of sjbm (None when it has none)."""
        r = self.records(app=self.app_key, kind=kind, sjbm=sjbm)
        return r[0] if r else None

    def receipts(self, **params):
        return self.call("GET", "/_sim/receipts" + qs(**params))["items"]

    def requests(self, limit=0):
        return self.call("GET", "/_sim/requests" + qs(limit=limit or None)
                         )["requests"]

    def configure(self, **settings):
        return self.call("POST", "/_sim/config", settings)["config"]

    def down(self):
        self.call("POST", "/_sim/down", {})

    def up(self):
        self.call("POST", "/_sim/up", {})

    def reset(self):
        self.call("POST", "/_sim/reset", {})

    def receipts_by_sjbm(self):
        """{sjbm: [receipt, ...]} in arrival order."""
        out = {}
        for r in self.receipts():
            out.setdefault(r["sjbm"], []).append(r)
        return out

    # -- the process ---------------------------------------------------------

    def stop(self):
        """SIGTERM (the simulator saves its state), SIGKILL if it hangs."""
        if self.proc.poll() is None:
            try:
                self.auth_failures.update(
                    self.stats()["auth_failures_by_code"])
            except Exception:  # noqa: BLE001 -- it is stopping anyway
                pass
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stdout and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not self._log.closed:
            self._log.close()

    def backup(self):
        """A copy of the stopped simulator's state (a path)."""
        dst = self.state_dir + "-backup-" + token(3)
        shutil.copytree(self.state_dir, dst)
        return dst

    def restore(self, backup):
        """Replaces the stopped simulator's state by a backup."""
        shutil.rmtree(self.state_dir)
        shutil.copytree(backup, self.state_dir)


# The settings of ipdesk-sync the tests choose (the rest of the stack's
# configuration is copied as it is).
SYNC_DEFAULTS = {
    "credit_connect_ms": 1000,
    "credit_timeout_ms": 5000,
    "credit_lease_s": 12,
    "credit_backoff_ms": 50,
    "credit_backoff_max_ms": 1000,
    "credit_poll_ms": 100,
    "credit_nightly_s": 120,
}


class SyncConfig:
    """A copy of the stack's ipdesk.conf for ipdesk-sync against sim:
    credit_url, the app key and secret, and settings (SYNC_DEFAULTS
    overridden by the keyword arguments); its log in its own file."""

    def __init__(self, workdir, sim, **settings):
        self.sim = sim
        self.path = os.path.join(workdir, "sync-%s.conf" % token(3))
        self.log = os.path.join(workdir, "ipdesk-sync-%s.log" % token(3))
        with open(CONFIG, encoding="utf-8") as f:
            text = f.read()
        lines = [l for l in text.split("\n")
                 if not re.match(r"\s*(credit_|sync_log_file)", l)]
        m = re.search(r"(?m)^\s*credit_sjbm_prefix\s*=\s*(\S+)", text)
        prefix = m.group(1) if m else "HZIPO"
        s = dict(SYNC_DEFAULTS)
        s.update(settings)
        lines += ["credit_url = %s" % sim.url,
                  "credit_app_key = %s" % sim.app_key,
                  "credit_secret = %s" % sim.secret,
                  "credit_sjbm_prefix = %s" % prefix,
                  "sync_log_file = %s" % self.log]
        lines += ["%s = %s" % kv for kv in sorted(s.items())]
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    def log_text(self):
        return read_from(self.log)


class CreditLab:
    """
    What one credit test starts: a work directory, simulators, sync
    configurations and ipdesk-sync processes.  close() stops every
    process still running (sender first, by pid: SIGTERM, then SIGKILL)
    and removes the directory unless keep.
    """

    def __init__(self, name="credit"):
        base = os.path.join(STACK, "credit-tests") if STACK else None
        if base:
            os.makedirs(base, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=base)
        self.sims = []
        self.configs = []
        self.procs = []
        self.keep = False

    def sim(self, *flags, **kw):
        s = CreditSim(self.dir, *flags, **kw)
        self.sims.append(s)
        return s

    def config(self, sim, **settings):
        c = SyncConfig(self.dir, sim, **settings)
        self.configs.append(c)
        return c

    def run(self, config, *args, timeout=300):
        """ipdesk-sync -c config args..., to its end: a CompletedProcess
        with text output and the process id (pid, as sync runs list
        it).  Killed when it outlasts timeout."""
        p = subprocess.Popen([SYNC, "-c", config.path] + list(args),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            raise AssertionError("ipdesk-sync %s ran longer than %ss" % (
                " ".join(args), timeout))
        done = subprocess.CompletedProcess(p.args, p.returncode, out, err)
        done.pid = p.pid
        return done

    def run_ok(self, config, *args, timeout=300):
        p = self.run(config, *args, timeout=timeout)
        if p.returncode != 0:
            raise AssertionError(
                "ipdesk-sync %s exited %d: %s\nlog:\n%s" % (
                    " ".join(args), p.returncode, p.stderr[-2000:],
                    config.log_text()[-3000:]))
        return p

    def start(self, config, *args):
        """ipdesk-sync in the background; the Popen."""
        p = subprocess.Popen([SYNC, "-c", config.path] + list(args),
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        self.procs.append(p)
        return p

    def stop_sender(self, p, timeout=30):
        """SIGTERM to a sender, then its exit status (SIGKILL if it does
        not end within timeout)."""
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        return p.returncode

    def drain(self):
        """Sends whatever other tests left in the shared outbox to a
        throwaway simulator, so that what a test sends next is its own."""
        sim = self.sim("--rate", "0")
        cfg = self.config(sim)
        p = self.run(cfg, "once", timeout=180)
        sim.stop()
        return p

    def sync_logs(self):
        return "".join(c.log_text() for c in self.configs)

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(5)
        for s in self.sims:
            s.stop()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def sync_runs(staff, limit=50):
    """GET /api/v1/credit/sync-runs (newest first)."""
    r = staff.get("/api/v1/credit/sync-runs" + qs(limit=limit))
    if r.status != 200:
        raise AssertionError("sync runs: %r" % r)
    return r.json["items"]


def sync_run_of(staff, pid, mode=None):
    """The newest run of process pid (and mode)."""
    for run in sync_runs(staff, 200):
        if run["pid"] == pid and (mode is None or run["mode"] == mode):
            return run
    return None


class CreditTest(StaffTest):
    """
    A test with a CreditLab (self.lab).  At the end of every test, for
    every simulator it started: no request failed authentication (the
    signature, fresh nonces and timestamps of every attempt); and no
    personal data the suite sent is in the sync program's logs.
    """

    @classmethod
    def setUpClass(cls):
        missing = credit_missing_environment()
        if missing:
            raise AssertionError("the harness did not set %s (dev/lib.sh "
                                 "start_stack writes them to dev.env)" %
                                 ", ".join(missing))
        cls.t = team()

    def setUp(self):
        self.lab = CreditLab(self.id().rsplit(".", 1)[-1][:40])
        self.addCleanup(self.lab.close)

    def tearDown(self):
        # Runs before the cleanups: the simulators still answer.
        failed = []
        for s in self.lab.sims:
            seen = collections.Counter(s.auth_failures)
            if s.proc.poll() is None:
                seen.update(s.stats()["auth_failures_by_code"])
            if seen:
                failed.append((s.url, dict(seen)))
        logs = self.lab.sync_logs()
        forms = {f for v in list(PII) for f in pii_variants(v)}
        leaked = sorted(f for f in forms if f in logs)
        if failed or leaked:
            self.lab.keep = True
        self.assertEqual(failed, [], "requests the platform refused as "
                         "unauthenticated (kept: %s)" % self.lab.dir)
        self.assertEqual(leaked, [], "personal data in the ipdesk-sync "
                         "log (kept: %s)" % self.lab.dir)

    def wait_for(self, what, fn, timeout=60, every=0.2):
        """Polls fn() until it is true; its value."""
        deadline = time.monotonic() + timeout
        while True:
            v = fn()
            if v:
                return v
            if time.monotonic() > deadline:
                self.fail("timed out after %ss waiting for %s" % (timeout,
                                                                   what))
            time.sleep(every)

    def assertAcceptedOnce(self, sim, sjbms, kind="penalty"):
        """Each sjbm stored once upstream: one version from one create,
        accepted exactly once in the receipts, the rest duplicates."""
        recs = {r["sjbm"]: r for r in sim.records(app=sim.app_key, kind=kind)}
        rec_by = sim.receipts_by_sjbm()
        bad = []
        for s in sjbms:
            r = recs.get(s)
            if r is None:
                bad.append((s, "not on the platform"))
                continue
            if [v["op"] for v in r["versions"]] != ["create"] or \
                    [e["op"] for e in r["events"]] != ["create"]:
                bad.append((s, "versions %r events %r" % (
                    [v["op"] for v in r["versions"]],
                    [e["op"] for e in r["events"]])))
            res = [x["result"] for x in rec_by.get(s, ())
                   if x["op"] == "create"]
            if res.count("accepted") != 1 or set(res) - {"accepted",
                                                         "duplicate"}:
                bad.append((s, "receipts %r" % res))
        self.assertEqual(bad[:10], [], "%d of %d records not accepted "
                         "exactly once" % (len(bad), len(sjbms)))

    def assertOutboxDone(self, sjbms):
        """Every outbox row of these records is done."""
        rows = outbox_rows(sjbms)
        bad = [(s, r) for s, rs in rows.items() for r in rs
               if r[2] != "done"] + [(s, "no outbox row") for s, rs in
                                     rows.items() if not rs]
        self.assertEqual(bad[:10], [], "%d outbox rows not done" %
                         len(bad))
