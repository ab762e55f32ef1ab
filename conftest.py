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
# llama.cpp on 2 cores collapses when a second busy process shares them. From
# its first test marked `llm` (eval/ is), a pytest run holds an exclusive lock
# on a machine-wide file until it exits, so two checkouts tested at once take
# turns instead. Taken before fixtures are set up (eval's session fixture runs
# the model); released when the process ends.

import fcntl  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402

_LLM_LOCK = os.path.join(tempfile.gettempdir(), "rag-news-llm.lock")
_held = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if not _held and item.get_closest_marker("llm") is not None:
        f = open(_LLM_LOCK, "w")
        fcntl.flock(f, fcntl.LOCK_EX)
        _held.append(f)
