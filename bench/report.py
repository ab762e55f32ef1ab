"""Phase results → the summary figures, the targets, and the Markdown table."""

from __future__ import annotations

import re

TARGETS = {
    "answer_p50_s": ("≤ 4 s", lambda v: v <= 4.0),
    "first_token_p50_s": ("≤ 1.5 s", lambda v: v <= 1.5),
    "ingest_vs_raw": ("≥ 93% of raw embedder", lambda v: v >= 0.93),
    "reingest_share": ("≤ 2% of full ingest", lambda v: v <= 0.02),
    "reingest_new_chunks": ("0", lambda v: v == 0),
    "retrieval_p95_ms": ("≤ 50 ms", lambda v: v <= 50.0),
    "serve_rss_gb": ("≤ 2.5 GB", lambda v: v <= 2.5),
    # the largest scale index, when it holds ≥ 100k chunks
    "scale_retrieval_p95_ms": ("≤ 50 ms at ≥ 100k chunks", lambda v: v <= 50.0),
    "scale_first_answer_s": ("≤ 10 s at ≥ 100k chunks", lambda v: v <= 10.0),
    "scale_rss_gb": ("≤ 3 GB at ≥ 100k chunks", lambda v: v <= 3.0),
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
        # what follows the draft (issue #9): the model's check of each answer it wrote, a second turn
        "check_s_mean": mean([r["timings"].get("check_s", 0.0) for r in gen]),
        "retry_s_mean": mean([r["timings"].get("retry_s", 0.0) for r in gen]),
        "retried": sum(1 for r in gen if r["timings"].get("retry_s")),
    }
    # the first token, split: retrieval (+ relevance gate), prompt building (compaction, budget,
    # tokenizing), prompt evaluation (llama.cpp reading the uncached prompt, one token sampled)
    timed = [r for r in gen if r.get("prompt_eval_s") and r["timings"].get("first_token_s")]
    out["first_token_parts_ms"] = {
        "retrieval": 1000 * (mean([r["timings"]["retrieve_s"] for r in timed]) or 0),
        "prompt building": 1000 * (mean([r["timings"]["first_token_s"] - r["timings"]["retrieve_s"] - r["prompt_eval_s"]
                                         for r in timed]) or 0),
        "prompt evaluation": 1000 * (mean([r["prompt_eval_s"] for r in timed]) or 0),
    } if timed else {}
    out["uncached_tokens_mean"] = mean([r["prompt_tokens"] - r["cached_tokens"] for r in timed])
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
    r = serve.get("retrieval")
    if not r:
        return {}
    out = {
        "chunks": r["chunks"],
        "build_s": r["build_s"],
        "queries": len(r["seconds"]),
        "p50_ms": 1000 * pct(r["seconds"], 50),
        "p95_ms": 1000 * pct(r["seconds"], 95),
    }
    for part in ("vector", "keyword"):
        if f"{part}_seconds" in r:
            out[f"{part}_p50_ms"] = 1000 * pct(r[f"{part}_seconds"], 50)
            out[f"{part}_p95_ms"] = 1000 * pct(r[f"{part}_seconds"], 95)
    return out


def _llama(ph: dict) -> dict:
    info = ph["system_info"]
    out = {"build": ph.get("run", {}).get("build") or ph.get("build", ""), "module": ph["module"],
           "features": " ".join(k for k, v in re.findall(r"([A-Z0-9_]+) = (\d)", info) if v == "1"),
           "prompt_tokens": ph["prompt_tokens"], "prompt_tok_per_s": ph["prompt_tok_per_s"],
           "write_tok_per_s": ph["write_tok_per_s"], "date": ph.get("run", {}).get("date"),
           "repack": ph.get("repack"), "other_layout": ph.get("other_layout")}
    runs = ph.get("lookup")
    if runs:
        plain = runs["plain"]
        rows = []
        for key in ["plain"] + [k for k in runs if k != "plain" and not k.endswith("_rss_delta")]:
            calls = runs[key]
            same = sum(1 for c, p in zip(calls, plain) if c["text"] == p["text"])
            first = [c["t_first"] - c["t_call"] for c in calls if c["t_first"]]
            total = [c["t_end"] - c["t_call"] for c in calls]
            write = [c["t_end"] - c["t_first"] for c in calls if c["t_first"]]
            rows.append({"config": key, "n": len(calls), "same_output": same, "first_token_p50_s": pct(first, 50),
                         "generate_p50_s": pct(total, 50), "writing_s_mean": mean(write),
                         "rss_delta_gb": (runs.get(key + "_rss_delta") or 0) / 1e9})
        out["lookup"] = rows
    return out


