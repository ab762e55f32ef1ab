"""The embedded generator with the real model: the answer check's yes/no reading (generation.yes_no).

Marked `llm`: it loads llama.cpp; never run in parallel with other model tests.
"""

from pathlib import Path

import pytest

from rag import Settings
from rag.generation import LlamaCpp
from rag.prompt import SYSTEM, check_messages

pytestmark = pytest.mark.llm

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SENTENCE = ("Foreign Minister Taro Kono met with visiting Russian Foreign Minister Sergei Lavrov in Tokyo on May 31 "
            "for a fourth round of negotiations on the peace treaty, but no progress was made.")


def test_yes_no_reads_a_verdict_and_puts_the_answer_prompts_cache_back(tmp_path):
    import llama_cpp

    gen = LlamaCpp(Settings(corpus_dir=SEEDS, index_dir=tmp_path / "index", backend="llamacpp"))
    asked = [{"role": "system", "content": SYSTEM},
             {"role": "user", "content": f"Passages:\n\n[1] {SENTENCE}\n\nQuestion: When did Kono and Lavrov meet in Tokyo?\nAnswer:"}]
    first = "".join(gen.stream(asked, 40))
    llm = gen.load()
    cached, ids = llm.n_tokens, list(llm.input_ids[: llm.n_tokens])

    shown = [SENTENCE]
    right = gen.yes_no(check_messages("When did Kono and Lavrov meet in Tokyo?", "They met on May 31 [1].", shown))
    stitched = gen.yes_no(check_messages("Who replaced Taro Kono as foreign minister?",
                                         "Sergei Lavrov replaced Taro Kono as foreign minister [1].", shown))
    assert right > 0 > stitched or right > stitched + 1.0, (right, stitched)

    # the answer prompt's KV cache is back: the same prompt again reads no more than its last token
    assert llm.n_tokens == cached and list(llm.input_ids[:cached]) == ids
    before = llama_cpp.llama_perf_context(llm._ctx.ctx).n_p_eval
    assert "".join(gen.stream(asked, 40)) == first
    assert llama_cpp.llama_perf_context(llm._ctx.ctx).n_p_eval - before <= 1


def test_repacked_weights_can_be_switched_off_for_one_load_only():
    # RAG_LLAMA_REPACK=0: llama-cpp-python has no argument for it, so the default model parameters llama.cpp
    # starts from are changed while the model loads, and put back after (generation._repacking)
    import llama_cpp.llama_cpp as lib

    from rag.generation import _repacking

    assert lib.llama_model_default_params().use_extra_bufts  # llama.cpp's default: repacked
    with _repacking(True):
        assert lib.llama_model_default_params().use_extra_bufts
    with _repacking(False):
        assert not lib.llama_model_default_params().use_extra_bufts
    assert lib.llama_model_default_params().use_extra_bufts
    with pytest.raises(RuntimeError), _repacking(False):
        raise RuntimeError("a load that fails")
    assert lib.llama_model_default_params().use_extra_bufts  # put back whatever happened
