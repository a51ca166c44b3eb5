#!/usr/bin/env python3
"""An independent NumPy re-implementation of all-MiniLM-L6-v2 as sentence-transformers runs it (BERT uncased
WordPiece, 6 encoder layers, mean pooling over the attention mask, L2 normalisation, truncation at 256), written
from the BERT paper and the model's config files. It writes reference.json, which tests/parity.rs compares with
the candle implementation. Usage: python3 reference.py ../../../models/minilm > reference.json
"""
import json, math, struct, sys, unicodedata
import numpy as np

SENTENCES = [
    "It sounds like you feel alone since the move.",
    "What brings you in today?",
    "You should TRY going to bed earlier!!!",
    "I-I don't know... it's, um, been hard—really hard.",
    "Café naïve résumé: she said \"no\" (twice).",
    "So, on a scale of 1 to 10, where 1 is not at all confident and 10 is certain, where would you say you are right now, "
    "given everything that has happened with your job, your family and the move? " * 6,
]

def load_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for k, v in header.items():
        if k == "__metadata__" or v["dtype"] != "F32":
            continue
        a, b = v["data_offsets"]
        out[k] = np.frombuffer(raw[base + a:base + b], dtype="<f4").reshape(v["shape"]).astype(np.float64)
    return out

def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")

def basic_tokens(text):
    # BertNormalizer: clean text, lowercase, and (strip_accents unset + lowercase) strip accents.
    text = "".join(" " if ch.isspace() else ch for ch in text if not (ord(ch) == 0 or ord(ch) == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"))
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    out = []
    for word in text.split():
        cur = ""
        for ch in word:
            if is_punct(ch):
                if cur:
                    out.append(cur)
                    cur = ""
                out.append(ch)
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out

def wordpiece(tokens, vocab):
    ids = []
    for tok in tokens:
        if len(tok) > 100:
            ids.append(vocab["[UNK]"])
            continue
        start, pieces = 0, []
        while start < len(tok):
            end = len(tok)
            found = None
            while start < end:
                sub = tok[start:end] if start == 0 else "##" + tok[start:end]
                if sub in vocab:
                    found = sub
                    break
                end -= 1
            if found is None:
                pieces = [vocab["[UNK]"]]
                break
            pieces.append(vocab[found])
            start = end
        ids.extend(pieces)
    return ids

def layer_norm(x, g, b, eps=1e-12):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b

erf = np.vectorize(math.erf)

def embed(ids, w):
    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    heads, d = 12, 32
    for l in range(6):
        p = f"encoder.layer.{l}."
        lin = lambda name, h: h @ w[p + name + ".weight"].T + w[p + name + ".bias"]
        q = lin("attention.self.query", x).reshape(n, heads, d).transpose(1, 0, 2)
        k = lin("attention.self.key", x).reshape(n, heads, d).transpose(1, 0, 2)
        v = lin("attention.self.value", x).reshape(n, heads, d).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(1, 0, 2).reshape(n, heads * d)
        x = layer_norm(lin("attention.output.dense", a) + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        h = lin("intermediate.dense", x)
        h = 0.5 * h * (1.0 + erf(h / math.sqrt(2.0)))
        x = layer_norm(lin("output.dense", h) + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    m = x.mean(0)
    return m / np.linalg.norm(m)

def main():
    d = sys.argv[1]
    w = load_safetensors(d + "/model.safetensors")
    vocab = {line.rstrip("\n"): i for i, line in enumerate(open(d + "/vocab.txt", encoding="utf-8"))}
    out = []
    for s in SENTENCES:
        ids = wordpiece(basic_tokens(s), vocab)[:254]
        ids = [vocab["[CLS]"]] + ids + [vocab["[SEP]"]]
        out.append({"text": s, "ids": ids, "embedding": [round(float(v), 7) for v in embed(ids, w)]})
    json.dump(out, sys.stdout, indent=None)

main()
