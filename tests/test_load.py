"""The web app under load (loopback only, bounded): it keeps serving, queues, and says when it is busy.

The generator is Scripted but slow (like a CPU model writing an answer), so
requests really pile up behind the one-at-a-time queue.
"""

import concurrent.futures
import socket
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

from rag import Assistant, Scripted, Settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore", message=".*Pandas4Warning.*")
import app  # noqa: E402

pytestmark = pytest.mark.slow  # 20-request bursts against a live server: tens of seconds

gradio_client = pytest.importorskip("gradio_client")

QUESTION = "What did Lavrov say Japan must recognize?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Slow:
    """Scripted reply, one word every 20 ms; records how many generations overlap."""

    def __init__(self):
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, messages):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.3)
        with self.lock:
            self.running -= 1
        return Scripted.first_sentence(messages)


def _serve(tmp_path, max_queue, auth=None):
    slow = Slow()
    a = Assistant(Settings(index_dir=tmp_path / "index", corpus_dir=ROOT / "seeds", backend="llamacpp"), generator=Scripted(slow))
    a.ingest()
    demo = app.build_app(a, max_queue=max_queue)
    kw = {"auth": auth} if auth else {}
    _, url, _ = app.launch(demo, "127.0.0.1", _free_port(), prevent_thread_lock=True, quiet=True, **kw)
    return demo, url, slow


def _ask(url):
    try:
        return gradio_client.Client(url, verbose=False).predict(QUESTION, api_name="/ask")
    except Exception as e:  # the busy answer comes back as an error message
        return e


def test_twenty_concurrent_requests_all_answered_one_at_a_time(tmp_path):
    demo, url, slow = _serve(tmp_path, max_queue=32)
    try:
        rss_before = _rss_mb()
        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(lambda _: _ask(url), range(20)))
        errors = [r for r in results if isinstance(r, Exception)]
        assert not errors, errors[:3]
        assert all(r["citations"] and not r["refused"] for r in results)
        assert slow.most == 1  # queued: never two generations at once
        assert _rss_mb() - rss_before < 500  # memory stays bounded
        assert _ask(url)["citations"]  # and it still serves
    finally:
        demo.close()


def test_past_the_queue_bound_requests_get_a_clear_busy_message(tmp_path):
    demo, url, slow = _serve(tmp_path, max_queue=3)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(lambda _: _ask(url), range(20)))
        answered = [r for r in results if not isinstance(r, Exception)]
        busy = [r for r in results if isinstance(r, Exception)]
        assert answered and busy and len(answered) + len(busy) == 20
        assert all("queue is full" in str(e).lower() for e in busy), [str(e) for e in busy[:3]]
        assert _ask(url)["citations"]  # still serving after the burst
    finally:
        demo.close()


def test_basic_auth_when_configured(tmp_path):
    demo, url, _ = _serve(tmp_path, max_queue=8, auth=("reader", "s3cret"))
    try:
        import urllib.error
        import urllib.request

        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(url + "gradio_api/info", timeout=10)
        assert e.value.code in (401, 403)
        ok = gradio_client.Client(url, auth=("reader", "s3cret"), verbose=False).predict(QUESTION, api_name="/ask")
        assert ok["citations"]
    finally:
        demo.close()


def test_auth_setting_is_parsed_and_checked():
    assert Settings(auth="reader:s3:cret").auth_pair == ("reader", "s3:cret")
    assert Settings().auth_pair is None
    from rag import ConfigError

    with pytest.raises(ConfigError, match="USER:PASSWORD"):
        Settings(auth="no-colon")
