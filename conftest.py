"""Test-wide network guard: any connection or name lookup beyond loopback fails the test.

A local RAG that phones home (a model hub, telemetry) is broken; this makes
every test in tests/ and eval/ also a test of that.
"""

import ipaddress
import socket
import sys

_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "", None}


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(event, args):
    if event == "socket.connect":
        sock, address = args[0], args[1]
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise ConnectionRefusedError(f"network guard: connection to {address} during tests")
    elif event == "socket.getaddrinfo":
        if not _is_local(args[0]):
            raise ConnectionRefusedError(f"network guard: name lookup of {args[0]!r} during tests")


sys.addaudithook(_guard)


# -- one real model at a time ------------------------------------------------
# llama.cpp on 2 cores collapses when a second busy process shares them, so
# tests marked `llm` (and eval/) hold an exclusive lock on a machine-wide file
# while they run: two checkouts tested at once take turns instead.

import fcntl  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402

_LLM_LOCK = os.path.join(tempfile.gettempdir(), "rag-news-llm.lock")


@pytest.fixture(autouse=True)
def _one_model_at_a_time(request):
    if request.node.get_closest_marker("llm") is None:
        yield
        return
    with open(_LLM_LOCK, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield
