//! Word lists for name detection (written for attune; common given names, not a copied data set).

/// Titles before a surname ("Dr. Patel", "Mrs Henderson").
pub const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "doctor",
    "sir",
    "dame",
    "rev",
    "fr",
    "officer",
    "detective",
    "det",
    "sergeant",
    "sgt",
    "judge",
    "captain",
    "capt",
    "lieutenant",
    "lt",
    "coach",
    "pastor",
    "rabbi",
    "imam",
    "reverend",
    "nurse",
];

/// Relation words after which a capitalised word is a person's name ("my sister Anna", "uncle Ray").
pub const RELATIONS: &[&str] = &[
    "sister",
    "brother",
    "stepmum",
    "stepmom",
    "stepdad",
    "stepmother",
    "stepfather",
    "stepsister",
    "stepbrother",
    "stepson",
    "stepdaughter",
    "grandson",
    "granddaughter",
    "niece",
    "nephew",
    "mom",
    "mum",
    "mother",
    "dad",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "boyfriend",
    "girlfriend",
    "partner",
    "fiance",
    "fiancé",
    "fiancee",
    "ex",
    "friend",
    "bestie",
    "boss",
    "manager",
    "coworker",
    "co-worker",
    "colleague",
    "neighbor",
    "neighbour",
    "roommate",
    "flatmate",
    "housemate",
    "therapist",
    "counselor",
    "counsellor",
    "psychiatrist",
    "doctor",
    "teacher",
    "coach",
    "aunt",
    "auntie",
    "uncle",
    "cousin",
    "niece",
    "nephew",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "nan",
    "nana",
    "granny",
    "stepmom",
    "stepdad",
    "stepmother",
    "stepfather",
    "stepson",
    "stepdaughter",
    "baby",
    "kid",
    "child",
    "sibling",
    "twin",
    "bf",
    "gf",
    "supervisor",
    "classmate",
    "pastor",
    "priest",
    "lawyer",
    "nurse",
    "landlord",
    "landlady",
    "mate",
    "buddy",
    "pal",
    "bro",
    "sis",
    "babysitter",
    "nanny",
    "tutor",
    "professor",
    "spouse",
    "lover",
];

/// Plural relation words ("my kids are 4 and 9").
pub const RELATIONS_PLURAL: &[&str] = &[
    "kids",
    "children",
    "sons",
    "daughters",
    "boys",
    "girls",
    "twins",
    "grandkids",
    "grandchildren",
    "brothers",
    "sisters",
    "parents",
    "siblings",
    "cousins",
    "nieces",
    "nephews",
    "stepkids",
];

/// Given names that are also common words or months: only a name after a title, relation or "named".
pub const AMBIGUOUS_NAMES: &str = "
may june april august will bill mark grace hope joy faith rose art sky summer jack frank pat sue don
ken ray guy rich bob drew chase hunter sage max dawn eve iris ivy lily violet autumn river angel harmony
destiny jade ruby amber crystal ginger penny kitty holly heather robin wade dean miles cliff gene glen
sandy carol jean brook brooke storm rain misty star precious honey patience charity trinity reed
rocky lane mason cash bear fox king prince earl duke baron colt gray grey ford price page hall
june jan stone ash cole shad sunny winter gay norm nick dick kit jay chip buck ace dot bud
georgia virginia carolina austin diego christian alexa florence paris jordan sydney dallas houston
savannah phoenix camden chester devon kent lincoln washington victoria chelsea rob ben ana bo
";

/// Capitalised words that are not name parts (sentence starters, pronouns, common capitalised words).
pub const NOT_NAMES: &str = "
i i'm i've i'll i'd the a an and but or so if my our your his her their its it it's this that these
those he she we they you me him them us on in at to of for from with by as is was are were be been
am do did does have has had not no yes yeah ok okay hi hello hey thanks thank please sorry well oh
um uh just also then when where what why how who which there here maybe sometimes today yesterday
tomorrow tonight everyone everything nothing someone something anyone anything all some any god
lord jesus christmas easter thanksgiving covid corona coronavirus english american british
street road avenue lane drive boulevard mom mum dad grandma grandpa mother father sister brother
have had having one two three out ever love depression anxiety calm orange right left teams tracks
obvious governor president senator mayor services state city county school college university
hospital church clinic doctor professor pastor nurse therapist counselor officer judge captain
coach reddit google facebook instagram twitter youtube tiktok zoom skype netflix amazon apple
app book podcast show movie song christmas monday tuesday wednesday thursday friday saturday sunday
sure good great nice fine cool awesome wow lol haha hmm please yup nope agreed exactly true
anybody somebody nobody whatever however therefore meanwhile otherwise instead besides
let let's can can't could would should will won't don't didn't doesn't isn't wasn't
dear honestly really actually anyway still even now after before because since while although
though until unless once recently lately last next every each both either neither much many more
most very too again never always often usually ever north south east west new old big little
";

