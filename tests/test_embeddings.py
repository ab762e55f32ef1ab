"""The embedder gives exactly the vectors sentence-transformers gives for all-MiniLM-L6-v2.

rag.embeddings.MiniLM skips sentence-transformers' imports (~3 s of a first question);
existing indexes and the eval depend on the vectors, so they must not move at all.
"""

import numpy as np
import pytest

from rag.embeddings import EMBED_DIM, load_embedder, model_path
from rag.documents import load_corpus


@pytest.fixture(scope="module")
def reference():
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(model_name=model_path(), device="cpu", embed_batch_size=64, normalize=True,
                                local_files_only=True)


def _texts(settings):
    docs, _ = load_corpus(settings.corpus_dir)
    texts = []
    for d in docs:
        t = d.text
        texts += [t[i : i + 900] for i in range(0, len(t), 300)]  # chunk-sized windows, some past 256 tokens
        texts.append(t)  # whole articles: truncated at 256 tokens
    texts += ["Who is Igor Morgulov?", "  Habomai  ", "17,000", "x", "Île-de-France, São Paulo, Zürich", "北方領土 (Northern Territories)",
              "KURIL ISLANDS", "e-mail: press@mofa.go.jp; URL https://example.org/a?b=1", "", "Why did Japan drop the June deal with Russia?"]
    return texts


def test_vectors_are_those_of_sentence_transformers(settings, reference):
    ours = load_embedder()
    texts = _texts(settings)
    assert len(texts) > 64  # more than one batch, so batching and length sorting are compared too
    a = np.array(ours.get_text_embedding_batch(texts))
    b = np.array(reference.get_text_embedding_batch(texts))
    assert a.shape == (len(texts), EMBED_DIM)
    assert np.abs(a - b).max() <= 1e-6, np.abs(a - b).max()
    for q in texts[-5:]:
        assert np.abs(np.array(ours.get_query_embedding(q)) - np.array(reference.get_query_embedding(q))).max() <= 1e-6
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_the_embedder_loads_without_sentence_transformers_or_transformers_models():
    import subprocess
    import sys

    code = ("import sys, rag; from rag.embeddings import load_embedder; load_embedder().get_query_embedding('Kuril');"
            "print('sentence_transformers' in sys.modules, 'transformers.modeling_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "False"]


def test_chunking_counts_the_word_pieces_transformers_counts(settings):
    # the splitter's tokenizer is read straight from tokenizer.json; chunks must not move
    from transformers import AutoTokenizer

    from rag.embeddings import load_tokenizer

    reference = AutoTokenizer.from_pretrained(model_path(), local_files_only=True)
    ours = load_tokenizer()
    texts = _texts(settings)
    assert any(len(reference.tokenize(t)) > 256 for t in texts)  # no truncation in a count
    for t in texts:
        assert ours(t) == reference.tokenize(t)
