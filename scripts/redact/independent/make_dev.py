"""The dev part of the independent redaction check: our templates (therapy register) filled from pool-dev.json
(node pool.mjs dev). Errors on it were studied; see eval/redact/README.md."""
import json, random
pool = json.load(open('/tmp/fjs/pool-dev.json'))
T = [
 "I told {FIRST} about the panic attacks and she just went quiet.",
 "My brother {FIRST} hasn't called since the funeral.",
 "{FIRST}, I don't know how to say this without crying.",
 "It was {FIRST} {LAST} who found me that night.",
 "Dr. {LAST} said the scan was clear but I don't believe her.",
 "Mrs {LAST} from next door keeps asking if I'm eating.",
 "We moved to {CITY} when I was nine and I never fitted in.",
 "Everything changed after the trip to {CITY}.",
 "I've been at {COMPANY} for eleven years and they let me go by email.",
 "My manager at {COMPANY} says I'm not a team player.",
 "The letter came to {STREET}, so my mum saw it first.",
 "We used to live at {STREET} before the divorce.",
 "honestly {FIRST} is the only one who gets it",
 "i keep thinking about {FIRST} and what she said at the party",
 "{FIRST} {LAST} was my teacher and he made me feel stupid every single day.",
 "My daughter {FIRST} starts school in {CITY} next month.",
 "Ask {FIRST} what happened, she'll tell you I overreacted.",
 "The only person I trust is my cousin {FIRST}.",
 "I applied to {COMPANY} again and heard nothing.",
 "When I think of {CITY} I think of the hospital.",
 "Thanks {FIRST}, that actually helps a bit.",
 "{LAST} is my married name, I want to go back to my own.",
 "My partner {FIRST} says I should just get over it.",
 "Dad still lives at {STREET} and won't let anyone help.",
 "I drove past {COMPANY} today and had to pull over.",
 "Our neighbour {FIRST} {LAST} called the police on us.",
 "Sorry, {FIRST}, I know I'm late again.",
 "We were on holiday near {CITY} when she told me.",
 "Grandma {FIRST} raised me, really.",
 "The counsellor at {COMPANY} was nice but it was only six sessions.",
]
SLOT = {"FIRST": ("first","person"), "LAST": ("last","person"), "CITY": ("city","place"), "COMPANY": ("company","org"), "STREET": ("street","address")}
rnd = random.Random(11)
def fill(t, unseen):
    text, spans = "", []
    i = 0
    while i < len(t):
        if t[i] == "{":
            j = t.index("}", i); key = t[i+1:j]
            kind, lab = SLOT[key]
            cands = [x for x in pool[kind] if (not x[2]) == unseen or kind in ("company","street")]
            v = rnd.choice(cands)[1]
            # adjacent FIRST LAST -> one person span
            if spans and spans[-1][2] == "person" and lab == "person" and text.endswith(" ") and spans[-1][1] == len(text) - 1:
                spans[-1] = (spans[-1][0], len(text) + len(v), "person")
            else:
                spans.append((len(text), len(text) + len(v), lab))
            text += v; i = j + 1
        else:
            text += t[i]; i += 1
    return text, spans
# names and cities not in attune's gazetteers (companies and streets come as they are); byte offsets
import os
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../eval/redact/independent-dev.jsonl")
with open(out, "w") as f:
    k = 0
    for rep in range(6):
        for t in T:
            text, spans = fill(t, True)
            k += 1
            b = lambda n: len(text[:n].encode())
            f.write(json.dumps({"id": f"unseen-{k:04d}", "split": "test", "text": text, "spans": [{"start": b(a), "end": b(e), "label": l} for a, e, l in spans]}, ensure_ascii=False) + "\n")