def _scale(ph: dict) -> dict:
    r = _retrieval(ph)
    return {"label": ph["label"], "chunks": ph["chunks"], "how": ph.get("how", ""),
            "first_answer_after_start_s": ph["first_answer_after_start_s"], "imports_s": ph.get("imports_s"),
            "first_answer_timings": ph["first_answer"]["timings"], "refused": ph["first_answer"]["refused"],
            "retrieval": r, "rss_gb": ph["rss"]["peak"] / 1e9, "date": ph.get("run", {}).get("date"),
            "cpu_p50_ms": 1000 * (pct(ph.get("retrieval_cpu_seconds", []), 50) or 0),
            "cpu_p95_ms": 1000 * (pct(ph.get("retrieval_cpu_seconds", []), 95) or 0),
            "load_avg_1m": ph.get("load_avg_1m")}


def summarize(phases: dict) -> dict:
    s: dict = {"ours": {}, "baseline": {}}
    s["dates"] = {k: ph.get("run", {}).get("date") for k, ph in phases.items()}
    if "serve" in phases:
        s["ours"]["answers"] = _answers(phases["serve"])
        s["ours"]["retrieval"] = _retrieval(phases["serve"])
        s["ours"]["serve_rss_gb"] = phases["serve"]["rss"]["peak"] / 1e9
        s["ours"]["serve_rss_answers_only_gb"] = phases["serve"]["rss"]["after_answers"] / 1e9
        s["ours"]["serve_rss_steps_gb"] = {k: v / 1e9 for k, v in phases["serve"]["rss"].get("steps", {}).items()}
    for k in ("ingest_seeds", "ingest_large"):
        if k in phases:
            s["ours"][k] = _ingest(phases[k])
        if f"baseline_{k}" in phases:
            s["baseline"][k] = _ingest(phases[f"baseline_{k}"])
    if "baseline_serve" in phases:
        s["baseline"]["answers"] = _answers(phases["baseline_serve"])
        s["baseline"]["retrieval"] = _retrieval(phases["baseline_serve"])
        s["baseline"]["serve_rss_gb"] = phases["baseline_serve"]["rss"]["peak"] / 1e9
        s["baseline"]["serve_rss_answers_only_gb"] = phases["baseline_serve"]["rss"]["after_answers"] / 1e9
    s["llama"] = [_llama(ph) for k, ph in phases.items() if k.startswith("llama_")]
    s["scale"] = sorted((_scale(ph) for k, ph in phases.items() if k.startswith("scale_")), key=lambda x: x["chunks"])
    s["startup"] = sorted(({"label": ph["label"], "chunks": ph["chunks"], "steps": ph["steps"],
                            "answer_timings": ph["first_answer"]["timings"], "rss_gb": ph["rss"]["peak"] / 1e9,
                            "date": ph.get("run", {}).get("date")}
                           for k, ph in phases.items() if k.startswith("startup_")), key=lambda x: x["chunks"])
    o = s["ours"]
    oa, oil, orr = o.get("answers", {}), o.get("ingest_large", {}), o.get("retrieval", {})
    s["figures"] = {
        "answer_p50_s": oa.get("p50_s"),
        "first_token_p50_s": oa.get("first_token_p50_s"),
        "ingest_vs_raw": oil.get("vs_raw"),
        "reingest_share": oil.get("reingest_share"),
        "reingest_new_chunks": oil.get("reingest_new_chunks"),
        "retrieval_p95_ms": orr.get("p95_ms"),
        "serve_rss_gb": o.get("serve_rss_gb"),
    }
    big = [r for r in s["scale"] if r["chunks"] >= 100_000 and "server" not in r["label"]]
    if big:
        s["figures"].update({"scale_retrieval_p95_ms": big[-1]["retrieval"]["p95_ms"],
                             "scale_first_answer_s": big[-1]["first_answer_after_start_s"],
                             "scale_rss_gb": big[-1]["rss_gb"]})
    s["targets"] = {
        k: {"target": TARGETS[k][0], "value": v, "met": (TARGETS[k][1](v) if v is not None else None)}
        for k, v in s["figures"].items()
    }
    s["other_cores_max"] = max((ph["process"]["other_cores"] for ph in phases.values()), default=0.0)
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


