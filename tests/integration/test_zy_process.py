"""
The FastCGI program as a process: a second master is started beside the
stack's (same database, its own socket, pid file and log) and spoken to
directly in FastCGI, so that the tests can stop it, kill its workers and
reload it without disturbing the rest of the suite.  Also the same binary
as plain CGI, and a worker whose database connection is killed.
"""
import json
import os
import signal
import socket
import struct
import subprocess
import tempfile
import time
import unittest

from ipdesk import ApiTest, complaint_payload, get, sql, sql_exec

FCGI_BEGIN, FCGI_END, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT = 1, 3, 4, 5, 6


def record(kind, content, req_id=1):
    pad = (8 - len(content) % 8) % 8
    return struct.pack("!BBHHBx", 1, kind, req_id, len(content), pad) + \
        content + b"\0" * pad


def name_value(name, value):
    def length(n):
        return struct.pack("!B", n) if n < 128 else \
            struct.pack("!I", n | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(len(name)) + length(len(value)) + name + value


def params(env):
    body = b"".join(name_value(k, v) for k, v in env.items())
    out = b""
    for i in range(0, len(body), 60000):
        out += record(FCGI_PARAMS, body[i:i + 60000])
    return out + record(FCGI_PARAMS, b"")


def read_answer(sock, timeout=20):
    """Reads records until END_REQUEST; returns (status, headers, body)."""
    sock.settimeout(timeout)
    data, out = b"", b""
    while True:
        while len(data) < 8:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed before the end")
            data += chunk
        _, kind, _, clen, pad = struct.unpack("!BBHHBx", data[:8])
        while len(data) < 8 + clen + pad:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed mid-record")
            data += chunk
        content, data = data[8:8 + clen], data[8 + clen + pad:]
        if kind == FCGI_STDOUT:
            out += content
        elif kind == FCGI_END:
            break
    head, _, body = out.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode().split("\r\n"):
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return int(headers.get("status", "200").split()[0]), headers, body


def cgi_env(method, uri, body=b"", ctype=None):
    env = {"REQUEST_METHOD": method, "REQUEST_URI": uri,
           "DOCUMENT_URI": uri.split("?")[0],
           "QUERY_STRING": uri.partition("?")[2],
           "REMOTE_ADDR": "127.0.0.9", "SERVER_PROTOCOL": "HTTP/1.1"}
    if body:
        env["CONTENT_LENGTH"] = str(len(body))
    if ctype:
        env["CONTENT_TYPE"] = ctype
    return env


class SecondMaster:
    """A master of the binary under test with its own socket."""

    def __init__(self, workers=2, extra=()):
        self.extra = list(extra)
        self.dir = tempfile.mkdtemp(prefix="ipdesk-proc-")
        self.sock = os.path.join(self.dir, "fcgi.sock")
        self.pid_file = os.path.join(self.dir, "ipdesk.pid")
        self.log = os.path.join(self.dir, "ipdesk.log")
        self.conf = os.path.join(self.dir, "ipdesk.conf")
        self.write_conf(workers)
        self.proc = subprocess.Popen(
            [os.environ["IPDESK_FCGI"], "-c", self.conf],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(self.log, "ab"))
        self.wait(lambda: os.path.exists(self.sock) and
                  len(self.workers()) == workers, "the master to start")

    def write_conf(self, workers):
        lines = []
        mine = {"listen", "pid_file", "log_file", "workers"} | \
            {e.split("=")[0].strip() for e in getattr(self, "extra", [])}
        for line in open(os.environ["IPDESK_CONFIG"]):
            key = line.split("=")[0].strip()
            if key in mine:
                continue
            lines.append(line.rstrip("\n"))
        lines += getattr(self, "extra", [])
        lines += ["listen = " + self.sock, "pid_file = " + self.pid_file,
                  "log_file = " + self.log, "workers = %d" % workers,
                  "stop_timeout = 20"]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")

    def workers(self):
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)],
                             capture_output=True, text=True).stdout
        return sorted(int(p) for p in out.split())

    @staticmethod
    def wait(cond, what, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if cond():
                return
            time.sleep(0.05)
        raise AssertionError("timed out waiting for " + what)

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.sock)
        return s

    def ask(self, method, uri, body=b"", ctype=None):
        s = self.connect()
        try:
            s.sendall(record(FCGI_BEGIN, struct.pack("!HB5x", 1, 0)) +
                      params(cgi_env(method, uri, body, ctype)) +
                      (record(FCGI_STDIN, body) if body else b"") +
                      record(FCGI_STDIN, b""))
            return read_answer(s)
        finally:
            s.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()


