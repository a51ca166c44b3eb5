#!/usr/bin/env python3
"""Build attune-redact's gazetteers from the data tables inside a Faker wheel.

    pip download --no-deps faker==40.63.0 -d /tmp/faker
    python3 scripts/redact/make_gazetteer.py /tmp/faker/faker-40.63.0-py3-none-any.whl

Faker (MIT licence) is imported straight from the wheel (a zip on sys.path); nothing is
installed and nothing is fetched. The script reads the class-level tables of Faker's
person, address, company, geo and date_time providers for every locale, keeps entries
written in Latin script, normalises them to NFC, deduplicates and sorts them, and
writes one entry per line into crates/attune-redact/gazetteer/. Long place lists are
thinned per locale by a stable hash (so the choice does not depend on the alphabet);
names are kept whole unless the directory would pass its size budget, in which case
the most frequent names (by Faker's weights, where it has them) are kept first.
Re-running on the same wheel gives byte-identical files.
"""

import argparse
import hashlib
import importlib
import pkgutil
import re
import sys
import unicodedata
from pathlib import Path

FAKER_VERSION = "40.63.0"
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates" / "attune-redact" / "gazetteer"

# A per-file byte cap keeps these lists near 510 KB, so the directory (with the
# hand-kept common_words.txt beside them) stays under about 600 KB.
BUDGET = {
    "given_names.txt": 200_000,
    "surnames.txt": 205_000,
    "cities.txt": 120_000,
    "countries.txt": 40_000,
    "regions.txt": 25_000,
    "street_suffixes.txt": 8_000,
    "street_prefixes.txt": 4_000,
    "company_suffixes.txt": 4_000,
}
# Per-locale cap for place lists; English-speaking locales are never thinned.
PLACE_CAP = 400
ENGLISH = {"en", "en_US", "en_GB", "en_IE", "en_AU", "en_NZ", "en_CA", "en_IN", "en_PH",
           "en_KE", "en_NG", "en_PK", "en_TH", "en_BD", "en_MS", "base"}

# Common written abbreviations that Faker's tables spell out in full. These few facts
# (postal abbreviations, company forms) are ours, not Faker's; README.md says so.
OWN_STREET_SUFFIXES = [
    "St", "St.", "Rd", "Rd.", "Ave", "Ave.", "Av.", "Blvd", "Blvd.", "Ln", "Ln.", "Dr.",
    "Ct", "Ct.", "Cres", "Pl", "Pl.", "Sq", "Sq.", "Tce", "Terr", "Hwy", "Pkwy", "Cl",
    "Gdns", "Gr", "Mews", "Row", "Wynd", "Hill", "Green", "Walk",
]
OWN_COMPANY_SUFFIXES = [
    "Inc.", "Ltd.", "Limited", "Corp", "Corp.", "Corporation", "Co.", "LLP", "L.L.C.",
    "PLC", "plc", "CIC", "Holdings", "& Co", "& Co.", "& Sons", "and Co",
]

# Tables whose name says "street_suffixes"/"street_prefixes" but that hold street-name
# stems or whole street names, not the words that mark a street.
NOT_MARKERS = {("en_MS", "street_suffixes"), ("fi_FI", "street_prefixes"),
               ("sv_SE", "street_prefixes")}

LATIN_PUNCT = set(" -'\u2019.&/")


def is_latin(s: str) -> bool:
    """Only Latin letters, with spaces, hyphens, apostrophes and full stops between them."""
    if len(s) < 2 or not any(c.isalpha() for c in s):
        return False
    for c in s:
        if c.isalpha():
            if "LATIN" not in unicodedata.name(c, ""):
                return False
        elif c not in LATIN_PUNCT:
            # combining marks are fine once NFC has composed what it can
            if unicodedata.category(c) != "Mn":
                return False
    return True


def clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s.strip())
    s = re.sub(r"\s+", " ", s)
    return s.strip(" ,")


def person_names(items):
    """Names as people write them: Faker's all-capitals romanisations (zh_TW "CHIA-HAO")
    in title case; abbreviated forms ("Hans-J.", "H.-Dieter") left out."""
    for s, w in items:
        if "." in s or "/" in s or "&" in s:
            continue
        if len(s) > 2 and s.isupper():
            s = s.title()
        yield s, w


def strings(v, weight=None):
    """Yield (string, weight) from Faker's tables: tuples, lists, weighted dicts, nested."""
    if isinstance(v, str):
        yield v, weight
    elif isinstance(v, dict):
        for k, w in v.items():
            if isinstance(w, (int, float)) and isinstance(k, str):
                yield k, float(w)
            else:
                yield from strings(w, weight)
    elif isinstance(v, (tuple, list)):
        if v and all(isinstance(x, str) for x in v) and isinstance(v, tuple) and len(v) <= 3 \
                and any(is_code(x) for x in v):
            # a (code, name) pair such as ("01", "Ain") or ("AG", "Aargau")
            for x in v:
                if not is_code(x):
                    yield x, weight
            return
        for x in v:
            yield from strings(x, weight)


def is_code(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9.\-]{1,4}|\d+", s.strip()))


def provider_modules(wheel: str, kind: str):
    base = importlib.import_module(f"faker.providers.{kind}")
    yield "base", base.Provider
    for m in pkgutil.iter_modules(base.__path__):
        mod = importlib.import_module(f"faker.providers.{kind}.{m.name}")
        if hasattr(mod, "Provider"):
            yield m.name, mod.Provider


def own_tables(cls, pattern):
    for name, value in vars(cls).items():
        if re.fullmatch(pattern, name) and isinstance(value, (tuple, list, dict)):
            yield name, value


