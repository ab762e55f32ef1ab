"""The big indexes for the scale part: all of python3-doc plus seeds (~41k chunks), and a multiple of it.

`python -m bench.scale ingest DATA` builds DATA/corpus-41k (every Python doc source
plus seeds/) and ingests it into DATA/index-41k through `Assistant.ingest` (≈14 min
of both cores: it is kept and reused).

`python -m bench.scale multiply DATA COPIES` makes DATA/index-<n>k from index-41k
without embedding anything: each chunk is written COPIES times, copy c > 0 with
  - id and document id suffixed "~c" (so each copy is its own document),
  - text with a marker sentence "(Copy c of this passage.)" appended,
  - its embedding moved by Gaussian noise (σ = 0.02 per dimension, then re-normalised:
    cosine to the original ≈ 0.93), so HNSW holds distinct vectors;
through the library's own store (`Index.vector_store.add`), so the keyword index is
written as in a real ingest. The docstore is not copied: serving does not read it.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ingest(data: Path) -> dict:
    from rag import Assistant, Settings

    from . import corpus as corpus_mod

    corpus = data / "corpus-41k"
    if not corpus.exists():
        info = corpus_mod.build(corpus / "pydocs", None)
        shutil.copytree(ROOT / "seeds", corpus / "seeds")
    else:
        info = {"reused": str(corpus)}
    a = Assistant(Settings(corpus_dir=corpus, index_dir=data / "index-41k", backend="llamacpp"))
    t = time.perf_counter()
    report, skipped = a.ingest(progress=False)
    return {"corpus": info, "report": report.to_dict(), "seconds": time.perf_counter() - t, "skipped": len(skipped)}


def synthetic(data: Path) -> dict:
    """The same 41k index without the 14 min of embedding: every chunk made by the library's
    loader and splitter, the seeds' chunks embedded for real (the first-answer question is
    about them), the Python docs' chunks given random unit vectors; written through the
    library's store (Chroma + keyword index). Retrieval *cost* is what the scale part
    measures, and HNSW search costs the same on random vectors; which python-doc chunk a
    query finds is meaningless here. Used when the real ingest could not run."""
    import numpy as np

    from rag import Assistant, Settings
    from llama_index.core.schema import MetadataMode

    from rag.chunks import make_splitter
    from rag.documents import load_corpus

    from . import corpus as corpus_mod

    corpus = data / "corpus-41k"
    if not corpus.exists():
        corpus_mod.build(corpus / "pydocs", None)
        shutil.copytree(ROOT / "seeds", corpus / "seeds")
    settings = Settings(corpus_dir=corpus, index_dir=data / "index-41k", backend="llamacpp")
    if settings.index_dir.exists():
        shutil.rmtree(settings.index_dir)
    a = Assistant(settings)
    t = time.perf_counter()
    docs, _ = load_corpus(corpus)
    nodes = make_splitter(settings.chunk_tokens, settings.chunk_overlap).get_nodes_from_documents(docs)
    rng = np.random.default_rng(41)
    seeds = [n for n in nodes if n.ref_doc_id and n.ref_doc_id.startswith("seeds/")]
    for n, v in zip(seeds, a.index.embedder.get_text_embedding_batch([n.get_content(metadata_mode=MetadataMode.EMBED) for n in seeds])):
        n.embedding = v
    for n in nodes:
        if n.embedding is None:
            v = rng.normal(size=384).astype(np.float32)
            n.embedding = (v / np.linalg.norm(v)).tolist()
    for i in range(0, len(nodes), 2000):
        a.index.vector_store.add(nodes[i : i + 2000])
    docstore = write_docstore(settings.index_dir, corpus)
    return {"documents": len(docs), "chunks": a.index.count(), "embedded": len(seeds), "docstore": docstore,
            "keyword_rows": a.index.keywords.count(), "seconds": time.perf_counter() - t,
            "how": "seeds embedded, python-doc chunks with random unit vectors"}


def _copy_chunks(src_dir: Path, dst_dir: Path, corpus: Path, copies: int = 1, keep=None, sigma: float = 0.02) -> dict:
    """Write the chunks of the index at src_dir (those whose document id `keep` accepts) into a
    new index at dst_dir through the library's store, `copies` times, copy c > 0 altered (see the
    module doc); stored vectors are reused, nothing is embedded."""
    import numpy as np
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    from rag import Assistant, Settings

    src = Assistant(Settings(corpus_dir=corpus, index_dir=src_dir, backend="llamacpp"))
    if dst_dir.exists():
        shutil.rmtree(dst_dir)
    dst = Assistant(Settings(corpus_dir=corpus, index_dir=dst_dir, backend="llamacpp"))
    rng = np.random.default_rng(13)
    t = time.perf_counter()
    for page in src.index.pages(["documents", "metadatas", "embeddings"], page=2000):
        nodes = []
        for c in range(copies):
            for chunk_id, text, meta, emb in zip(page["ids"], page["documents"], page["metadatas"], page["embeddings"]):
                if keep is not None and not keep(meta.get("document_id", "")):
                    continue
                node = metadata_dict_to_node(meta, text=text)
                node.id_ = chunk_id
                vec = np.asarray(emb, dtype=np.float32)
                if c:
                    doc = f"{node.ref_doc_id}~{c}"
                    node.id_ = f"{chunk_id}~{c}"
                    node.text = f"{text} (Copy {c} of this passage.)"
                    node.metadata = {**node.metadata, "source": doc}
                    node.relationships = {NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc)}
                    vec = vec + rng.normal(0.0, sigma, vec.shape).astype(np.float32)
                    vec /= np.linalg.norm(vec)
                node.embedding = vec.tolist()
                nodes.append(node)
        if nodes:
            dst.index.vector_store.add(nodes)
    return {"source_chunks": src.index.count(), "copies": copies, "chunks": dst.index.count(), "index": str(dst_dir),
            "keyword_rows": dst.index.keywords.count(), "seconds": time.perf_counter() - t, "sigma": sigma}


def write_docstore(index_dir: Path, corpus: Path) -> dict:
    """The docstore an ingest would have written (index/docstore.json: each document's hash, metadata
    and cleaned text; the first cited answer reads it to locate its quote), for the documents the
    index at index_dir holds: read from `corpus`, copies (`<id>~c`) included, under the ids the
    index's chunks carry. Also index/format.json, so the index is not taken for one to upgrade."""
    import sqlite3

    from llama_index.core.storage.docstore import SimpleDocumentStore

    from rag.documents import load_corpus
    from rag.index import FORMAT

    docs = {d.metadata["source"]: d for d in load_corpus(corpus)[0]}
    with sqlite3.connect(index_dir / "keywords.sqlite") as db:  # the library's keyword index: one row per chunk
        ids = [r[0] for r in db.execute("SELECT DISTINCT document_id FROM chunks")]
    store, t = SimpleDocumentStore(), time.perf_counter()
    for doc_id in ids:
        base, _, copy = doc_id.partition("~")
        src = docs.get(base) or docs.get(base.removeprefix(f"{Path(corpus).resolve().as_posix()}/"))
        if src is None:
            continue
        doc = src.model_copy(deep=True)
        doc.id_ = doc_id
        if copy:
            doc.metadata["source"] = doc_id
        store.add_documents([doc])
        store.set_document_hash(doc_id, doc.hash)
    store.persist(str(index_dir / "docstore.json"))
    (index_dir / "format.json").write_text(json.dumps({"format": FORMAT}) + "\n")
    return {"documents": len(store.docs), "docstore_bytes": (index_dir / "docstore.json").stat().st_size,
            "seconds": time.perf_counter() - t}


