"""Stages are re-entrant: one Pipeline used by two threads at once gives each text the Article it
gives when the texts go one after the other (what lets the web app extract without a lock)."""

from __future__ import annotations

import json
import sys
import threading

import pytest

from conftest import FACTRU_DEV, KZNEWS, need_shared

ROUNDS = 4  # each thread goes over its texts this many times
SWITCH_S = 1e-5  # the interpreter's thread switch interval during the test: races show up sooner


def _texts() -> list[str]:
    """Real news texts of different lengths: FactRuEval devset documents and kznews articles."""
    need_shared()
    factru = sorted(FACTRU_DEV.glob("book_*.txt"))[:8]
    kz = sorted(KZNEWS.glob("*.json"))[:6]
    texts = [p.read_text(encoding="utf-8") for p in factru]
    texts += [json.loads(p.read_text(encoding="utf-8"))["text"] for p in kz]
    return texts


def _dump(article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True)


def _run_threads(work: list[list[int]], extract) -> list[list[tuple[int, str]]]:
    """Each list of text numbers extracted by its own thread, all threads started together."""
    results: list[list[tuple[int, str]]] = [[] for _ in work]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(work))

    def run(k: int) -> None:
        try:
            barrier.wait()
            for i in work[k]:
                results[k].append((i, extract(i)))
        except BaseException as e:  # reported below, in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(work))]
    old = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_S)
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    if errors:
        raise errors[0]
    return results


@pytest.mark.slow
@pytest.mark.parametrize("batched", [False, True], ids=["extract", "map"])
def test_two_threads_give_the_articles_of_one_after_the_other(pipeline, batched):
    texts = _texts()
    alone = [_dump(pipeline.extract(t)) for t in texts]
    n = len(texts)
    # the two threads take the texts in opposite orders, so different texts run at the same time
    first = [i for _ in range(ROUNDS) for i in range(n)]
    second = [i for _ in range(ROUNDS) for i in reversed(range(n))]

    if batched:
        def extract_pair(i: int) -> str:  # a batch of two: the text and its neighbour
            j = (i + 1) % n
            arts = list(pipeline.map([texts[i], texts[j]]))
            assert _dump(arts[1]) == alone[j], f"text {j} changed as the second of a batch"
            return _dump(arts[0])
        extract = extract_pair
    else:
        def extract(i: int) -> str:
            return _dump(pipeline.extract(texts[i]))

    for results in _run_threads([first, second], extract):
        changed = sorted({i for i, got in results if got != alone[i]})
        assert not changed, f"texts {changed} came out different when two threads extracted at once"


def test_the_texts_are_different_and_have_facts():
    """The test above means something only if its texts differ and carry entities to get wrong."""
    texts = _texts()
    assert len(set(texts)) == len(texts) >= 10
    assert all(len(t) > 300 for t in texts)
