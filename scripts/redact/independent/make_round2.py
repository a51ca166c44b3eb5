"""Round two of the independent redaction check: `dev2` (studied: street forms with the number first, firms and
towns of other languages) and `c` (other templates, measured once, never studied), both from @faker-js/faker
pools (`node pool.mjs dev2`, `node pool.mjs c`, other seeds than round one). See eval/redact/README.md.

usage: python3 make_round2.py dev2|c
"""
import json, os, random, sys

TEMPLATES = {
    "dev2": [
        "Can you post it to {STREET}? That's my mum's.",
        "I lived at {STREET} for three years and hated every minute.",
        "{COMPANY} let twenty of us go on the same day.",
        "My cousin works at {COMPANY} and says it's worse there.",
        "We were meant to move to {CITY} in the spring.",
        "There's a clinic in {CITY} but it's an hour away.",
        "{FIRST} {LAST} runs the group on Tuesdays.",
        "I told {FIRST} I couldn't come to the wedding.",
        "The address is {STREET}, second floor.",
        "she moved to {CITY} and didn't even say goodbye",
        "{LAST} & {LAST} handled the divorce.",
        "Dr {LAST} at {COMPANY} wants to see me again.",
    ],
    "c": [
        "Her new place is at {STREET}, near the station.",
        "I'm at {STREET} most weekends, with my dad.",
        "{COMPANY} offered me the job but the hours are awful.",
        "I quit {COMPANY} last month and I regret it.",
        "Nobody in {CITY} knows what happened.",
        "We met in {CITY}, years ago now.",
        "{FIRST} rang me at two in the morning.",
        "I keep dreaming about {FIRST} {LAST}.",
        "my ex {FIRST} still has my cat",
        "The solicitor is {LAST} and Partners, they're in {CITY}.",
        "Please write to {STREET} if anything changes.",
        "Ms {LAST} said I can't come back without a note.",
    ],
}
SLOT = {"FIRST": ("first", "person"), "LAST": ("last", "person"), "CITY": ("city", "place"), "COMPANY": ("company", "org"), "STREET": ("street", "address")}

def main(which):
    pool = json.load(open(f"/tmp/fjs/pool-{which}.json"))
    rnd = random.Random({"dev2": 31, "c": 47}[which])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../eval/redact")
    with open(os.path.join(root, f"independent-{which}.jsonl"), "w") as f:
        k = 0
        for rep in range(15):
            for t in TEMPLATES[which]:
                text, spans, i = "", [], 0
                while i < len(t):
                    if t[i] == "{":
                        j = t.index("}", i)
                        kind, lab = SLOT[t[i + 1:j]]
                        v = rnd.choice(pool[kind])[1]
                        if spans and spans[-1][2] == "person" and lab == "person" and text.endswith(" ") and spans[-1][1] == len(text) - 1:
                            spans[-1] = (spans[-1][0], len(text) + len(v), "person")
                        else:
                            spans.append((len(text), len(text) + len(v), lab))
                        text += v
                        i = j + 1
                    else:
                        text += t[i]
                        i += 1
                k += 1
                b = lambda n: len(text[:n].encode())
                f.write(json.dumps({"id": f"{which}-{k:04d}", "split": "test", "text": text, "spans": [{"start": b(a), "end": b(e), "label": l} for a, e, l in spans]}, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    main(sys.argv[1])