/// Common given names (lowercase, one per word). Names that are everyday words are in AMBIGUOUS_NAMES.
pub const FIRST_NAMES: &str = "
aaron abby abigail adam adrian aiden aisha alan albert alex alexa alexander alexandra alexis alice
alicia alison allison alyssa amanda amelia amir amy ana andre andrea andrew andy angela angelina anita
ann anna anne annie anthony antonio arjun arthur ashley audrey austin ava barbara becky ben benjamin
beth bethany betty beverly blake bonnie brad bradley brandon brenda brian brittany bruce bryan caitlin
caleb cameron carla carlos carmen caroline carrie casey catherine charles charlie charlotte chelsea
cheryl chloe chris christian christina christine christopher cindy claire clara cody colin connor
craig cynthia daisy dale dan daniel danielle danny darren dave david debbie deborah denise dennis
derek diana diane diego dominic donald donna dorothy dylan edward eleanor elena eli elijah elizabeth
ella ellie emily emma eric erica erin ethan eva evan evelyn fatima felix fiona francesca gabriel
gabriela gary gavin george georgia gerald gina gloria gordon greg gregory hailey haley hannah harold
harry harvey hayley helen henry holly howard hugo ian irene isaac isabel isabella isabelle jackson
jacob jake james jamie jane janet janice jared jason javier jeff jeffrey jenna jennifer jenny jeremy
jerry jesse jessica jill jim jimmy joan joanna joe joel john johnny jonathan jordan jorge jose joseph
josh joshua joyce juan judith judy julia julian julie justin karen kate katherine kathleen kathy
katie kayla keith kelly kelsey kenneth kevin kim kimberly kyle laura lauren leah lee leo leon liam
linda lindsay lindsey lisa logan lois lori louis louise lucas lucy luis luke lydia madison maggie
malik marcus margaret maria marie marilyn marissa martha martin mary matt matthew maya megan melanie
melissa mia michael michelle mike mohammed mohammad muhammad molly monica morgan nancy naomi natalie
nathan nathaniel neil nicholas nicole noah nora oliver olivia omar oscar owen paige pamela patricia
patrick paul paula peter philip phillip priya rachel rahul raj ralph randy raymond rebecca riley
rita rob robert roberto roger ronald ronnie rosa ruth ryan sabrina sally sam samantha samuel sandra
sara sarah scott sean sebastian shannon sharon shawn sheila shirley simon sofia sophia sophie stacy
stephanie stephen steve steven susan suzanne sydney tanya tara taylor teresa terry theresa thomas
tiffany tim timothy tina todd tom tommy tony tracy travis trevor tyler valerie vanessa victor
victoria vincent virginia walter wanda wayne wendy william willow xavier yasmin yusuf zach zachary
zoe zoey ahmed ali hassan hussein fatimah nadia leila layla sana priyanka anjali deepak vikram
sanjay ravi wei li ming chen yuki hiroshi kenji mei jin hyun ji-woo seo-yeon minh thanh nguyen
olga ivan dmitri sergei natasha anya katya pablo mateo santiago valentina camila lucia isabela
giulia marco luca giovanni francesco pierre louis camille chloé manon hans lukas jonas lena sven
ingrid astrid lars erik nils freya siobhan aoife niamh ciara sinead declan cormac padraig
";

/// Countries, US states and Canadian provinces: not redacted as places (a state or country identifies no
/// one; HIPAA Safe Harbor keeps states too). Lowercase, multi-word names joined by spaces.
pub const BROAD_PLACES: &str = "
america usa us u.s uk britain england scotland wales ireland canada australia zealand france italy
germany spain portugal sweden norway denmark finland netherlands holland belgium switzerland austria
poland russia ukraine india pakistan bangladesh china japan korea vietnam philippines indonesia
thailand malaysia singapore mexico brazil argentina chile colombia peru nigeria kenya ghana egypt
africa europe asia turkey israel iran iraq greece
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma
oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming
ontario quebec alberta manitoba saskatchewan columbia nova scotia brunswick newfoundland
al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd
oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy
";
