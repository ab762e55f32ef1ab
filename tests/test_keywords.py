"""The keyword half of hybrid search (on-disk FTS5 index) and paged reads, on real Chroma."""

from rag import Assistant
from rag.keywords import KeywordIndex, match_query


def _chunk_ids(a: Assistant) -> set[str]:
    return {i for page in a.index.pages([]) for i in page["ids"]}


def _keyword_ids(a: Assistant) -> set[str]:
    db = a.index.keywords._db()
    return {r[0] for r in db.execute("SELECT id FROM chunks")}


def test_match_query_drops_stop_words_and_quotes_words():
    assert match_query('What is the "Habomai" deal, 17,000?') == '"what" OR "habomai" OR "deal" OR "17" OR "000"'
    assert match_query("the a of") == ""
    assert match_query("   ") == ""


def test_a_month_is_searched_also_as_its_news_style_short_form(scripted):
    # the Mainichi writes "a Jan. 14 meeting of ... Taro Kono and ... Sergey Lavrov"; questions say "January"
    assert match_query("Kono met in January, not Sept.") == '"kono" OR "met" OR "january" OR "jan" OR "sept" OR "september"'
    assert match_query("Dec. 15") == '"dec" OR "december" OR "15"'
    hits = scripted.index.keywords.search("January Kono Lavrov meeting", 3)
    assert any("Jan. 14 meeting" in n.get_content() for n in scripted.index.get_nodes([i for i, _ in hits]))


def test_keyword_index_follows_every_ingest(scripted, corpus):
    a = scripted
    assert _keyword_ids(a) == _chunk_ids(a) and a.index.keywords.count() == a.index.count()
    hits = a.index.keywords.search("Habomai", 3)
    assert hits and hits[0][0].rsplit("#", 1)[0].endswith(tuple("/" + p.name for p in corpus.iterdir()))  # ids: <folder>/<source>#n

    # an edited file: its old words leave the keyword index, the new ones come in
    (corpus / "003_0e3ea9520caa6332.txt").write_text("Abe will fly to Moscow on a blue zeppelin named Harmony.")
    a.ingest()
    assert _keyword_ids(a) == _chunk_ids(a)
    assert [i.split("#")[0] for i, _ in a.index.keywords.search("zeppelin", 5)] == [f"{corpus.resolve()}/003_0e3ea9520caa6332.txt"]
    assert a.retriever.keywords.retrieve("zeppelin Harmony")[0].node.metadata["source"] == "003_0e3ea9520caa6332.txt"

    # a removed file: its chunks are gone from both halves
    (corpus / "003_0e3ea9520caa6332.txt").unlink()
    a.ingest()
    assert _keyword_ids(a) == _chunk_ids(a)
    assert a.index.keywords.search("zeppelin", 5) == []
    assert a.retriever.keywords.retrieve("zeppelin Harmony") == []


def test_missing_or_stale_keyword_index_is_rebuilt_from_chroma(scripted, settings):
    a = scripted
    expected = _chunk_ids(a)
    path = a.index.keywords.path
    a.index.keywords.close()
    path.unlink()  # e.g. an index made before the keyword index existed
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)

    b = Assistant(settings, generator=a.generator)
    assert b.index.keywords.count() == 0
    assert b.retriever.retrieve("Habomai")  # building the retriever resyncs
    assert _keyword_ids(b) == expected

    # out of step (a crash between the Chroma write and the keyword write): resynced too
    b.index.keywords.delete_ids(sorted(expected)[:3])
    assert b.index.sync_keywords() is True
    assert _keyword_ids(b) == expected
    assert b.index.sync_keywords() is False  # in step: nothing to do


def test_reads_are_paged(scripted):
    a = scripted
    total = a.index.count()
    pages = list(a.index.pages(["metadatas"], page=7))
    assert len(pages) == -(-total // 7) and all(len(p["ids"]) <= 7 for p in pages)
    assert sum(len(p["ids"]) for p in pages) == total
    nodes = list(a.index.iter_nodes(page=5))
    assert len({n.node_id for n in nodes}) == total and all(n.get_content() for n in nodes)
    by_page = {d["source"]: d["chunks"] for d in a.documents()}
    assert sum(by_page.values()) == total and len(by_page) == 5
    ids = sorted(_chunk_ids(a))[:4]
    assert [n.node_id for n in a.index.get_nodes(ids[::-1])] == ids[::-1]


def test_keyword_index_alone(tmp_path):
    k = KeywordIndex(tmp_path / "k.sqlite")
    k.add([("a#0", "a", "The Kuril islands dispute"), ("b#0", "b", "A peace treaty with Japan")])
    k.add([("a#0", "a", "The Habomai islets")])  # same id again: replaced, not doubled
    assert k.count() == 2
    assert [i for i, _ in k.search("islands", 5)] == []
    assert [i for i, _ in k.search("islet treaties", 5)] == ["a#0", "b#0"] or [
        i for i, _ in k.search("islet treaties", 5)
    ] == ["b#0", "a#0"]
    k.delete_document("a")
    assert [i for i, _ in k.search("Habomai", 5)] == [] and k.count() == 1
    k.close()


def test_rarity_weighs_a_word_by_how_few_chunks_hold_it(tmp_path):
    k = KeywordIndex(tmp_path / "k.sqlite")
    k.add([(f"a#{i}", "a", f"Kono met Lavrov, round {i}.") for i in range(9)] + [("b#0", "b", "Kono passed on Japan's position.")])
    r = k.rarity("What did Kono say he had passed on the zeppelin?")
    assert r["passed"] > r["kono"] > 0  # in 1 chunk of 10 against all 10
    assert r["zeppelin"] > r["passed"]  # in none
    k.add([(f"c#{i}", "c", "They passed the bill.") for i in range(5)])  # a write: the counts are read again
    assert k.rarity("passed")["passed"] < r["passed"]
    assert k.rarity("the of") == {}
    k.close()
