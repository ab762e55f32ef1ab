"""Phase results → the summary figures, the targets, and the Markdown table."""

from __future__ import annotations

TARGETS = {
    "answer_p50_s": ("≤ 5 s", lambda v: v <= 5.0),
    "first_token_p50_s": ("≤ 2 s", lambda v: v <= 2.0),
    "ingest_vs_raw": ("≥ 90% of raw embedder", lambda v: v >= 0.90),
    "reingest_share": ("≤ 2% of full ingest", lambda v: v <= 0.02),
    "reingest_new_chunks": ("0", lambda v: v == 0),
    "retrieval_p95_ms": ("≤ 50 ms", lambda v: v <= 50.0),
    "serve_rss_gb": ("≤ 3 GB", lambda v: v <= 3.0),
}


def pct(values, q: float):
    """Percentile with linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    k = (len(xs) - 1) * q / 100.0
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def mean(values):
    xs = [v for v in values if v is not None]
    return sum(xs) / len(xs) if xs else None


def _answers(serve: dict) -> dict:
    rows = serve["answers"]
    gen = [r for r in rows if r.get("prompt_tokens")]
    out = {
        "n": len(rows),
        "generated": len(gen),
        "refused": sum(1 for r in rows if r.get("refused")),
        "p50_s": pct([r["timings"]["total_s"] for r in rows], 50),
        "p95_s": pct([r["timings"]["total_s"] for r in rows], 95),
        "first_token_p50_s": pct([r["timings"].get("first_token_s") for r in rows], 50),
        "first_token_p95_s": pct([r["timings"].get("first_token_s") for r in rows], 95),
        "prompt_tokens_mean": mean([r["prompt_tokens"] for r in gen]),
        "prompt_tokens_max": max((r["prompt_tokens"] for r in gen), default=None),
        "cached_tokens_mean": mean([r["cached_tokens"] for r in gen]),
        "completion_tokens_mean": mean([r["completion_tokens"] for r in gen]),
        "retrieve_s_mean": mean([r["timings"].get("retrieve_s") for r in rows]),
        "prompt_eval_s_mean": mean([r.get("prompt_eval_s") for r in gen]),
        "decode_s_mean": mean([r.get("decode_s") for r in gen]),
        "after_generate_s_mean": mean([r.get("after_generate_s") for r in gen]),
    }
    evaluated = sum(r["prompt_tokens"] - r["cached_tokens"] for r in gen if r.get("prompt_eval_s"))
    pe_time = sum(r["prompt_eval_s"] for r in gen if r.get("prompt_eval_s"))
    written = sum(max(r["completion_tokens"] - 1, 0) for r in gen if r.get("decode_s"))
    de_time = sum(r["decode_s"] for r in gen if r.get("decode_s"))
    out["prompt_eval_tok_per_s"] = evaluated / pe_time if pe_time else None
    out["decode_tok_per_s"] = written / de_time if de_time else None
    return out


def _ingest(ph: dict) -> dict:
    out = {
        "documents": ph["documents"],
        "chars": ph["chars"],
        "chunks": ph["chunks_added"],
        "seconds": ph["wall_s"],
        "chunks_per_s": ph["chunks_per_s"],
        "mb_per_s": ph["chars"] / ph["wall_s"] / 1e6 if ph["wall_s"] else None,
        "raw_chunks_per_s": ph["raw"]["chunks_per_s"],
        "vs_raw": ph["chunks_per_s"] / ph["raw"]["chunks_per_s"] if ph["raw"]["chunks_per_s"] else None,
        "peak_rss_gb": ph["rss"]["peak"] / 1e9,
    }
    if "parts_s" in ph:
        out["parts_s"] = ph["parts_s"]
    if "chroma_batch_fix" in ph:
        out["chroma_batch_fix"] = ph["chroma_batch_fix"]
    if "reingest" in ph:
        out["reingest_s"] = ph["reingest"]["wall_s"]
        out["reingest_share"] = ph["reingest"]["wall_s"] / ph["wall_s"] if ph["wall_s"] else None
        out["reingest_new_chunks"] = ph["reingest"]["chunks_added"]
    return out


def _retrieval(serve: dict) -> dict:
    r = serve["retrieval"]
    out = {
        "chunks": r["chunks"],
        "build_s": r["build_s"],
        "queries": len(r["seconds"]),
        "p50_ms": 1000 * pct(r["seconds"], 50),
        "p95_ms": 1000 * pct(r["seconds"], 95),
    }
    for part in ("vector", "bm25"):
        if f"{part}_seconds" in r:
            out[f"{part}_p50_ms"] = 1000 * pct(r[f"{part}_seconds"], 50)
            out[f"{part}_p95_ms"] = 1000 * pct(r[f"{part}_seconds"], 95)
    return out


def summarize(phases: dict) -> dict:
    s: dict = {"ours": {}, "baseline": {}}
    s["ours"]["answers"] = _answers(phases["serve"])
    s["ours"]["retrieval"] = _retrieval(phases["serve"])
    s["ours"]["serve_rss_gb"] = phases["serve"]["rss"]["peak"] / 1e9
    s["ours"]["serve_rss_answers_only_gb"] = phases["serve"]["rss"]["after_answers"] / 1e9
    s["ours"]["ingest_seeds"] = _ingest(phases["ingest_seeds"])
    s["ours"]["ingest_large"] = _ingest(phases["ingest_large"])
    if "baseline_serve" in phases:
        s["baseline"]["answers"] = _answers(phases["baseline_serve"])
        s["baseline"]["retrieval"] = _retrieval(phases["baseline_serve"])
        s["baseline"]["serve_rss_gb"] = phases["baseline_serve"]["rss"]["peak"] / 1e9
        s["baseline"]["serve_rss_answers_only_gb"] = phases["baseline_serve"]["rss"]["after_answers"] / 1e9
        s["baseline"]["ingest_seeds"] = _ingest(phases["baseline_ingest_seeds"])
        s["baseline"]["ingest_large"] = _ingest(phases["baseline_ingest_large"])
    o, b = s["ours"], s["baseline"]
    s["figures"] = {
        "answer_p50_s": o["answers"]["p50_s"],
        "first_token_p50_s": o["answers"]["first_token_p50_s"],
        "ingest_vs_raw": o["ingest_large"]["vs_raw"],
        "reingest_share": o["ingest_large"]["reingest_share"],
        "reingest_new_chunks": o["ingest_large"]["reingest_new_chunks"],
        "retrieval_p95_ms": o["retrieval"]["p95_ms"],
        "serve_rss_gb": o["serve_rss_gb"],
    }
    s["targets"] = {
        k: {"target": TARGETS[k][0], "value": v, "met": (TARGETS[k][1](v) if v is not None else None)}
        for k, v in s["figures"].items()
    }
    s["other_cores_max"] = max(ph["process"]["other_cores"] for ph in phases.values())
    s["other_cores_by_phase"] = {k: round(ph["process"]["other_cores"], 2) for k, ph in phases.items()}
    s["reruns"] = sum(len(ph["process"].get("attempts_other_cores", [0])) - 1 for ph in phases.values())
    s["phase_wall_s"] = {k: round(ph["process"]["wall_s"], 1) for k, ph in phases.items()}
    return s


# ---------------------------------------------------------------------------- Markdown
def _f(v, fmt="{:.2f}", unit=""):
    return "–" if v is None else fmt.format(v) + unit


def _ratio(a, b):
    return "–" if a is None or b in (None, 0) else f"{a / b:.2f}×"


def _met(s, key):
    t = s["targets"].get(key)
    if not t or t["met"] is None:
        return "–"
    return ("**met**" if t["met"] else "**missed**") + f" ({t['target']})"


def markdown(run: dict, s: dict) -> str:
    o, b = s["ours"], s.get("baseline") or {}
    oa, ba = o["answers"], b.get("answers", {})
    oil, bil = o["ingest_large"], b.get("ingest_large", {})
    ois, bis = o["ingest_seeds"], b.get("ingest_seeds", {})
    orr, brr = o["retrieval"], b.get("retrieval", {})
    c = run["corpus"]
    quiet = run["quiet_wait"]
    if quiet.get("skipped"):
        quiet_note = "no wait for a quiet machine (--no-wait)"
    elif quiet["quiet"]:
        quiet_note = f"started on a quiet machine (1-min load {quiet['load_at_start']:.2f} after {quiet['waited_s']:.0f} s wait)"
    else:
        quiet_note = (f"**the machine never got quiet**: 1-min load {quiet['load_at_start']:.2f} after waiting "
                      f"{quiet['waited_s']:.0f} s; figures are pessimistic")
    rerun_note = f" (phases re-run after a disturbance: {s['reruns']})" if s.get("reruns") else ""
    rows = [
        ("answer latency p50", _f(oa["p50_s"], unit=" s"), _f(ba.get("p50_s"), unit=" s"),
         _ratio(oa["p50_s"], ba.get("p50_s")), _met(s, "answer_p50_s")),
        ("answer latency p95", _f(oa["p95_s"], unit=" s"), _f(ba.get("p95_s"), unit=" s"),
         _ratio(oa["p95_s"], ba.get("p95_s")), "–"),
        ("time to first token p50 (p95)",
         f"{_f(oa['first_token_p50_s'])} ({_f(oa['first_token_p95_s'])}) s",
         f"{_f(ba.get('first_token_p50_s'))} ({_f(ba.get('first_token_p95_s'))}) s",
         _ratio(oa["first_token_p50_s"], ba.get("first_token_p50_s")), _met(s, "first_token_p50_s")),
        ("prompt tokens per answer (mean; KV-cached)",
         f"{_f(oa['prompt_tokens_mean'], '{:.0f}')}; {_f(oa['cached_tokens_mean'], '{:.0f}')}",
         f"{_f(ba.get('prompt_tokens_mean'), '{:.0f}')}; {_f(ba.get('cached_tokens_mean'), '{:.0f}')}",
         _ratio(oa["prompt_tokens_mean"], ba.get("prompt_tokens_mean")), "–"),
        ("tokens written per answer (mean)", _f(oa["completion_tokens_mean"], "{:.0f}"),
         _f(ba.get("completion_tokens_mean"), "{:.0f}"),
         _ratio(oa["completion_tokens_mean"], ba.get("completion_tokens_mean")), "–"),
        (f"ingest, large corpus: chunks/s ({oil['chunks']:,} vs {bil.get('chunks', 0):,} chunks)",
         _f(oil["chunks_per_s"], "{:.1f}"), _f(bil.get("chunks_per_s"), "{:.1f}"),
         _ratio(oil["chunks_per_s"], bil.get("chunks_per_s")), "–"),
        ("ingest, large corpus: MB of text/s", _f(oil["mb_per_s"], "{:.3f}"), _f(bil.get("mb_per_s"), "{:.3f}"),
         _ratio(oil["mb_per_s"], bil.get("mb_per_s")), "–"),
        ("ingest, large corpus: share of raw embedder rate",
         f"{_f(oil['vs_raw'], '{:.0%}')} (raw {oil['raw_chunks_per_s']:.1f}/s)",
         f"{_f(bil.get('vs_raw'), '{:.0%}')} (raw {_f(bil.get('raw_chunks_per_s'), '{:.1f}')}/s)",
         _ratio(oil["vs_raw"], bil.get("vs_raw")), _met(s, "ingest_vs_raw")),
        ("ingest, seeds: chunks/s; share of raw",
         f"{ois['chunks_per_s']:.1f}; {_f(ois['vs_raw'], '{:.0%}')}",
         f"{_f(bis.get('chunks_per_s'), '{:.1f}')}; {_f(bis.get('vs_raw'), '{:.0%}')}",
         _ratio(ois["chunks_per_s"], bis.get("chunks_per_s")), "–"),
        ("unchanged re-ingest, large: time (share of full)",
         f"{oil['reingest_s']:.2f} s ({_f(oil['reingest_share'], '{:.1%}')})",
         "re-embeds all (no dedup)", "–", _met(s, "reingest_share")),
        ("unchanged re-ingest, large: new chunks", str(oil["reingest_new_chunks"]), "–", "–",
         _met(s, "reingest_new_chunks")),
        (f"retrieval p50 / p95 ({orr['chunks']:,} vs {brr.get('chunks', 0):,} chunks, {orr['queries']} queries)",
         f"{orr['p50_ms']:.1f} / {orr['p95_ms']:.1f} ms",
         f"{_f(brr.get('p50_ms'), '{:.1f}')} / {_f(brr.get('p95_ms'), '{:.1f}')} ms",
         _ratio(orr["p95_ms"], brr.get("p95_ms")) + " (p95)", _met(s, "retrieval_p95_ms")),
        ("peak RSS, ingest (large)", _f(oil["peak_rss_gb"], unit=" GB"), _f(bil.get("peak_rss_gb"), unit=" GB"),
         _ratio(oil["peak_rss_gb"], bil.get("peak_rss_gb")), "–"),
        ("peak RSS, serving (model + large index)", _f(o["serve_rss_gb"], unit=" GB"),
         _f(b.get("serve_rss_gb"), unit=" GB"), _ratio(o["serve_rss_gb"], b.get("serve_rss_gb")),
         _met(s, "serve_rss_gb")),
    ]
    out = [
        "# Speed and scale bench",
        "",
        f"{run['date']}, {run['machine']['cpus']} cores ({run['machine']['cpu']}), Python {run['machine']['python']}"
        f"{', QUICK run' if run['quick'] else ''}; whole run {run['duration_s'] / 60:.1f} min; {quiet_note}; "
        f"highest other load during a kept phase {s['other_cores_max']:.2f} cores{rerun_note}.",
        "",
        f"Answers: {oa['n']} questions about seeds/, default 1.5B model (llama.cpp), one untimed warm-up answer first. "
        f"Large corpus: {c['files']} of {c['files_available']} files / {c['bytes'] / 1e6:.1f} MB of the Python "
        f"documentation sources in `{c['source']}` (smallest first). Baseline: llama-index defaults "
        f"(`VectorStoreIndex.from_documents`, 1024-token chunks; `as_query_engine()` top-2 over the same model; "
        f"`as_retriever()` vector-only top-2), same embedder object, same Chroma.",
        "",
        "| figure | ours | baseline | ours ÷ baseline | target |",
        "|---|---|---|---|---|",
    ]
    out += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} |" for r in rows]
    met = [k for k, t in s["targets"].items() if t["met"]]
    missed = [k for k, t in s["targets"].items() if t["met"] is False]
    fix = oil.get("chroma_batch_fix") or {}
    if fix.get("applied") and oil["chunks"] > fix["chroma_max_batch"]:
        out += ["", f"**Note:** in this run rag's own store did not batch: it adds all {oil['chunks']:,} new chunks in "
                f"one `ChromaVectorStore.add`, which sends batches of {fix['library_batch']:,} while Chroma takes at most "
                f"{fix['chroma_max_batch']:,}, so the ingest failed after embedding everything (`InternalError: Batch size "
                f"… is greater than max batch size`). Measured with the fix applied from outside rag/ "
                f"(`bench/fixes.py`: the same store, adding in batches of {fix['chroma_max_batch']:,})."]
    out += [
        "",
        f"Targets met: {len(met)} of {len(met) + len(missed)}" + (f"; missed: {', '.join(missed)}." if missed else "."),
        "",
        "## Where the time goes (ours)",
        "",
        f"- Answer, mean per question: retrieval + relevance gate {_f(oa['retrieve_s_mean'])} s; "
        f"prompt evaluation {_f(oa['prompt_eval_s_mean'])} s for {_f(oa['prompt_tokens_mean'], '{:.0f}')} prompt tokens, "
        f"{_f(oa['cached_tokens_mean'], '{:.0f}')} of them reused from the KV cache "
        f"({_f(oa['prompt_eval_tok_per_s'], '{:.0f}')} tok/s evaluated); "
        f"writing {_f(oa['decode_s_mean'])} s for {_f(oa['completion_tokens_mean'], '{:.0f}')} tokens "
        f"({_f(oa['decode_tok_per_s'], '{:.1f}')} tok/s); citation checking after generation "
        f"{_f(oa['after_generate_s_mean'])} s. Refused: {oa['refused']} of {oa['n']}.",
        f"- Ingest, large corpus ({oil['documents']} documents, {oil['chunks']:,} chunks, {oil['seconds']:.0f} s end to end): "
        + ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in oil.get("parts_s", {}).items())
        + " (each measured alone in the same process).",
        f"- Retrieval at {orr['chunks']:,} chunks: vector half p50/p95 {_f(orr.get('vector_p50_ms'), '{:.1f}')} / "
        f"{_f(orr.get('vector_p95_ms'), '{:.1f}')} ms, BM25 half {_f(orr.get('bm25_p50_ms'), '{:.1f}')} / "
        f"{_f(orr.get('bm25_p95_ms'), '{:.1f}')} ms; building the retriever (all chunks from Chroma + BM25 index) "
        f"{orr['build_s']:.1f} s once per process.",
        f"- Serving RSS with only the seeds index: {o['serve_rss_answers_only_gb']:.2f} GB; "
        f"with the large index loaded too: {o['serve_rss_gb']:.2f} GB.",
        "",
        "Phase wall times (s): " + ", ".join(f"{k} {v}" for k, v in s["phase_wall_s"].items()) + ".",
        "",
    ]
    return "\n".join(out)