def _main_table(run: dict, s: dict) -> list[str]:
    o, b = s["ours"], s.get("baseline") or {}
    oa, ba = o.get("answers", {}), b.get("answers", {})
    oil, bil = o.get("ingest_large", {}), b.get("ingest_large", {})
    ois, bis = o.get("ingest_seeds", {}), b.get("ingest_seeds", {})
    orr, brr = o.get("retrieval", {}), b.get("retrieval", {})
    g = lambda d, k, fmt="{:.2f}", unit="": _f(d.get(k), fmt, unit)  # noqa: E731
    rows = [
        ("answer latency p50", g(oa, "p50_s", unit=" s"), g(ba, "p50_s", unit=" s"),
         _ratio(oa.get("p50_s"), ba.get("p50_s")), _met(s, "answer_p50_s")),
        ("answer latency p95", g(oa, "p95_s", unit=" s"), g(ba, "p95_s", unit=" s"),
         _ratio(oa.get("p95_s"), ba.get("p95_s")), "–"),
        ("time to first token p50 (p95)", f"{g(oa, 'first_token_p50_s')} ({g(oa, 'first_token_p95_s')}) s",
         f"{g(ba, 'first_token_p50_s')} ({g(ba, 'first_token_p95_s')}) s",
         _ratio(oa.get("first_token_p50_s"), ba.get("first_token_p50_s")), _met(s, "first_token_p50_s")),
        ("prompt tokens per answer (mean; KV-cached)",
         f"{g(oa, 'prompt_tokens_mean', '{:.0f}')}; {g(oa, 'cached_tokens_mean', '{:.0f}')}",
         f"{g(ba, 'prompt_tokens_mean', '{:.0f}')}; {g(ba, 'cached_tokens_mean', '{:.0f}')}",
         _ratio(oa.get("prompt_tokens_mean"), ba.get("prompt_tokens_mean")), "–"),
        ("tokens written per answer (mean)", g(oa, "completion_tokens_mean", "{:.0f}"),
         g(ba, "completion_tokens_mean", "{:.0f}"),
         _ratio(oa.get("completion_tokens_mean"), ba.get("completion_tokens_mean")), "–"),
        (f"ingest, large corpus: chunks/s ({oil.get('chunks', 0):,} vs {bil.get('chunks', 0):,} chunks)",
         g(oil, "chunks_per_s", "{:.1f}"), g(bil, "chunks_per_s", "{:.1f}"),
         _ratio(oil.get("chunks_per_s"), bil.get("chunks_per_s")), "–"),
        ("ingest, large corpus: MB of text/s", g(oil, "mb_per_s", "{:.3f}"), g(bil, "mb_per_s", "{:.3f}"),
         _ratio(oil.get("mb_per_s"), bil.get("mb_per_s")), "–"),
        ("ingest, large corpus: share of raw embedder rate",
         f"{g(oil, 'vs_raw', '{:.0%}')} (raw {g(oil, 'raw_chunks_per_s', '{:.1f}')}/s)",
         f"{g(bil, 'vs_raw', '{:.0%}')} (raw {g(bil, 'raw_chunks_per_s', '{:.1f}')}/s)",
         _ratio(oil.get("vs_raw"), bil.get("vs_raw")), _met(s, "ingest_vs_raw")),
        ("ingest, seeds: chunks/s; share of raw", f"{g(ois, 'chunks_per_s', '{:.1f}')}; {g(ois, 'vs_raw', '{:.0%}')}",
         f"{g(bis, 'chunks_per_s', '{:.1f}')}; {g(bis, 'vs_raw', '{:.0%}')}",
         _ratio(ois.get("chunks_per_s"), bis.get("chunks_per_s")), "–"),
        ("unchanged re-ingest, large: time (share of full)",
         f"{g(oil, 'reingest_s', unit=' s')} ({g(oil, 'reingest_share', '{:.1%}')})",
         "re-embeds all (no dedup)", "–", _met(s, "reingest_share")),
        ("unchanged re-ingest, large: new chunks", g(oil, "reingest_new_chunks", "{}"), "–", "–",
         _met(s, "reingest_new_chunks")),
        (f"retrieval p50 / p95 ({orr.get('chunks', 0):,} vs {brr.get('chunks', 0):,} chunks, {orr.get('queries', 0)} queries)",
         f"{g(orr, 'p50_ms', '{:.1f}')} / {g(orr, 'p95_ms', '{:.1f}')} ms",
         f"{g(brr, 'p50_ms', '{:.1f}')} / {g(brr, 'p95_ms', '{:.1f}')} ms",
         _ratio(orr.get("p95_ms"), brr.get("p95_ms")) + " (p95)", _met(s, "retrieval_p95_ms")),
        ("peak RSS, ingest (large)", g(oil, "peak_rss_gb", unit=" GB"), g(bil, "peak_rss_gb", unit=" GB"),
         _ratio(oil.get("peak_rss_gb"), bil.get("peak_rss_gb")), "–"),
        ("peak RSS, serving (model + large index)", g(o, "serve_rss_gb", unit=" GB"), g(b, "serve_rss_gb", unit=" GB"),
         _ratio(o.get("serve_rss_gb"), b.get("serve_rss_gb")), _met(s, "serve_rss_gb")),
    ]
    c = run.get("corpus") or {}
    out = [
        f"Answers: {oa.get('n', 0)} questions about seeds/, default 1.5B model (llama.cpp), one untimed warm-up answer "
        f"first. Large corpus: {c.get('files', '?')} of {c.get('files_available', '?')} files / "
        f"{c.get('bytes', 0) / 1e6:.1f} MB of the Python documentation sources in `{c.get('source', '?')}` "
        f"(smallest first). Baseline: llama-index defaults (`VectorStoreIndex.from_documents`, 1024-token chunks; "
        f"`as_query_engine()` top-2 over the same model; `as_retriever()` vector-only top-2), same embedder object, "
        f"same Chroma.",
        "",
        "| figure | ours | baseline | ours ÷ baseline | target |",
        "|---|---|---|---|---|",
    ]
    out += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} |" for r in rows]
    met = [k for k, t in s["targets"].items() if t["met"]]
    missed = [k for k, t in s["targets"].items() if t["met"] is False]
    out += ["", f"Targets met: {len(met)} of {len(met) + len(missed)}" + (f"; missed: {', '.join(missed)}." if missed else ".")]
    out += ["", "### Where the time goes (ours)", ""]
    if oa:
        out.append(
            f"- Answer, mean per question: retrieval + relevance gate {g(oa, 'retrieve_s_mean')} s; "
            f"prompt evaluation {g(oa, 'prompt_eval_s_mean')} s for {g(oa, 'prompt_tokens_mean', '{:.0f}')} prompt "
            f"tokens, {g(oa, 'cached_tokens_mean', '{:.0f}')} of them reused from the KV cache "
            f"({g(oa, 'prompt_eval_tok_per_s', '{:.0f}')} tok/s evaluated); writing {g(oa, 'decode_s_mean')} s for "
            f"{g(oa, 'completion_tokens_mean', '{:.0f}')} tokens ({g(oa, 'decode_tok_per_s', '{:.1f}')} tok/s); "
            f"after the draft {g(oa, 'after_generate_s_mean')} s: the model's check of its answers "
            f"{g(oa, 'check_s_mean')} s, a second turn {g(oa, 'retry_s_mean')} s (in {oa.get('retried')} of "
            f"{oa.get('generated')} answers), the rest citation checking. "
            f"Refused: {oa.get('refused')} of {oa.get('n')}.")
    if oa.get("first_token_parts_ms"):
        parts = oa["first_token_parts_ms"]
        out.append(
            "- First token, mean per answer: " + ", ".join(f"{k} {v:.0f} ms" for k, v in parts.items())
            + f" (prompt evaluation of {g(oa, 'uncached_tokens_mean', '{:.0f}')} uncached prompt tokens: "
            f"{parts['prompt evaluation'] / max(oa.get('uncached_tokens_mean') or 1, 1):.1f} ms per prompt token, "
            "so each prompt token left out saves about that much).")
    if oil:
        out.append(
            f"- Ingest, large corpus ({oil['documents']} documents, {oil['chunks']:,} chunks, {oil['seconds']:.0f} s "
            "end to end): " + ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in oil.get("parts_s", {}).items())
            + " (each measured alone in the same process; chroma add includes the keyword index).")
    if orr:
        out.append(
            f"- Retrieval at {orr['chunks']:,} chunks: vector half p50/p95 {g(orr, 'vector_p50_ms', '{:.1f}')} / "
            f"{g(orr, 'vector_p95_ms', '{:.1f}')} ms, keyword half {g(orr, 'keyword_p50_ms', '{:.1f}')} / "
            f"{g(orr, 'keyword_p95_ms', '{:.1f}')} ms; opening the retriever {orr['build_s']:.2f} s.")
    if o.get("serve_rss_steps_gb"):
        out.append("- Serving RSS, step by step: "
                   + "; ".join(f"{k} {v:.2f} GB" for k, v in o["serve_rss_steps_gb"].items())
                   + f"; peak {o['serve_rss_gb']:.2f} GB.")
    return out


