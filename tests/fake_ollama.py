"""A small Ollama-API-compatible server for tests, on loopback.

There is no Ollama binary on this machine, so the Ollama backend is tested
against this: it speaks the same HTTP API the `ollama` client uses
(/api/version, /api/chat with NDJSON streaming, errors as {"error": …}), with
a deterministic reply (the first sentence of passage [1], cited) and switches
to misbehave: hang, die mid-stream, or not know the model.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOllama:
    def __init__(self, models=("qwen2.5-coder:1.5b",)):
        self.models = set(models)
        self.requests: list[dict] = []
        self.mode = "ok"  # ok | hang | die
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _json(self, code, obj):
                body = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/api/version":
                    self._json(200, {"version": "0.0.0-fake"})
                elif self.path == "/api/tags":
                    self._json(200, {"models": [{"name": m} for m in sorted(fake.models)]})
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self):
                req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append(req)
                if self.path != "/api/chat":
                    return self._json(404, {"error": "not found"})
                if req.get("model") not in fake.models:
                    return self._json(404, {"error": f"model '{req.get('model')}' not found"})
                if fake.mode == "hang":
                    time.sleep(30)
                    return
                m = re.search(r"^\[1\] (.+?[.!?])(\s|$)", req["messages"][-1]["content"], re.M)
                words = (f"{m.group(1)} [1]" if m else "I don't know.").split(" ")
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()

                def chunk(obj):
                    data = (json.dumps(obj) + "\n").encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    self.wfile.flush()

                for i, w in enumerate(words):
                    if fake.mode == "die" and i == 2:
                        self.connection.shutdown(2)  # the server dies mid-answer
                        self.connection.close()
                        return
                    chunk({"model": req["model"], "message": {"role": "assistant", "content": (" " if i else "") + w}, "done": False})
                chunk({"model": req["model"], "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop"})
                self.wfile.write(b"0\r\n\r\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
