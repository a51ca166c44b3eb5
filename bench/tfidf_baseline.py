"""Side-by-side anchor for `attune bench code --compare-python`: the TF-IDF + logistic-regression
pipeline the issue names, fitted on AnnoMI train therapist turns, timed predicting the same turns attune
codes. Prints one JSON object. Needs scikit-learn (pip install scikit-learn)."""
import json, sys, time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

data, n_target = sys.argv[1], int(sys.argv[2])
texts, labels = [], []
for line in open(f"{data}/annomi/annomi.jsonl"):
    d = json.loads(line)
    if d["split"] != "train":
        continue
    for t in d["turns"]:
        if t["speaker"] == "therapist":
            texts.append(t["text"])
            labels.append(t["labels"]["main_therapist_behaviour"])
pool = []
for f in ("annomi/annomi.jsonl", "esconv/esconv.jsonl"):
    for line in open(f"{data}/{f}"):
        d = json.loads(line)
        pool.extend(t["text"] for t in d["turns"] if t["speaker"] == "therapist")
corpus = (pool * (n_target // len(pool) + 1))[:n_target]
vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
model = LogisticRegression(max_iter=1000).fit(vec.fit_transform(texts), labels)
t0 = time.perf_counter()
model.predict(vec.transform(corpus))
dt = time.perf_counter() - t0
print(json.dumps({"tool": "python tfidf+logreg (scikit-learn)", "turns": len(corpus), "seconds": dt, "turns_per_s": len(corpus) / dt}))
