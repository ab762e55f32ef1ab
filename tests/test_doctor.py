"""`rag doctor`: spotting a llama.cpp build that leaves CPU speed unused."""

from click.testing import CliRunner

from rag.cli import cli
from rag.doctor import cpu_flags, llama_features, unused_cpu_features

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


def test_doctor_command_reports_the_build_and_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_MODEL_DIR", str(tmp_path / "models"))  # no model there, and no parts assembled into it
    monkeypatch.setenv("RAG_MODEL", str(tmp_path / "missing.gguf"))
    result = CliRunner().invoke(cli, ["doctor"])
    assert "llama.cpp build:" in result.output
    assert "PROBLEM  model:" in result.output and "fix: run `rag model`" in result.output
    assert result.exit_code == 1
    assert "Traceback" not in result.output
