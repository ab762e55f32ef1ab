"""The large real corpus: the Python documentation sources from Debian's python3-doc.

`apt-get install python3-doc` puts the reStructuredText sources of the docs under
/usr/share/doc/python3*/html/_sources/ as `*.rst.txt` (older packages: `.rst`, or
gzipped `.txt.gz`). They are copied (decompressed, renamed to `.txt` when needed)
into a folder of the bench's own, keeping the tree, so the corpus loader reads
them like any article folder.

All 497 files of Python 3.11 make ~41k chunks of 128 tokens: more than the scale
the targets are set at (~13k chunks). So by default the bench takes the smallest
files first until the total reaches `budget_bytes` (3.6 MB ≈ 380 files ≈ 13k
chunks); `budget_bytes=None` takes them all. The choice is deterministic
(size, then path), so runs compare.
"""

from __future__ import annotations

import glob
import gzip
import shutil
from pathlib import Path

INSTALL_HINT = "install the Python docs first: apt-get update && apt-get install -y python3-doc"


def find_sources() -> Path:
    candidates = sorted(glob.glob("/usr/share/doc/python3*/html/_sources"), reverse=True)
    for c in candidates:
        p = Path(c)
        if any(p.rglob("*.txt")) or any(p.rglob("*.rst")) or any(p.rglob("*.txt.gz")):
            return p
    raise SystemExit(f"no Python documentation sources under /usr/share/doc/python3*/html/_sources; {INSTALL_HINT}")


def target_name(rel: str) -> str:
    if rel.endswith(".txt.gz"):
        return rel[: -len(".gz")]
    if rel.endswith(".rst"):
        return rel + ".txt"
    return rel


def select(budget_bytes: int | None) -> tuple[Path, list[tuple[str, bytes]], int]:
    """The chosen sources, smallest first up to the budget. → (source folder, [(relative path, text)], files available)."""
    src = find_sources()
    files = []
    for p in src.rglob("*"):
        if not p.is_file():
            continue
        name = p.name
        if not (name.endswith(".txt") or name.endswith(".rst") or name.endswith(".txt.gz")):
            continue
        rel = p.relative_to(src).as_posix()
        data = gzip.decompress(p.read_bytes()) if name.endswith(".gz") else p.read_bytes()
        if not data.strip():
            continue
        files.append((len(data), rel, data))
    files.sort(key=lambda f: (f[0], f[1]))
    chosen, total = [], 0
    for size, rel, data in files:
        if budget_bytes is not None and total + size > budget_bytes:
            break
        chosen.append((rel, data))
        total += size
    return src, chosen, len(files)


def build(dst: Path, budget_bytes: int | None) -> dict:
    """Copy the selected sources into dst (a fresh folder). → a description of the corpus."""
    src, chosen, available = select(budget_bytes)
    total = sum(len(d) for _, d in chosen)
    if dst.exists():
        shutil.rmtree(dst)
    for rel, data in chosen:
        out = dst / target_name(rel)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    return {
        "source": str(src),
        "files_available": available,
        "files": len(chosen),
        "bytes": total,
        "largest_file_bytes": max((len(d) for _, d in chosen), default=0),
        "budget_bytes": budget_bytes,
    }
