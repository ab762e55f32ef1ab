"""One bench phase per process: `python -m bench.phases PHASE ARGS.json OUT.json`.

Each phase runs in a fresh process so its peak RSS (VmHWM from /proc/self/status)
is its own. Model loading (embedder, tokenizer, llama.cpp) is done and warmed up
before any timer starts. Phases:

    ingest           ours: Assistant.ingest on a corpus, then the unchanged re-ingest,
                     then the raw embedder on the same chunk texts, then a Chroma
                     write of those chunks alone (where the rest of the time goes)
    baseline_ingest  llama-index defaults: VectorStoreIndex.from_documents into Chroma,
                     then the raw embedder on the baseline's own chunk texts
    serve            ours: answers over the seeds index (real 1.5B model), then the
                     large index: retriever build and retrieval latency
    baseline_serve   llama-index defaults: index.as_query_engine(llm=the same model)
                     over the seeds, index.as_retriever() over the large index
    scale            a fresh process over a big index: time to the first answer after
                     process start, retrieval p50/p95, RSS (scale.py makes the indexes)
    startup          the same first answer's steps one by one (model, Chroma, embedder,
                     retriever, first retrieval, docstore, answer), each timed
    llama            the installed llama.cpp build: CPU features it uses, prompt and
                     writing tokens/s; prompt-lookup decoding against plain decoding
                     on the real answer prompts (same output at temperature 0?)
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path

perf = time.perf_counter

# One untimed answer / query before the timed ones (model and caches warm, as in a running server).
WARMUP_QUESTION = "Who is Russia's foreign minister in these talks?"
WARMUP_QUERY = "How do I open a file?"


def log(msg: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def peak_rss() -> int:
    """Peak resident set size of this process so far, in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def rss_now() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def lines(path) -> list[str]:
    return [s.strip() for s in Path(path).read_text().splitlines() if s.strip() and not s.startswith("#")]


def warm_embedder():
    """The packaged embedder and its tokenizer, loaded and run once. → (embedder, seconds)."""
    import rag  # noqa: F401  (offline / no-telemetry environment first)
    from rag.embeddings import load_embedder, load_tokenizer

    t = perf()
    emb = load_embedder()
    load_tokenizer()
    emb.get_text_embedding_batch(["warm up the embedder"])
    return emb, perf() - t


