"""Rounds two and three of the independent redaction check: `dev2` (studied: street forms with the number first,
firms and towns of other languages) and `c` (other templates, measured once at the end of round two, never
studied); `dev3` (studied: people's names in many positions) and `d` (other templates, measured once at the end of
round three, never studied); all from @faker-js/faker pools (`node pool.mjs dev2|c|dev3|d`, seeds of their own).
See eval/redact/README.md.

usage: python3 make_round2.py dev2|c|dev3|d
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
    "dev3": [
        "{FIRST} rang me at midnight, crying.", "{FIRST} forgot my birthday again.", "{FIRST} doesn't get it.",
        "{FIRST}'s mum took the kids for the weekend.", "I think {FIRST}'s drinking again.", "{FIRST} and {FIRST} both blocked me.",
        "it was {FIRST} who told everyone", "{FIRST} {LAST} sent me a letter.", "My therapist before, {FIRST}, was kind.",
        "Me, {FIRST} and {FIRST} went to the lake.", "\"{FIRST}, wait,\" I said, but she'd gone.", "Sorry, who is {FIRST}?",
        "Ask {FIRST} {LAST}, not me.", "I miss {FIRST} so much.", "{LAST} from accounts reported me.",
    ],
    "d": [
        "{FIRST} stopped answering my calls.", "{FIRST}'s new girlfriend is nice, I suppose.", "{FIRST} {LAST} runs that place now.",
        "I found {FIRST}'s old letters in a box.", "{FIRST} never apologised.", "We named our dog after {FIRST}.",
        "{FIRST}, {FIRST} and I shared a flat.", "i cant stop thinking about {FIRST}", "Mrs {LAST} phoned the school.",
        "It's {FIRST}'s funeral on Friday.", "{FIRST} told me to leave.", "Why does {FIRST} always do this?",
        "{LAST} was the surgeon.", "My aunt {FIRST} {LAST} raised me.", "Honestly {FIRST} scares me sometimes.",
    ],
}
SLOT = {"FIRST": ("first", "person"), "LAST": ("last", "person"), "CITY": ("city", "place"), "COMPANY": ("company", "org"), "STREET": ("street", "address")}

def main(which):
    pool = json.load(open(f"/tmp/fjs/pool-{which}.json"))
    rnd = random.Random({"dev2": 31, "c": 47, "dev3": 53, "d": 59}[which])
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