def _llama_table(s: dict) -> list[str]:
    out = ["## llama.cpp builds", "",
           "Prompt reading on a fixed 420-token prompt (article text, empty KV cache) and writing 63 tokens after it, "
           "best of 3, n_threads = cores, n_batch 512.", "",
           "| build | CPU features llama.cpp uses | prompt tok/s | writing tok/s | run |", "|---|---|---|---|---|"]
    layout = {True: " (repacked weights)", False: " (weights as loaded)", None: ""}
    for r in s["llama"]:
        out.append(f"| {r['build']}{layout[r.get('repack')]} | {r['features']} | {r['prompt_tok_per_s']:.1f} | "
                   f"{r['write_tok_per_s']:.1f} | {r['date']} |")
        o = r.get("other_layout")
        if o:  # the same build, the layout RAG_LLAMA_REPACK does not choose
            out.append(f"| {r['build']}{layout[o['repack']]} | {r['features']} | {o['prompt_tok_per_s']:.1f} | "
                       f"{o['write_tok_per_s']:.1f} | {r['date']} |")
    for r in s["llama"]:
        if r.get("lookup"):
            out += ["", f"### Prompt-lookup decoding ({r['build']} build; the answer prompts of the questions, temperature 0)", "",
                    "| decoding | same output as plain | first token p50 | generation p50 | writing (mean) | RSS added |",
                    "|---|---|---|---|---|---|"]
            for x in r["lookup"]:
                out.append(f"| {x['config']} | {x['same_output']} of {x['n']} | {_f(x['first_token_p50_s'], unit=' s')} | "
                           f"{_f(x['generate_p50_s'], unit=' s')} | {_f(x['writing_s_mean'], unit=' s')} | "
                           f"{x['rss_delta_gb']:.2f} GB |")
    return out