def chroma_client(path: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def embed_texts(nodes):
    from llama_index.core.schema import MetadataMode

    # exactly what an embedding transformation embeds: content plus non-excluded metadata
    return [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]


# ---------------------------------------------------------------------------- ingest
def ingest(args: dict) -> dict:
    from rag import Assistant, Settings
    from rag.chunks import make_splitter
    from rag.documents import load_corpus

    for d in (args["index"], args["scratch"]):  # a fresh index every time (a phase may be re-run)
        shutil.rmtree(d, ignore_errors=True)
    emb, load_s = warm_embedder()
    rss_loaded = peak_rss()
    settings = Settings(corpus_dir=Path(args["corpus"]), index_dir=Path(args["index"]), backend="llamacpp")

    first = Assistant(settings, embedder=emb)
    log(f"ingest {args['label']}: Assistant.ingest")
    t = perf()
    report, skipped = first.ingest(progress=False)
    wall = perf() - t
    rss_ingest = peak_rss()
    log(f"ingest {args['label']}: {report.summary()}")

    log(f"ingest {args['label']}: unchanged re-ingest")
    second = Assistant(settings, embedder=emb)  # a new run over the same folders
    t = perf()
    again, _ = second.ingest(progress=False)
    re_wall = perf() - t

    log(f"ingest {args['label']}: raw embedder on the same chunk texts")
    t = perf()
    docs, _ = load_corpus(settings.corpus_dir)
    load_docs_s = perf() - t
    t = perf()
    nodes = make_splitter(settings.chunk_tokens, settings.chunk_overlap).get_nodes_from_documents(docs)
    split_s = perf() - t
    texts = embed_texts(nodes)
    t = perf()
    vectors = emb.get_text_embedding_batch(texts)
    raw_s = perf() - t

    # the Chroma write alone (with the keyword index), same nodes and vectors, into a scratch index
    for n, v in zip(nodes, vectors):
        n.embedding = v
    scratch = Assistant(settings.replace(index_dir=Path(args["scratch"])), embedder=emb)
    t = perf()
    scratch.index.vector_store.add(nodes)
    chroma_add_s = perf() - t

    return {
        "label": args["label"],
        "documents": len(docs),
        "skipped": len(skipped),
        "chars": sum(len(d.text) for d in docs),
        "embedder_load_s": load_s,
        "report": report.to_dict(),
        "wall_s": wall,
        "chunks_added": report.chunks_added,
        "chunks_per_s": report.chunks_added / wall if wall else 0.0,
        "reingest": {"wall_s": re_wall, "report": again.to_dict(), "chunks_added": again.chunks_added},
        "raw": {"chunks": len(texts), "seconds": raw_s, "chunks_per_s": len(texts) / raw_s if raw_s else 0.0},
        "parts_s": {"load_documents": load_docs_s, "split": split_s, "embed": raw_s, "chroma_add": chroma_add_s},
        "rss": {"embedder_loaded": rss_loaded, "peak": rss_ingest},
    }


def baseline_ingest(args: dict) -> dict:
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from rag.documents import load_corpus

    shutil.rmtree(args["index"], ignore_errors=True)  # a fresh index every time (a phase may be re-run)
    emb, load_s = warm_embedder()
    rss_loaded = peak_rss()
    client = chroma_client(Path(args["index"]) / "chroma")

    log(f"baseline ingest {args['label']}: VectorStoreIndex.from_documents")
    t = perf()
    docs, _ = load_corpus(args["corpus"])
    collection = client.get_or_create_collection("baseline", embedding_function=None)
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=emb)
    wall = perf() - t
    rss_ingest = peak_rss()
    chunks = collection.count()
    log(f"baseline ingest {args['label']}: {chunks} chunks in {wall:.1f} s")

    log(f"baseline ingest {args['label']}: raw embedder on the same chunk texts")
    splitter = SentenceSplitter()  # the default node parser (1024 tokens, 200 overlap)
    texts = embed_texts(splitter.get_nodes_from_documents(docs))
    t = perf()
    emb.get_text_embedding_batch(texts)
    raw_s = perf() - t
    return {
        "label": args["label"],
        "documents": len(docs),
        "chars": sum(len(d.text) for d in docs),
        "embedder_load_s": load_s,
        "splitter": {"chunk_size": splitter.chunk_size, "chunk_overlap": splitter.chunk_overlap},
        "wall_s": wall,
        "chunks_added": chunks,
        "chunks_per_s": chunks / wall if wall else 0.0,
        "raw": {"chunks": len(texts), "seconds": raw_s, "chunks_per_s": len(texts) / raw_s if raw_s else 0.0},
        "rss": {"embedder_loaded": rss_loaded, "peak": rss_ingest},
    }


# ---------------------------------------------------------------------------- serve
def _time_queries(fn, queries) -> list[float]:
    out = []
    for q in queries:
        t = perf()
        fn(q)
        out.append(perf() - t)
    return out


