#!/usr/bin/env python3
"""Build the redaction evaluation set: eval/redact/{train,dev,test}.jsonl.

    python3 scripts/redact/make_set.py            # writes the three files and checks them
    python3 scripts/redact/make_set.py --check    # only checks the files already written

Every sentence is one of our templates (below) with its slots filled. Names, surnames and
places come from attune-redact's gazetteers (crates/attune-redact/gazetteer/, built from Faker,
MIT) and from a few lists of our own in this file; numbers are generated here (cards pass Luhn,
IBANs mod-97, NHS numbers mod-11). Each line is

    {"id", "split", "text", "spans": [{"start", "end", "label"}]}

with start/end byte offsets into the UTF-8 text. Seeded and deterministic: the same gazetteers
give byte-identical files.

Split policy (for an honest test): every filler entry (a given name, a surname, a town, a word
that builds an organisation's or a street's name) belongs to exactly one of train/dev/test by a
hash of its lower-cased text, so no name, town or organisation of dev or test occurs in train,
and none of test occurs in dev. Templates are split the same way between train+dev and test:
test sentences are built from templates that train and dev never use.
"""

import argparse
import hashlib
import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GAZ = ROOT / "crates" / "attune-redact" / "gazetteer"
OUT = ROOT / "eval" / "redact"
SIZES = {"train": 1500, "dev": 600, "test": 600}
SEEDS = {"train": 20250101, "dev": 20250202, "test": 20250303}
FREE_SHARE = 0.30  # identifier-free sentences
LABELS = ["person", "org", "place", "address", "date", "age", "phone", "email", "url", "id", "ip",
          "postcode"]


# --------------------------------------------------------------------------- splitting

def bucket(key: str) -> int:
    return int.from_bytes(hashlib.sha1(("attune-redact-set:" + key.lower()).encode()).digest()[:4],
                          "big") % 100


def pool_of(key: str) -> str:
    """train 60 %, dev 20 %, test 20 % of filler entries."""
    b = bucket(key)
    return "train" if b < 60 else "dev" if b < 80 else "test"


# --------------------------------------------------------------------------- our own lists
# Facts and ordinary words, written for this set (not taken from any corpus).

NICKNAMES = """Liz Lizzie Beth Bex Becca Becky Jess Jessie Kate Katie Kat Maggie Meg Peggy Jen Jenny
Trish Patty Abby Vicky Tori Sasha Alex Sam Sammy Jo Jojo Mandy Steph Nat Tash Nikki Gabby Izzy Issy
Millie Mo Rob Robbie Bobby Bob Mike Mikey Chris Tom Tommy Dan Danny Joe Joey Nick Tony Jake Jim Jimmy
Jamie Benji Ben Matt Andy Drew Ollie Alfie Freddie Charlie Harry Ted Teddy Billy Sid Stu Gaz Baz Dave
Davo Pete Rich Nige Tash Babs Bibi Kiki Lulu Mimi Dee Cece Gigi Titi Tunde Chidi Kofi Femi Bayo Ola
Ngozi Kemi Tobi Yemi Sanjay Raj Manny Javi Pepe Paco Lupe Nacho Chuy Santi Rafa Guille Lolo Pauli
Kasia Gosia Basia Ania Olek Jurek Tomek Wojtek Misha Sasha Dima Kolya Lena Katya Nastya Zhenya""".split()

# Given names that are also ordinary words.
WORD_NAMES = """Hope Will Grace Rose Mark Bill Faith Joy June May Summer Dawn Amber Frank Pat Sue Rob
Jack Sandy Penny Ruby Crystal Holly Ivy Iris Daisy Autumn Sky River Patience Cliff Drew Chase Grant
Lane Dean Ray Jay Rusty Sunny Honey Glen Miles Heath Reed Hunter Piper Willow Brooke Robin Skye""".split()

# Names that the gazetteers may lack (given names and surnames from many places); any that the
# gazetteers do have are dropped at load time, so these test a tagger beyond list look-up.
OWN_NAMES = """Bree Townsend Oyelaran Nkechi Chiamaka Ifeoluwa Oluwaseun Temitope Adaeze Obinna Chukwuemeka
Kwabena Akosua Yaw Abena Kwame Efua Nana Ama Kojo Wanjiru Njeri Wambui Kamau Otieno Achieng Akinyi
Thandiwe Sipho Lindiwe Nomvula Bongani Zanele Tendai Farai Rudo Chipo Kudzai Tinashe Nyasha Tatenda
Siobhan Niamh Caoimhe Aoibheann Oisin Cillian Ruairi Padraig Eithne Grainne Saoirse Clodagh Fionnuala
Eilidh Morag Ailsa Catriona Iain Ruaridh Struan Ffion Bethan Rhiannon Cerys Dylan Gethin Iolo Carys
Anwen Meinir Priyanka Aishwarya Harpreet Gurpreet Jaswinder Manpreet Sukhwinder Navjot Devika Anjali
Ishaan Vikram Arjun Rohan Nandini Lakshmi Meenakshi Thiruvengadam Ramasamy Subramanian Chowdhury
Bhattacharya Mukherjee Banerjee Chatterjee Siddiqui Qureshi Rizvi Zaidi Farooq Anwar Saira Nadia
Zainab Fatima Ayesha Hamza Bilal Usman Zubair Tariq Imran Faisal Nasreen Shabnam Parveen Rukhsana
Xiaoling Meilin Jiahui Zihan Yuxuan Haoran Zhiwei Huong Thao Linh Quynh Trang Minh Tuan Duc Khanh
Sione Losa Mele Tevita Aroha Wiremu Tamati Ngaire Kahurangi Manaia Kalani Keoni Leilani Makoa Nalani
Tahmina Rashida Shirin Parisa Dariush Arash Kian Niloufar Soraya Yasmin Layla Rania Tareq Yousef
Khaled Samir Nour Rasha Dalia Hoda Mariam Hossam Osei Mensah Asante Boateng Owusu Appiah Darko Adjei
Okonkwo Eze Nwosu Okeke Onyekachi Adeyemi Balogun Ogunleye Oyewole Fashola Babatunde Olumide Ayodele
Mwangi Kiprono Chepkoech Wafula Barasa Nyambura Ndlovu Dlamini Mokoena Khumalo Nkosi Mahlangu
Kowalczyk Wiśniewska Zielińska Szymański Woźniak Dąbrowski Lewandowska Jankowski Mazur Krawczyk
Brennan Mulcahy Geraghty Flanagan Donnelly Moriarty Hegarty Kavanagh Lafferty McGillicuddy
Thistlewood Pennington Ashcombe Blackwood Featherstone Hollingsworth Ramsbottom Sowerby Truscott
Trelawney Penhaligon Tregothnan Nanjiani Varghese Kurian Thekkekara Pillai Menon Nair Iyer Rao
Haddad Khoury Saade Nassar Farah Hakimi Karimi Rahimi Sadeghi Tehrani Jafari Moradi Rostami""".split()

SAINTS = """Mary John Peter Paul Anne Joseph Patrick Andrew Luke Michael George David Bride Columba
Margaret Thomas James Catherine Bernadette Aidan Cuthbert Hilda Chad Francis Vincent Teresa Jude
Stephen Matthew Barnabas Alban Oswald Brigid Kevin Edmund Hugh Giles Mungo Ninian Winifred Dunstan
Anselm Agnes Cecilia Clare Monica Benedict Dominic Ignatius Anthony Gabriel Raphael Martin Nicholas""".split()

# Words that make up made-up but ordinary-sounding organisation and street names.
PLACE_WORDS = """Riverside Oakwood Meadowbank Brookfield Hillcrest Elmwood Parkview Greenway Beacon
Larkspur Willowbrook Ashgrove Heathfield Kingsway Fairview Maplewood Cedarwood Harbourside Northgate
Southfield Lakeside Millbrook Stonebridge Thornbury Redwood Silverdale Bluebell Highfield Foxhill
Ravenswood Birchfield Hawthorn Rowan Alder Hazel Juniper Laurel Chestnut Sycamore Linden Poplar Hollybush
Bramble Primrose Heather Clover Thistle Fernhill Moorside Brackenridge Kestrel Heron Lark Swallow Wren
Merlin Falcon Osprey Meadowside Valleyview Clearwater Springfield Rosehill Ivybridge Copperfield
Goldcrest Whitecross Blackthorn Greystone Redbrook Westbury Eastwood Norbury Sunnyside Orchard Grange
Glenview Bayview Pinecrest Cherrytree Appleby Mulberry Woodlands Castlegate Abbeyfield Priory Minster
Marsh Wharf Quayside Harbour Cliffside Seaview Dunmore Glenmore Ardmore Kilbride Ballymore Carrick""".split()

STREET_WORDS = """Maple Elm Oak Ash Birch Beech Willow Cedar Pine Holly Rowan Hazel Poplar Laurel Chestnut
Acacia Magnolia Jasmine Lavender Primrose Daisy Tulip Orchid Violet Heather Bracken Fern Meadow Mill
Church Station Victoria Albert Queen King Princess Duke Market Bridge Park Manor Castle Abbey Chapel
School Farm Orchard Spring Brook River Lake Hill Valley Green Forest Wood Field Grove Garden Rose Cherry
Apple Pear Plum Quarry Forge Kiln Tannery Wharf Harbour Dock Canal Railway Mount Ridge Cliff Moor Heath""".split()

