"""Where the shared corpus lives: `../shared/corpus/` beside the checkout, or
`$LAMTHEO_SHARED/corpus`. Tests that need it call `corpus_dir()`, which skips loudly when it
is absent (the texts are third-party and never copied into this repository)."""

import json
import os
from pathlib import Path

import pytest


def shared_dir() -> Path:
    """The shared folder: $LAMTHEO_SHARED, else `shared/` beside the checkout."""
    override = os.environ.get("LAMTHEO_SHARED")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3].parent / "shared"


def corpus_dir() -> Path:
    """The corpus folder, or a skip that names the path it looked at."""
    path = shared_dir() / "corpus"
    if not path.is_dir():
        pytest.skip(
            f"SHARED CORPUS NOT FOUND at {path}: the corpus tests did not run. "
            "Put shared/ beside the checkout or set LAMTHEO_SHARED to the folder holding corpus/."
        )
    return path


def seeds() -> list[tuple[str, str, dict]]:
    """(name, text, gold) for every seed text with a gold file."""
    folder = corpus_dir() / "seeds"
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        out.append((name, text, json.loads(gold_path.read_text(encoding="utf-8"))))
    return out


def news() -> list[tuple[str, str]]:
    """(name, text) for every article in corpus/news."""
    folder = corpus_dir() / "news"
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