def serve(args: dict) -> dict:
    from rag import Assistant, Settings
    from rag.generation import LlamaCpp

    from .llm import Metered

    emb, _ = warm_embedder()
    settings = Settings.from_env(
        backend="llamacpp", corpus_dir=Path(args["seeds"]), index_dir=Path(args["seeds_index"]), chroma_url=""
    )
    rss_steps = {"embedder loaded": rss_now()}
    gen = Metered(LlamaCpp(settings))
    t = perf()
    gen.warm()
    model_load_s = perf() - t
    rss_steps["model loaded"] = rss_now()
    a = Assistant(settings, generator=gen, embedder=emb)
    a.ensure_index()  # the seeds index, when the ingest part did not run first (untimed)

    log("serve: warm-up answer (untimed)")
    a.ask(args["warmup_question"])
    answers = []
    for i, q in enumerate(args["questions"], 1):
        n = len(gen.calls)
        ans = a.ask(q)
        calls = gen.calls[n:]
        rec = {
            "question": q,
            "timings": dict(ans.timings),
            "refused": ans.refused,
            "reason": ans.reason,
            "citations": len(ans.citations),
            "answer": ans.text,
            "draft": ans.draft,
            "passages": len(ans.passages),
            "llm_calls": len(calls),
            "prompt_tokens": sum(c["prompt_tokens"] for c in calls),
            "cached_tokens": sum(c["cached_tokens"] for c in calls),
            "completion_tokens": sum(c["completion_tokens"] for c in calls),
        }
        if calls and calls[0]["t_first"] is not None:
            c = calls[0]
            rec["prompt_eval_s"] = c["t_first"] - c["t_call"]  # prompt evaluation + the first token
            rec["decode_s"] = c["t_end"] - c["t_first"]
        # what is left after generation: citation checking (verify) and the answer object
        rec["after_generate_s"] = ans.timings["total_s"] - ans.timings["retrieve_s"] - ans.timings["generate_s"]
        answers.append(rec)
        log(f"serve: answer {i}/{len(args['questions'])}: {ans.timings['total_s']:.2f} s, "
            f"{rec['prompt_tokens']} prompt tokens, {rec['completion_tokens']} written")
    rss_answers = peak_rss()
    rss_steps["answers (seeds index)"] = rss_now()
    if not Path(args["large_index"]).exists():
        log("serve: no large index (run the ingest part first): retrieval at scale skipped")
        return {"model": settings.model, "n_ctx": settings.n_ctx, "threads": settings.threads or os.cpu_count(),
                "top_k": settings.top_k, "max_answer_tokens": settings.max_answer_tokens,
                "model_load_s": model_load_s, "answers": answers, "retrieval": None,
                "rss": {"after_answers": rss_answers, "peak": peak_rss(), "steps": rss_steps}}

    log("serve: retrieval at scale")
    large = Assistant(
        settings.replace(corpus_dir=Path(args["large"]), index_dir=Path(args["large_index"])),
        generator=gen,
        embedder=emb,
    )
    chunks = large.index.count()
    t = perf()
    retriever = large.retriever
    retriever.retrieve(args["warmup_query"])  # opens the vector and keyword halves
    build_s = perf() - t
    retrieve_s = _time_queries(retriever.retrieve, args["queries"])
    # the two halves of the hybrid search, each alone, for where the time goes
    vector_s = _time_queries(retriever.vector.retrieve, args["queries"])
    keyword_s = _time_queries(retriever.keywords.retrieve, args["queries"])
    rss_steps["large index opened, queries run"] = rss_now()
    return {
        "model": settings.model,
        "n_ctx": settings.n_ctx,
        "threads": settings.threads or os.cpu_count(),
        "top_k": settings.top_k,
        "max_answer_tokens": settings.max_answer_tokens,
        "model_load_s": model_load_s,
        "answers": answers,
        "retrieval": {
            "chunks": chunks,
            "build_s": build_s,
            "seconds": retrieve_s,
            "vector_seconds": vector_s,
            "keyword_seconds": keyword_s,
        },
        "rss": {"after_answers": rss_answers, "peak": peak_rss(), "steps": rss_steps},
    }


def baseline_serve(args: dict) -> dict:
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from rag import Settings
    from rag.generation import LlamaCpp

    from .llm import LlamaIndexLLM, Metered

    emb, _ = warm_embedder()
    settings = Settings.from_env(backend="llamacpp", chroma_url="")
    gen = Metered(LlamaCpp(settings))
    gen.warm()
    llm = LlamaIndexLLM(gen, max_tokens=settings.max_answer_tokens)

    def open_index(folder):
        collection = chroma_client(Path(folder) / "chroma").get_collection("baseline")
        return VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=collection), embed_model=emb)

    engine = open_index(args["seeds_index"]).as_query_engine(llm=llm)  # the defaults: top-2, compact
    log("baseline serve: warm-up answer (untimed)")
    engine.query(args["warmup_question"])
    answers = []
    for i, q in enumerate(args["questions"], 1):
        n = len(gen.calls)
        t0 = perf()
        response = engine.query(q)
        total = perf() - t0
        calls = gen.calls[n:]
        rec = {
            "question": q,
            "answer": str(response),
            "timings": {"total_s": total},
            "llm_calls": len(calls),
            "passages": len(response.source_nodes),
            "prompt_tokens": sum(c["prompt_tokens"] for c in calls),
            "cached_tokens": sum(c["cached_tokens"] for c in calls),
            "completion_tokens": sum(c["completion_tokens"] for c in calls),
        }
        if calls and calls[0]["t_first"] is not None:
            c = calls[0]
            rec["timings"]["first_token_s"] = c["t_first"] - t0
            rec["timings"]["retrieve_s"] = c["t_call"] - t0  # retrieval + prompt assembly
            rec["prompt_eval_s"] = c["t_first"] - c["t_call"]
            rec["decode_s"] = calls[-1]["t_end"] - c["t_first"]
        answers.append(rec)
        log(f"baseline serve: answer {i}/{len(args['questions'])}: {total:.2f} s, "
            f"{rec['prompt_tokens']} prompt tokens, {rec['completion_tokens']} written")
    rss_answers = peak_rss()

    log("baseline serve: retrieval at scale")
    t = perf()
    index = open_index(args["large_index"])
    retriever = index.as_retriever()  # the defaults: vector only, top-2
    retriever.retrieve(args["warmup_query"])
    build_s = perf() - t
    retrieve_s = _time_queries(retriever.retrieve, args["queries"])
    return {
        "answers": answers,
        "retrieval": {"chunks": chroma_client(Path(args["large_index"]) / "chroma").get_collection("baseline").count(),
                      "build_s": build_s, "seconds": retrieve_s},
        "rss": {"after_answers": rss_answers, "peak": peak_rss()},
    }


