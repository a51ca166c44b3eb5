"""The independent redaction check (eval/redact/README.md): our templates (therapy register) filled with names,
towns, firms and streets from @faker-js/faker pools (`node pool.mjs SET` writes /tmp/fjs/pool-SET.json), written to
eval/redact/independent-SET.jsonl with byte offsets. Studied: dev, dev2, dev3 (and test, read after round one; d, after round three);
never studied: c, e.

usage: python3 make_sets.py dev|test|dev2|c|dev3|d|e
"""
import json, os, random, sys

TEMPLATES = {
    "dev": [
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
    ],
    "test": [
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
    ],
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
        "{FIRST} rang me at midnight, crying.",
        "{FIRST} forgot my birthday again.",
        "{FIRST} doesn't get it.",
        "{FIRST}'s mum took the kids for the weekend.",
        "I think {FIRST}'s drinking again.",
        "{FIRST} and {FIRST} both blocked me.",
        "it was {FIRST} who told everyone",
        "{FIRST} {LAST} sent me a letter.",
        "My therapist before, {FIRST}, was kind.",
        "Me, {FIRST} and {FIRST} went to the lake.",
        "\"{FIRST}, wait,\" I said, but she'd gone.",
        "Sorry, who is {FIRST}?",
        "Ask {FIRST} {LAST}, not me.",
        "I miss {FIRST} so much.",
        "{LAST} from accounts reported me.",
    ],
    "d": [
        "{FIRST} stopped answering my calls.",
        "{FIRST}'s new girlfriend is nice, I suppose.",
        "{FIRST} {LAST} runs that place now.",
        "I found {FIRST}'s old letters in a box.",
        "{FIRST} never apologised.",
        "We named our dog after {FIRST}.",
        "{FIRST}, {FIRST} and I shared a flat.",
        "i cant stop thinking about {FIRST}",
        "Mrs {LAST} phoned the school.",
        "It's {FIRST}'s funeral on Friday.",
        "{FIRST} told me to leave.",
        "Why does {FIRST} always do this?",
        "{LAST} was the surgeon.",
        "My aunt {FIRST} {LAST} raised me.",
        "Honestly {FIRST} scares me sometimes.",
    ],
    # written before the rules studied on set d were changed (round four), never studied
    "e": [
        "{FIRST} was my first real friend.",
        "{LAST} is the consultant on the ward.",
        "{FIRST} moved out in March.",
        "{FIRST} keeps sending me money.",
        "{FIRST} {LAST} was at the wedding.",
        "{FIRST} looked right through me.",
        "{FIRST} used to sing to me.",
        "{FIRST} finally called back.",
        "I can't forgive {FIRST}.",
        "{LAST} is my GP.",
        "{FIRST}'s voice still shakes me.",
        "Sometimes I text {FIRST} at night.",
        "{FIRST} and her husband split up.",
        "{FIRST} picked me up from the station.",
        "Our new neighbour {FIRST} seems lonely too.",
    ],
}
# set: (repetitions of the templates, seed, id prefix, names and towns only from outside our gazetteers)
SETS = {"dev": (6, 11, "unseen", True), "test": (9, 2024, "B", False), "dev2": (15, 31, "dev2", False), "c": (15, 47, "c", False),
        "dev3": (15, 53, "dev3", False), "d": (15, 59, "d", False),
        "e": (15, 61, "e", False)}
SLOT = {"FIRST": ("first", "person"), "LAST": ("last", "person"), "CITY": ("city", "place"), "COMPANY": ("company", "org"), "STREET": ("street", "address")}


def fill(template, pool, rnd, unseen):
    """The template with each slot drawn from the pool; a first name and surname side by side are one span."""
    text, spans, i = "", [], 0
    while i < len(template):
        if template[i] != "{":
            text += template[i]
            i += 1
            continue
        j = template.index("}", i)
        kind, lab = SLOT[template[i + 1:j]]
        # pool entries are [locale, value, in our gazetteers]; firms and streets are never in them
        cands = [x for x in pool[kind] if not unseen or not x[2] or kind in ("company", "street")]
        v = rnd.choice(cands)[1]
        if spans and spans[-1][2] == "person" and lab == "person" and text.endswith(" ") and spans[-1][1] == len(text) - 1:
            spans[-1] = (spans[-1][0], len(text) + len(v), "person")
        else:
            spans.append((len(text), len(text) + len(v), lab))
        text += v
        i = j + 1
    return text, spans


def main(name):
    reps, seed, prefix, unseen = SETS[name]
    pool = json.load(open(f"/tmp/fjs/pool-{name}.json"))
    rnd = random.Random(seed)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"../../../eval/redact/independent-{name}.jsonl")
    with open(out, "w") as f:
        k = 0
        for _ in range(reps):
            for t in TEMPLATES[name]:
                text, spans = fill(t, pool, rnd, unseen)
                k += 1
                b = lambda n: len(text[:n].encode())
                f.write(json.dumps({"id": f"{prefix}-{k:04d}", "split": "test", "text": text, "spans": [{"start": b(a), "end": b(e), "label": l} for a, e, l in spans]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
