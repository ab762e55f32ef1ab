"""Settings: one declaration per field, read from the environment in one loop."""

from dataclasses import fields
from pathlib import Path

import pytest

from rag import ConfigError, Settings
from rag.settings import env_names, markdown_table

ROOT = Path(__file__).resolve().parent.parent


def test_every_field_has_an_environment_variable_and_help():
    for f in fields(Settings):
        assert f.metadata["env"], f"{f.name} has no environment variable"
        assert f.metadata["help"], f"{f.name} has no help text"


def test_every_field_is_read_from_its_variable():
    # a value different from every default, of the right type, through each field's first variable
    env, expected = {}, {}
    for f in fields(Settings):
        default = getattr(Settings(), f.name)
        if f.name == "backend":
            raw, value = "OLLAMA", "ollama"  # case-insensitive
        elif f.name == "auth":
            raw, value = "reader:s3cret", "reader:s3cret"
        elif isinstance(default, Path):
            raw, value = "/tmp/somewhere", Path("/tmp/somewhere")
        elif isinstance(default, bool):
            raw, value = ("off", False) if default else ("on", True)
        elif isinstance(default, int):
            value = {"top_k": 7, "chunk_tokens": 200, "chunk_overlap": 20, "port": 8123}.get(f.name, default + 3)
            raw = str(value)
        elif isinstance(default, float):
            value = default + 0.125
            raw = str(value)
        else:
            raw = value = f"x-{f.name}"
        env[f.metadata["env"][0]] = raw
        expected[f.name] = value
    s = Settings.from_env(env)
    assert {k: getattr(s, k) for k in expected} == expected


def test_overrides_win_and_none_means_not_given():
    env = {"RAG_TOP_K": "6", "RAG_HOST": "0.0.0.0"}
    assert Settings.from_env(env, top_k=None).top_k == 6
    assert Settings.from_env(env, top_k=2).top_k == 2
    assert Settings.from_env(env, host="127.0.0.2").host == "127.0.0.2"
    with pytest.raises(TypeError, match="unknown setting"):
        Settings.from_env(env, topk=2)


def test_gradio_variables_are_honoured_and_ours_win():
    assert env_names("host") == ("RAG_HOST", "GRADIO_SERVER_NAME")
    assert env_names("port") == ("RAG_PORT", "GRADIO_SERVER_PORT")
    gradio = {"GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SERVER_PORT": "9001"}
    s = Settings.from_env(gradio)
    assert (s.host, s.port) == ("0.0.0.0", 9001)
    s = Settings.from_env({**gradio, "RAG_HOST": "127.0.0.1", "RAG_PORT": "7000"})
    assert (s.host, s.port) == ("127.0.0.1", 7000)
    s = Settings.from_env({})
    assert (s.host, s.port) == ("127.0.0.1", 7860)


def test_empty_variable_means_the_default():
    assert Settings.from_env({"RAG_TOP_K": "  ", "RAG_CORPUS": ""}) == Settings.from_env({})


@pytest.mark.parametrize(
    "env, message",
    [
        ({"RAG_TOP_K": "four"}, "RAG_TOP_K must be a whole number"),
        ({"RAG_MIN_RELEVANCE": "high"}, "RAG_MIN_RELEVANCE must be a number"),
        ({"GRADIO_SERVER_PORT": "http"}, "GRADIO_SERVER_PORT must be a whole number"),
        ({"RAG_PORT": "70000"}, "port must be between 1 and 65535"),
        ({"RAG_BACKEND": "gpt"}, "backend must be one of"),
        ({"RAG_AUTH": "nocolon"}, "USER:PASSWORD"),
        ({"RAG_CHUNK_OVERLAP": "500"}, "chunk_overlap must be smaller"),
    ],
)
def test_bad_values_are_clear_errors(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_readme_table_is_generated_from_the_declarations():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README settings table is stale: paste `rag settings --markdown` into it"


def test_no_code_reads_rag_variables_itself():
    """One source of truth: only rag/settings.py looks RAG_* variables up."""
    offenders = []
    for path in [ROOT / "app.py", *(ROOT / "rag").glob("*.py")]:
        if path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ('environ.get("RAG_', "environ['RAG_", 'environ["RAG_', 'getenv("RAG_', "GRADIO_SERVER"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert not offenders