class ProcessTest(ApiTest):

    def setUp(self):
        self.m = SecondMaster()
        self.addCleanup(self.m.stop)

    def test_socket_is_group_accessible_not_world(self):
        mode = os.stat(self.m.sock).st_mode & 0o777
        self.assertEqual(mode, 0o660)

    def test_workers_answer_over_fastcgi(self):
        status, headers, body = self.m.ask("GET", "/api/v1/health")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["database"], "ok")
        self.assertRegex(headers["x-request-id"], r"^[0-9a-f]{32}$")

    def test_sigterm_lets_a_request_in_flight_finish(self):
        body = json.dumps(complaint_payload(), ensure_ascii=False).encode()
        s = self.m.connect()
        try:
            # The head and half the body arrive; the worker is reading.
            s.sendall(record(FCGI_BEGIN, struct.pack("!HB5x", 1, 0)) +
                      params(cgi_env("POST", "/api/v1/complaints", body,
                                     "application/json")) +
                      record(FCGI_STDIN, body[:len(body) // 2]))
            time.sleep(0.3)
            self.m.proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            s.sendall(record(FCGI_STDIN, body[len(body) // 2:]) +
                      record(FCGI_STDIN, b""))
            status, headers, answer = read_answer(s)
        finally:
            s.close()
        self.assertEqual(status, 201, answer)
        no = json.loads(answer)["no"]
        self.assertEqual(sql("SELECT status FROM complaint WHERE no = '%s'"
                             % no), [["submitted"]], "the case was committed")
        self.m.proc.wait(30)
        self.assertEqual(self.m.proc.returncode, 0)
        self.assertFalse(os.path.exists(self.m.sock),
                         "the socket is removed at exit")
        self.assertFalse(os.path.exists(self.m.pid_file))

    def test_a_killed_worker_is_replaced(self):
        before = self.m.workers()
        os.kill(before[0], signal.SIGKILL)
        self.m.wait(lambda: len(self.m.workers()) == len(before) and
                    before[0] not in self.m.workers(), "a new worker")
        self.assertEqual(self.m.ask("GET", "/api/v1/health")[0], 200)
        self.assertIn("killed by signal 9; respawning", self.m.log_text())

    def test_sighup_reloads_with_new_workers(self):
        old = self.m.workers()
        self.m.write_conf(3)
        self.m.proc.send_signal(signal.SIGHUP)
        self.m.wait(lambda: len(self.m.workers()) == 3 and
                    not set(old) & set(self.m.workers()),
                    "three new workers")
        self.assertEqual(self.m.ask("GET", "/api/v1/health")[0], 200)
        self.assertIn("reloaded configuration", self.m.log_text())

    def test_a_bad_configuration_on_reload_keeps_the_old_one(self):
        old = self.m.workers()
        with open(self.m.conf, "a") as f:
            f.write("no_such_key = 1\n")
        self.m.proc.send_signal(signal.SIGHUP)
        time.sleep(1)
        self.assertEqual(self.m.workers(), old)
        self.assertIn("reload refused", self.m.log_text())
        self.assertEqual(self.m.ask("GET", "/api/v1/health")[0], 200)

    def test_killed_database_connections_are_reopened(self):
        # A database account of its own, so that only this master's
        # connections are killed.
        sql_exec("CREATE USER IF NOT EXISTS 'ipdesk_t2'@'localhost' "
                 "IDENTIFIED BY 'proc-test-pw-2'; GRANT SELECT, INSERT, "
                 "UPDATE, DELETE ON ipdesk.* TO 'ipdesk_t2'@'localhost'")
        self.m.stop()
        self.m = SecondMaster(extra=["db_user = ipdesk_t2",
                                     "db_password = proc-test-pw-2"])
        self.addCleanup(self.m.stop)
        self.assertEqual(self.m.ask("GET", "/api/v1/health")[0], 200)
        ids = [r[0] for r in sql(
            "SELECT id FROM information_schema.processlist WHERE "
            "user = 'ipdesk_t2'")]
        self.assertTrue(ids)
        for i in ids:
            sql_exec("KILL CONNECTION %s" % i)
        statuses = [self.m.ask("GET", "/api/v1/health")[0]
                    for i in range(6)]
        # Every answer is 200 or, at worst once per worker, 503: never a
        # hang, never a dead worker; then the service is back.
        self.assertTrue(set(statuses) <= {200, 503}, statuses)
        self.assertEqual(statuses[-1], 200, statuses)
        self.assertNotIn("killed by signal", self.m.log_text())


class UnreachableDatabaseTest(ApiTest):

    def test_no_database_means_503_quickly_not_a_hang(self):
        m = SecondMaster.__new__(SecondMaster)
        m.dir = tempfile.mkdtemp(prefix="ipdesk-proc-")
        m.sock = os.path.join(m.dir, "fcgi.sock")
        m.pid_file = os.path.join(m.dir, "ipdesk.pid")
        m.log = os.path.join(m.dir, "ipdesk.log")
        m.conf = os.path.join(m.dir, "ipdesk.conf")
        m.write_conf(1)
        with open(m.conf, "a") as f:
            f.write("db_socket = %s\n" % os.path.join(m.dir, "no.sock"))
        m.proc = subprocess.Popen([os.environ["IPDESK_FCGI"], "-c", m.conf],
                                  stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL,
                                  stderr=open(m.log, "ab"))
        try:
            m.wait(lambda: os.path.exists(m.sock) and m.workers(), "start")
            t0 = time.time()
            status, headers, body = m.ask("GET", "/api/v1/health")
            self.assertLess(time.time() - t0, 10)
            self.assertEqual(status, 503, body)
            self.assertEqual(headers["content-type"],
                             "application/problem+json")
            self.assertTrue(headers.get("retry-after"))
            status, _, _ = m.ask("POST", "/api/v1/complaints",
                                 json.dumps(complaint_payload()).encode(),
                                 "application/json")
            self.assertEqual(status, 503)
        finally:
            m.stop()


class CgiTest(ApiTest):

    def run_cgi(self, method, uri, body=b"", ctype=None):
        env = dict(os.environ)
        env.update(cgi_env(method, uri, body, ctype))
        env["GATEWAY_INTERFACE"] = "CGI/1.1"
        r = subprocess.run([os.environ["IPDESK_FCGI"], "-c",
                            os.environ["IPDESK_CONFIG"]], input=body,
                           capture_output=True, env=env, timeout=60)
        head, _, answer = r.stdout.partition(b"\r\n\r\n")
        status = int(head.split(b"\r\n")[0].split()[1])
        return r.returncode, status, answer

    def test_the_same_binary_answers_one_request_as_cgi(self):
        rc, status, answer = self.run_cgi("GET", "/api/v1/health")
        self.assertEqual((rc, status), (0, 200))
        self.assertEqual(json.loads(answer)["status"], "ok")

    def test_cgi_files_a_case(self):
        body = json.dumps(complaint_payload(), ensure_ascii=False).encode()
        rc, status, answer = self.run_cgi("POST", "/api/v1/complaints", body,
                                          "application/json")
        self.assertEqual((rc, status), (0, 201), answer)
        got = json.loads(answer)
        r = get("/api/v1/complaints/" + got["no"],
                code=got["access_code"])
        self.assertEqual(r.status, 200)

    def test_cgi_refuses_a_short_body(self):
        env = dict(os.environ)
        env.update(cgi_env("POST", "/api/v1/complaints", b"{}",
                           "application/json"))
        env["CONTENT_LENGTH"] = "100"
        env["GATEWAY_INTERFACE"] = "CGI/1.1"
        r = subprocess.run([os.environ["IPDESK_FCGI"], "-c",
                            os.environ["IPDESK_CONFIG"]], input=b"{}",
                           capture_output=True, env=env, timeout=60)
        self.assertIn(b"Status: 400", r.stdout)


if __name__ == "__main__":
    unittest.main()
