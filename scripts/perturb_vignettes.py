#!/usr/bin/env python3
"""Rewrite labelled vignettes (or sessions) in other surface forms, to measure how much of a judgement rests on how a
reply is typed.

New writers differ from attune's own examples less in what they say than in how they type it: no apostrophes, "u"
for "you", no punctuation, a letter's salutation and sign-off. Each variant keeps every pair, label and context and
changes only the responses, so `attune eval --task vignettes OUT/vig-<variant>.jsonl` against `OUT/vig-orig.jsonl`
shows what the change of form alone costs.

    python3 scripts/perturb_vignettes.py OUT eval/vignettes-fresh*.jsonl
    for f in OUT/vig-*.jsonl; do attune eval --task vignettes "$f" --tier fast; done

Variants: orig (unchanged), low (lower case), noapos (apostrophes dropped inside words), chat ("you" -> "u", "your"
-> "ur", "are" -> "r"), lowchat (all three), greet ("Hi there," before and "Take care,\\nSam" after), nopunct
(. , ; : ! removed; question marks kept), nlperiod (each full stop or "!" between sentences becomes a line break),
typo (two inner letters swapped in 12 % of the words longer than three letters, seeded by the reply's text).
Every row's split is set to "p" so one command reads them all. Rows of eval/sessions.jsonl (with "turns") are
rewritten in their listener turns: `attune eval --task sessions OUT/vig-<variant>.jsonl`.
"""
import json
import os
import random
import re
import sys
import zlib


def low(t):
    return t.lower()


def noapos(t):
    return re.sub(r"(\w)['’](\w)", r"\1\2", t)


def chat(t):
    for a, b in [("you", "u"), ("You", "U"), ("your", "ur"), ("Your", "Ur"), ("are", "r")]:
        t = re.sub(rf"\b{a}\b", b, t)
    return t


def greet(t):
    return "Hi there,\n\n" + t + "\n\nTake care,\nSam"


def nopunct(t):
    return re.sub(r"[.,;:!]", "", t)


def typo(t):
    # two inner letters swapped in 12 % of the words longer than three letters, seeded by the text
    rng = random.Random(zlib.crc32(t.encode("utf-8")))

    def swap(m):
        w = m.group(0)
        if rng.random() >= 0.12:
            return w
        i = rng.randrange(1, len(w) - 2)
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]

    return re.sub(r"[A-Za-z]{4,}", swap, t)


def nlperiod(t):
    return re.sub(r"[.!]+\s+", "\n", t).rstrip(".!")


VARIANTS = {
    "orig": lambda t: t,
    "low": low,
    "noapos": noapos,
    "chat": chat,
    "lowchat": lambda t: chat(noapos(low(t))),
    "greet": greet,
    "nopunct": nopunct,
    "nlperiod": nlperiod,
    "typo": typo,
}


def rewrite(row, f):
    if "turns" in row:
        turns = [dict(t, text=f(t["text"])) if t.get("speaker") == "therapist" else t for t in row["turns"]]
        return dict(row, turns=turns, split="p")
    return dict(row, response=f(row["response"]), split="p")


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: perturb_vignettes.py OUT_DIR VIGNETTES.jsonl [...]")
    out, files = argv[1], argv[2:]
    rows = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        sys.exit(f"{f}:{n}: not JSON ({e})")
    os.makedirs(out, exist_ok=True)
    for name, f in VARIANTS.items():
        with open(os.path.join(out, f"vig-{name}.jsonl"), "w", encoding="utf-8") as o:
            for r in rows:
                o.write(json.dumps(rewrite(r, f), ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows, {len(VARIANTS)} variants -> {out}")


if __name__ == "__main__":
    main(sys.argv)
