"""Score predicted redaction spans against gold spans (any redactor: attune, Presidio, ...).

    python3 scripts/bench/redact_score.py GOLD.jsonl PRED.jsonl [--json] [--misses]

GOLD: one JSON object a line, {"id", "text", "spans": [{"start", "end", "label"}]}.
PRED: one JSON object a line, {"id", "spans": [{"start", "end", "label"}]}; a gold id missing from PRED
counts as "nothing predicted"; an id in PRED but not in GOLD is an error.
Offsets are BYTE offsets into the UTF-8 text, end exclusive; they must fall on character boundaries.

Definitions (the same for every system scored with this file):
* A gold span is caught when every letter/digit in it (str.isalnum) lies inside the union of the
  predicted spans of its text, whatever their labels: what matters for privacy is that nothing leaks.
  Spaces and punctuation may stay outside. A gold span without any letter/digit counts as caught.
* Recall per gold label = caught / gold spans of that label, with a Wilson 95% interval.
* A predicted span is correct when it overlaps (shares at least one byte with) some gold span of its
  text, whatever the labels. Precision = correct / predicted spans, over all texts.
* False-alarm rate = share of the texts without any gold span (identifier-free sentences) that got at
  least one predicted span.

Standard library only, so it runs with any Python 3.8+.
"""

import argparse
import json
import math
import sys

LABELS = ["person", "org", "place", "address", "date", "age", "phone", "email", "url", "id", "ip", "postcode"]


def wilson(k, n, z=1.959963984540054):
    """Wilson score interval for k successes out of n (95% by default); (nan, nan) when n == 0."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{no}: not JSON: {e}")
    return out


def check_spans(spans, data, where):
    """Spans as (start, end, label) tuples, checked against the UTF-8 bytes `data`."""
    out = []
    for s in spans:
        a, b, lab = s["start"], s["end"], s.get("label", "")
        if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(data)):
            raise SystemExit(f"{where}: bad span {s} (text is {len(data)} bytes)")
        for x in (a, b):
            if x < len(data) and (data[x] & 0xC0) == 0x80:
                raise SystemExit(f"{where}: span {s} cuts a UTF-8 character at byte {x}")
        out.append((a, b, lab))
    return out


def alnum_chars(text):
    """(byte start, byte end) of every letter/digit character of text."""
    out = []
    pos = 0
    for ch in text:
        n = len(ch.encode("utf-8"))
        if ch.isalnum():
            out.append((pos, pos + n))
        pos += n
    return out


def covered(mask, a, b):
    return all(mask[a:b])


def score(gold_rows, pred_rows):
    """Compare two lists of rows; returns a dict of counts, rates and the misses/false spans."""
    gold = {}
    for r in gold_rows:
        if r["id"] in gold:
            raise SystemExit(f"gold: duplicate id {r['id']!r}")
        gold[r["id"]] = r
    pred = {}
    for r in pred_rows:
        if r["id"] not in gold:
            raise SystemExit(f"predicted: id {r['id']!r} is not in the gold file")
        if r["id"] in pred:
            raise SystemExit(f"predicted: duplicate id {r['id']!r}")
        pred[r["id"]] = r

    per = {}  # gold label -> [caught, total]
    n_pred = n_correct = 0
    pred_by_label = {}  # predicted label -> [correct, total]
    clean_texts = clean_alarmed = 0
    misses, false_spans = [], []
    for tid, g in gold.items():
        text = g["text"]
        data = text.encode("utf-8")
        gs = check_spans(g.get("spans", []), data, f"gold {tid!r}")
        ps = check_spans(pred.get(tid, {}).get("spans", []), data, f"predicted {tid!r}")
        mask = [False] * len(data)
        for a, b, _ in ps:
            for i in range(a, b):
                mask[i] = True
        chars = alnum_chars(text)
        for a, b, lab in gs:
            c = per.setdefault(lab, [0, 0])
            c[1] += 1
            if all(covered(mask, x, y) for x, y in chars if x >= a and y <= b):
                c[0] += 1
            else:
                misses.append({"id": tid, "label": lab, "text": data[a:b].decode("utf-8")})
        for a, b, lab in ps:
            ok = any(a < gb and ga < b for ga, gb, _ in gs)
            n_pred += 1
            n_correct += ok
            pl = pred_by_label.setdefault(lab, [0, 0])
            pl[0] += ok
            pl[1] += 1
            if not ok:
                false_spans.append({"id": tid, "label": lab, "text": data[a:b].decode("utf-8")})
        if not gs:
            clean_texts += 1
            clean_alarmed += bool(ps)

    def rate(k, n):
        lo, hi = wilson(k, n)
        return {"k": k, "n": n, "rate": (k / n) if n else None, "lo95": lo if n else None, "hi95": hi if n else None}

    order = [l for l in LABELS if l in per] + sorted(l for l in per if l not in LABELS)
    caught = sum(c[0] for c in per.values())
    total = sum(c[1] for c in per.values())
    return {
        "texts": len(gold),
        "recall": {l: rate(*per[l]) for l in order},
        "recall_all": rate(caught, total),
        "precision": rate(n_correct, n_pred),
        "precision_by_predicted_label": {l: rate(*pred_by_label[l]) for l in sorted(pred_by_label)},
        "false_alarm_clean_texts": rate(clean_alarmed, clean_texts),
        "misses": misses,
        "false_spans": false_spans,
    }


def fmt(r):
    if not r["n"]:
        return f"{'-':>7} {r['k']:>4}/{r['n']:<4}"
    return f"{r['rate']:7.3f} {r['k']:>4}/{r['n']:<4} [{r['lo95']:.3f}, {r['hi95']:.3f}]"


def report(s, out=sys.stdout, misses=False):
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"texts: {s['texts']}")
    p("recall by gold label (caught = every letter/digit inside a predicted span; Wilson 95%):")
    for lab, r in s["recall"].items():
        p(f"  {lab:<9} {fmt(r)}")
    p(f"  {'all':<9} {fmt(s['recall_all'])}")
    p(f"precision (predicted span overlaps a gold span): {fmt(s['precision'])}")
    for lab, r in s["precision_by_predicted_label"].items():
        p(f"  {lab:<9} {fmt(r)}")
    p(f"false-alarm rate on identifier-free texts: {fmt(s['false_alarm_clean_texts'])}")
    if misses:
        for m in s["misses"]:
            p(f"  missed  {m['label']:<9} {m['id']}: {m['text']!r}")
        for m in s["false_spans"]:
            p(f"  false   {m['label']:<9} {m['id']}: {m['text']!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    ap.add_argument("--misses", action="store_true", help="list missed gold spans and false predicted spans")
    a = ap.parse_args()
    s = score(read_jsonl(a.gold), read_jsonl(a.pred))
    if a.json:
        if not a.misses:
            s = {k: v for k, v in s.items() if k not in ("misses", "false_spans")}
        print(json.dumps(s, ensure_ascii=False))
    else:
        report(s, misses=a.misses)


if __name__ == "__main__":
    main()