# ---------------------------------------------------------------------------- scale
def scale(args: dict) -> dict:
    """A fresh process over a big index: what a user waits for after `rag ask` starts.

    `args["spawned_at"]` is the parent's time.time() just before starting this process,
    so the first-answer time includes interpreter start and imports.
    """
    t_import = perf()
    from rag import Assistant, Settings
    from rag.generation import LlamaCpp

    imports_s = perf() - t_import
    settings = Settings.from_env(backend="llamacpp", corpus_dir=Path(args["corpus"]), index_dir=Path(args["index"]),
                                 chroma_url=args.get("chroma_url", ""))
    a = Assistant(settings, generator=LlamaCpp(settings))
    t = perf()
    first = a.ask(args["question"])  # model load, embedder load, retriever open, answer
    first_answer_s = time.time() - args["spawned_at"]
    first_ask_s = perf() - t
    rss_first = rss_now()
    log(f"scale {args['label']}: first answer {first_answer_s:.2f} s after process start "
        f"({'refused' if first.refused else f'{len(first.citations)} citations'})")
    retriever = a.retriever
    chunks = a.index.count()
    retriever.retrieve(args["warmup_query"])
    seconds = _time_queries(retriever.retrieve, args["queries"])
    vector_s = _time_queries(retriever.vector.retrieve, args["queries"])
    keyword_s = _time_queries(retriever.keywords.retrieve, args["queries"])
    cpu_s = []  # CPU time of this process per query: readable even when other processes crowd the cores
    for q in args["queries"]:
        c = time.process_time()
        retriever.retrieve(q)
        cpu_s.append(time.process_time() - c)
    return {
        "label": args["label"],
        "retrieval_cpu_seconds": cpu_s,
        "load_avg_1m": os.getloadavg()[0],
        "chunks": chunks,
        "how": args.get("how", ""),
        "imports_s": imports_s,
        "first_answer_after_start_s": first_answer_s,
        "first_ask_s": first_ask_s,
        "first_answer": {"refused": first.refused, "citations": len(first.citations), "timings": first.timings},
        "retrieval": {"chunks": chunks, "build_s": 0.0, "seconds": seconds,
                      "vector_seconds": vector_s, "keyword_seconds": keyword_s},
        "rss": {"after_first_answer": rss_first, "end": rss_now(), "peak": peak_rss()},
    }


def startup(args: dict) -> dict:
    """Where the first answer's time goes: the steps a first `ask` takes, one after another, each
    timed alone in a fresh process (wall and CPU ms). The steps overlap in a real first answer
    (the model loads while retrieval runs), so their sum is more than the `scale` phase's figure."""
    steps: dict[str, dict] = {}

    def step(name, fn):
        t, c = perf(), time.process_time()
        r = fn()
        steps[name] = {"wall_ms": 1000 * (perf() - t), "cpu_ms": 1000 * (time.process_time() - c)}
        return r

    steps["interpreter"] = {"wall_ms": 1000 * (time.time() - args["spawned_at"]), "cpu_ms": 1000 * time.process_time()}
    step("import rag", lambda: __import__("rag"))
    from rag import Assistant, Settings
    from rag.generation import LlamaCpp

    settings = Settings.from_env(backend="llamacpp", corpus_dir=Path(args["corpus"]), index_dir=Path(args["index"]),
                                 chroma_url=args.get("chroma_url", ""))
    gen = LlamaCpp(settings)
    a = Assistant(settings, generator=gen)
    step("model load (llama.cpp)", gen.load)
    step("Chroma + keyword index open", lambda: a.index)
    step("embedder load", lambda: a.index.embedder)
    step("retriever build (counts)", lambda: a.retriever)
    q = args["question"]
    step("first retrieval (HNSW load)", lambda: a.retriever.retrieve(q))
    step("docstore read", lambda: a.index.article(""))
    answer = step("first answer (warm parts)", lambda: a.ask(q))
    return {"label": args["label"], "chunks": a.index.count(), "steps": steps,
            "first_answer": {"refused": answer.refused, "timings": answer.timings},
            "rss": {"end": rss_now(), "peak": peak_rss()}}


