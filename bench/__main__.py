"""Speed and scale bench: `.venv/bin/python -m bench [--quick] [--out bench/results]`.

Measures, on this machine, in one run (see bench/README.md for what each figure means):
  - answer latency over bench/questions.txt with the default 1.5B model:
    time to first token, end-to-end p50/p95, prompt tokens per answer;
  - ingestion throughput end to end beside the raw embedder rate on the same chunks,
    on seeds/ and on a large real corpus (the Python docs from Debian's python3-doc);
  - the unchanged re-ingest of the large corpus (time, new chunks);
  - retrieval latency p50/p95 at that scale over bench/queries.txt;
  - peak RSS of ingest and of serving;
and the same figures for llama-index's plain defaults (the baseline), then writes
<out>/bench.json and <out>/bench.md. Every phase runs in its own process, one at a time.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus as corpus_mod
from .phases import WARMUP_QUERY, WARMUP_QUESTION
from .report import markdown, summarize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _lines(path: Path) -> list[str]:
    return [s.strip() for s in path.read_text().splitlines() if s.strip() and not s.startswith("#")]


def _cpu_busy_s() -> float:
    """Seconds of CPU time the whole machine has spent busy since boot (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_for_quiet(threshold: float, max_wait_s: float, poll_s: float = 30.0) -> dict:
    start = time.monotonic()
    load = os.getloadavg()[0]
    while load >= threshold and time.monotonic() - start < max_wait_s:
        print(f"waiting for a quiet machine: load average {load:.2f} ≥ {threshold} "
              f"({time.monotonic() - start:.0f} s of at most {max_wait_s:.0f} s)", file=sys.stderr, flush=True)
        time.sleep(poll_s)
        load = os.getloadavg()[0]
    return {"threshold": threshold, "waited_s": round(time.monotonic() - start, 1),
            "load_at_start": load, "quiet": load < threshold}


def other_cores_now(sample_s: float = 5.0) -> float:
    """CPU (in cores) used by everything else over the next few seconds (we run nothing meanwhile)."""
    b0 = _cpu_busy_s()
    time.sleep(sample_s)
    return (_cpu_busy_s() - b0) / sample_s


def wait_between_phases(threshold: float, max_wait_s: float, poll_s: float = 30.0) -> float:
    """Wait until the rest of the machine uses < threshold cores (a 5 s sample). → seconds waited."""
    start = time.monotonic()
    busy = other_cores_now()
    while busy >= threshold and time.monotonic() - start < max_wait_s:
        print(f"waiting: other processes use {busy:.2f} cores ({time.monotonic() - start:.0f} s)",
              file=sys.stderr, flush=True)
        time.sleep(poll_s)
        busy = other_cores_now()
    return time.monotonic() - start


def run_phase_once(name: str, args: dict, work: Path, label: str, env=None) -> dict:
    """Run one phase in a fresh process; add its wall time and how busy the rest of the machine was.
    Phases that run the real model hold the machine-wide model lock (one llama.cpp at a time)."""
    args_path = work / f"{label}.args.json"
    out_path = work / f"{label}.out.json"
    with contextlib.ExitStack() as stack:
        if name in MODEL_PHASES:
            lock = stack.enter_context(open(LLM_LOCK, "w"))
            print(f"phase {label}: waiting for the model lock {LLM_LOCK} …", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        print(f"phase {label} ({name}) …", file=sys.stderr, flush=True)
        args_path.write_text(json.dumps({**args, "spawned_at": time.time()}))
        load = os.getloadavg()[0]
        busy0, kids0, t0 = _cpu_busy_s(), _children_cpu_s(), time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "bench.phases", name, str(args_path), str(out_path)],
                              cwd=ROOT, env=env)
        wall = time.perf_counter() - t0
    busy, kids = _cpu_busy_s() - busy0, _children_cpu_s() - kids0
    if proc.returncode != 0:
        raise SystemExit(f"bench phase {label} failed (exit {proc.returncode}); see the output above")
    result = json.loads(out_path.read_text())
    result["process"] = {
        "wall_s": wall,
        "cpu_s": kids,
        "load_avg_1m_at_start": load,
        # CPU used by everything else on the machine meanwhile, in cores (0 = we had it to ourselves)
        "other_cores": max(0.0, (busy - kids) / wall) if wall else 0.0,
    }
    print(f"phase {label} done in {wall:.0f} s (other load {result['process']['other_cores']:.2f} cores)",
          file=sys.stderr, flush=True)
    return result


