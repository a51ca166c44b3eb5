"""Builds crates/attune-redact/gazetteer/common_words.txt: ordinary English words, so that a name or a place
spelled like one ("Hope", "Will", "Reading") is redacted only where its context says it is a name.

    pip download --no-deps faker==40.63.0 && unzip faker-40.63.0-py3-none-any.whl -d faker-wheel
    python3 scripts/redact/make_common_words.py faker-wheel

Sources: Faker's en_US lorem word list (MIT), the words of the VADER lexicon already shipped in
crates/attune-text/lexicon (MIT), and the function words below (ours).
"""

import ast
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Function words, pronouns, auxiliaries, and everyday words of the therapy register (written for attune).
OURS = """
i me my mine myself you your yours yourself he him his himself she her hers herself it its itself we us our ours
they them their theirs what which who whom whose this that these those am is are was were be been being have has had
do does did doing would should could ought will shall may might must can cannot not no nor yes yeah okay ok so too
very just only also even still yet already again ever never always often sometimes usually really quite rather
a an the and but if or because as until while of at by for with about against between into through during before
after above below to from up down in out on off over under then once here there when where why how all any both each
few more most other some such own same than now hello hi hey thanks thank please sorry well oh um uh hmm like
mum mom dad mother father sister brother son daughter wife husband partner friend boss gp doctor nurse therapist
counsellor counselor client today tomorrow yesterday tonight morning evening night week weekend month year
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december christmas easter god lord bible church school work home job
hope will grace joy faith mark bill rose may june april august art frank guy sue pat dawn eve holly ivy lily iris
daisy crystal sky storm rich drew chase hunter bob don ray miles chance mercy patience honor honour sunny stone brook
summer amber ruby jack victor earl duke king prince major sterling bishop baker cook smith carter miller hill wood
young green brown black white gray grey long little rich cash love happy star angel
said says told tells asked asks went goes got gets made makes came comes took takes gave gives found finds thought
thinks felt feels left leaves kept keeps ran runs saw sees knew knows heard hears meant means met paid sent sat stood
lost won wore wrote spoke broke brought bought caught taught fought sought built spent lent bent held led fed read
tried cried died lied played stayed moved lived loved hated liked wanted needed helped started stopped called texted
worked walked talked looked turned tried happened seemed used asked answered passed
good great nice fine sure can could merry happy winter spring autumn fall remote uni college divorce yoga foster
eastern western northern southern middle new old bot mm hmm ah oh yea yep nope kool cool anytime absolutely literally
mostly personally honestly basically actually definitely probably seriously totally among duty call minor major
""".split()


def faker_words(wheel_dir):
    path = os.path.join(wheel_dir, "faker", "providers", "lorem", "en_US", "__init__.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "word_list" for t in node.targets):
            return [w for w in ast.literal_eval(node.value)]
    sys.exit(f"{path}: no word_list")


def vader_words():
    out = []
    with open(os.path.join(ROOT, "crates", "attune-text", "lexicon", "vader_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            w = line.split("\t", 1)[0].strip().lower()
            if re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w):
                out.append(w)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    words = set(w.lower() for w in faker_words(sys.argv[1])) | set(vader_words()) | set(OURS)
    out = os.path.join(ROOT, "crates", "attune-redact", "gazetteer", "common_words.txt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Ordinary English words (scripts/redact/make_common_words.py): Faker en_US lorem (MIT), VADER (MIT), ours.\n")
        f.write("\n".join(sorted(words)) + "\n")
    print(out, len(words))


if __name__ == "__main__":
    main()