# ---------------------------------------------------------------------------- llama
def ModelDraft(path: str, n_ctx: int, threads: int, n_pred: int):
    """A second, smaller GGUF as llama-cpp-python's draft model (it ships only prompt lookup):
    greedy, `n_pred` tokens per call, its KV cache reused across calls by prefix match."""
    import numpy as np
    from llama_cpp import Llama
    from llama_cpp.llama_speculative import LlamaDraftModel

    class _Draft(LlamaDraftModel):
        def __init__(self):
            self.llm = Llama(model_path=path, n_ctx=n_ctx, n_threads=threads, n_batch=512, use_mmap=False,
                             verbose=False)

        def __call__(self, input_ids, /, **kwargs):
            out = []
            for tok in self.llm.generate(list(input_ids), temp=0.0):
                out.append(tok)
                if len(out) >= n_pred:
                    break
            return np.array(out, dtype=np.intc)

    return _Draft()


PROMPT_SOURCE = Path(__file__).resolve().parent.parent / "seeds"


def load_cpu_backends(site: str | None, only: str = "") -> list[str]:
    """A runtime-dispatch build (GGML_BACKEND_DL + GGML_CPU_ALL_VARIANTS) has no CPU backend linked
    in: one libggml-cpu-<variant>.so per instruction set level, and ggml loads the best one this
    CPU runs (each module scores itself). llama-cpp-python does not load them itself, and ggml's
    default search (the executable's folder, the current folder) misses the package, so they are
    loaded here from where the wheel put them. `only`: load that variant alone (e.g. "haswell",
    the instruction sets of a GGML_NATIVE=OFF build). → the modules found ([] = a linked-in build)."""
    import ctypes
    import glob

    import llama_cpp

    mods = sorted(glob.glob(os.path.join(site, "**", "libggml-cpu-*.so"), recursive=True)) if site else []
    if not mods:
        return []
    ggml = ctypes.CDLL(os.path.join(os.path.dirname(llama_cpp.__file__), "lib", "libggml.so"))
    if only:
        path = next(m for m in mods if os.path.basename(m) == f"libggml-cpu-{only}.so")
        ggml.ggml_backend_load.restype = ctypes.c_void_p
        if not ggml.ggml_backend_load(path.encode()):
            raise SystemExit(f"ggml could not load {path}")
    else:
        ggml.ggml_backend_load_all_from_path(os.path.dirname(mods[0]).encode())
    return mods


