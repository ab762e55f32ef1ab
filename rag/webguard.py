"""The web chat's guard rails (issue #10): text is rendered as text, admin actions are
local or logged in, logins are exact and slowed down per client.

- `md_text(s)`: anything from a document or a user, safe inside Gradio's
  Markdown: every markup character is backslash-escaped (CommonMark allows it for
  all ASCII punctuation), so no `**`, `` ` ``, `![img](…)`, `<tag>`, `$math$`, and
  no autolinked `http://…` or `www.…`; a file name with a backtick can't close a
  code span because there is none.
- `admin_allowed(request)`: re-ingest and upload need the login when one is
  configured (Gradio then gates every route), and without one they are for
  loopback clients only, so `--host 0.0.0.0` without `--auth` serves the chat to
  the network but not the index.
- `LoginGuard`: ASGI middleware for POST /login. Gradio strips the user name
  (" user " logged in as "user") and answers wrong passwords at once (48 in
  0.04 s); here a name with surrounding space is refused before Gradio sees
  it, and each client (IP) waits before its next attempt: 0 s after the first
  failure, then 0.2 s doubling to 10 s, one attempt at a time per client; a
  success resets it. The applied wait is in the `X-Login-Delay` header.
- `upload limits`: `MAX_UPLOAD_BYTES` is the library's own per-file limit
  (documents.MAX_FILE_BYTES), given to Gradio as `max_file_size`; a request to
  Gradio's upload route larger than `MAX_UPLOAD_FILES` such files, or from a
  client that may not upload, is refused by `LoginGuard` before it is read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re

from .documents import MAX_FILE_BYTES, MAX_UPLOAD_FILES

__all__ = ["md_text", "admin_allowed", "is_loopback", "LoginGuard", "MAX_UPLOAD_BYTES", "MAX_UPLOAD_FILES"]

MAX_UPLOAD_BYTES = MAX_FILE_BYTES
# MAX_UPLOAD_FILES (per upload request) is the library's, from rag.documents: one number for UI, library and guard

# Every markup character of CommonMark/GFM, KaTeX ($), autolinks (: . @) and entities (&); not
# the ones that only read as text (' " , ; ? %), so answers stay readable in the API.
_PUNCT = re.compile(r"([!#$&()*+\-./:<=>@\[\\\]^_`{|}~])")


def md_text(text) -> str:
    """Plain text → Markdown that shows exactly that text (on one line).

    Markup characters become numeric character references (`.` → `&#46;`): CommonMark
    shows them as the character and never reads them as markup. Backslash escapes
    were tried first: Gradio's Markdown showed them ("zeppelin\\.txt").
    """
    return _PUNCT.sub(lambda m: f"&#{ord(m.group(1))};", " ".join(str(text).split()))


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def admin_allowed(request) -> bool:
    """May this request change the index (re-ingest, upload)?

    With a login configured Gradio gates every route, so a request carries the
    user's name; without one, only a client on this machine may.
    """
    if getattr(request, "username", None):
        return True
    client = getattr(request, "client", None)
    return is_loopback(getattr(client, "host", None))


class LoginGuard:
    """ASGI middleware: exact user names, per-client slow-down of failed logins, upload gate."""

    FIRST_DELAY = 0.2
    MAX_DELAY = 10.0

    def __init__(self, app, auth_enabled: bool = False):
        self.app = app
        self.auth_enabled = auth_enabled
        self.failures: dict[str, int] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def delay(self, client: str) -> float:
        n = self.failures.get(client, 0)
        return 0.0 if n == 0 else min(self.FIRST_DELAY * 2 ** (n - 1), self.MAX_DELAY)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST":
            return await self.app(scope, receive, send)
        path = scope.get("path", "").rstrip("/")
        client = (scope.get("client") or ("", 0))[0]
        if path.endswith("/upload"):
            return await self._upload(scope, receive, send, client)
        if path.endswith("/login"):
            return await self._login(scope, receive, send, client)
        return await self.app(scope, receive, send)

    async def _refuse(self, send, status: int, message: str, headers=()):
        body = ('{"detail": "%s"}' % message).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _upload(self, scope, receive, send, client):
        if not self.auth_enabled and not is_loopback(client):
            return await self._refuse(send, 403, "uploads are only accepted from this machine unless a login is configured")
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length and int(length) > MAX_UPLOAD_FILES * MAX_UPLOAD_BYTES:
            return await self._refuse(send, 413, f"at most {MAX_UPLOAD_FILES} files of {MAX_UPLOAD_BYTES // 2**20} MiB each")
        return await self.app(scope, receive, send)

    async def _login(self, scope, receive, send, client):
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > 65536:
                return await self._refuse(send, 413, "login form too large")
        lock = self._locks.setdefault(client, asyncio.Lock())
        async with lock:  # one attempt at a time per client: parallel guessing waits too
            wait = self.delay(client)
            if wait:
                await asyncio.sleep(wait)
            headers = [(b"x-login-delay", f"{wait:.2f}".encode())]
            username = await _form_username(scope, body)
            if username != username.strip():
                self.failures[client] = self.failures.get(client, 0) + 1
                return await self._refuse(send, 400, "Incorrect credentials.", headers)
            status = {}

            async def replay():
                return {"type": "http.request", "body": body, "more_body": False}

            async def send_with_header(message):
                if message["type"] == "http.response.start":
                    status["code"] = message["status"]
                    message = {**message, "headers": [*message.get("headers", []), *headers]}
                await send(message)

            await self.app(scope, replay, send_with_header)
            if status.get("code") == 200:
                self.failures.pop(client, None)
            else:
                self.failures[client] = self.failures.get(client, 0) + 1


async def _form_username(scope, body: bytes) -> str:
    """The raw `username` field of a login form (urlencoded or multipart, as browsers send it)."""
    from starlette.requests import Request

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(scope, receive).form()
        value = form.get("username")
        return value if isinstance(value, str) else ""
    except Exception:  # a malformed form: Gradio answers it
        return ""