STREET_TYPES = ["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Crescent", "Way", "Grove",
                "Terrace", "Place", "Gardens", "Court", "Mews", "Row", "Walk", "Rise", "Hill", "Square",
                "Parade", "Rd", "St", "Ave", "Dr", "Ln", "Blvd", "Boulevard", "Court", "Circle", "Way"]
US_STREET_TYPES = ["Street", "Avenue", "Boulevard", "Drive", "Road", "Lane", "Court", "Place", "St",
                   "Ave", "Blvd", "Dr", "Rd", "Ln", "Ct", "Pkwy", "Way", "Terrace", "Trail", "Circle"]

TOWNS = """Leeds Manchester Bristol Sheffield Glasgow Edinburgh Cardiff Swansea Belfast Derry Cork Galway
Limerick Newcastle Sunderland Middlesbrough Bradford Huddersfield Wakefield Doncaster Rotherham Barnsley
Hull York Harrogate Scarborough Lancaster Preston Blackburn Bolton Wigan Stockport Oldham Rochdale
Salford Warrington Chester Crewe Stoke Derby Nottingham Leicester Coventry Wolverhampton Walsall
Dudley Worcester Hereford Gloucester Cheltenham Swindon Oxford Reading Slough Luton Watford Stevenage
Cambridge Peterborough Norwich Ipswich Colchester Chelmsford Southend Basildon Maidstone Canterbury
Brighton Hastings Eastbourne Crawley Guildford Woking Portsmouth Southampton Bournemouth Poole Exeter
Plymouth Truro Taunton Bath Dundee Aberdeen Inverness Stirling Paisley Kilmarnock Newport Wrexham
Bangor Lisburn Newry Sligo Kilkenny Waterford Drogheda Dundalk Athlone Denver Phoenix Atlanta Boston
Seattle Portland Austin Dallas Houston Memphis Nashville Louisville Cleveland Columbus Detroit
Milwaukee Minneapolis Omaha Tulsa Albuquerque Tucson Sacramento Fresno Oakland Baltimore Pittsburgh
Philadelphia Richmond Raleigh Charlotte Savannah Tampa Orlando Jacksonville Birmingham Boise Spokane
Anchorage Honolulu Buffalo Rochester Syracuse Hartford Providence Toronto Ottawa Calgary Edmonton
Winnipeg Halifax Hamilton Vancouver Montreal Regina Saskatoon Melbourne Brisbane Perth Adelaide Hobart
Darwin Geelong Auckland Wellington Christchurch Dunedin Tauranga Lagos Abuja Ibadan Kano Accra Kumasi
Nairobi Mombasa Kisumu Kampala Harare Lusaka Durban Johannesburg Pretoria Mumbai Delhi Bangalore
Chennai Hyderabad Kolkata Karachi Lahore Dhaka Manila Cebu Jakarta Hanoi Seoul Tokyo Osaka""".split()
TOWNS += ["Cape Town", "San Diego", "Kansas City", "St. Louis", "Des Moines", "Little Rock",
          "Salt Lake City", "El Paso", "New Orleans", "Kuala Lumpur", "Ho Chi Minh City",
          "Milton Keynes", "High Wycombe", "Bury St Edmunds", "King's Lynn", "Stoke-on-Trent",
          "Newcastle upon Tyne", "Port Harcourt", "Quezon City", "Thunder Bay", "Gold Coast"]

US_TOWNS = set("""Denver Phoenix Atlanta Boston Seattle Portland Austin Dallas Houston Memphis Nashville
Louisville Cleveland Columbus Detroit Milwaukee Minneapolis Omaha Tulsa Albuquerque Tucson Sacramento
Fresno Oakland Baltimore Pittsburgh Philadelphia Richmond Raleigh Charlotte Savannah Tampa Orlando
Jacksonville Birmingham Boise Spokane Anchorage Honolulu Buffalo Rochester Syracuse Hartford
Providence""".split()) | {"San Diego", "Kansas City", "St. Louis", "Des Moines", "Little Rock",
                          "Salt Lake City", "El Paso", "New Orleans"}

COUNTRIES = """Nigeria Ghana Kenya Uganda Zimbabwe Zambia Jamaica Trinidad Barbados Poland Romania Lithuania
Latvia Bulgaria Hungary Portugal Spain Italy Greece Turkey Cyprus Ireland Scotland Wales Germany France
Netherlands Belgium Sweden Norway Denmark Finland Iceland Ukraine Russia Albania Kosovo Serbia Croatia
Bosnia India Pakistan Bangladesh Sri Lanka Nepal Afghanistan Iran Iraq Syria Lebanon Jordan Egypt
Morocco Algeria Tunisia Libya Sudan Eritrea Ethiopia Somalia Yemen China Vietnam Thailand Malaysia
Indonesia Philippines Japan Korea Australia Canada Mexico Brazil Colombia Venezuela Peru Chile
Argentina Ecuador Bolivia Cuba Haiti Guatemala Honduras""".split()
COUNTRIES += ["South Africa", "New Zealand", "Sierra Leone", "Hong Kong", "Saudi Arabia",
              "the Philippines", "the Congo", "El Salvador", "Puerto Rico", "the Dominican Republic"]

REGIONS = ["Yorkshire", "Lancashire", "Cornwall", "Devon", "Kent", "Essex", "Norfolk", "Cumbria",
           "Fife", "County Cork", "County Kerry", "County Donegal", "Ohio", "Texas", "Florida",
           "Michigan", "Oregon", "Arizona", "Alberta", "Ontario", "Quebec", "Manitoba", "Queensland",
           "Tasmania", "Kerala", "Punjab", "Gauteng", "Lagos State", "the Highlands", "Northumberland",
           "Suffolk", "Shropshire", "Somerset", "Dorset", "Wiltshire", "Gwynedd", "Pembrokeshire",
           "Antrim", "Tyrone", "Minnesota", "Vermont", "Kentucky", "Louisiana", "New Mexico",
           "Nova Scotia", "Western Australia", "Otago", "Canterbury", "Sindh", "Tamil Nadu"]

BIG_EMPLOYERS = ["Tesco", "Amazon", "Sainsbury's", "Starbucks", "Walmart", "Deloitte", "Google",
                 "McDonald's", "Costa", "Asda", "Boots", "Target", "Accenture", "IKEA", "Primark",
                 "Aldi", "Lidl", "Greggs", "Network Rail", "Royal Mail", "FedEx", "UPS", "Barclays",
                 "HSBC", "Santander", "Wells Fargo", "Morrisons", "Argos", "Nando's", "Pret",
                 "Deliveroo", "Uber", "JD Sports", "Currys", "B&Q", "Wickes", "Home Depot", "Kroger",
                 "Costco", "Chipotle", "KPMG", "Capita", "Serco", "Ocado", "Marks & Spencer", "Waitrose"]

INDUSTRY = ["Logistics", "Solutions", "Consulting", "Engineering", "Construction", "Builders",
            "Plumbing", "Motors", "Bakery", "Catering", "Cleaning Services", "Removals", "Printing",
            "Joinery", "Electrical", "Roofing", "Landscaping", "Dental Care", "Accountants",
            "Estate Agents", "Recruitment", "Security", "Media", "Digital", "Software", "Foods",
            "Haulage", "Care Services", "Insurance", "Property Management", "Architects", "Opticians"]
COMPANY_FORMS = ["Ltd", "Ltd.", "Limited", "LLC", "Inc.", "Inc", "plc", "GmbH", "LLP", "& Co", "Group",
                 "Corp.", "S.A.", "B.V.", "Pty Ltd"]

RELATIONS = ["sister", "brother", "mum", "mom", "dad", "partner", "husband", "wife", "girlfriend",
             "boyfriend", "son", "daughter", "friend", "best friend", "flatmate", "roommate", "boss",
             "manager", "colleague", "neighbour", "neighbor", "ex", "nan", "grandad", "grandma",
             "aunt", "uncle", "cousin", "stepdad", "stepmum", "social worker", "key worker",
             "caseworker", "counsellor", "teacher", "sponsor", "fiancé", "carer", "foster mum",
             "mate", "line manager", "supervisor", "housemate"]
TITLES = ["Dr.", "Dr", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Prof.", "Nurse", "Pastor",
          "Father", "Coach", "Officer", "Rabbi", "Imam", "Sister", "Judge", "Detective", "Sergeant"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MAIL_DOMAINS = ["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.com", "icloud.com",
                "protonmail.com", "btinternet.com", "live.co.uk", "aol.com", "yahoo.co.uk",
                "gmx.de", "hotmail.com", "me.com", "nhs.net", "mail.com", "sky.com"]
UK_POST_AREAS = """AB AL B BA BB BD BH BL BN BR BS CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS LU M ME
MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW
SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE BT""".split()
US_STATES = ["OH", "TX", "CA", "NY", "FL", "IL", "PA", "GA", "NC", "MI", "WA", "AZ", "MA", "TN",
             "IN", "MO", "MD", "WI", "CO", "MN", "OR", "KY", "LA", "AL", "SC", "OK", "IA", "NV"]
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int) -> str:
    if n < 20:
        return ONES[n]
    t, o = divmod(n, 10)
    return TENS[t] + ("" if o == 0 else "-" + ONES[o])


