"""Benchmark texts for the embedding timings: therapy utterances read at run time from
../shared/data/annomi/annomi.jsonl (never copied into the repository).

    python3 scripts/bench/texts.py [N] > /tmp/texts.txt    # one text per line, first N non-empty turns

Both st_embed.py and the Rust side (`cargo run --release -p attune-embed --example bench -- /tmp/texts.txt`)
read the same file, so the two sides embed exactly the same texts.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "annomi", "annomi.jsonl"))


def load(n=4000, path=DEFAULT_DATA):
    """The first n non-empty turn texts of AnnoMI (train split first, as stored), one line each."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            for t in json.loads(line).get("turns", []):
                text = " ".join(t.get("text", "").split())
                if text:
                    out.append(text)
                    if len(out) == n:
                        return out
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    for t in load(n):
        print(t)
