#!/usr/bin/env python3
"""Rewrite labelled vignettes in other surface forms, to measure how much of a judgement rests on how a reply is typed.

New writers differ from attune's own examples less in what they say than in how they type it: no apostrophes, "u"
for "you", no punctuation, a letter's salutation and sign-off. Each variant keeps every pair, label and context and
changes only the responses, so `attune eval --task vignettes OUT/vig-<variant>.jsonl` against `OUT/vig-orig.jsonl`
shows what the change of form alone costs.

    python3 scripts/perturb_vignettes.py OUT eval/vignettes-fresh*.jsonl
    for f in OUT/vig-*.jsonl; do attune eval --task vignettes "$f" --tier fast; done

Variants: orig (unchanged), low (lower case), noapos (apostrophes dropped inside words), chat ("you" -> "u", "your"
-> "ur", "are" -> "r"), lowchat (all three), greet ("Hi there," before and "Take care,\\nSam" after), nopunct
(. , ; : ! removed; question marks kept). Every row's split is set to "p" so one command reads them all.
"""
import json
import os
import re
import sys


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


VARIANTS = {
    "orig": lambda t: t,
    "low": low,
    "noapos": noapos,
    "chat": chat,
    "lowchat": lambda t: chat(noapos(low(t))),
    "greet": greet,
    "nopunct": nopunct,
}


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
                o.write(json.dumps(dict(r, response=f(r["response"]), split="p"), ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows, {len(VARIANTS)} variants -> {out}")


if __name__ == "__main__":
    main(sys.argv)