def ordinal(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and (c.isalnum()))


# --------------------------------------------------------------------------- checksummed numbers

def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num: str) -> bool:
    digits = [int(c) for c in num if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_check(country: str, bban: str) -> str:
    s = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return f"{98 - n % 97:02d}"


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def nhs_check(nine: str):
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        return "0"
    if c == 10:
        return None
    return str(c)


def nhs_ok(num: str) -> bool:
    d = "".join(c for c in num if c.isdigit())
    return len(d) == 10 and nhs_check(d[:9]) == d[9]


# --------------------------------------------------------------------------- pools

def read_list(name):
    path = GAZ / name
    return [l.strip() for l in path.read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")]


NAME_RE = re.compile(r"[^\W\d_][^\W\d_'\u2019-]*(?:[ '\u2019-][^\W\d_]+)*")


class Pools:
    def __init__(self, split):
        self.split = split
        given = read_list("given_names.txt")
        surnames = read_list("surnames.txt")
        cities = read_list("cities.txt")
        known = {x.lower() for x in given} | {x.lower() for x in surnames}

        def mine(items, min_len=3):
            out = []
            for x in items:
                if len(x) < min_len or not NAME_RE.fullmatch(x) or not x[0].isupper():
                    continue
                if pool_of(x) == split:
                    out.append(x)
            return sorted(set(out))

        self.given = mine([g for g in given if " " not in g])
        self.surnames = mine([s for s in surnames if s.count(" ") <= 1])
        self.gaz_cities = mine([c for c in cities if c.count(" ") <= 2 and "." not in c], 4)
        self.own_names = mine([n for n in OWN_NAMES if n.lower() not in known])
        self.nicknames = mine(NICKNAMES, 2)
        self.word_names = mine(WORD_NAMES, 2)
        self.towns = mine(TOWNS, 3)
        self.us_towns = [t for t in self.towns if t in US_TOWNS]
        self.countries = sorted({c for c in COUNTRIES if pool_of(c) == split})
        self.regions = sorted({r for r in REGIONS if pool_of(r) == split})
        self.saints = mine(SAINTS)
        self.place_words = mine(PLACE_WORDS)
        self.street_words = mine(STREET_WORDS)
        self.employers = sorted({e for e in BIG_EMPLOYERS if pool_of(e) == split})
        for k, v in vars(self).items():
            if isinstance(v, list) and not v:
                raise SystemExit(f"pool {k} is empty for {split}")

    def keys(self):
        """Every filler entry of this pool, lower-cased, for the disjointness check."""
        out = set()
        for k, v in vars(self).items():
            if isinstance(v, list):
                out |= {x.lower() for x in v}
        return out


# --------------------------------------------------------------------------- slot renderers
# A renderer returns a list of (text, label-or-None) segments.

class Filler:
    def __init__(self, pools: Pools, rng: random.Random):
        self.p = pools
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    # people
    def given(self):
        r = self.r.random()
        if r < 0.12 and self.p.own_names:
            return self.pick(self.p.own_names)
        return self.pick(self.p.given)

    def surname(self):
        r = self.r.random()
        if r < 0.12 and self.p.own_names:
            return self.pick(self.p.own_names)
        return self.pick(self.p.surnames)

    def s_first(self):
        return [(self.given(), "person")]

    def s_name(self):
        r = self.r.random()
        if r < 0.60:
            return [(self.given(), "person")]
        if r < 0.72:
            return [(self.pick(self.p.nicknames), "person")]
        if r < 0.82:
            return [(self.pick(self.p.word_names), "person")]
        return [(self.given() + " " + self.surname(), "person")]

    def s_full(self):
        return [(self.given() + " " + self.surname(), "person")]

    def s_nick(self):
        return [(self.pick(self.p.nicknames), "person")]

    def s_wname(self):
        return [(self.pick(self.p.word_names), "person")]

    def s_lname(self):
        """A name in lower case (texting style)."""
        n = self.pick(self.p.nicknames) if self.r.random() < 0.4 else self.given()
        return [(n.lower(), "person")]

    def s_titled(self):
        t = self.pick(TITLES)
        if self.r.random() < 0.15:
            return [(t + " ", None), (self.given() + " " + self.surname(), "person")]
        return [(t + " ", None), (self.surname(), "person")]

    def s_dr(self):
        t = self.pick(["Dr.", "Dr", "Dr", "Doctor"])
        if self.r.random() < 0.2:
            return [(t + " ", None), (self.given() + " " + self.surname(), "person")]
        return [(t + " ", None), (self.surname(), "person")]

    def s_rel(self):
        return [(self.pick(RELATIONS), None)]

    # organisations
    def part(self):
        r = self.r.random()
        if r < 0.55:
            return self.pick(self.p.place_words)
        if r < 0.8:
            return self.pick(self.p.towns)
        return self.pick(self.p.surnames)

    def s_gp(self):
        forms = ["{p} Surgery", "{p} Medical Practice", "{p} Health Centre", "{p} Medical Centre",
                 "{p} Family Practice", "{s} Family Medicine", "{p} Group Practice", "{p} Surgery",
                 "the {p} Practice", "{p} Primary Care Centre", "{p} Medical Group"]
        name = self.pick(forms).format(p=self.part(), s=self.pick(self.p.surnames))
        if name.startswith("the "):
            return [("the ", None), (name[4:], "org")]
        return [(name, "org")]

    def s_school(self):
        forms = ["{p} Primary School", "{p} High School", "{p} Academy", "St {t}'s Primary",
                 "{c} College", "University of {c}", "{p} Community College", "{s} Elementary",
                 "{p} Secondary School", "St {t}'s Catholic School", "{p} Grammar School",
                 "{c} Metropolitan University", "{p} Infant School", "{s} Middle School"]
        return [(self.pick(forms).format(p=self.part(), s=self.pick(self.p.surnames),
                                          t=self.pick(self.p.saints), c=self.pick(self.p.towns)),
                 "org")]

    def s_work(self):
        r = self.r.random()
        if r < 0.25:
            name = self.pick(self.p.employers)
        elif r < 0.5:
            name = f"{self.pick(self.p.surnames)} & Sons"
        elif r < 0.8:
            name = f"{self.part()} {self.pick(INDUSTRY)}"
            if self.r.random() < 0.6:
                name += " " + self.pick(COMPANY_FORMS)
        else:
            name = self.pick([f"{self.pick(self.p.towns)} City Council",
                              f"{self.part()} Care Home", f"{self.part()} Hotel",
                              f"{self.pick(self.p.surnames)} {self.pick(['Solicitors', 'Associates', 'Partners'])}"])
        return [(name, "org")]

    def s_church(self):
        forms = ["St {t}'s Church", "{p} Baptist Church", "{p} Mosque", "{c} Central Mosque",
                 "{p} Gospel Hall", "{p} Methodist Church", "St {t}'s Parish", "{c} Synagogue",
                 "{p} Pentecostal Church", "{c} Gurdwara", "{p} Kingdom Hall", "{p} Community Church",
                 "St {t}'s Cathedral", "{p} Evangelical Church"]
        return [(self.pick(forms).format(p=self.part(), t=self.pick(self.p.saints),
                                          c=self.pick(self.p.towns)), "org")]

    def s_hospital(self):
        forms = ["{c} General Hospital", "{c} Royal Infirmary", "St {t}'s Hospital", "{p} Hospital",
                 "{c} Children's Hospital", "{p} Ward", "{c} University Hospital",
                 "{p} Psychiatric Unit", "{c} Memorial Hospital", "{p} House", "{p} Lodge"]
        return [(self.pick(forms).format(p=self.part(), t=self.pick(self.p.saints),
                                          c=self.pick(self.p.towns)), "org")]

    def s_clinic(self):
        forms = ["{p} Clinic", "{p} Recovery Centre", "{c} Community Mental Health Team",
                 "{p} Counselling Service", "{p} Wellbeing Hub", "{c} Talking Therapies",
                 "{p} Treatment Center", "{p} Eating Disorder Service", "{c} Crisis Team",
                 "{p} Family Centre", "{p} Addiction Service"]
        return [(self.pick(forms).format(p=self.part(), c=self.pick(self.p.towns)), "org")]

    def s_org(self):
        return self.pick([self.s_gp, self.s_school, self.s_work, self.s_church, self.s_hospital,
                          self.s_clinic])()

    # places
    def city(self):
        return self.pick(self.p.towns) if self.r.random() < 0.55 else self.pick(self.p.gaz_cities)

    def s_city(self):
        return [(self.city(), "place")]

    def s_country(self):
        c = self.pick(self.p.countries)
        if c.startswith("the "):
            return [("the ", None), (c[4:], "place")]
        return [(c, "place")]

    def s_region(self):
        c = self.pick(self.p.regions)
        if c.startswith("the "):
            return [("the ", None), (c[4:], "place")]
        return [(c, "place")]

    def s_place(self):
        r = self.r.random()
        if r < 0.7:
            return self.s_city()
        if r < 0.85:
            return self.s_country()
        return self.s_region()

    # addresses
    def street_name(self):
        r = self.r.random()
        word = self.pick(self.p.street_words) if r < 0.6 else (
            self.pick(self.p.surnames) if r < 0.8 else self.pick(self.p.place_words))
        return f"{word} {self.pick(STREET_TYPES)}"

    def s_street(self):
        return [(self.street_name(), "address")]

    def house(self):
        n = str(self.r.choice([self.r.randint(1, 40), self.r.randint(1, 200), self.r.randint(1, 2400)]))
        if self.r.random() < 0.08:
            n += self.pick(["a", "b", "A", "B"])
        return n

    def s_addr(self):
        r = self.r.random()
        if r < 0.6:
            return [(f"{self.house()} {self.street_name()}", "address")]
        if r < 0.75:
            unit = self.pick(["Flat", "Flat", "Apt", "Apartment", "Unit", "Suite"])
            return [(f"{unit} {self.r.randint(1, 30)}{self.pick(['', '', 'B', 'C'])}, "
                     f"{self.house()} {self.street_name()}", "address")]
        if r < 0.85:
            w = self.pick(self.p.street_words + self.p.surnames)
            return [(self.pick([f"{self.house()} rue {w}", f"Calle {w} {self.house()}",
                                f"{w}straße {self.house()}", f"Via {w} {self.house()}",
                                f"{w}gatan {self.house()}", f"{w}laan {self.house()}"]), "address")]
        return [(f"{self.r.randint(100, 9999)} {self.pick(self.p.street_words)} "
                 f"{self.pick(US_STREET_TYPES)}", "address")]

    def s_addr_full(self):
        """Street, town and postcode: three spans."""
        if self.r.random() < 0.6:
            town = self.city()
            while town in US_TOWNS:
                town = self.city()
            return self.s_addr() + [(", ", None), (town, "place"), (" ", None),
                                    (self.uk_postcode(), "postcode")]
        return [(f"{self.r.randint(100, 9999)} {self.pick(self.p.street_words)} "
                 f"{self.pick(US_STREET_TYPES)}", "address"), (", ", None),
                (self.pick(self.p.us_towns), "place"),
                (f", {self.pick(US_STATES)} ", None), (self.zip(), "postcode")]

    def uk_postcode(self):
        area = self.pick(UK_POST_AREAS)
        L = "ABDEFGHJLNPQRSTUWXYZ"
        district = str(self.r.randint(1, 29 if len(area) == 2 else 20))
        if self.r.random() < 0.1 and len(area) <= 2:
            district = str(self.r.randint(1, 9)) + self.pick("ABCDEFGHJKMNPRSTUVWXY")
        sep = " " if self.r.random() < 0.9 else ""
        return f"{area}{district}{sep}{self.r.randint(0, 9)}{self.pick(L)}{self.pick(L)}"

    def zip(self):
        z = f"{self.r.randint(1001, 99950):05d}"
        if self.r.random() < 0.25:
            z += f"-{self.r.randint(1, 9999):04d}"
        return z

    def s_postcode(self):
        r = self.r.random()
        if r < 0.55:
            return [(self.uk_postcode(), "postcode")]
        if r < 0.75:
            return [(self.zip(), "postcode")]
        L = "ABCEGHJKLMNPRSTVXY"
        others = [
            f"{self.pick(L)}{self.r.randint(0, 9)}{self.pick(L)} {self.r.randint(0, 9)}{self.pick(L)}{self.r.randint(0, 9)}",  # CA
            f"{self.pick(['D', 'T', 'A', 'H', 'V', 'F'])}{self.r.randint(10, 99)} {self.pick(L)}{self.r.randint(100, 999)}",  # IE
            f"{self.r.randint(1000, 9999)} {self.pick('ABCDEFGHJKLMNPRSTVWXZ')}{self.pick('ABCDEFGHJKLMNPRSTVWXZ')}",  # NL
            f"{self.r.randint(110001, 855999)}",  # IN
        ]
        return [(self.pick(others), "postcode")]

    def s_zip(self):
        return [(self.zip(), "postcode")]

    def s_ukpc(self):
        return [(self.uk_postcode(), "postcode")]

    # dates and ages
    def year(self, lo=1940, hi=2025):
        return self.r.randint(lo, hi)

    def s_date(self):
        y, m, d = self.year(1950, 2025), self.r.randint(1, 12), self.r.randint(1, 28)
        M, Ms = MONTHS[m - 1], MONTHS_SHORT[m - 1]
        forms = [
            f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{m}/{d}/{y}", f"{y}-{m:02d}-{d:02d}",
            f"{d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y % 100:02d}", f"{d} {M} {y}", f"{M} {d}, {y}",
            f"{M} {ordinal(d)}", f"{ordinal(d)} {M}", f"{d} {M}", f"{M} {d}", f"{ordinal(d)} of {M}",
            f"{ordinal(d)} {M} {y}", f"{Ms} {d}, {y}", f"{Ms}. {d}", f"{d} {Ms} {y}",
            f"{WEEKDAYS[(d + m) % 7]}, {M} {d}, {y}", f"{WEEKDAYS[(d * m) % 7]} {d} {M}",
            f"{M} {y}", f"{y}-{m:02d}-{d:02d}T{self.r.randint(8, 18):02d}:{self.pick(['00', '15', '30', '45'])}",
        ]
        return [(self.pick(forms), "date")]

    def s_dob(self):
        y, m, d = self.year(1938, 2012), self.r.randint(1, 12), self.r.randint(1, 28)
        M = MONTHS[m - 1]
        forms = [f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{m}/{d}/{y}", f"{y}-{m:02d}-{d:02d}",
                 f"{d} {M} {y}", f"{M} {d}, {y}", f"{ordinal(d)} {M} {y}", f"{d}.{m:02d}.{y}",
                 f"{d}-{MONTHS_SHORT[m - 1]}-{y}"]
        return [(self.pick(forms), "date")]

    def s_daymonth(self):
        m, d = self.r.randint(1, 12), self.r.randint(1, 28)
        M = MONTHS[m - 1]
        return [(self.pick([f"{M} {ordinal(d)}", f"{ordinal(d)} of {M}", f"{d} {M}", f"{M} {d}",
                            f"{ordinal(d)} {M}"]), "date")]

    def s_year(self):
        return [(str(self.year(1955, 2024)), "date")]

    def s_byear(self):
        return [(str(self.year(1938, 2012)), "date")]

    def s_age(self):
        n = self.r.randint(3, 94)
        return [(spell(n) if self.r.random() < 0.3 else str(n), "age")]

    def s_agenum(self):
        return [(str(self.r.randint(16, 96)), "age")]

    def s_agechild(self):
        n = self.r.randint(2, 17)
        return [(spell(n) if self.r.random() < 0.35 else str(n), "age")]

    def s_ageold(self):
        n = self.r.randint(60, 99)
        return [(spell(n) if self.r.random() < 0.3 else str(n), "age")]

    def s_decade(self):
        return [(self.pick(["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "twenty",
                            "eighteen", "twenty-one", "sixteen", "sixty-five"]), "age")]

    # contact details
    def digits(self, n):
        return "".join(str(self.r.randint(0, 9)) for _ in range(n))

    def s_phone(self):
        r = self.r.randint(0, 17)
        d = self.digits
        a = f"{self.r.randint(2, 9)}{d(2)}"
        forms = [
            f"07{d(3)} {d(6)}", f"07{d(3)} {d(3)} {d(3)}", f"+44 7{d(3)} {d(6)}", f"+44 (0)7{d(3)} {d(6)}",
            f"020 {self.r.randint(3, 8)}{d(3)} {d(4)}", f"0{self.r.randint(113, 199)} {d(3)} {d(4)}",
            f"+44 20 {self.r.randint(3, 8)}{d(3)} {d(4)}", f"({a}) {self.r.randint(2, 9)}{d(2)}-{d(4)}",
            f"{a}-{self.r.randint(2, 9)}{d(2)}-{d(4)}", f"+1-{a}-{self.r.randint(2, 9)}{d(2)}-{d(4)}",
            f"{a}.{self.r.randint(2, 9)}{d(2)}.{d(4)}", f"+1 ({a}) {self.r.randint(2, 9)}{d(2)}-{d(4)}",
            f"+353 8{self.r.randint(3, 9)} {d(3)} {d(4)}", f"+61 4{d(2)} {d(3)} {d(3)}",
            f"+234 80{self.r.randint(2, 9)} {d(3)} {d(4)}", f"+91 9{d(4)} {d(5)}",
            f"+49 30 {d(8)}", f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}",
        ]
        return [(forms[r], "phone")]

    def s_email(self):
        g = ascii_fold(self.given()).lower() or "sam"
        s = ascii_fold(self.surname()).lower() or "lee"
        local = self.pick([f"{g}.{s}", f"{g}{s}", f"{g}_{s}{self.r.randint(1, 99)}", f"{g[0]}.{s}",
                           f"{g}{self.r.randint(70, 99)}", f"{s}.{g}", f"{g}.{s}{self.r.randint(1, 9)}"])
        if self.r.random() < 0.2:
            dom = ascii_fold(self.part()).lower() + self.pick([".co.uk", ".org", ".com", ".org.uk"])
        else:
            dom = self.pick(MAIL_DOMAINS)
        return [(f"{local}@{dom}", "email")]

    def s_url(self):
        g = ascii_fold(self.given()).lower() or "alex"
        s = ascii_fold(self.surname()).lower() or "reed"
        slug = ascii_fold(self.part()).lower() + self.pick(["surgery", "clinic", "church", "school", ""])
        rnd = "".join(self.pick("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))
        forms = [f"https://www.{slug}.co.uk/contact", f"www.{slug}.org", f"instagram.com/{g}.{s}",
                 f"facebook.com/{g}.{s}.{self.r.randint(1, 99)}", f"linkedin.com/in/{g}-{s}-{self.r.randint(100, 999)}",
                 f"bit.ly/{rnd}", f"https://gofundme.com/f/help-{g}-{s}", f"tiktok.com/@{g}{s}",
                 f"https://{slug}.com", f"http://www.{s}-{g}.net/blog", f"twitter.com/{g}_{s}",
                 f"https://www.{slug}.nhs.uk/appointments"]
        return [(self.pick(forms), "url")]

    # identity numbers
    def s_card(self):
        kind = self.r.randint(0, 3)
        if kind == 0:
            body = "4" + self.digits(14)
        elif kind == 1:
            body = str(self.r.randint(51, 55)) + self.digits(13)
        elif kind == 2:
            body = self.pick(["34", "37"]) + self.digits(12)
        else:
            body = "6011" + self.digits(11)
        n = body + luhn_digit(body)
        style = self.r.randint(0, 2)
        if len(n) == 15:
            parts = [n[:4], n[4:10], n[10:]]
        else:
            parts = [n[i:i + 4] for i in range(0, 16, 4)]
        s = [" ".join(parts), "-".join(parts), n][style]
        assert luhn_ok(s)
        return [(s, "id")]

    def s_iban(self):
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        c = self.r.randint(0, 5)
        if c == 0:
            cc, bban = "GB", "".join(self.pick(letters) for _ in range(4)) + self.digits(14)
        elif c == 1:
            cc, bban = "DE", self.digits(18)
        elif c == 2:
            cc, bban = "IE", "".join(self.pick(letters) for _ in range(4)) + self.digits(14)
        elif c == 3:
            cc, bban = "NL", "".join(self.pick(letters) for _ in range(4)) + self.digits(10)
        elif c == 4:
            cc, bban = "ES", self.digits(20)
        else:
            cc, bban = "FR", self.digits(23)
        iban = cc + iban_check(cc, bban) + bban
        if self.r.random() < 0.6:
            iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        assert iban_ok(iban)
        return [(iban, "id")]

    def s_ssn(self):
        while True:
            area = self.r.randint(1, 899)
            if area != 666:
                break
        s = f"{area:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"
        if self.r.random() < 0.15:
            s = s.replace("-", " ")
        return [(s, "id")]

    def s_nhs(self):
        while True:
            nine = str(self.r.randint(1, 9)) + self.digits(8)
            c = nhs_check(nine)
            if c is not None:
                break
        n = nine + c
        s = f"{n[:3]} {n[3:6]} {n[6:]}" if self.r.random() < 0.7 else n
        assert nhs_ok(s)
        return [(s, "id")]

    def s_dl(self):
        sur = ascii_fold(self.pick(self.p.surnames)).upper()[:5].ljust(5, "9")
        y, m, d = self.r.randint(1940, 2005), self.r.randint(1, 12), self.r.randint(1, 28)
        if self.r.random() < 0.5:
            m += 50
        ini = "".join(self.pick("ABCDEFGHJKLMNPRSTW") for _ in range(2))
        chk = "".join(self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(2))
        dl = f"{sur}{(y // 10) % 10}{m:02d}{d:02d}{y % 10}{ini}9{chk}"
        if self.r.random() < 0.3:
            dl = f"{dl[:5]} {dl[5:11]} {dl[11:14]} {dl[14:]}"
        return [(dl, "id")]

    def s_passport(self):
        r = self.r.random()
        p = self.digits(9) if r < 0.5 else self.pick("ACEKLMNPRSTXZ") + self.digits(8)
        return [(p, "id")]

    def s_anyid(self):
        return self.pick([self.s_card, self.s_iban, self.s_ssn, self.s_nhs, self.s_dl])()

    def s_ip(self):
        r = self.r.random()
        if r < 0.35:
            a = self.pick([81, 86, 92, 109, 151, 176, 185, 203, 212, 5, 31, 62, 78, 94, 195, 217])
            return [(f"{a}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}", "ip")]
        if r < 0.6:
            return [(f"192.168.{self.r.randint(0, 20)}.{self.r.randint(2, 254)}", "ip")]
        if r < 0.7:
            return [(f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}", "ip")]
        h = lambda: f"{self.r.randint(0, 0xffff):x}"
        forms = [f"2001:db8:{h()}:{h()}::{h()}", f"2a02:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
                 f"fe80::{h()}:{h()}:{h()}:{h()}", f"2600:{h()}:{h()}::{h()}:{h()}"]
        return [(self.pick(forms), "ip")]

    # non-identifying fillers
    def s_weekday(self):
        return [(self.pick(WEEKDAYS), None)]

    def s_month(self):
        return [(self.pick(MONTHS), None)]

    def s_dose(self):
        return [(self.pick(["10 mg", "20mg", "50 mg", "100mg", "5 mg", "150 mg", "2.5 mg",
                            "40 milligrams", "0.5 mg", "200 mg", "15 mg", "30mg"]), None)]

    def s_med(self):
        return [(self.pick(["sertraline", "fluoxetine", "citalopram", "mirtazapine", "quetiapine",
                            "propranolol", "lithium", "diazepam", "zopiclone", "venlafaxine",
                            "melatonin", "naltrexone", "olanzapine", "lamotrigine"]), None)]

    def s_n(self):
        n = self.r.randint(2, 12)
        return [(spell(n) if self.r.random() < 0.5 else str(n), None)]

    def s_score(self):
        return [(str(self.r.randint(1, 10)), None)]

    def s_dur(self):
        return [(self.pick(["two weeks", "20 minutes", "3 months", "six years", "a fortnight",
                            "10 days", "an hour", "45 minutes", "eighteen months", "4 years",
                            "a couple of days", "12 weeks"]), None)]


# --------------------------------------------------------------------------- templates
# All written for this set. A leading "~" lower-cases the whole sentence (texting style).
# Slots: see Filler.s_<slot>.

TEMPLATES = r"""
# --- people: client speech
My {rel} {name} keeps calling me at night and I don't know how to tell them to stop.
I haven't spoken to {name} since the funeral.
{name} said I was being dramatic, and maybe I was.
It's {name}'s birthday next week and I'm dreading it.
Honestly, {name} is the only one who gets it.
I finally told {name} about the panic attacks.
My {rel}, {name}, moved out last month.
When {name} shouts, I just freeze.
I keep thinking about what {name} would say if they saw me like this.
{name} and I used to be close, before everything.
Me and {name} had a massive row on the way here.
I think {name} knows more than she's letting on.
The only person I trust is {name}.
Sometimes I pretend to be asleep when {name} gets home.
Part of me wants to forgive {name}, part of me doesn't.
{full} was my teacher in year six and he was the first adult who listened.
My ex, {full}, still has a key to the flat.
I went round to {name}'s place and we just sat in the car for an hour.
I miss {name} so much it's physical.
I was named after my grandmother, {first}.
Everyone calls me {nick}, except my dad.
My name's {full}, I was told to ask for you.
Hi, I'm {first}, I'm here for the four o'clock.
We called the baby {first}, after my nan.
I'd rather you didn't mention {name} in the letter.
{wname} said she'd come with me next time.
I told {wname} I couldn't do it anymore.
My {rel} {wname} has been amazing through all this.
{wname} is the reason I'm still here, to be honest.
~i told {lname} i couldnt come tonight
~{lname} keeps texting me and idk what to say
~me and {lname} broke up again lol
~my {rel} {lname} said i should try this
~honestly {lname} is the only one who checks on me
{titled} from next door brought soup round when I was ill.
{titled} said I might have to go back on the waiting list.
I saw {dr} on Tuesday and she upped the dose.
{dr} thinks it's anxiety, but I'm not sure.
My psychiatrist, {dr}, wants me to try something new.
{titled} at the job centre was actually kind to me.
I'm scared {titled} will find out I lied on the form.
Me and {name} went to {city} for the weekend and it was the first time I relaxed in months.
{name} lives in {city} now, so I hardly see her.
I'm seeing {name} on {daymonth}, it's her birthday.
# --- people: therapist speech
How did it feel when {name} said that to you?
It sounds like {name} really matters to you.
Thanks, {first}. That took a lot of courage to say.
{first}, can I check something with you?
What would you want {name} to understand?
So when {name} left, something in you shut down. Does that fit?
I'm hearing a lot of anger towards {name}, and also some sadness.
Let's pause there for a moment, {first}.
Good to see you again, {first}. How has the week been?
You mentioned {name} last time. Has anything changed since then?
It makes sense that you'd feel protective of {name}.
I wonder what it was like for you, {first}, to hear that.
Take your time, {first}, there's no rush.
Before we finish, {first}, how are you feeling right now?
That's really important, {first}. Thank you for trusting me with it.
If {name} were sitting in that chair, what would you say?
When you talk about {wname}, your voice softens.
Would it help to invite {name} to one of our sessions?
# --- people: chatbot and support messages
Hi {first}, thanks for reaching out. I'm here to listen.
I'm sorry you're going through this, {first}.
Welcome back, {first}. Last time we talked about sleep. How has it been?
That sounds really hard, {first}. Would you like to try a grounding exercise?
Thanks for sharing that with me, {first}.
{first}, it's okay to take a break and come back later.
Hello {first}! Your next check-in is ready.
Hi {first}, your counsellor {titled} has sent you a message.
# --- intake notes
Client: {full}, self-referred.
Referred by {dr} at {gp}.
Client's mother, {full}, attended the first session.
Next of kin: {full} ({rel}), {phone}.
Emergency contact: {first}, {phone}.
Client reports that her {rel} {name} was physically violent in the past.
Seen jointly with care coordinator {full}.
GP: {dr}, {gp}.
Client prefers to be called {nick}.
Allocated to {full} for 12 sessions of CBT.
Discussed with {titled} in supervision.
# --- organisations
I'm registered at {gp} but I can never get an appointment.
The receptionist at {gp} told me to call back at eight.
My GP at {gp} referred me here.
I was at {hospital} for three nights after the overdose.
They kept me on {hospital} for two weeks.
My son goes to {school} and the bullying has got worse.
I dropped out of {school} in my second year.
I teach at {school}, so everyone knows me.
I work at {work} and the night shifts are killing me.
I've been at {work} for nine years and they're making me redundant.
My manager at {work} doesn't believe in mental health.
I got a job at {work}, finally!
We go to {church} most Sundays.
The pastor at {church} has been really supportive.
I stopped going to {church} after what happened.
I did the course at {clinic} but it didn't stick.
The people at {clinic} were lovely.
I've been on the waiting list for {clinic} since spring.
Client was discharged from {hospital} on {date}.
Previously seen by {clinic}.
Letter copied to {gp}.
School: {school}. Year 9.
Employer: {work} (on sick leave).
She's a nurse at {hospital}, so she knows the system.
My sister works for {work} in {city}.
I volunteer at {church} on Thursdays.
Did anyone at {school} notice what was going on?
How are things at {work} at the moment?
Have you been back to {church} since?
# --- places
I grew up in {city}, on the estate near the station.
We moved to {city} when I was nine.
I'm originally from {country}, but I've lived here for twenty years.
My family is still back in {country}.
I haven't been back to {city} since the divorce.
She's in {city} with her new partner.
I'm flying to {country} next month to see my grandmother.
The job would mean moving to {city}.
I was born in {city} but we left when I was a baby.
Half my family is in {region} and half is in {country}.
Client relocated from {city} in the summer.
Client was born in {country} and arrived as an asylum seeker.
Things were different in {city}, people looked out for each other.
I drove up to {region} just to be on my own for a bit.
What was it like growing up in {city}?
It sounds like leaving {country} was a huge loss.
When you think of {city}, what comes up?
My dad's from {country} and my mum's from {city}.
We spent every summer in {region} when I was a kid.
# --- more people, places and organisations in speech
Did {name} ever apologise?
I bumped into {name} at the shops and had to leave.
{name} has been sleeping on my sofa for {dur}.
Apparently {name} told everyone at {work}.
I keep dreaming about {name}, it's always the same dream.
My {rel}'s new partner, {full}, is nice enough.
I've blocked {name} on everything.
Do you think I should text {name} back?
I used to go round {name}'s after school every day.
{name} was there when it happened.
Our neighbour {titled} called the police.
There's a support group at {church} on {weekday}s.
The teachers at {school} said he's been fine.
I got a letter from {hospital} about the scan.
My first job was at {work}, I was sixteen.
My {rel} is in {city} for work all week.
Have you ever been to {city}?
I'm thinking of moving back to {country}.
My nan still lives in the same house in {city}.
I'm {age} next month and I'm not ready.
My {rel} is {age}, he should know better.
I was {agechild} the first time I ran away.
My cousin in {city} said I can stay with her.
I was at {school} until I was {agechild}.
# --- addresses and postcodes
I live at {addr} with my two kids.
My new address is {addr_full}.
He's still at {addr}, I drive past it sometimes.
Please send the letter to {addr_full}.
Client address: {addr_full}.
It's the house on {street} with the blue door.
We used to live on {street}, near the park.
I got jumped on {street} on my way home.
There's a food bank on {street} that I go to.
My postcode is {postcode}, if you need it for the form.
Can you check whether {postcode} is in your area?
I'm in {ukpc}, is that covered by your service?
The ZIP code is {zip}.
Address on file: {addr}, {city}.
She moved into a flat at {addr}.
Meet me outside {addr} at six.
Our old place at {addr} flooded twice.
Is the clinic near {street}?
# --- dates and years
My appointment is on {date}.
I was born on {dob}.
DOB: {dob}.
Date of birth {dob}.
The accident was in {year} and I still have nightmares.
I was born in {byear}, so I remember all of it.
We got married on {date} and divorced three years later.
My mum died on {daymonth}, so that week is always hard.
Next session: {date}.
Since {year} I haven't been able to drive.
Dad left in {year}, when I was little.
I started using in {year}.
I've been sober since {date}.
Our son was born in {byear}.
The court date is {date}.
Can we move my session to {date}?
The assault happened on {date}.
Client first presented on {date}.
Every {daymonth} I get like this, it's the anniversary.
It's been hard since the fire in {year}.
Your next appointment is {date}.
I got the diagnosis in {year}.
Last seen: {date}.
We moved here in {year} and it never felt like home.
# --- ages
My daughter is {agechild} and she's already self-harming.
She's {agechild}, she shouldn't have to deal with this.
My {ageold}-year-old mum lives with us now.
I'm {age} and I still feel like a child around him.
He was {agechild} when his dad left.
Our son, aged {agechild}, has been refusing school.
I turned {decade} last week and it hit me hard.
My nan's {ageold} and she's the one looking after me.
I was only {agechild} when it started.
Client is a {agenum}-year-old woman presenting with low mood.
When I was {agechild}, I used to hide in the wardrobe.
I'm {age}, I should have my life together by now.
He's {age} and he's never held down a job.
My little brother is {agechild}.
At {age}, I didn't think I'd be starting over.
The twins are {agechild} now.
Patient is {agenum} years old.
My grandad died at {ageold}.
I was {age} when I first went to therapy.
# --- phones and emails
You can reach me on {phone} after five.
My number is {phone}, but text first.
Call my sister on {phone} if I don't turn up.
Please ring {phone} to rebook.
Tel: {phone}.
Her mobile is {phone}.
Text me on {phone}.
My email is {email}.
Email me at {email}, I don't check my post.
Can you send the worksheet to {email}?
Contact: {email}.
I set up a new email, it's {email}, so he can't see it.
You can forward the letter to {email} or call {phone}.
# --- urls
He posted about me on {url}.
The fundraiser is at {url}.
I found the support group on {url}.
My profile is {url}, that's where the pictures are.
You can book online at {url}.
She keeps sharing stuff from {url}.
Link: {url}
# --- id numbers
My NHS number is {nhs}.
NHS no. {nhs}.
NHS number: {nhs}.
My card number is {card}, can you take the payment?
Card: {card}.
The payment went out on card {card}.
My social is {ssn}.
SSN: {ssn}.
I had to give them my social security number, {ssn}, and I regret it.
My IBAN is {iban}.
Please refund to {iban}.
Bank details: {iban}.
My driving licence number is {dl}.
Licence no. {dl}.
He took a photo of my licence, it's {dl}.
My passport number is {passport}.
Passport: {passport}.
They've still got my passport, number {passport}.
# --- ip addresses
The last login came from {ip}.
He must have logged in from {ip}, that's not my network.
Session started from IP {ip}.
Access log: {ip} at the time of the message.
My router says {ip}, does that help?
# --- mixed
{first} said I should call {phone} if it gets bad again.
My mum, {full}, lives at {addr}.
I went to {school} with {name}, back in {city}.
{dr} at {hospital} signed me off until {date}.
I'm {age}, I live in {city} and I work for {work}.
Please let {first} know her next session is on {date}.
Client ({agenum}, {city}) was referred by {gp}.
{first} from {church} dropped off some food.
My sister {name} moved to {country} in {year}.
{titled} emailed me from {email} about the bill.
I used my card, {card}, at {work} and it was declined.
You can contact {full} on {phone} or at {email}.
"""

FREE_TEMPLATES = r"""
# --- words that are also names, used as words
I hope so.
I hope it gets easier, I really do.
I will try, but I can't promise anything.
I will, I just need more time.
Will I ever feel normal again?
By the grace of God I got through that week.
She handled it with a lot of grace.
Mark my words, he'll do it again.
I made a mark on the calendar for every good day.
The gas bill came and I just put it in a drawer.
The roses in the garden were my mum's pride and joy.
My anxiety rose all afternoon until I couldn't breathe.
Hope is a hard thing to hold on to right now.
I've lost faith in pretty much everyone.
There's no joy in anything anymore.
May I ask what you meant by that?
You may find it helps to write things down.
I've got no patience left for any of it.
It's all been a bit frank, hasn't it, the way we talk here?
To be frank, I don't think it's working.
The light at dawn is the worst, that's when it hits.
They threatened to sue me, but nothing came of it.
A pat on the back would have been nice, just once.
It's crystal clear to me now.
Every penny goes on rent.
I drew a picture of how I feel, it's mostly black.
I feel like I'm standing on a cliff edge.
I keep trying to chase the feeling I had on holiday.
I took it all for granted.
It felt like a trip down memory lane.
There was a ray of light for the first time in ages.
Summer is always worse for me, everyone's out having fun.
I like to sit by the river and watch the water.
Art therapy was the only thing that helped.
It was a sunny day and I still stayed in bed.
June was a hard month for all of us.
The trees turn amber in autumn and I just feel sad.
# --- clinical numbers and scales
I'm on {dose} of {med} now.
The doctor put me up to {dose} last week.
I'd say it's a {score} out of 10 today.
On a scale of one to ten, I'm about a {score}.
I go to the gym {n} times a week now.
I've had {n} panic attacks since our last session.
I only slept {n} hours last night.
Her PHQ-9 score was 14 at assessment, 9 today.
GAD-7 went from 17 to 11 over the course of treatment.
We're on session {n} of 12.
I take {med} at night and it knocks me out.
It's been {dur} since my last drink.
I'm 5 minutes away, sorry I'm late.
I'm 100% sure it was my fault.
I've been clean for {dur}.
I had {n} cups of coffee before noon.
Reduce {med} to {dose} for one week, then review.
The waiting list is about {dur}.
I do the breathing for 4 seconds in, 7 hold, 8 out.
I walked 10,000 steps yesterday, first time in ages.
Step 4 is the one I'm stuck on.
Room 3 is free if you'd rather talk in there.
# --- relative time
Last {month} was the worst it's been.
I've felt like this since last {month}.
Next {weekday} I've got the assessment.
Every {weekday} I dread the phone call.
Two weeks ago I didn't think I'd make it to today.
Yesterday was a good day, for once.
Over Christmas it all fell apart.
I'll see you next week, same time.
In {month} I'm going to try going back to work.
It's been like this since the spring.
By the end of the year I want to be off the tablets.
I was fine until about a year ago.
It happened on a {weekday}, I remember that much.
A couple of years back I tried counselling.
Let's book something in for next {weekday}.
# --- relations without names
My {rel} keeps telling me to just get over it.
I had a row with my {rel} on the way here.
My {rel} doesn't know I'm coming here.
I think my {rel} is drinking again.
Has your {rel} noticed any change?
How did your {rel} react when you told them?
I don't want my {rel} to worry.
My {rel} said I looked tired.
~my {rel} is doing my head in honestly
~idk i just feel empty all the time
~i hope this is the right place to talk
~i will try the breathing thing tonight
~cant sleep again
# --- therapist speech
What do you notice in your body when you say that?
It sounds like part of you wants to stay and part of you wants to go.
That makes a lot of sense, given everything you've been through.
Let's slow down for a moment.
I'm wondering what that was like for you.
You don't have to have the answer right now.
How would you like to use our time today?
What's one small thing that might help this week?
It takes courage to say that out loud.
I notice you went quiet just then.
Can we come back to what you said about the kitchen?
On a scale of zero to ten, how strong is the urge right now?
# --- chatbot and support messages
I'm here to listen. Take your time.
If you're in immediate danger, please call 999 or go to A&E.
If you're in the US, you can call or text 988 any time.
You can talk to the Samaritans for free on 116 123.
Text SHOUT to 85258 to talk to a trained volunteer.
Would you like to try a short breathing exercise?
Thank you for sharing that. It sounds really painful.
It's okay to feel this way. You're not alone.
Your session has been saved. See you next time.
Let's try the 5-4-3-2-1 grounding exercise together.
# --- intake and notes
Client attended on time and engaged well.
No risk to others identified. Risk to self: low.
Mood low, sleep poor, appetite reduced.
Plan: continue weekly sessions, review in {dur}.
Client declined a referral to the GP at this stage.
Safety plan reviewed and updated.
Client reports drinking about {n} units a week.
Homework: thought record, three times before next session.
# --- everyday talk with numbers and relations, no identifiers
My {rel} and I went for a walk on {weekday} and it was actually nice.
I've been feeling low for about {dur}.
I'd give my mood a {score} this week, maybe lower.
My {rel} will pick me up after, so I can't stay late.
I hope my {rel} understands why I need this.
I will tell my {rel} tonight, I promise.
Will my {rel} have to know about any of this?
It takes about {dur} to get here on the bus.
We've got {n} sessions left, how do you want to use them?
On {weekday}s I see my {rel}, which helps.
My {rel} had a fall in {month} and I've been caring for them since.
Since {month} I've been waking at four every morning.
I owe about two grand on the credit card and it keeps me up at night.
They asked for my NHS number and I didn't have it on me.
My phone died so I couldn't call anyone.
Can you email me the worksheet after?
I'll text you when I'm outside.
I live with my {rel} and two cats.
I moved house {dur} ago and still haven't unpacked.
I've got an appointment at the hospital on {weekday}.
My GP upped my {med} to {dose}.
The school rang again about my son.
Work have been good about it, to be fair.
Church used to be my safe place.
We went to the seaside for the day and I didn't cry once.
I got the bus into town and just walked around for {dur}.
She's been gone {dur} now and it doesn't get easier.
Roses were my mum's favourite, I can't look at them now.
Bill me for the missed session, it's fine.
Grace under pressure isn't really my thing.
Will power isn't the problem, I just can't start.
I've been off work for {n} weeks now.
My {rel} says I should get a dog.
I'm sleeping {n} hours a night, at most.
Honestly, the last {dur} have been a blur.
The new job starts in {month} and I'm terrified.
I keep my tablets in the kitchen drawer so I remember them.
He'll be home at six, so I've got to go soon.
I forgot to do the homework again, sorry.
We fought about money again, the same old thing.
I drank a bottle of wine on {weekday} night.
The meeting with the school is on {weekday}.
I haven't left the house in {dur}.
My landlord wants the flat back by the end of the month.
I only had {n} hours' sleep, so bear with me.
The kids were at their dad's all weekend.
I cried in the car park before coming in.
I lost {n} kilos without trying.
Could we do {dur} instead of the full hour today?
# --- place-like words that are not places
I had a long bath and it actually helped.
Reading before bed helps me switch off.
That's nice of you to say.
I feel like I'm in a different country from everyone else.
It's a long way from where I started.
"""


# Spoken openers and closers, added to some speech templates (never to notes or bot messages)
# so that sentences built from the same template differ in more than their fillers.
PREFIXES = ["Honestly, ", "I mean, ", "Yeah, ", "To be fair, ", "Um, ", "So, ", "Okay, so ", "Well, ",
            "The thing is, ", "Look, ", "I don't know, ", "Right, "]
SUFFIXES = [" I don't know.", " If that makes sense.", " Anyway.", " You know?", " It's a lot.",
            " Sorry.", " Does that make sense?", " That's all really.", " I guess."]
NOTE_STARTS = ("Client", "Patient", "Referred", "Seen ", "Allocated", "Discussed", "Letter",
               "Previously", "Next of kin", "Emergency", "GP", "School", "Employer", "Plan", "Homework",
               "Safety", "Mood", "No risk", "Reduce", "Her PHQ", "GAD", "Hi ", "Hello", "Welcome",
               "Thanks for sharing", "If you", "You can talk", "Text SHOUT", "Your ", "Let's try",
               "I'm here to listen", "Thank you for sharing", "It's okay to feel", "Would you like to try",
               "That sounds really hard", "Please", "Session started", "Access log", "The last login",
               "Address on file", "Last seen", "Next session", "{first}, it's okay", "NHS", "Licence",
               "Card", "Tel", "Passport", "SSN", "DOB", "Date of birth", "Bank", "Contact", "Link")


def decoratable(t):
    t = t.lstrip("~")
    return ":" not in t and not t.startswith(NOTE_STARTS) and t[-1] in ".?!"


def decorate(t, rng):
    """Maybe add an opener and/or a closer to a speech template (still a template)."""
    if not decoratable(t):
        return t
    lower = t.startswith("~")
    body = t.lstrip("~")
    if rng.random() < 0.25:
        first = body.split(" ", 1)[0]
        if not body.startswith("{") and first != "I" and not first.startswith("I'") \
                and not any(c.isupper() for c in first[1:]):
            body = body[0].lower() + body[1:]
        body = rng.choice(PREFIXES) + body
    if rng.random() < 0.2:
        body = body + rng.choice(SUFFIXES)
    return ("~" if lower else "") + body


def parse_templates(block):
    out = []
    for line in block.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(line)
    return out


SLOT = re.compile(r"\{(\w+)\}")
ID_SLOTS = {
    "name": "person", "first": "person", "full": "person", "nick": "person", "wname": "person",
    "lname": "person", "titled": "person", "dr": "person", "gp": "org", "school": "org",
    "work": "org", "church": "org", "hospital": "org", "clinic": "org", "org": "org",
    "city": "place", "country": "place", "region": "place", "place": "place", "street": "address",
    "addr": "address", "addr_full": "address", "postcode": "postcode", "ukpc": "postcode",
    "zip": "postcode", "date": "date", "dob": "date", "daymonth": "date", "year": "date",
    "byear": "date", "age": "age", "agenum": "age", "agechild": "age", "ageold": "age",
    "decade": "age", "phone": "phone", "email": "email", "url": "url", "card": "id", "iban": "id",
    "ssn": "id", "nhs": "id", "dl": "id", "passport": "id", "anyid": "id", "ip": "ip",
}


def template_labels(t):
    labs = [ID_SLOTS[s] for s in SLOT.findall(t) if s in ID_SLOTS]
    if "{addr_full}" in t:
        labs += ["place", "postcode"]
    return labs


def split_templates(templates):
    """Stratified by each template's rarest label: about a quarter of every kind goes to test."""
    freq = Counter(l for t in templates for l in set(template_labels(t)))
    groups = {}
    for t in templates:
        labs = template_labels(t)
        key = min(labs, key=lambda l: (freq[l], l)) if labs else "none"
        groups.setdefault(key, []).append(t)
    test, rest = [], []
    for key, ts in sorted(groups.items()):
        ts = sorted(ts, key=lambda t: hashlib.sha1(("tpl:" + t).encode()).hexdigest())
        k = max(1, round(len(ts) * 0.25)) if len(ts) >= 3 else 0
        test += ts[:k]
        rest += ts[k:]
    return rest, test


# --------------------------------------------------------------------------- building

def render(template, filler):
    lower = template.startswith("~")
    if lower:
        template = template[1:]
    segs = []
    pos = 0
    for m in SLOT.finditer(template):
        if m.start() > pos:
            segs.append((template[pos:m.start()], None))
        segs += getattr(filler, "s_" + m.group(1))()
        pos = m.end()
    if pos < len(template):
        segs.append((template[pos:], None))
    if lower:
        segs = [(t.lower(), l) for t, l in segs]
    text, spans, b = "", [], 0
    for t, l in segs:
        n = len(t.encode("utf-8"))
        if l is not None:
            spans.append({"start": b, "end": b + n, "label": l, "_text": t})
        text += t
        b += n
    text = unicodedata.normalize("NFC", text)
    return text, spans


def build_split(split, templates):
    rng = random.Random(SEEDS[split])
    pools = Pools(split)
    filler = Filler(pools, rng)
    with_ids, free = templates
    n = SIZES[split]
    n_free = round(n * FREE_SHARE)
    kinds = ["free"] * n_free + ["ids"] * (n - n_free)
    rng.shuffle(kinds)
    items, seen = [], set()
    # Cycle through the templates in shuffled rounds so that each is used about equally; templates
    # with the rarer kinds of identifier (numbers, contacts, addresses) come twice in a round.
    rare = {"phone", "email", "url", "ip", "postcode", "id", "address"}
    round_ids = [t for t in with_ids for _ in range(2 if rare & set(template_labels(t)) else 1)]
    queues = {"free": [], "ids": []}
    for i, kind in enumerate(kinds):
        for attempt in range(60):
            if attempt % 6 == 0:
                if not queues[kind]:
                    queues[kind] = list(free if kind == "free" else round_ids)
                    rng.shuffle(queues[kind])
                t = queues[kind].pop()
            text, spans = render(decorate(t, rng), filler)
            if text not in seen:
                break
        else:
            raise SystemExit(f"{split}: cannot make a new sentence from {t!r}")
        seen.add(text)
        items.append({"id": f"{split}-{i + 1:04d}", "split": split, "text": text, "spans": spans})
    return items, pools


def check(items, split):
    """Offsets decode to the planted strings; no overlaps; labels known; checksums hold."""
    for it in items:
        b = it["text"].encode("utf-8")
        last = 0
        assert unicodedata.normalize("NFC", it["text"]) == it["text"]
        assert len(it["spans"]) <= 3, it
        for s in it["spans"]:
            assert s["label"] in LABELS, s
            assert 0 <= s["start"] < s["end"] <= len(b), (it, s)
            assert s["start"] >= last, ("overlap or unsorted", it)
            piece = b[s["start"]:s["end"]].decode("utf-8")
            assert len(it["text"][:len(b[:s["start"]].decode("utf-8"))].encode()) == s["start"]
            if "_text" in s:
                assert piece == s["_text"], (piece, s)
            assert piece == piece.strip() and piece, (piece, it)
            if s["label"] == "id":
                digits = re.sub(r"\D", "", piece)
                compact = re.sub(r"[ -]", "", piece)
                iban_len = {"GB": 22, "DE": 22, "IE": 22, "NL": 18, "ES": 24, "FR": 27}
                if compact[:2] in iban_len and len(compact) == iban_len[compact[:2]] and compact[2:4].isdigit():
                    assert iban_ok(piece), piece
                elif len(digits) in (15, 16) and len(digits) == len(compact):
                    assert luhn_ok(piece), piece
                elif len(digits) == 10 and len(digits) == len(compact):
                    assert nhs_ok(piece), piece
            last = s["end"]
        assert it["split"] == split


def strip_private(items):
    for it in items:
        for s in it["spans"]:
            s.pop("_text", None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="only check the files in eval/redact")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    out = Path(args.out)
    if args.check:
        for split in SIZES:
            items = [json.loads(l) for l in (out / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
            check(items, split)
            print(f"{split}: {len(items)} sentences ok")
        return

    with_ids = parse_templates(TEMPLATES)
    free = parse_templates(FREE_TEMPLATES)
    for t in with_ids + free:
        for s in SLOT.findall(t):
            assert hasattr(Filler, "s_" + s), f"unknown slot {s} in {t!r}"
    assert len(set(with_ids)) == len(with_ids) and len(set(free)) == len(free)
    ids_rest, ids_test = split_templates(with_ids)
    free_rest, free_test = split_templates(free)
    assert not set(ids_test) & set(ids_rest) and not set(free_test) & set(free_rest)
    plan = {"train": (ids_rest, free_rest), "dev": (ids_rest, free_rest), "test": (ids_test, free_test)}

    out.mkdir(parents=True, exist_ok=True)
    all_items, pool_keys = {}, {}
    for split in SIZES:
        items, pools = build_split(split, plan[split])
        check(items, split)
        all_items[split] = items
        pool_keys[split] = pools.keys()
    # filler pools are disjoint, and so are the names, places and organisations planted
    for a, b in (("train", "dev"), ("train", "test"), ("dev", "test")):
        assert not pool_keys[a] & pool_keys[b], (a, b, sorted(pool_keys[a] & pool_keys[b])[:5])
        ents = lambda sp: {s["_text"].lower() for it in all_items[sp] for s in it["spans"]
                           if s["label"] in ("person", "place", "org")}
        shared = ents(a) & ents(b)
        assert not shared, (a, b, sorted(shared)[:10])
    # ... and no planted name, place or organisation of a later split occurs in an earlier one's text
    for later, earlier in (("dev", ("train",)), ("test", ("train", "dev"))):
        text = "\n".join(it["text"] for sp in earlier for it in all_items[sp])
        for it in all_items[later]:
            for s in it["spans"]:
                # name-words ("Hope", "June") stand as ordinary words in every split by design
                if s["label"] in ("person", "place", "org") and s["_text"] not in WORD_NAMES:
                    pat = r"(?<!\w)" + re.escape(s["_text"]) + r"(?!\w)"
                    assert not re.search(pat, text), (later, s["_text"])

    for split, items in all_items.items():
        strip_private(items)
        with open(out / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for it in items:
                f.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"templates: {len(ids_rest)} + {len(free_rest)} free for train/dev, "
          f"{len(ids_test)} + {len(free_test)} free for test")
    print(f"{'split':6s} {'n':>5s} {'free':>5s} " + " ".join(f"{l:>8s}" for l in LABELS))
    for split, items in all_items.items():
        c = Counter(s["label"] for it in items for s in it["spans"])
        nf = sum(1 for it in items if not it["spans"])
        print(f"{split:6s} {len(items):5d} {nf:5d} " + " ".join(f"{c[l]:8d}" for l in LABELS))


if __name__ == "__main__":
    main()
