"""How far wording alone predicts EmpatheticExchanges' human empathy ratings (1-5) of a listener's reply.

A word (1-2-gram) + character (3-5-gram, inside words) TF-IDF ridge regression, fitted on the train split of
../shared/data/empathetic_exchanges and scored on dev by Spearman's rho, beside the reply's length in words. It is the
scale against which `attune eval`'s exchanges-empathy row (check score against the rating) is read. Needs scikit-learn
and scipy (not part of the tests): python scripts/probe/exchanges_tfidf.py [DATA_DIR]
"""
import json
import sys

from scipy.sparse import hstack
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge

data = (sys.argv[1] if len(sys.argv) > 1 else "../shared/data") + "/empathetic_exchanges/empathetic_exchanges.jsonl"
rows = {"train": [], "dev": []}
for line in open(data, encoding="utf-8"):
    d = json.loads(line)
    reply = next((t for t in d["turns"] if t["speaker"] == "therapist"), None)
    y = reply and reply.get("labels", {}).get("empathy_5es")
    if y is not None and d.get("split") in rows:
        rows[d["split"]].append((reply["text"], float(y)))
train, dev = rows["train"], rows["dev"]
gold = [y for _, y in dev]
print(f"{len(train)} train, {len(dev)} dev replies")
print(f"reply length in words: rho {spearmanr([len(t.split()) for t, _ in dev], gold).correlation:.3f}")
words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True)
x_train = hstack([words.fit_transform([t for t, _ in train]), chars.fit_transform([t for t, _ in train])])
x_dev = hstack([words.transform([t for t, _ in dev]), chars.transform([t for t, _ in dev])])
for alpha in (1, 3, 10):
    model = Ridge(alpha=alpha).fit(x_train, [y for _, y in train])
    print(f"TF-IDF ridge, alpha {alpha}: rho {spearmanr(model.predict(x_dev), gold).correlation:.3f}")
