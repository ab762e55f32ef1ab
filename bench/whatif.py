"""What would make answers and retrieval faster? `python -m bench.whatif [--workdir W] [--out bench/results]`.

Not part of the bench figures: experiments behind the changes proposed for rag/,
run on the same machine with the same model, one process, one model at a time.

  A. query-time embedding threads: retrieval latency over bench/queries.txt on the
     large index of a kept bench run (`python -m bench --keep --workdir W`), with
     torch at 2 threads (rag's default: all cores) and at 1;
  B. llama.cpp speed on this machine: prompt evaluation time against prompt length,
     and time per written token;
  C. the answer questions (bench/questions.txt) under variants of what the model is
     shown: top_k 4 (default) / 3 / 2, passages compacted to their 2 sentences
     closest to the question, llama.cpp with flash attention, and llama.cpp without
     weight repacking (`use_extra_bufts=False`, the CLI's --no-repack);
  D. serving memory step by step (bench/memprobe.py, a fresh process each) with
     n_ctx 4096 (default) and 2048, llama.cpp mmapping the model (default) or not,
     and with llama.cpp's weight repacking off.

Writes <out>/whatif.json and <out>/whatif.md. Answer quality is only hinted at
(refusals, citations); `rag eval` is the judge before adopting any variant.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .phases import log, peak_rss, warm_embedder
from .report import mean, pct

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
perf = time.perf_counter


def _lines(path: Path) -> list[str]:
    return [s.strip() for s in path.read_text().splitlines() if s.strip() and not s.startswith("#")]


def tuned_llamacpp(settings, repack: bool = True, **llama_kwargs):
    """rag's LlamaCpp with extra llama.cpp options (bench-only subclass).

    repack=False turns off llama.cpp's weight repacking (`use_extra_bufts`, the CLI's
    --no-repack), which llama-cpp-python 0.3.36 does not expose as an argument: the
    model's default params are amended while the model loads.
    """
    import contextlib
    import os

    from rag.generation import LlamaCpp
    from rag.model import ensure_model

    @contextlib.contextmanager
    def no_repack():
        import llama_cpp.llama_cpp as lc

        original = lc.llama_model_default_params

        def params():
            p = original()
            p.use_extra_bufts = False
            return p

        lc.llama_model_default_params = params
        try:
            yield
        finally:
            lc.llama_model_default_params = original

    class Tuned(LlamaCpp):
        def _model(self):
            if self._llm is None:
                from llama_cpp import Llama

                with (contextlib.nullcontext() if repack else no_repack()):
                    self._llm = Llama(
                        model_path=str(ensure_model(self.settings.model, self.settings.model_dir)),
                        n_ctx=self.settings.n_ctx,
                        n_threads=self.settings.threads or os.cpu_count() or 1,
                        n_batch=512,
                        verbose=False,
                        **llama_kwargs,
                    )
            return self._llm

    return Tuned(settings)


class Compacting:
    """Shows the model only the `keep` sentences of each passage closest to the question."""

    def __init__(self, inner, embedder, keep: int = 2):
        self.inner, self.embedder, self.keep = inner, embedder, keep
        self.name, self.context_window = inner.name, inner.context_window

    def count_tokens(self, text):
        return self.inner.count_tokens(text)

    def _vectors(self, texts):
        from rag.citations import SentenceBank

        cache = SentenceBank._cache  # the sentence vectors the relevance gate already computed
        missing = [t for t in texts if t not in cache]
        if missing:
            for t, v in zip(missing, self.embedder.get_text_embedding_batch(missing)):
                cache[t] = np.asarray(v, dtype=np.float32)
        return np.stack([cache[t] for t in texts])

    def stream(self, messages, max_tokens):
        from rag.citations import split_sentences

        user = messages[-1]["content"]
        body, tail = user[len("Passages:\n\n"):].rsplit("\n\nQuestion: ", 1)
        question = tail[: -len("\nAnswer:")]
        q = np.asarray(self.embedder.get_query_embedding(question), dtype=np.float32)
        blocks = []
        for block in body.split("\n\n"):
            m = re.match(r"\[(\d+)\] (.*)", block, re.S)
            n, text = m.group(1), m.group(2)
            sents = split_sentences(text)
            if len(sents) > self.keep:
                scores = self._vectors(sents) @ q
                best = sorted(np.argsort(-scores)[: self.keep])
                text = " ".join(sents[i] for i in best)
            blocks.append(f"[{n}] {text}")
        content = "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}\nAnswer:"
        yield from self.inner.stream([messages[0], {"role": "user", "content": content}], max_tokens)


VARIANTS = [  # experiment C, in report order
    "top_k 4 (default)",
    "top_k 3",
    "top_k 2",
    "top_k 4, 2 best sentences per passage",
    "top_k 4, flash attention",
    "top_k 4, no weight repacking",
    "top_k 3, no weight repacking",
]


# ---------------------------------------------------------------------------- A
def query_threads(workdir: Path, queries: list[str], emb) -> dict:
    import torch
    from rag import Assistant, Settings

    index = workdir / "index-large"
    if not (index / "chroma").exists():
        log(f"A: no large index in {workdir}; run `python -m bench --keep --workdir {workdir}` first; skipped")
        return {}
    a = Assistant(Settings(corpus_dir=workdir / "pydocs", index_dir=index, backend="llamacpp"), embedder=emb)
    r = a.retriever
    r.retrieve("warm up")
    out = {"chunks": a.index.count()}
    before = torch.get_num_threads()
    for threads in (before, 1, before, 1):  # twice each, interleaved
        torch.set_num_threads(threads)
        ret, qe = [], []
        for q in queries:
            t = perf()
            emb.get_query_embedding(q)
            qe.append(perf() - t)
            t = perf()
            r.retrieve(q)
            ret.append(perf() - t)
        rec = out.setdefault(f"threads_{threads}", {"retrieve_s": [], "query_embed_s": []})
        rec["retrieve_s"] += ret
        rec["query_embed_s"] += qe
        log(f"A: torch threads {threads}: retrieval p50 {1e3 * pct(ret, 50):.1f} ms, p95 {1e3 * pct(ret, 95):.1f} ms")
    # and the other side: batch throughput (what ingest does) at 2 threads and 1
    texts = a.index.collection.get(limit=512, include=["documents"])["documents"]
    for threads in (before, 1):
        torch.set_num_threads(threads)
        t = perf()
        emb.get_text_embedding_batch(texts)
        rate = len(texts) / (perf() - t)
        out[f"threads_{threads}"]["batch_chunks_per_s"] = rate
        log(f"A: torch threads {threads}: batch embedding {rate:.1f} chunks/s")
    torch.set_num_threads(before)
    for k, rec in list(out.items()):
        if isinstance(rec, dict):
            rec["retrieve_p50_ms"] = 1e3 * pct(rec["retrieve_s"], 50)
            rec["retrieve_p95_ms"] = 1e3 * pct(rec["retrieve_s"], 95)
            rec["query_embed_p50_ms"] = 1e3 * pct(rec["query_embed_s"], 50)
            rec["query_embed_p95_ms"] = 1e3 * pct(rec["query_embed_s"], 95)
    return out


# ---------------------------------------------------------------------------- B
def model_speed(gen) -> dict:
    llm = gen._model()
    text = " ".join(p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt")))
    tokens = llm.tokenize(text.encode(), add_bos=False)
    llm.reset()
    llm.eval(tokens[:64])  # the first evaluation after loading is slow: not measured
    rows = []
    for n in (64, 128, 256, 384, 512, 768, 1024, 1536):
        best_pe, best_de = None, None
        for _ in range(2):
            llm.reset()
            t = perf()
            llm.eval(tokens[:n])
            pe = perf() - t
            t = perf()
            for tok in tokens[n : n + 16]:
                llm.eval([tok])
            de = (perf() - t) / 16
            best_pe = pe if best_pe is None else min(best_pe, pe)
            best_de = de if best_de is None else min(best_de, de)
        rows.append({"prompt_tokens": n, "prompt_eval_s": best_pe, "per_written_token_s": best_de})
        log(f"B: {n} prompt tokens: {best_pe:.2f} s ({n / best_pe:.0f} tok/s); "
            f"then {1 / best_de:.1f} written tok/s")
    llm.reset()
    return {"rows": rows}


# ---------------------------------------------------------------------------- C
def answers(variant: str, settings, gen, emb, questions, warmup) -> dict:
    from rag import Assistant

    from .llm import Metered

    metered = Metered(gen if not isinstance(gen, Compacting) else gen.inner)
    outer = metered if not isinstance(gen, Compacting) else Compacting(metered, emb, gen.keep)
    a = Assistant(settings, generator=outer, embedder=emb)
    metered.warm()
    a.ask(warmup)
    rows = []
    for q in questions:
        n = len(metered.calls)
        ans = a.ask(q)
        calls = metered.calls[n:]
        rows.append({
            "question": q,
            "timings": dict(ans.timings),
            "refused": ans.refused,
            "reason": ans.reason,
            "citations": len(ans.citations),
            "answer": ans.text,
            "prompt_tokens": sum(c["prompt_tokens"] for c in calls),
            "cached_tokens": sum(c["cached_tokens"] for c in calls),
            "completion_tokens": sum(c["completion_tokens"] for c in calls),
        })
    tot = [r["timings"]["total_s"] for r in rows]
    ft = [r["timings"].get("first_token_s") for r in rows]
    out = {
        "variant": variant,
        "p50_s": pct(tot, 50),
        "p95_s": pct(tot, 95),
        "first_token_p50_s": pct(ft, 50),
        "first_token_p95_s": pct(ft, 95),
        "prompt_tokens_mean": mean([r["prompt_tokens"] for r in rows if r["prompt_tokens"]]),
        "completion_tokens_mean": mean([r["completion_tokens"] for r in rows if r["prompt_tokens"]]),
        "retrieve_s_mean": mean([r["timings"]["retrieve_s"] for r in rows]),
        "refused": sum(r["refused"] for r in rows),
        "citations": sum(r["citations"] for r in rows),
        "rows": rows,
    }
    log(f"C: {variant}: p50 {out['p50_s']:.2f} s, first token p50 {out['first_token_p50_s']:.2f} s, "
        f"{out['prompt_tokens_mean']:.0f} prompt tokens, {out['refused']} refused")
    return out


# ---------------------------------------------------------------------------- D
def memory(workdir: Path) -> dict:
    import subprocess

    out = {}
    for n_ctx, mmap in ((4096, "mmap"), (2048, "mmap"), (4096, "nommap"), (2048, "nommap"), (4096, "norepack")):
        key = f"n_ctx {n_ctx}" + {"mmap": "", "nommap": ", use_mmap=False", "norepack": ", no weight repacking"}[mmap]
        proc = subprocess.run(
            [sys.executable, "-m", "bench.memprobe", str(workdir / "index-seeds"), str(workdir / "pydocs"),
             str(workdir / "index-large"), str(n_ctx), mmap],
            cwd=ROOT, capture_output=True, text=True,
        )
        if proc.returncode != 0:
            log(f"D: memprobe failed: {proc.stderr[-2000:]}")
            continue
        out[key] = json.loads(proc.stdout.strip().splitlines()[-1])
        log(f"D: {key}: peak {out[key][-1]['VmHWM'] / 1e9:.2f} GB")
    return out


def markdown(res: dict) -> str:
    out = ["# What-if experiments (bench/whatif.py)", "", f"{res['date']}, load average at start {res['load_at_start']:.2f}.", ""]
    a = res.get("query_threads") or {}
    if a:
        out += [f"## A. Query-time embedding threads ({a['chunks']:,} chunks, {res['n_queries']} queries × 2 rounds)", "",
                "| torch threads | retrieval p50 | retrieval p95 | query embedding p50 / p95 | batch embedding (512 chunks) |",
                "|---|---|---|---|---|"]
        for k, rec in a.items():
            if isinstance(rec, dict):
                out.append(f"| {k.split('_')[1]} | {rec['retrieve_p50_ms']:.1f} ms | {rec['retrieve_p95_ms']:.1f} ms | "
                           f"{rec['query_embed_p50_ms']:.1f} / {rec['query_embed_p95_ms']:.1f} ms | "
                           f"{rec.get('batch_chunks_per_s', 0):.1f} chunks/s |")
        out.append("")
    b = res.get("model_speed") or {}
    if b:
        if "rows" in b:  # older single-configuration format
            b = {"default": b}
        names = list(b)
        out += ["## B. llama.cpp on this machine (1.5B q4_k_m, empty KV cache, best of 2)", "",
                "prompt evaluation time (tok/s) and written tok/s after it, per configuration:", "",
                "| prompt tokens | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for i, r0 in enumerate(b[names[0]]["rows"]):
            cells = []
            for n in names:
                r = b[n]["rows"][i]
                cells.append(f"{r['prompt_eval_s']:.2f} s ({r['prompt_tokens'] / r['prompt_eval_s']:.0f}); "
                             f"{1 / r['per_written_token_s']:.1f}")
            out.append(f"| {r0['prompt_tokens']} | " + " | ".join(cells) + " |")
        out.append("")
    c = res.get("variants") or []
    if c:
        out += [f"## C. Answer variants ({res['n_questions']} questions about seeds/, one warm-up each)", "",
                "| variant | answer p50 / p95 | first token p50 / p95 | prompt tokens (mean) | written (mean) | refused | citations |",
                "|---|---|---|---|---|---|---|"]
        for v in c:
            out.append(f"| {v['variant']} | {v['p50_s']:.2f} / {v['p95_s']:.2f} s | "
                       f"{v['first_token_p50_s']:.2f} / {v['first_token_p95_s']:.2f} s | {v['prompt_tokens_mean']:.0f} | "
                       f"{v['completion_tokens_mean']:.0f} | {v['refused']} | {v['citations']} |")
        out.append("")
    d = res.get("memory") or {}
    if d:
        out += ["## D. Serving memory, step by step (a fresh process each; GB = 10⁹ bytes)", "",
                "RSS (of it file-backed) / peak, after each step:", "",
                "| step | " + " | ".join(d) + " |",
                "|---|" + "---|" * len(d)]
        first = next(iter(d.values()))
        for i, row in enumerate(first):
            cells = []
            for steps in d.values():
                r = steps[i]
                cells.append(f"{r['VmRSS'] / 1e9:.2f} ({r.get('RssFile', 0) / 1e9:.2f}) / {r['VmHWM'] / 1e9:.2f}")
            out.append(f"| {row['step']} | " + " | ".join(cells) + " |")
        out.append("")
    out.append(f"Peak RSS of the experiment process: {res['peak_rss_gb']:.2f} GB. Took {res['duration_s'] / 60:.1f} min.")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.whatif", description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path, default=None, help="a kept bench workdir (for A, the large index)")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--only", default="ABCD", help="which experiments, e.g. AB")
    p.add_argument("--variants", default=None,
                   help="C: only the variants whose name contains one of these comma-separated strings")
    p.add_argument("--merge", action="store_true",
                   help="merge into an existing <out>/whatif.json (keep experiments and variants not re-run)")
    p.add_argument("--limit", type=int, default=None, help="use only the first N questions and queries (a smoke run)")
    a = p.parse_args(argv)

    import os

    t_all = perf()
    res = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "load_at_start": os.getloadavg()[0]}
    questions, queries = _lines(HERE / "questions.txt"), _lines(HERE / "queries.txt")
    if a.limit:
        questions, queries = questions[: a.limit], queries[: a.limit]
    res["n_questions"], res["n_queries"] = len(questions), len(queries)
    emb, _ = warm_embedder()
    if "A" in a.only and a.workdir:
        res["query_threads"] = query_threads(a.workdir, queries, emb)
    if "D" in a.only and a.workdir:
        res["memory"] = memory(a.workdir)

    from rag import Assistant, Settings
    from rag.generation import LlamaCpp

    tmp = Path(tempfile.mkdtemp(prefix="rag-whatif-"))
    try:
        shutil.copytree(ROOT / "seeds", tmp / "seeds")
        settings = Settings.from_env(backend="llamacpp", corpus_dir=tmp / "seeds", index_dir=tmp / "index", chroma_url="")
        Assistant(settings, embedder=emb).ingest()
        gen = LlamaCpp(settings)
        if "B" in a.only:
            res["model_speed"] = {"default": model_speed(gen)}
            gen._llm = None
            gc.collect()
            nr = tuned_llamacpp(settings, repack=False)
            res["model_speed"]["no weight repacking"] = model_speed(nr)
            nr._llm = None
            gc.collect()
        if "C" in a.only:
            from .phases import WARMUP_QUESTION

            # (name, settings, generator factory); one llama.cpp model in memory at a time
            plan = [
                ("top_k 4 (default)", settings, lambda: gen),
                ("top_k 3", settings.replace(top_k=3), lambda: gen),
                ("top_k 2", settings.replace(top_k=2), lambda: gen),
                ("top_k 4, 2 best sentences per passage", settings, lambda: Compacting(gen, emb, 2)),
                ("top_k 4, flash attention", settings, lambda: tuned_llamacpp(settings, flash_attn=True)),
                ("top_k 4, no weight repacking", settings, lambda: tuned_llamacpp(settings, repack=False)),
                ("top_k 3, no weight repacking", settings.replace(top_k=3), lambda: tuned_llamacpp(settings, repack=False)),
            ]
            wanted = [w.strip() for w in a.variants.split(",")] if a.variants else None
            v = res["variants"] = []
            for name, s_, factory in plan:
                if wanted and not any(w in name for w in wanted):
                    continue
                g = factory()
                model = g.inner if isinstance(g, Compacting) else g
                if model is not gen:
                    gen._llm = None  # unload the default model first (reloaded lazily when needed)
                    gc.collect()
                v.append(answers(name, s_, g, emb, questions, WARMUP_QUESTION))
                if model is not gen:
                    model._llm = None
                    gc.collect()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    res["peak_rss_gb"] = peak_rss() / 1e9
    res["duration_s"] = perf() - t_all
    a.out.mkdir(parents=True, exist_ok=True)
    if a.merge and (a.out / "whatif.json").exists():
        old = json.loads((a.out / "whatif.json").read_text())
        if "variants" in res and "variants" in old:
            names = {v["variant"] for v in res["variants"]}
            res["variants"] = [v for v in old["variants"] if v["variant"] not in names] + res["variants"]
        res = {**old, **res, "merged_runs": old.get("merged_runs", [old["date"]]) + [res["date"]]}
    if res.get("variants"):
        order = {name: i for i, name in enumerate(VARIANTS)}
        res["variants"].sort(key=lambda v: order.get(v["variant"], len(order)))
    (a.out / "whatif.json").write_text(json.dumps(res, indent=1))
    md = markdown(res)
    (a.out / "whatif.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
