"""NEREL documents through derek's pipeline, with the gold PROFESSION spans and WORKS_AS/WORKPLACE relations.

Used by the post tagger's and the linker's training (never imported by the package).
``load(split_dir)`` runs derek once over the folder and caches the processed
documents in a pickle under /tmp, keyed by the folder; set DEREK_TRAIN_FRESH=1
to run derek again (after a change to the stages before positions).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")



@dataclass
class Gold:
    ents: dict[str, dict]  # Tn → {"type", "start", "end", "text"}
    works_as: list[tuple[str, str]]  # (person Tn, profession Tn)
    workplace: list[tuple[str, str]]  # (person|profession Tn, org|place Tn)


@dataclass
class NerelDoc:
    name: str
    text: str
    work: Any  # derek's stage.Work after the whole pipeline
    gold: Gold
    extra: dict = field(default_factory=dict)

    def at(self, raw_offset: int) -> int:
        """The article-text offset of a raw-text offset (derek's clean step drops datelines, tabs)."""
        return self.extra["map"][min(raw_offset, len(self.extra["map"]) - 1)]


def offset_map(raw: str, text: str) -> list[int]:
    """raw offset → article text offset (a dropped character maps to the next kept one)."""
    import difflib

    out = [0] * (len(raw) + 1)
    sm = difflib.SequenceMatcher(None, raw, text, autojunk=False)
    for op, i1, i2, j1, _j2 in sm.get_opcodes():
        for k in range(i1, i2):
            out[k] = j1 + (k - i1 if op == "equal" else 0)
    out[len(raw)] = len(text)
    return out


def read_ann(path: Path) -> Gold:
    ents, works_as, workplace = {}, [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            typ, _, spans = cols[1].partition(" ")
            frags = [tuple(map(int, f.split())) for f in spans.split(";")]
            ents[cols[0]] = {"type": typ, "start": min(s for s, _ in frags), "end": max(e for _, e in frags),
                             "text": cols[2] if len(cols) > 2 else ""}
        elif line.startswith("R") and len(cols) >= 2:
            typ, a1, a2 = cols[1].split()[:3]
            pair = (a1.split(":", 1)[1], a2.split(":", 1)[1])
            if typ == "WORKS_AS":
                works_as.append(pair)
            elif typ == "WORKPLACE":
                workplace.append(pair)
    return Gold(ents, works_as, workplace)


def load(folder: str | Path, limit: int | None = None) -> list[NerelDoc]:
    from derek.pipeline import Pipeline

    folder = Path(folder)
    key = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]
    cache = Path("/tmp") / f"derek-nerel-{folder.name}-{key}-{limit}.pkl"
    if cache.is_file() and not os.environ.get("DEREK_TRAIN_FRESH"):
        return pickle.loads(cache.read_bytes())
    os.environ["DEREK_NO_POST_MODELS"] = "1"  # the rules only: the training data must not see the models
    pipe = Pipeline()
    txts = sorted(p for p in folder.glob("*.txt") if p.with_suffix(".ann").is_file())[:limit]
    docs = []
    for p in txts:
        raw = p.read_text(encoding="utf-8")
        work = pipe.run([pipe.start(raw)])[0]
        doc = NerelDoc(p.stem, raw, work, read_ann(p.with_suffix(".ann")))
        doc.extra["map"] = offset_map(raw, work.article.text)
        docs.append(doc)
    cache.write_bytes(pickle.dumps(docs))
    return docs
