from pathlib import Path

import pytest

from rag.documents import clean_text, load_corpus
from rag.errors import CorpusError

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

FURNITURE = [
    "Please view the main text area",
    "All news",
    "quality journalism is more crucial",
    "By subscribing",
    "Also in The Mainichi",
    "The Mainichi on social media",
]


def test_seed_articles_are_cleaned_and_described():
    docs, skipped = load_corpus(SEEDS)
    assert skipped == []
    by_source = {d.metadata["source"]: d for d in docs}
    assert sorted(by_source) == sorted(p.name for p in SEEDS.iterdir())
    for d in docs:
        for junk in FURNITURE:
            assert junk not in d.text, (d.doc_id, junk)
        assert d.metadata["title"]
    meta = {k: (d.metadata["outlet"], d.metadata["byline"]) for k, d in by_source.items()}
    assert meta["000_39e0fc70934ad5fb.txt"] == ("Asahi Shimbun", "Ryosuke Ishibashi and Yuka Takeshita")
    assert meta["001_a1d2632bd97767d4.txt"] == ("The Japan Times", "Bloomberg, Kyodo")
    assert meta["002_e5fcf2e5e45cdf61.txt"] == ("TASS", "")
    assert meta["003_0e3ea9520caa6332.txt"] == ("Mainichi", "Shinichi Akiyama and Yu Koyama")
    assert meta["004_3ed4bf90ac3744bf.txt"][0] == "The Japan Times"
    assert by_source["002_e5fcf2e5e45cdf61.txt"].metadata["title"].startswith("Japan gives up plans")
    # article text itself survives cleaning, credit lines and datelines included (they answer
    # "Who wrote it?" and are cited as exact spans), and they are never taken for the title
    assert "Aegis Ashore" in by_source["000_39e0fc70934ad5fb.txt"].text
    assert "(This article was written by Ryosuke Ishibashi and Yuka Takeshita.)" in by_source["000_39e0fc70934ad5fb.txt"].text
    # photo captions are kept verbatim (they are asked about and quoted), moved to the article's end
    asahi, mainichi = by_source["000_39e0fc70934ad5fb.txt"].text, by_source["003_0e3ea9520caa6332.txt"].text
    assert asahi.endswith("\n\nPhoto/IllutrationForeign Minister Taro Kono, right, and visiting Russian Foreign Minister "
                          "Sergei Lavrov hold a joint news conference in Tokyo on May 31. (Pool)")
    assert mainichi.endswith("\n\nJapanese Prime Minister Shinzo Abe (Mainichi)\nRussian President Vladimir Putin attends a "
                             "meeting with top military staff in the Russian Defense Ministry's headquarters in Moscow, Russia, "
                             "on Dec. 18, 2018. (Mikhail Klimentyev, Sputnik, Kremlin Pool Photo via AP)")
    assert not by_source["003_0e3ea9520caa6332.txt"].metadata["title"].endswith("(Mainichi)")
    assert by_source["004_3ed4bf90ac3744bf.txt"].text.startswith("• Kyodo")
    assert by_source["004_3ed4bf90ac3744bf.txt"].metadata["title"].startswith("Foreign Minister Fumio Kishida")
    assert by_source["004_3ed4bf90ac3744bf.txt"].metadata["credit"] == "• Kyodo"
    assert by_source["002_e5fcf2e5e45cdf61.txt"].metadata["date"] == "June 1"
    assert by_source["002_e5fcf2e5e45cdf61.txt"].metadata["credit"] == "TOKYO, June 1. /TASS/."


def test_clean_text_keeps_paragraphs():
    assert clean_text("All news\n\nFirst para.\r\n\r\n\r\nSecond\u00a0para.") == "First para.\n\nSecond para."


def test_bad_files_are_reported_by_name_and_the_rest_is_kept(tmp_path):
    (tmp_path / "good.txt").write_text("Lavrov met Kono in Moscow.\n\nThey disagreed.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n ")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (tmp_path / "latin1.txt").write_bytes("Le ministre a déclaré que la négociation continuerait à Tokyo.".encode("cp1252"))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "notes.csv").write_text("ignored,by,suffix")
    nested = tmp_path / "a" / "b" / "c"
    nested.mkdir(parents=True)
    (nested / "deep.html").write_text(
        "<html><head><title>T</title><meta property='og:site_name' content='Kyodo News'></head>"
        "<body><nav>Menu</nav><article><h1>Deep headline</h1><p>Talks resumed in Osaka.</p></article>"
        "<script>track()</script></body></html>"
    )
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")  # a symlink loop must not hang
    docs, skipped = load_corpus(tmp_path)
    got = {d.metadata["source"]: d for d in docs}
    assert set(got) == {"good.txt", "latin1.txt", "a/b/c/deep.html"}
    assert "déclaré" in got["latin1.txt"].text and "not UTF-8" in got["latin1.txt"].metadata["note"]
    html = got["a/b/c/deep.html"]
    assert html.metadata["title"] == "Deep headline" and html.metadata["outlet"] == "Kyodo News"
    assert "Menu" not in html.text and "track()" not in html.text
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "no article text" in reasons["blank.md"]
    assert "binary" in reasons["binary.txt"]
    assert "broken.pdf" in reasons


def test_missing_corpus_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_captions_are_kept_in_the_article_but_not_in_its_chunks():
    from rag.chunks import DropCaptions
    from rag.documents import body, captions
    docs, _ = load_corpus(SEEDS)
    mainichi = next(d for d in docs if d.metadata["source"].startswith("003_"))
    assert [c[:30] for c in captions(mainichi.text)] == ["Japanese Prime Minister Shinzo", "Russian President Vladimir Put"]
    stripped = DropCaptions()([mainichi])[0]
    assert stripped.text == body(mainichi.text) and "Kremlin Pool Photo" not in stripped.text
    assert stripped.doc_id == mainichi.doc_id and "Kremlin Pool Photo" in mainichi.text  # the docstore keeps them
    tass = next(d for d in docs if d.metadata["source"].startswith("002_"))
    assert captions(tass.text) == [] and body(tass.text) == tass.text  # no photo: nothing taken