def _scale_table(s: dict) -> list[str]:
    out = ["## Scale", "",
           "A fresh process per size: `Assistant.ask` of one seeds question (model, embedder, index opened on the way), "
           "timed from the parent starting the process; then the 50 queries through `Assistant.retriever.retrieve`.", "",
           "| chunks | index | first answer after process start | retrieval p50 / p95 | CPU time p50 / p95 (all threads) | vector / keyword half p95 | peak RSS | run (load) |",
           "|---|---|---|---|---|---|---|---|"]
    for r in s["scale"]:
        rr = r["retrieval"]
        out.append(f"| {r['chunks']:,} | {r['how']} | {r['first_answer_after_start_s']:.2f} s | "
                   f"{rr['p50_ms']:.1f} / {rr['p95_ms']:.1f} ms | {r['cpu_p50_ms']:.1f} / {r['cpu_p95_ms']:.1f} ms | "
                   f"{_f(rr.get('vector_p95_ms'), '{:.1f}')} / {_f(rr.get('keyword_p95_ms'), '{:.1f}')} ms | "
                   f"{r['rss_gb']:.2f} GB | {r['date']} ({_f(r.get('load_avg_1m'), '{:.1f}')}) |")
    if "scale_rss_gb" in s["targets"]:
        out += ["", "Targets at the largest size: retrieval p95 " + _met(s, "scale_retrieval_p95_ms")
                + "; first answer after process start " + _met(s, "scale_first_answer_s")
                + "; peak RSS " + _met(s, "scale_rss_gb") + "."]
    return out


