"""A generated table of support conversations and responses (our own writing, recombined at random), for
the equality tests and the benchmarks. Deterministic for a seed."""

from __future__ import annotations

import random

import pyarrow as pa

CLIENT = [
    "I lost my job today and I feel like a complete failure.",
    "My chest has been pounding all week and I keep thinking something terrible is about to happen.",
    "Nobody at my new school talks to me. I sit by myself every break.",
    "I sat in the car outside work for forty minutes and couldn't go in.",
    "My mum is in hospital again and I can't stop crying.",
    "I don't know why I bother. Nothing ever changes.",
    "I've been drinking more than I want to, most nights now.",
    "We had another huge fight and he slammed the door and left.",
    "I got the promotion! I still can't quite believe it.",
    "Honestly I'm fine, work is just busy.",
    "I keep replaying what I said at the party and cringing.",
    "My dad died last month and everyone expects me to be over it.",
    "I can't sleep. My mind just races about money.",
    "I snapped at my kids again this morning and I hate myself for it.",
    "I don't think these sessions are helping, to be honest.",
    "I finally told my sister how I felt and she actually listened.",
    "Everything feels grey. I can't remember the last time I enjoyed anything.",
    "I'm scared the lump is something serious but I can't face the doctor.",
    "My boss criticised my report in front of the whole team.",
    "I've started running in the mornings and it's helping a bit.",
]

EARLIER = [
    "How have things been since we last spoke?",
    "What's been on your mind this week?",
    "You mentioned work was hard last time.",
    "Take your time, I'm listening.",
]

RESPONSES = [
    "Have you tried making a to-do list the night before?",
    "You should just talk to your manager tomorrow.",
    "That sounds incredibly painful. What has it been like for you?",
    "It sounds like you're carrying a lot of fear right now.",
    "Look on the bright side, at least you have your health.",
    "Okay. Have you been keeping up with your exercise routine?",
    "Why don't you just join a club? That's how people make friends.",
    "You feel like you let everyone down.",
    "That's wonderful news, congratulations! How are you feeling about it?",
    "Everything happens for a reason.",
    "I hear how exhausted you are. Tell me more about the nights.",
    "You need to stop drinking right now before it ruins your life.",
    "It's completely understandable to feel that way after such a loss.",
    "Anyway, let's get back to your goals for this month.",
    "What would you like to happen next?",
    "You're being too hard on yourself, cheer up!",
    "It took real courage to tell her that.",
    "Part of you wants to go and part of you is terrified.",
    "When I went through something similar, I just got on with it.",
    "Thank you for telling me the sessions aren't working; that matters. What would make them more useful?",
]


def conversations(n: int, seed: int = 7) -> pa.Table:
    """`n` rows: id (string), context (list<string>, 1 or 3 turns ending with the client's), response."""
    rng = random.Random(seed)
    ids, contexts, responses = [], [], []
    for i in range(n):
        client = rng.choice(CLIENT)
        if rng.random() < 0.3:
            ctx = [rng.choice(CLIENT), rng.choice(EARLIER), client]
        else:
            ctx = [client]
        ids.append(f"r{i}")
        contexts.append(ctx)
        responses.append(rng.choice(RESPONSES))
    return pa.table({"id": ids, "context": contexts, "response": responses})
