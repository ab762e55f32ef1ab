"""Where serving memory goes: `python -m bench.memprobe SEEDS_INDEX LARGE_CORPUS LARGE_INDEX N_CTX [mmap|nommap|norepack]` → JSON.

A fresh process builds up what `serve` holds, step by step, and records VmRSS and
VmHWM (peak) after each step. Run by `bench.whatif` (experiment D) with n_ctx 4096 and 2048, and
with llama.cpp reading the model into memory instead of mmapping it (`use_mmap=False`), and
with llama.cpp's weight repacking off (`norepack`).
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path


def _status() -> dict:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:", "RssFile:", "RssAnon:")):
            k, v = line.split(":", 1)
            out[k] = int(v.split()[0]) * 1024
    return out


def main(argv) -> int:
    seeds_index, large_corpus, large_index, n_ctx = argv[0], argv[1], argv[2], int(argv[3])
    mode = argv[4] if len(argv) > 4 else "mmap"
    steps = [("start", _status())]
    import rag
    from rag import Assistant, Settings
    from rag.embeddings import load_embedder, load_tokenizer

    steps.append(("imports", _status()))
    emb = load_embedder()
    load_tokenizer()
    emb.get_text_embedding_batch(["warm up"])
    steps.append(("embedder loaded", _status()))
    settings = Settings.from_env(backend="llamacpp", index_dir=Path(seeds_index), corpus_dir=Path("seeds"),
                                 chroma_url="", n_ctx=n_ctx)
    generator = None
    if mode != "mmap":
        from .whatif import tuned_llamacpp

        generator = tuned_llamacpp(settings, use_mmap=False) if mode == "nommap" else tuned_llamacpp(settings, repack=False)
    a = Assistant(settings, generator=generator, embedder=emb)
    a.generator.count_tokens("x")
    steps.append(("model loaded", _status()))
    a.ask("Why did Japan drop the June deal with Russia?")
    steps.append(("one answer (seeds index)", _status()))
    large = Assistant(settings.replace(corpus_dir=Path(large_corpus), index_dir=Path(large_index)),
                      generator=a.generator, embedder=emb)
    nodes = large.index.nodes()
    steps.append((f"all {len(nodes):,} chunks as nodes (index.nodes())", _status()))
    del nodes
    gc.collect()
    large.retriever.retrieve("How do I open a file?")
    steps.append(("large retriever built (vector + BM25) and one query", _status()))
    print(json.dumps([{"step": s, **v} for s, v in steps]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