def multiply(data: Path, copies: int, sigma: float = 0.02) -> dict:
    from rag import Assistant, Settings

    n = Assistant(Settings(corpus_dir=data / "corpus-41k", index_dir=data / "index-41k")).index.count()
    dst = data / f"index-{n * copies // 1000}k"
    out = _copy_chunks(data / "index-41k", dst, data / "corpus-41k", copies, sigma=sigma)
    out["docstore"] = write_docstore(dst, data / "corpus-41k")
    return out


def subset(data: Path, budget_mb: float = 3.6) -> dict:
    """DATA/index-13k: the chunks of the 41k index that belong to the ingest part's large corpus
    (the Python doc files smallest first up to `budget_mb`, bench/corpus.py) plus seeds/, with their
    stored vectors: the 13k size of the scale table without a second embedding run."""
    from . import corpus as corpus_mod

    _, chosen, _ = corpus_mod.select(int(budget_mb * 1e6))
    docs = {f"pydocs/{corpus_mod.target_name(rel)}" for rel, _ in chosen}
    root = str(data / "corpus-41k") + "/"  # a real ingest's document ids are absolute paths, the synthetic's relative
    rel = lambda d: d.removeprefix(root)  # noqa: E731
    out = _copy_chunks(data / "index-41k", data / "index-13k", data / "corpus-41k",
                       keep=lambda d: rel(d) in docs or rel(d).startswith("seeds/"))
    out["docstore"] = write_docstore(data / "index-13k", data / "corpus-41k")
    return {**out, "python_doc_files": len(chosen), "budget_mb": budget_mb}


def main(argv) -> int:
    what, data = argv[0], Path(argv[1])
    data.mkdir(parents=True, exist_ok=True)
    if what == "multiply":
        out = multiply(data, int(argv[2]))
    elif what == "docstore":  # DATA INDEX_NAME: (re)write that index's docstore
        out = write_docstore(data / argv[2], data / "corpus-41k")
    else:
        out = {"ingest": ingest, "synthetic": synthetic, "subset": subset}[what](data)
    (data / f"{what}.json").write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