class PhaseRunner:
    """Runs phases one by one; when waiting is on, each starts on a quiet machine and a phase
    disturbed by other processes (> `noisy` cores on average) is run again, up to `retries` times."""

    def __init__(self, work: Path, wait: bool, noisy: float, retries: int, max_wait_s: float):
        self.work, self.wait, self.noisy, self.retries, self.max_wait_s = work, wait, noisy, retries, max_wait_s
        self.waited_s = 0.0

    def run(self, name: str, args: dict, label: str, env=None) -> dict:
        attempts = []
        for attempt in range(1 + (self.retries if self.wait else 0)):
            if self.wait:
                self.waited_s += wait_between_phases(self.noisy, self.max_wait_s)
            result = run_phase_once(name, args, self.work, label, env)
            attempts.append(round(result["process"]["other_cores"], 2))
            if not self.wait or result["process"]["other_cores"] <= self.noisy:
                break
            print(f"phase {label} was disturbed by other processes; running it again", file=sys.stderr, flush=True)
        result["process"]["attempts_other_cores"] = attempts
        return result


PARTS = ("ingest", "answers", "llama", "scale")
MODEL_PHASES = {"serve", "baseline_serve", "scale", "startup", "llama"}  # run the real model: hold the machine-wide lock
LLM_LOCK = Path(tempfile.gettempdir()) / "rag-news-llm.lock"