def _startup_table(s: dict) -> list[str]:
    rows = s["startup"]
    out = ["### Where the first answer's time goes", "",
           "The steps of a first answer one after another, each timed alone in a fresh process (`startup` phase): "
           "wall ms (CPU ms of the process, all threads). In the library they overlap (the model loads while the "
           "embedder loads and retrieval runs), so the sum is more than the first answer above.", "",
           "| step | " + " | ".join(f"{r['chunks']:,} chunks" for r in rows) + " |",
           "|---|" + "---|" * len(rows)]
    names = list(dict.fromkeys(k for r in rows for k in r["steps"]))
    for name in names:
        cells = []
        for r in rows:
            x = r["steps"].get(name)
            cells.append(f"{x['wall_ms']:.0f} ({x['cpu_ms']:.0f})" if x else "–")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    for key, label in (("retrieve_s", "of which: retrieval + relevance gate"), ("first_token_s", "of which: to the first token"),
                       ("generate_s", "of which: prompt + writing + checks")):
        out.append(f"| {label} | " + " | ".join(_f(1000 * r["answer_timings"][key], "{:.0f}") if key in r["answer_timings"] else "–"
                                              for r in rows) + " |")
    out.append("| sum of the steps | " + " | ".join(f"{sum(x['wall_ms'] for x in r['steps'].values()):.0f}" for r in rows) + " |")
    out.append("| run | " + " | ".join(str(r["date"]) for r in rows) + " |")
    return out


def markdown(run: dict, s: dict) -> str:
    quiet = run["quiet_wait"]
    if quiet.get("skipped"):
        quiet_note = "no wait for a quiet machine (--no-wait)"
    elif quiet["quiet"]:
        quiet_note = f"started on a quiet machine (1-min load {quiet['load_at_start']:.2f} after {quiet['waited_s']:.0f} s wait)"
    else:
        quiet_note = (f"**the machine never got quiet**: 1-min load {quiet['load_at_start']:.2f} after waiting "
                      f"{quiet['waited_s']:.0f} s; figures are pessimistic")
    rerun_note = f" (phases re-run after a disturbance: {s['reruns']})" if s.get("reruns") else ""
    out = [
        "# Speed and scale bench",
        "",
        f"Latest run {run['date']} (parts: {', '.join(run['parts'])}), {run['machine']['cpus']} cores "
        f"({run['machine']['cpu']}), Python {run['machine']['python']}{', QUICK run' if run['quick'] else ''}; "
        f"{run['duration_s'] / 60:.1f} min; {quiet_note}; highest other load during a kept phase "
        f"{s['other_cores_max']:.2f} cores{rerun_note}. The figures of parts not run come from earlier runs: "
        "each phase's run is listed at the end.",
        "",
    ]
    if "answers" in s["ours"] or "ingest_large" in s["ours"]:
        out += _main_table(run, s) + [""]
    if s["llama"]:
        out += _llama_table(s) + [""]
    if s["scale"]:
        out += _scale_table(s) + [""]
    if s.get("startup"):
        out += _startup_table(s) + [""]
    out += ["## Phases", "", "| phase | run | wall time | other load (cores) |", "|---|---|---|---|"]
    out += [f"| {k} | {s['dates'].get(k)} | {v} s | {s['other_cores_by_phase'].get(k)} |" for k, v in s["phase_wall_s"].items()]
    out.append("")
    return "\n".join(out)
