"""`rag doctor`: is this machine set up to answer fast? Checks, each with its fix.

The one that matters most for speed: llama.cpp reads prompts ~1.7x faster when it
is built for the CPU it runs on (bench: 85-90 vs 147-156 prompt tokens/s on an
AVX-512 EPYC). pip builds llama-cpp-python from source with whatever CMAKE_ARGS
were set, and silently reuses a cached wheel built with other ones, so a venv
can end up with a build that leaves the CPU's vector instructions unused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Check", "cpu_flags", "llama_features", "unused_cpu_features", "build_check", "checks"]

# CPU flag in /proc/cpuinfo → the name llama.cpp's system info gives the same instructions
# (the ones ggml's CPU backend has kernels for), slowest first.
FEATURES = {
    "sse3": "SSE3",  # /proc/cpuinfo calls it pni
    "ssse3": "SSSE3",
    "avx": "AVX",
    "avx2": "AVX2",
    "f16c": "F16C",
    "fma": "FMA",
    "bmi2": "BMI2",
    "avx_vnni": "AVX_VNNI",
    "avx512f": "AVX512",
    "avx512vbmi": "AVX512_VBMI",
    "avx512_vnni": "AVX512_VNNI",
    "avx512_bf16": "AVX512_BF16",
    # AMX_INT8 is left out on purpose: ggml 0.3.36's AMX kernels crash (general protection fault at
    # the first `ldtilecfg`, seen on a Xeon on 2026-12-02), so `make` builds without it (Makefile
    # LLAMA_CFLAGS) and a build without it is the right one.
}

REBUILD = (
    'CFLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16" CXXFLAGS="$CFLAGS" '
    'CMAKE_ARGS="-DGGML_NATIVE=ON -DLLAVA_BUILD=OFF" .venv/bin/pip install --no-cache-dir '
    "--force-reinstall --no-deps llama-cpp-python==0.3.36   (or: make clean setup)"
)


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def cpu_flags(cpuinfo: str | None = None) -> set[str]:
    """The CPU's feature flags (Linux /proc/cpuinfo; empty elsewhere)."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return set()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            if "pni" in flags:
                flags.add("sse3")
            return flags
    return set()


def llama_features(system_info: str | None = None) -> dict[str, bool]:
    """What the installed llama.cpp uses: {"AVX2": True, "AVX512": False, …}, from its system info."""
    if system_info is None:
        import llama_cpp

        system_info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    return {k: v == "1" for k, v in re.findall(r"([A-Z0-9_]+) = (\d)", system_info)}


def unused_cpu_features(flags: set[str], features: dict[str, bool]) -> list[str]:
    """Instructions the CPU has and llama.cpp has kernels for, but this build doesn't use."""
    return [name for flag, name in FEATURES.items() if flag in flags and not features.get(name, False)]


def build_check(info: str, flags: set[str], version: str) -> Check:
    """The llama.cpp build's check, from its system info and the CPU's flags."""
    features = llama_features(info)
    unused = unused_cpu_features(flags, features)
    if features.get("AMX_INT8"):
        return Check(
            "llama.cpp build", False,
            f"llama-cpp-python {version} uses AMX, whose ggml kernels crash the first answer "
            "(general protection fault at `ldtilecfg`)", f"rebuild it without AMX: {REBUILD}",
        )
    if unused:
        return Check(
            "llama.cpp build", False,
            f"llama-cpp-python {version} leaves CPU speed unused: this CPU has "
            f"{', '.join(unused)}, the build doesn't use it (prompts are read up to ~1.7x slower)",
            f"rebuild it for this CPU: {REBUILD}",
        )
    return Check("llama.cpp build", True, f"llama-cpp-python {version}; uses {' '.join(k for k, v in features.items() if v)}")


def checks(settings) -> list[Check]:
    out = []
    try:
        import llama_cpp

        info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
        out.append(build_check(info, cpu_flags(), llama_cpp.__version__))
    except Exception as e:  # not installed, or a broken build: say so, don't crash the doctor
        out.append(Check("llama.cpp build", False, f"llama-cpp-python does not load: {e}", REBUILD))

    from .errors import RagError
    from .model import ensure_model

    try:
        path = ensure_model(settings.model, settings.model_dir, progress=False)
        out.append(Check("model", True, f"{path} (sha256 verified)"))
    except RagError as e:
        out.append(Check("model", False, str(e), "run `rag model` (or `make setup`)"))
    return out
