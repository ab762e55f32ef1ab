"""A first question starts loading the model before retrieval (the two overlap), and a load
that fails in the background still fails the question with the clear error."""

import pytest

from rag import Assistant, LlamaCpp, ModelError, Scripted, Settings


class Preloading(Scripted):
    """A scripted generator that records when the Assistant asked it to load."""

    def __init__(self, assistant_ref):
        super().__init__()
        self.preloads: list[bool] = []  # per call: was the retriever already built?
        self._assistant = assistant_ref

    def preload(self) -> None:
        self.preloads.append(self._assistant()._retriever is not None)


def test_the_first_question_starts_the_model_loading_before_retrieval(settings):
    holder = {}
    gen = Preloading(lambda: holder["a"])
    a = holder["a"] = Assistant(settings, generator=gen)
    a.ingest()
    a._retriever = None  # as in a fresh process: nothing built yet
    a.ask("What did Lavrov say Japan must recognize?")
    assert gen.preloads == [False]  # asked once, before the retriever (and the embedder) existed


def test_a_model_that_fails_to_load_in_the_background_fails_the_question_with_the_fix(tmp_path):
    gen = LlamaCpp(Settings(model=str(tmp_path / "missing.gguf"), index_dir=tmp_path / "index"))
    gen.preload()
    gen._preloading.join(30)
    assert not gen._preloading.is_alive()
    with pytest.raises(ModelError, match="does not exist"):
        list(gen.stream([{"role": "user", "content": "Who is Russia's foreign minister?"}], 8))
    gen.preload()  # a no-op now: it tried once; the question's own load reports the error each time
    with pytest.raises(ModelError, match="does not exist"):
        gen.load()


def test_warm_up_loads_the_model_the_embedder_and_the_retriever_in_the_background(settings):
    holder = {}
    gen = Preloading(lambda: holder["a"])
    a = holder["a"] = Assistant(settings, generator=gen)
    a.ingest()
    a._retriever = None  # as in a fresh process
    thread = a.warm_up()
    assert gen.preloads  # the model's load was started first
    thread.join(300)
    assert not thread.is_alive()
    assert a._retriever is not None  # built, with one retrieval (HNSW and keyword index read)
    from rag import embeddings

    assert embeddings._loaded  # the embedder, loaded once for the process
    assert a.ask("What did Lavrov say Japan must recognize?").citations  # and it answers as before


def test_a_first_question_loads_the_embedder_beside_the_store(settings, monkeypatch):
    from rag import answer

    started = []
    monkeypatch.setattr(answer, "preload_embedder", lambda: started.append(True))
    a = Assistant(settings, generator=Scripted())
    a.ingest()
    a.ask("What did Lavrov say Japan must recognize?")
    assert started  # asked to load in the background; the question itself waits for it when it needs it
    b = Assistant(settings, generator=Scripted(), embedder=a.index.embedder)
    started.clear()
    b.ask("What did Lavrov say Japan must recognize?")
    assert not started  # an embedder given to the Assistant is its own: nothing else is loaded
