"""Curators at work on the served site (tests/faults/site.py): accounts made as an operator makes
them (``create_curator``), signed in with the password and the authenticator app's code as a browser
would, each in a session of their own; the admin's forms read from the page and posted back.

Every request has a client timeout, so a hung server fails a test instead of hanging it.
"""

import contextlib
import http.cookiejar
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html import unescape

from tests.casestudies.admin_client import _FormParser
from tests.faults.site import ROOT, Answer

PASSWORD = "fault-suite-curator-password-8451"


def manage(site, *args, env=None, timeout=60):
    """A management command against the served site's database (directly, not through the relay)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**site.env, "DATABASE_URL": site.direct_url, "DATABASE_STATEMENT_TIMEOUT": "0", **(env or {})},
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    ).stdout


def shell(site, code):
    """Run Python in ``manage.py shell`` against the site's database; what it prints, parsed as JSON."""
    return json.loads(manage(site, "shell", "--no-imports", "--command", code).strip().splitlines()[-1])


def query(site, statement, *params):
    """The first column of the first row a query finds in the site's database (read directly)."""
    import psycopg2

    with psycopg2.connect(site.direct_url, connect_timeout=5) as connection, connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    connection.close()
    return row[0] if row else None


def totp_key(site, email):
    return query(
        site,
        "SELECT d.key FROM otp_totp_totpdevice d JOIN auth_user u ON u.id = d.user_id"
        " WHERE u.username = %s AND d.confirmed",
        email,
    )


class _Form(_FormParser):
    """The fields of the form whose ``action`` contains ``action`` (or whose id is ``form_id``)."""

    def __init__(self, form_id=None, action=None):
        super().__init__(form_id)
        self.action = action

    def handle_starttag(self, tag, attrs):
        if tag == "form" and self.action is not None and self.action in (dict(attrs).get("action") or ""):
            self.in_form = True
        super().handle_starttag(tag, attrs)


def form_fields(body, form_id=None, action=None, **changes):
    parser = _Form(form_id, action)
    parser.feed(body.decode() if isinstance(body, bytes) else body)
    assert parser.data, f"no form {form_id or action} on the page"
    data = {name: values if len(values) != 1 else values[0] for name, values in parser.data.items()}
    data.update(changes)
    return data


def multipart(fields, files):
    """``fields`` (name: value or list) and ``files`` (name: (filename, bytes)) as multipart/form-data."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{one}\r\n'.encode())
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _LocalCookies(http.cookiejar.DefaultCookiePolicy):
    """Secure cookies sent back to 127.0.0.1 over plain HTTP, as browsers treat a loopback address
    as a secure context (the served site sets them ``Secure``, DEBUG being off)."""

    def return_ok_secure(self, cookie, request):
        return True


class Curator:
    """One curator in a browser of their own: cookies kept, CSRF token sent back, redirects followed."""

    def __init__(self, site, email, editor_in_chief=True):
        self.site, self.email = site, email
        args = ["create_curator", email, "--password-from-env", "FAULT_CURATOR_PASSWORD"]
        manage(
            site, *args, *(["--editor-in-chief"] if editor_in_chief else []), env={"FAULT_CURATOR_PASSWORD": PASSWORD}
        )
        self.key = totp_key(site, email)
        self.cookies = http.cookiejar.CookieJar(_LocalCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf_token(self):
        return next(cookie.value for cookie in self.cookies if cookie.name.endswith("csrftoken"))

    def request(self, path, data=None, content_type=None, timeout=20):
        headers = {"Referer": self.site.url + path}
        if data is not None:
            headers["X-CSRFToken"] = self.csrf_token()
            if content_type is None:
                data = urllib.parse.urlencode(data, doseq=True).encode()
                content_type = "application/x-www-form-urlencoded"
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.site.url + path, data=data, headers=headers)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                body = response.read()
                status, answered = response.status, dict(response.headers)
                answered["X-Final-URL"] = response.url
        except urllib.error.HTTPError as error:
            body, status, answered = error.read(), error.code, dict(error.headers)
        return Answer(status, answered, body, time.monotonic() - started)

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf_token()}, **kwargs)

    def upload(self, path, fields, files, timeout=20):
        body, content_type = multipart({**fields, "csrfmiddlewaretoken": self.csrf_token()}, files)
        return self.request(path, body, content_type=content_type, timeout=timeout)

    def sign_in(self):
        from django_otp.oath import totp

        page = self.get("/admin/login/?next=/admin/")
        assert page.status == 200, page.body[:300]
        data = form_fields(page.body, form_id="login-form")
        # A code not used before: django-otp refuses a code twice, so wait for the next step if needed.
        code = f"{totp(bytes.fromhex(self.key), step=30, digits=6):06d}"
        answer = self.post(
            "/admin/login/?next=/admin/", {**data, "username": self.email, "password": PASSWORD, "otp_token": code}
        )
        assert answer.status == 200 and answer.headers["X-Final-URL"].endswith("/admin/"), (
            answer.status,
            text(answer)[:2000],
        )
        return self


def text(answer):
    """A page's text with tags dropped and entities decoded, for assertions about what a curator reads."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", answer.body.decode(errors="replace"))))


def change_path(app_label, model_name, pk):
    return f"/admin/{app_label}/{model_name}/{pk}/change/"


class PeakMemory:
    """The highest resident memory (VmRSS) of the site's gunicorn workers while the block runs,
    sampled every 20 ms in a thread, and the workers' own high-water marks (VmHWM) afterwards."""

    def __init__(self, site):
        self.site = site
        self.peak_kb = 0
        self._stop = threading.Event()

    def __enter__(self):
        for pid in self.site.worker_pids():  # VmHWM from now on, not since the worker started
            with contextlib.suppress(OSError), open(f"/proc/{pid}/clear_refs", "w") as clear:
                clear.write("5")
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        self._sample_once()

    def _sample(self):
        while not self._stop.is_set():
            self._sample_once()
            time.sleep(0.02)

    def _sample_once(self):
        for pid in self.site.worker_pids():
            self.peak_kb = max(self.peak_kb, status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM"))

    @property
    def peak_mb(self):
        return self.peak_kb / 1024


def status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0
