"""`rag doctor`: spotting a llama.cpp build that leaves CPU speed unused."""

from click.testing import CliRunner

from rag.cli import cli
from rag.doctor import build_check, cpu_flags, llama_features, unused_cpu_features

EPYC = "processor\t: 0\nflags\t\t: fpu sse sse2 pni ssse3 fma f16c avx avx2 bmi2 avx512f avx512vbmi avx512_vnni avx512_bf16\n"
PORTABLE = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | "
NATIVE = PORTABLE.replace("BMI2 = 1 |", "BMI2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 |")


def test_portable_build_on_an_avx512_cpu_is_reported():
    flags = cpu_flags(EPYC)
    assert {"sse3", "avx512f", "avx512_vnni"} <= flags
    assert unused_cpu_features(flags, llama_features(PORTABLE)) == ["AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16"]
    assert unused_cpu_features(flags, llama_features(NATIVE)) == []
    # an older CPU: a build without AVX-512 leaves nothing unused
    assert unused_cpu_features(cpu_flags("flags : sse2 pni ssse3 avx avx2 fma f16c bmi2\n"), llama_features(PORTABLE)) == []


XEON = EPYC.replace("avx512_bf16", "avx512_bf16 amx_bf16 amx_tile amx_int8")


def test_a_build_with_amx_is_reported_and_one_without_it_is_right():
    # ggml's AMX kernels crash at the first answer (Makefile LLAMA_CFLAGS): a native build without
    # AMX on an AMX Xeon leaves nothing unused, one with AMX must be rebuilt
    assert build_check(NATIVE, cpu_flags(XEON), "0.3.36").ok
    bad = build_check(NATIVE.replace("AVX512_BF16 = 1 |", "AVX512_BF16 = 1 | AMX_INT8 = 1 |"), cpu_flags(XEON), "0.3.36")
    assert not bad.ok and "AMX" in bad.detail and "-mno-amx-int8" in bad.fix
    assert not build_check(PORTABLE, cpu_flags(XEON), "0.3.36").ok


def test_doctor_command_reports_the_build_and_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_MODEL_DIR", str(tmp_path / "models"))  # no model there, and no parts assembled into it
    monkeypatch.setenv("RAG_MODEL", str(tmp_path / "missing.gguf"))
    result = CliRunner().invoke(cli, ["doctor"])
    assert "llama.cpp build:" in result.output
    assert "PROBLEM  model:" in result.output and "fix: run `rag model`" in result.output
    assert result.exit_code == 1
    assert "Traceback" not in result.output
