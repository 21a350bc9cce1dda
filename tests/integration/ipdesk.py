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
