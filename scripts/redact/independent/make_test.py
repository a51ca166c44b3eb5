"""The test part of the independent redaction check: other templates and other locales (node pool.mjs test);
measured, never studied. See eval/redact/README.md."""
import json, random
pool = json.load(open('/tmp/fjs/pool-test.json'))
T = [
 "{FIRST} keeps texting me even though I asked her to stop.",
 "I can't face {FIRST} after what I said.",
 "My sister-in-law {FIRST} {LAST} thinks I'm exaggerating.",
 "{FIRST} {LAST} is the one who reported me.",
 "Professor {LAST} failed me on purpose, I'm sure of it.",
 "I grew up in {CITY}, it's a small place, everyone knows everyone.",
 "She's flying to {CITY} on Friday and I haven't told her.",
 "I got a job offer from {COMPANY} but it means moving away.",
 "{COMPANY} rejected me after the third interview.",
 "Send it to {STREET} please, not to my work.",
 "The flat at {STREET} still has all his things in it.",
 "ok so {FIRST} finally replied",
 "My son {FIRST} won't get out of bed most days.",
 "Hi {FIRST}, thanks for listening last week.",
 "I used to work for {COMPANY} in {CITY}.",
 "Mr {LAST} from the school rang again.",
 "{FIRST} said it was my fault the dog got out.",
 "my best friend {FIRST} moved away and I've got nobody now",
 "We're staying with my aunt at {STREET} until the house sells.",
 "I'm from {CITY} originally.",
]
SLOT = {"FIRST": ("first","person"), "LAST": ("last","person"), "CITY": ("city","place"), "COMPANY": ("company","org"), "STREET": ("street","address")}
rnd = random.Random(2024)
def fill(t):
    text, spans = "", []
    i = 0
    while i < len(t):
        if t[i] == "{":
            j = t.index("}", i); kind, lab = SLOT[t[i+1:j]]
            v = rnd.choice(pool[kind])[1]
            if spans and spans[-1][2] == "person" and lab == "person" and text.endswith(" ") and spans[-1][1] == len(text) - 1:
                spans[-1] = (spans[-1][0], len(text) + len(v), "person")
            else:
                spans.append((len(text), len(text) + len(v), lab))
            text += v; i = j + 1
        else:
            text += t[i]; i += 1
    return text, spans
import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../eval/redact/independent-test.jsonl"), "w") as f:
    k = 0
    for rep in range(9):
        for t in T:
            text, spans = fill(t); k += 1
            b = lambda n: len(text[:n].encode())
            f.write(json.dumps({"id": f"B-{k:04d}", "split": "test", "text": text, "spans": [{"start": b(a), "end": b(e), "label": l} for a, e, l in spans]}, ensure_ascii=False) + "\n")
print(k)