def stable_hash(s: str) -> int:
    return int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:8], "big")


class Pool:
    """Entries with their best weight and the locales that gave them."""

    def __init__(self):
        self.weight = {}
        self.locales = set()

    def add(self, s, w=None):
        s = clean(s)
        if not is_latin(s):
            return
        old = self.weight.get(s)
        w = w if w is not None else 0.0
        if old is None or w > old:
            self.weight[s] = w

    def add_locale(self, locale, items, cap=None):
        items = [(clean(s), w) for s, w in items]
        items = [(s, w) for s, w in items if is_latin(s)]
        seen = {}
        for s, w in items:
            seen[s] = max(seen.get(s, 0.0), w or 0.0)
        keys = list(seen)
        if cap is not None and locale not in ENGLISH and len(keys) > cap:
            keys = sorted(keys, key=stable_hash)[:cap]
        for s in keys:
            self.add(s, seen[s])
        if keys:
            self.locales.add(locale)

    def lines(self, budget):
        keys = sorted(self.weight)
        size = sum(len(k.encode()) + 1 for k in keys)
        if size > budget:
            # keep heavier (more frequent) entries first, then a stable hash order
            ranked = sorted(keys, key=lambda k: (-self.weight[k], stable_hash(k)))
            kept, size = [], 0
            for k in ranked:
                n = len(k.encode()) + 1
                if size + n > budget:
                    break
                kept.append(k)
                size += n
            keys = sorted(kept)
        return keys


def build(wheel: str):
    sys.path.insert(0, wheel)
    import faker  # noqa: E402  (from the wheel)

    if faker.VERSION != FAKER_VERSION:
        print(f"note: Faker {faker.VERSION}, the committed lists were built from {FAKER_VERSION}",
              file=sys.stderr)

    given, surnames = Pool(), Pool()
    for loc, cls in provider_modules(wheel, "person"):
        for name, table in own_tables(cls, r"first_names(_(?!.*kana).*)?|first_romanized_names.*"):
            given.add_locale(loc, person_names(strings(table)))
        for name, table in own_tables(
                cls, r"last_names(_(?!.*kana).*)?|last_romanized_names.*|.*_last_names"):
            surnames.add_locale(loc, person_names(strings(table)))

    cities, countries, regions = Pool(), Pool(), Pool()
    street_suf, street_pre, company_suf = Pool(), Pool(), Pool()
    city_tables = (r"cities|city_names|real_city_names|towns|municipalities|communes|concelhos"
                   r"|localities|province_lgus|metro_manila_lgus")
    region_tables = (r"states|provinces|counties|regions|cantons|departments|estados|distritos"
                     r"|wilayas|prefectures|region_names|districts|union_territories"
                     r"|(luzon|visayas|mindanao)_provinces|metropolitan_cities")
    for loc, cls in provider_modules(wheel, "address"):
        for name, table in own_tables(cls, city_tables):
            cities.add_locale(loc, strings(table), cap=PLACE_CAP)
        for name, table in own_tables(cls, region_tables):
            regions.add_locale(loc, strings(table))
        for name, table in own_tables(cls, r"countries"):
            countries.add_locale(loc, strings(table))
        for name, table in own_tables(cls, r"street_suffixes.*"):
            if (loc, name) not in NOT_MARKERS:
                street_suf.add_locale(loc, strings(table))
        for name, table in own_tables(cls, r"street_prefixes.*"):
            if (loc, name) not in NOT_MARKERS:
                street_pre.add_locale(loc, strings(table))
    for loc, cls in provider_modules(wheel, "geo"):
        for name, table in own_tables(cls, r"land_coords"):
            # (lat, lon, place, country code, timezone); en_IE writes "Town, County,"
            cities.add_locale(loc, ((row[2].split(",")[0], None) for row in table))
    from faker.providers.date_time import Provider as DateTime
    for c in DateTime.countries:
        countries.add(c.name)
        cities.add(c.capital)
        for tz in c.timezones:
            city = tz.split("/")[-1].replace("_", " ")
            if not city.startswith(("GMT", "UTC", "Etc")):
                cities.add(city)
    for loc, cls in provider_modules(wheel, "company"):
        for name, table in own_tables(cls, r"company_suffixes|company_limited_suffixes"):
            company_suf.add_locale(loc, strings(table))
    for s in OWN_STREET_SUFFIXES:
        street_suf.add(s)
    for s in OWN_COMPANY_SUFFIXES:
        company_suf.add(s)
    # A region that is also a country ("Georgia") stays in both lists; a city list
    # entry equal to a country name is dropped from cities (it is the country).
    for k in list(cities.weight):
        if k in countries.weight:
            del cities.weight[k]

    return {
        "given_names.txt": given,
        "surnames.txt": surnames,
        "cities.txt": cities,
        "countries.txt": countries,
        "regions.txt": regions,
        "street_suffixes.txt": street_suf,
        "street_prefixes.txt": street_pre,
        "company_suffixes.txt": company_suf,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", help=f"path to faker-{FAKER_VERSION}-py3-none-any.whl")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--locales", action="store_true", help="list the locales each file drew on")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for fname, pool in build(args.wheel).items():
        lines = pool.lines(BUDGET[fname])
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        (out / fname).write_bytes(data)
        total += len(data)
        print(f"{fname:22s} {len(lines):6d} entries {len(data):8d} bytes (of {len(pool.weight)})")
        if args.locales:
            print("    " + " ".join(sorted(pool.locales)))
    print(f"{'total':22s} {'':6s}         {total:8d} bytes")


if __name__ == "__main__":
    main()
