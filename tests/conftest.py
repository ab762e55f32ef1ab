"""Shared fixtures: a private copy of the seed corpus and settings pointing at tmp folders.

Real parts throughout (Chroma, the packaged embedder); the model is replaced by
`Scripted` only in tests of plumbing. Tests marked `llm` use the real model.
"""

import shutil
from pathlib import Path

import pytest

from rag import Assistant, Scripted, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(SEEDS, dst)
    for f in dst.iterdir():
        f.chmod(0o644)
    return dst


@pytest.fixture
def settings(tmp_path, corpus) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", backend="llamacpp")


@pytest.fixture
def scripted(settings):
    """An Assistant over an ingested copy of the seeds, with a deterministic generator."""
    gen = Scripted()
    a = Assistant(settings, generator=gen)
    a.ingest()
    yield a
    a.close()


@pytest.fixture
def held_open():
    """held_open(folder, at_most=0) -> the files under `folder` this process holds open, read once
    there are at most `at_most` (or after 10 s). Chroma's Rust store closes its SQLite pool on its
    own threads, milliseconds after it is released: read at once, 2 connections were sometimes
    still open (measured), so a test of what was released waits for it."""
    import os
    import time

    def files(folder) -> list[str]:
        folder = str(Path(folder).resolve())
        out = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith(folder + os.sep):
                out.append(target)
        return out

    def held(folder, at_most: int = 0) -> list[str]:
        deadline = time.monotonic() + 10
        while len(found := files(folder)) > at_most and time.monotonic() < deadline:
            time.sleep(0.05)
        return found

    return held


# -- the web chat on loopback, and a real browser on it -----------------------------------
# One copy of what the web and browser tests share. A module defines its own
# `assistant` (module-scoped: its corpus, its generator); `server` serves it once
# for all the module's tests. Browser tests get Debian's Chromium (never a
# downloaded one) with the flags below, and every page they open aborts requests
# to any host but the local server, noting them in `blocked` (and every host
# asked for in `hosts`), so "nothing left the machine" is checked, not hoped.

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [  # no sandbox (root in a container), no GPU, nothing fetched in the background
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(skip)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def seeded_assistant(tmp_path_factory):
    """seeded_assistant(generator=None, extra={name: text}) -> an Assistant over a private copy
    of the seeds plus `extra`, ingested; for a module's `assistant` (generator None: the real model)."""

    def make(generator=None, extra: dict[str, str] | None = None) -> Assistant:
        tmp = tmp_path_factory.mktemp("seeded")
        corpus = tmp / "corpus"
        shutil.copytree(SEEDS, corpus)
        for f in corpus.iterdir():
            f.chmod(0o644)
        for name, text in (extra or {}).items():
            (corpus / name).write_text(text)
        a = Assistant(Settings(index_dir=tmp / "index", corpus_dir=corpus, backend="llamacpp"), generator=generator)
        a.ingest()
        made.append(a)
        return a

    made = []
    yield make
    for a in made:
        a.close()


@pytest.fixture(scope="module")
def serve_app():
    """serve_app(assistant, **launch_kwargs) -> (demo, url): the web chat on a free loopback port.

    Every server started is closed after the module's last test."""
    import sys

    sys.path.insert(0, str(ROOT))
    import app

    demos = []

    def serve(assistant, **kwargs):
        demo = app.build_app(assistant)
        _, url, _ = app.launch(demo, "127.0.0.1", _free_port(), prevent_thread_lock=True, quiet=True, **kwargs)
        demos.append(demo)
        return demo, url.rstrip("/")

    yield serve
    for demo in demos:
        demo.close()


@pytest.fixture(scope="module")
def server(assistant, serve_app) -> str:
    """The module's `assistant` served once for all its tests: the base URL."""
    return serve_app(assistant)[1]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def hosts() -> set:
    """Every host (or scheme, for data:/blob:) the module's pages asked for."""
    return set()


@pytest.fixture(scope="module")
def blocked() -> list:
    """Every URL the module's pages asked for beyond the local server (aborted)."""
    return []


@pytest.fixture(scope="module")
def open_page(browser, server, hosts, blocked):
    """open_page(width=1280, wait_until="load") -> a new page (its own session) on the
    server, with the chat's question box ready. Pages left open close with the module."""
    from urllib.parse import urlparse

    pages = []

    def guard(route):
        u = urlparse(route.request.url)
        if u.scheme in ("data", "blob") or u.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    def open_(width: int = 1280, wait_until: str = "load"):
        page = browser.new_page(viewport={"width": width, "height": 1000})
        pages.append(page)
        page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or urlparse(r.url).scheme))
        page.route("**/*", guard)
        # A loaded machine (a model run beside the tests) serves the first page in well over
        # Playwright's default 30 s: seen at 30 s+ while an eval ran. Not a speed assertion.
        page.goto(server, wait_until=wait_until, timeout=180_000)
        page.locator("#question textarea").wait_for(timeout=180_000)
        return page

    yield open_
    for page in pages:
        if not page.is_closed():
            page.close()