def llama(args: dict) -> dict:
    """The llama.cpp build this process imports (PYTHONPATH may put another build first)."""
    import llama_cpp
    from llama_cpp import Llama
    from rag import Assistant, Settings
    from rag.generation import LlamaCpp

    from .llm import Metered

    modules = load_cpu_backends(args.get("site"), args.get("variant", ""))
    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
    log(f"llama: {llama_cpp.__file__}: {info}" + (f" (CPU modules: {len(modules)}, variant {args.get('variant') or 'best'})"
                                                  if modules else ""))
    settings = Settings.from_env(backend="llamacpp", corpus_dir=Path(args["seeds"]), index_dir=Path(args["seeds_index"]),
                                 chroma_url="")
    gen = LlamaCpp(settings)
    llm = gen.load()
    threads = settings.threads or os.cpu_count()

    # prompt reading and writing speed on a fixed prompt (article text), empty KV cache
    text = " ".join(p.read_text() for p in sorted(PROMPT_SOURCE.glob("*.txt")))
    tokens = llm.tokenize(text.encode("utf-8"))[: args["prompt_tokens"]]

    def speed(model) -> tuple[list[float], list[float]]:
        prompt_s, write_s = [], []
        for _ in range(args["repeats"]):
            model.reset()
            t = perf()
            stream = model.generate(tokens, temp=0.0)
            next(stream)  # the prompt is evaluated, one token sampled
            t1 = perf()
            for _ in range(args["written_tokens"] - 1):  # generate() does not stop at end-of-text
                next(stream)
            t2 = perf()
            stream.close()
            prompt_s.append(t1 - t)
            write_s.append(t2 - t1)
        return prompt_s, write_s

    prompt_s, write_s = speed(llm)
    # the same build with the other weight layout (Settings.repack), the evidence for the default
    other = LlamaCpp(settings.replace(repack=not settings.repack))
    other_prompt_s, other_write_s = speed(other.load())
    del other
    out = {
        "build": args["build"],
        "module": llama_cpp.__file__,
        "version": llama_cpp.__version__,
        "system_info": info,
        "cpu_modules": [os.path.basename(m) for m in modules],
        "variant": args.get("variant", ""),
        "threads": threads,
        "prompt_tokens": len(tokens),
        "prompt_s": prompt_s,
        "prompt_tok_per_s": len(tokens) / min(prompt_s),
        "written_tokens": args["written_tokens"],
        "write_s": write_s,
        "write_tok_per_s": (args["written_tokens"] - 1) / min(write_s),
        "repack": settings.repack,
        "other_layout": {"repack": not settings.repack, "prompt_tok_per_s": len(tokens) / min(other_prompt_s),
                         "write_tok_per_s": (args["written_tokens"] - 1) / min(other_write_s)},
    }
    log(f"llama: prompt {out['prompt_tok_per_s']:.1f} tok/s, writing {out['write_tok_per_s']:.1f} tok/s "
        f"(repacked weights: {settings.repack}; the other layout {out['other_layout']['prompt_tok_per_s']:.1f} / "
        f"{out['other_layout']['write_tok_per_s']:.1f})")
    if not args.get("lookup") and not args.get("draft_model"):
        return out

    # prompt-lookup decoding on the real answer prompts: record them with the default decoding
    metered = Metered(gen)
    a = Assistant(settings, generator=metered)
    a.ensure_index()
    a.ask(args["warmup_question"])
    runs = {"plain": []}
    for q in args["questions"]:
        n = len(metered.calls)
        a.ask(q)
        runs["plain"].extend(metered.calls[n:])
    prompts = [gen.prompt_tokens(c["messages"]) for c in runs["plain"]]  # (tokens, stop) as LlamaCpp.stream uses
    del a, metered, gen, llm
    import gc

    gc.collect()
    from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

    from rag.model import ensure_model

    path = str(ensure_model(settings.model, settings.model_dir))
    drafts = [(f"lookup_{n}", lambda n=n: LlamaPromptLookupDecoding(num_pred_tokens=n)) for n in args["lookup"]]
    if args.get("draft_model"):  # a small model of the same family proposes the next tokens
        small = str(ensure_model(args["draft_model"], settings.model_dir))
        drafts.append((f"draft_{args['draft_model']}_4", lambda: ModelDraft(small, settings.n_ctx, threads, 4)))
    for key, make_draft in drafts:
        rss_before = rss_now()
        # logits_all=True by hand: llama-cpp-python 0.3.36 keeps every position's logits when given a
        # draft model but sizes its score array by the argument (n_batch rows), so a prompt past 512
        # tokens fails with "could not broadcast input array" (bench of 2026-12-02).
        draft = Llama(model_path=path, n_ctx=settings.n_ctx, n_threads=threads, n_batch=512, use_mmap=False,
                      verbose=False, draft_model=make_draft(), logits_all=True)
        runs[key] = []
        draft.create_completion(prompt=prompts[0][0], max_tokens=8, temperature=0.0)  # warm-up
        for tokens, stop in prompts:  # the same call as LlamaCpp.stream, with the draft model
            t = perf()
            first, text = None, ""
            for part in draft.create_completion(prompt=tokens, max_tokens=settings.max_answer_tokens, temperature=0.0,
                                                repeat_penalty=1.0, stop=stop, stream=True):
                piece = part["choices"][0]["text"]
                if piece:
                    first = first or perf()
                    text += piece
            end = perf()
            runs[key].append({"text": text, "t_call": t, "t_first": first, "t_end": end})
        runs[key + "_rss_delta"] = rss_now() - rss_before
        del draft
        gc.collect()
    runs["plain"] = [{k: c[k] for k in ("text", "t_call", "t_first", "t_end")} for c in runs["plain"]]
    out["lookup"] = runs
    return out


PHASES = {"ingest": ingest, "baseline_ingest": baseline_ingest, "serve": serve, "baseline_serve": baseline_serve,
          "scale": scale, "startup": startup, "llama": llama}


def main(argv: list[str]) -> int:
    phase, args_path, out_path = argv
    args = json.loads(Path(args_path).read_text())
    result = PHASES[phase](args)
    result["rss_vmhwm_bytes"] = peak_rss()
    Path(out_path).write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