@contextlib.contextmanager
def chroma_server(path: Path):
    """`chroma run` on 127.0.0.1 at a free port over an existing Chroma folder; yields its URL."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    exe = Path(sys.executable).with_name("chroma")
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", DO_NOT_TRACK="1")
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=1.0):
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--only", default=",".join(PARTS),
                   help=f"comma-separated parts to run, of {', '.join(PARTS)} (default: all). The report "
                        "combines them with the latest results of the parts not run, each dated")
    p.add_argument("--quick", action="store_true",
                   help="a small run (~0.4 MB of the Python docs, 3 questions, 20 queries) to check the bench works")
    p.add_argument("--out", type=Path, default=HERE / "results", help="where bench.json, bench.md and phases/ go")
    p.add_argument("--corpus-mb", type=float, default=None,
                   help="size of the large corpus in MB of Python doc sources, smallest files first "
                        "(default 3.6, ≈13k chunks; --quick 0.4)")
    p.add_argument("--workdir", type=Path, default=Path.home() / ".cache" / "rag-news" / "bench",
                   help="indexes of the ingest part, reused by the answers part (kept between runs)")
    p.add_argument("--scale-data", type=Path, default=Path.home() / ".cache" / "rag-news" / "bench-scale",
                   help="the scale part's corpus and indexes (41k chunks: ≈14 min to embed once, then reused)")
    p.add_argument("--scale-copies", type=int, default=3, help="the ≥100k index is the 41k one times this")
    p.add_argument("--scale-sizes", default="", help="scale part: only these sizes, e.g. 13k,41k (default: all)")
    p.add_argument("--chroma-server", action="store_true",
                   help="scale part: also measure each big index through a `chroma run` server on loopback "
                        "(RAG_CHROMA_URL) serving the same data")
    p.add_argument("--llama-builds", default="",
                   help="llama part: NAME=SITE_DIR,… other llama-cpp-python builds (installed with pip --target) "
                        "to measure beside the venv's own; NAME=SITE_DIR@VARIANT loads only that CPU module of a "
                        "runtime-dispatch build (e.g. @haswell: the instruction sets of a GGML_NATIVE=OFF build)")
    p.add_argument("--no-venv-build", action="store_true",
                   help="llama part: measure only the --llama-builds, not the venv's own llama_cpp")
    p.add_argument("--no-lookup", action="store_true", help="llama part: skip prompt-lookup decoding")
    p.add_argument("--draft-model", default="",
                   help="llama part: also try this packaged model as a draft model (e.g. qwen2.5-0.5b)")
    p.add_argument("--no-wait", action="store_true", help="don't wait for a quiet machine before measuring")
    p.add_argument("--quiet-load", type=float, default=0.7, help="1-minute load average counted as quiet")
    p.add_argument("--max-wait", type=float, default=1200, help="longest wait for a quiet machine, seconds")
    p.add_argument("--noisy", type=float, default=0.3,
                   help="other processes' CPU (cores) above which a phase waits, and is re-run when it was disturbed")
    p.add_argument("--retries", type=int, default=1, help="re-runs of a disturbed phase")
    p.add_argument("--no-baseline", action="store_true", help="skip the llama-index default baseline")
    a = p.parse_args(argv)
    parts = [x.strip() for x in a.only.split(",") if x.strip()]
    for x in parts:
        if x not in PARTS:
            p.error(f"unknown part {x!r}; choose from {', '.join(PARTS)}")

    questions = _lines(HERE / "questions.txt")
    queries = _lines(HERE / "queries.txt")
    budget_mb = a.corpus_mb if a.corpus_mb is not None else (0.4 if a.quick else 3.6)
    if a.quick:
        questions, queries = questions[:3], queries[:20]

    started = time.time()
    quiet = {"skipped": True} if a.no_wait else wait_for_quiet(a.quiet_load, a.max_wait)
    if not quiet.get("skipped") and not quiet["quiet"]:
        print(f"the machine did not get quiet (load {quiet['load_at_start']:.2f}); measuring anyway, "
              f"the report says so", file=sys.stderr)

    work = a.workdir
    work.mkdir(parents=True, exist_ok=True)
    phase_dir = a.out / "phases"
    phase_dir.mkdir(parents=True, exist_ok=True)
    t_all = time.perf_counter()
    seeds = work / "seeds"
    if not seeds.exists():
        shutil.copytree(ROOT / "seeds", seeds)
    large = work / "pydocs"
    runner = PhaseRunner(work, wait=not a.no_wait, noisy=a.noisy, retries=a.retries, max_wait_s=a.max_wait)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started))

    def run_phase(name, args, label, env=None):
        result = runner.run(name, args, label, env)
        result["run"] = {"date": stamp, "quick": a.quick, "load_avg_at_start": quiet.get("load_at_start")}
        (phase_dir / f"{label}.json").write_text(json.dumps(result, indent=1, default=str))
        return result

    corpus_info = None
    if "ingest" in parts:
        corpus_info = corpus_mod.build(large, int(budget_mb * 1e6))
        (work / "corpus.json").write_text(json.dumps(corpus_info))
        print(f"large corpus: {corpus_info['files']} files, {corpus_info['bytes'] / 1e6:.1f} MB "
              f"from {corpus_info['source']}", file=sys.stderr)
        for d in ("index-seeds", "index-large", "base-seeds", "base-large", "scratch-seeds", "scratch-large"):
            shutil.rmtree(work / d, ignore_errors=True)
        run_phase("ingest", {"label": "seeds", "corpus": str(seeds), "index": str(work / "index-seeds"),
                             "scratch": str(work / "scratch-seeds")}, "ingest_seeds")
        run_phase("ingest", {"label": "large", "corpus": str(large), "index": str(work / "index-large"),
                             "scratch": str(work / "scratch-large")}, "ingest_large")
        if not a.no_baseline:
            run_phase("baseline_ingest", {"label": "seeds", "corpus": str(seeds), "index": str(work / "base-seeds")},
                      "baseline_ingest_seeds")
            run_phase("baseline_ingest", {"label": "large", "corpus": str(large), "index": str(work / "base-large")},
                      "baseline_ingest_large")
    serve_args = {
        "questions": questions, "queries": queries,
        "warmup_question": WARMUP_QUESTION, "warmup_query": WARMUP_QUERY,
        "seeds": str(seeds), "large": str(large),
    }
    if "answers" in parts:
        run_phase("serve", {**serve_args, "seeds_index": str(work / "index-seeds"),
                            "large_index": str(work / "index-large")}, "serve")
        if not a.no_baseline and (work / "base-seeds").exists():
            run_phase("baseline_serve", {**serve_args, "seeds_index": str(work / "base-seeds"),
                                         "large_index": str(work / "base-large")}, "baseline_serve")
    if "llama" in parts:
        builds = ([] if a.no_venv_build else [("venv", None)]) + [
            tuple(x.split("=", 1)) for x in a.llama_builds.split(",") if "=" in x]
        for i, (name, site) in enumerate(builds):
            site, _, variant = (site or "").partition("@")  # DIR@VARIANT: one CPU module of a runtime-dispatch build
            site = site or None
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(x for x in (site, str(ROOT)) if x))
            run_phase("llama", {"build": name, "site": site, "variant": variant,
                                "prompt_tokens": 420, "written_tokens": 64, "repeats": 3,
                                "lookup": [] if (a.no_lookup or i or builds[0][1] is not None) else [2, 5, 10],
                                "draft_model": "" if (i or builds[0][1] is not None) else a.draft_model,
                                "seeds": str(seeds), "seeds_index": str(work / "index-seeds"),
                                "questions": questions, "warmup_question": WARMUP_QUESTION},
                      f"llama_{name}", env)
    if "scale" in parts:
        from . import scale as scale_mod

        data = a.scale_data
        sizes = []
        if not (data / "index-41k").exists():
            print("scale: embedding all of python3-doc + seeds once (≈14 min on 2 cores) …", file=sys.stderr)
            scale_mod.ingest(data)
        synthetic = (data / "synthetic.json").exists()  # made by `python -m bench.scale synthetic DATA`
        how41 = ("all of python3-doc + seeds/; seeds embedded, python-doc chunks with random unit vectors "
                 "(bench/scale.py synthetic)" if synthetic else "all of python3-doc + seeds/, ingested")
        # 13k: the ingest part's documents' chunks taken from the 41k index, with seeds/ (bench/scale.py
        # subset). Not the ingest part's own large index: it has no seeds, so the first question was
        # refused at the relevance gate and "first answer after start" timed a refusal (2026-12-02).
        if not (data / "index-13k").exists():
            scale_mod.subset(data)
        sizes.append(("13k", data / "index-13k", data / "corpus-41k",
                      "the 41k index's chunks of the ingest part's corpus (python3-doc smallest files first, 3.6 MB) "
                      "+ seeds/ (bench/scale.py subset)" + ("; from the synthetic 41k" if synthetic else "")))
        sizes.append(("41k", data / "index-41k", data / "corpus-41k", how41))
        wanted = {x.strip() for x in a.scale_sizes.split(",") if x.strip()}
        if not wanted or wanted - {"13k", "41k"}:
            big = sorted((d for d in data.glob("index-*k") if d.name[6:-1].isdigit() and int(d.name[6:-1]) > 41),
                         key=lambda d: int(d.name[6:-1]))
            if not big:
                big = [Path(scale_mod.multiply(data, a.scale_copies)["index"])]
            sizes.append((big[-1].name.removeprefix("index-"), big[-1], data / "corpus-41k",
                          f"the 41k index ×{a.scale_copies}: copies with ids and text altered, embeddings jittered "
                          f"(bench/scale.py multiply)" + ("; from the synthetic 41k" if synthetic else "")))
        for label, index, corpus, how in sizes:
            if wanted and label not in wanted:
                continue
            args = {"label": label, "index": str(index), "corpus": str(corpus), "how": how,
                    "question": WARMUP_QUESTION, "warmup_query": WARMUP_QUERY, "queries": queries}
            run_phase("scale", args, f"scale_{label}")
            run_phase("startup", args, f"startup_{label}")
            if a.chroma_server and label != "13k":
                with chroma_server(index / "chroma") as url:
                    run_phase("scale", {**args, "label": f"{label} (Chroma server)", "chroma_url": url,
                                        "how": how + "; through `chroma run` on loopback"}, f"scale_{label}_server")

    results = {f.stem: json.loads(f.read_text()) for f in sorted(phase_dir.glob("*.json"))}
    if corpus_info is None and (work / "corpus.json").exists():
        corpus_info = json.loads((work / "corpus.json").read_text())
    if corpus_info is None and (a.out / "bench.json").exists():
        # a partial run on a machine whose work folder is new (a fresh clone, another machine): the large
        # corpus's figures shown are the earlier run's, and so is its description
        corpus_info = json.loads((a.out / "bench.json").read_text())["run"].get("corpus")
    run = {
        "date": stamp,
        "parts": parts,
        "quick": a.quick,
        "duration_s": time.perf_counter() - t_all,
        "machine": {
            "cpus": os.cpu_count(),
            "cpu": _cpu_model(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "quiet_wait": quiet,
        "waited_between_phases_s": round(runner.waited_s, 1),
        "load_avg_at_end": os.getloadavg()[0],
        "corpus": corpus_info,
        "questions": questions,
        "queries": queries,
    }
    summary = summarize(results)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "bench.json").write_text(json.dumps({"run": run, "summary": summary}, indent=1, default=str))
    md = markdown(run, summary)
    (a.out / "bench.md").write_text(md)
    print(md)
    print(f"wrote {a.out / 'bench.json'} and {a.out / 'bench.md'} in {run['duration_s'] / 60:.1f} min", file=sys.stderr)
    return 0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    sys.exit(main())
