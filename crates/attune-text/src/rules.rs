//! Rules for the codes no public data set labels (reassure, reframe, minimize, interpret, confront,
//! autonomy) and for the `permission` attribute. Each rule is a list of phrases of our own choosing;
//! the coder lets a rule override the model only where the model's code is compatible (a rule never
//! turns a question into something else, and only a sentence-opening directive turns a reflection into
//! advice), so rules refine rather than fight the data.

use aho_corasick::AhoCorasick;
use attune_core::Code;
use std::sync::LazyLock;

/// Which rule families fired on a text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits {
    pub minimize: Option<&'static str>,
    pub reframe: Option<&'static str>,
    pub reassure: Option<&'static str>,
    pub confront: Option<&'static str>,
    pub autonomy: Option<&'static str>,
    pub interpret: Option<&'static str>,
    pub pathologize: Option<&'static str>,
    pub permission: bool,
    pub you_emotion: bool,
    /// A sentence that opens with a directive ("Try…", "You should…", "I suggest…") and reflects nothing.
    pub directive: Option<&'static str>,
    /// A sentence that opens (after fillers such as "so" or "okay") with a topic-shift marker ("anyway",
    /// "on another note", "by the way").
    pub topic_shift: Option<&'static str>,
    /// A sentence that asks, though a model may read its opening as a reflection: a question after a
    /// topic-shift marker ("So, on another note, how's the job going?") or a request to tell ("So tell me more
    /// about the new job."). MITI codes both as questions. The code is the question's kind.
    pub asks: Option<(Code, &'static str)>,
    /// Agreeing with or excusing someone the client is at odds with ("I think your aunt is right."; see
    /// [`crate::sides`]).
    pub sides: Option<&'static str>,
    /// Steering the client's attention away from what they brought ("something else to focus on"; see
    /// [`crate::redirect`]).
    pub redirect: Option<&'static str>,
    /// The listener's own story takes the floor ("This really hits home for me. When our neighbour passed I…").
    pub self_story: Option<&'static str>,
    /// A clinical label put on what the client describes ("consistent with PTSD"; see [`crate::diagnosis`]).
    pub diagnosis: Option<&'static str>,
}

// MINIMIZE, REASSURE and PATHOLOGIZE are shared with attune-assess, which flags the same phrases
// in context: one list, two uses.
// Advice, reflection and validation cues: shared with attune-assess and the judge.
pub static ADVISE: &[&str] = &[
    "you should",
    "you shouldn't",
    "you need to",
    "you have to",
    "you ought to",
    "try to",
    // "you must" only where it directs: "you must be exhausted" is an empathic guess (see `epistemic_must`)
    "you must not",
    "you mustn't",
    "you must stop",
    "you must try",
    "you must get",
    "you must go",
    "you must tell",
    "you must talk",
    "you must find",
    "you must make",
    "you must take",
    "you must seek",
    "you must leave",
    "you must learn",
    "you must accept",
    "you must do",
    "you must let",
    "you must remember",
    "you must understand",
    "you must be careful",
    "you must be honest",
    "you must be patient",
    "you must be strong",
    "have you tried",
    "have you considered",
    "why don't you",
    "why not",
    "i suggest",
    "i would suggest",
    "i'd suggest",
    "i recommend",
    "i would recommend",
    "i'd recommend",
    "my advice",
    "i advise",
    "what you need",
    "what you should",
    "it would help to",
    "it might help to",
    "you could try",
    "you might try",
    "you can try",
    "maybe try",
    "just try",
    "make sure you",
    "go for a",
    "consider",
    "how about",
    "what if you",
    // a plan put as the obvious next step, or offered gently, after one good sentence ("I think the best move now is to
    // message the bride directly", "One thing I'd gently encourage: tell your mom tonight", "It can help to put it in
    // writing first"; vignettes-fresh63 and sessions fresh60/fresh61, read in the thirty-first and thirty-second sessions)
    "the best move",
    "best move now",
    "easiest move is",
    "the best thing to do is",
    "one thing i'd gently",
    "i'd gently encourage",
    "i'd gently suggest",
    "i'd gently put out there",
    "it can help to",
    // offered as a small thing, or as the kinder course ("One small thought, and not a club: …" to a widow who had just
    // said she was not writing for a list of activities; "It would probably be kinder to tell her soon"; "When the time
    // comes, it can make a real difference to tell him yourself"; "Maybe what we could do today is work out how you'd tell
    // Moira"; vignettes-fresh66 and sessions fresh63, read once on the thirty-third session's starting build)
    "one small thought",
    "would be kinder to",
    "would probably be kinder",
    "it can make a real difference to",
    "what we could do today is",
    "you could",
    // the written request that directs ("Before we meet, I would ask you to keep a drinking diary … and to refrain from
    // drinking"; vignettes-fresh22)
    "i would ask you to",
    "i'd ask you to",
    "refrain from",
    // ("So what I'd really like you to do is ring your GP first thing in the morning"; fresh25)
    "what i'd really like you to do",
    "what i'd like you to do",
    "what i would like you to do",
];

pub static REFLECT_CUE: &[&str] = &[
    "it sounds like",
    "sounds like",
    "it seems like",
    "it seems you",
    "seems like you",
    "you feel",
    "you're feeling",
    "you are feeling",
    "you felt",
    "you've been feeling",
    "you have been feeling",
    "you're saying",
    "you are saying",
    "what i'm hearing",
    "what i hear",
    "i hear you",
    "i hear that",
    "if i understand",
    "so you",
    "you're worried",
    "you are worried",
    "you're not sure",
    "you're wondering",
    "you wish",
    "you want",
    "you'd like",
    "for you",
    "that must",
    "that must be",
    "must be",
    "must have been",
    "must feel",
    "you sound",
    "i can see",
    "i can imagine",
    "it's like",
    "part of you",
];

pub static VALIDATE_CUE: &[&str] = &[
    "that sounds hard",
    "that sounds really hard",
    "that sounds difficult",
    "that sounds so",
    "sounds really",
    "that's hard",
    "that is hard",
    "that's really hard",
    "that's tough",
    "that is tough",
    "that's so hard",
    "that's difficult",
    "that is difficult",
    "that's awful",
    "that's terrible",
    "that's painful",
    "how painful",
    "i'm sorry",
    "i am sorry",
    "so sorry",
    "sorry to hear",
    "sorry you",
    "makes sense",
    "make sense",
    "understandable",
    "i understand",
    "i can understand",
    "it's okay to feel",
    "it's ok to feel",
    "it is okay to feel",
    "that's a lot",
    "that is a lot",
    "of course you",
    "no wonder",
    "completely valid",
    "valid",
    "i get it",
    "i can relate",
    "i know how",
    "i know that feeling",
    "that must be",
    "must be so",
    "must have been",
    "i appreciate",
    "thank you for sharing",
    "thanks for sharing",
    "it takes courage",
    "that took courage",
    "that's really brave",
    "you're doing",
    "you've done",
    "good for you",
    "well done",
];

pub static MINIMIZE: &[&str] = &[
    "it's not that bad",
    "it is not that bad",
    "not that bad",
    "not a big deal",
    "no big deal",
    "everyone feels",
    "everybody feels",
    "everyone goes through",
    "everybody goes through",
    "happens to everyone",
    "happens to everybody",
    "it's nothing",
    "it's just a",
    "don't be so hard on yourself",
    "be too hard on yourself",
    "be so hard on yourself",
    "don't beat yourself up",
    "try not to beat yourself up",
    "stop beating yourself up",
    "no need to be upset",
    "no need to worry",
    "nothing to worry about",
    "just relax",
    "calm down",
    "get over it",
    "you'll get over it",
    "it's not worth",
    "you're overthinking",
    "you are overthinking",
    "stop worrying",
    "it could be worse",
    "could be worse",
    "others have it worse",
    "other people have it worse",
    // any comparison down ("Plenty of people have it worse."; fresh21, studied)
    "people have it worse",
    "have it worse than you",
    "has it worse than you",
    "have it much worse",
    "have it way worse",
    "worse off than you",
    "it's only",
    "it was only",
    "just a phase",
    "not the end of the world",
    "shake it off",
    "cheer up",
    "don't let it get to you",
    // "move on" only as what the client should do: "let's move on to your diary" changes the subject instead
    "don't dwell",
    "let it go",
    "just move on",
    "need to move on",
    "should move on",
    "have to move on",
    "time to move on",
    "try to move on",
    "move on with your life",
    "you'll move on",
    "you will move on",
    "it's in the past",
    "not so bad",
    "isn't that bad",
    "isn't so bad",
    "everyone finds it",
    "everybody finds it",
    "everyone struggles with",
    "everybody struggles with",
    "it's not a big deal",
    "not such a big deal",
    "everyone has",
    "everybody has",
    "could have been worse",
    "that's nothing",
    "you will get over it",
    "just get over",
    "don't let it bother you",
    "don't take it so seriously",
    "don't take it too seriously",
    "it's not the end of the world",
    "worse things",
    "making a mountain",
    "you're fine",
    "you are fine",
    "it was just a",
    "it's normal to",
    "just let it go",
    "it's all good",
    "nothing to be upset about",
    // what others made of it shrunk to nothing, and a first hardship made common ("I'm certain nobody in that courtroom
    // thought twice about it … by next month it will be long forgotten", "everybody hates the mask at first, it's
    // honestly not as bad as it seems"; vignettes-fresh18, studied after its one read)
    "nobody thought twice",
    "no one thought twice",
    "nobody will remember",
    "no one will remember",
    "nobody even noticed",
    "no one even noticed",
    "long forgotten",
    "everybody hates the",
    "everyone hates the",
    "not as bad as it seems",
    "not as bad as you think",
    "not as bad as it looks",
    // a loss made ordinary or short ("I suppose it's one of those things that comes with fostering, though, isn't it?",
    // "honestly tho … she'll have forgotten all about it by next week", "It's one day"; vignettes-fresh22 and fresh23,
    // the first read once on the twenty-second session's starting build)
    "one of those things",
    "forgotten all about it",
    "forget all about it",
    "it's one day",
    "it's only one day",
    "it's just one day",
    "try not to let",
    // the client's trouble put among the listener's caseload ("you're in really good company. I've had probably a dozen
    // seniors in that chair this month"; sessions fresh61, read once in the thirty-second session): every labelled reply
    // of attune's own sets holding one is misattuned
    "in good company",
    "in very good company",
    "in really good company",
    "most common things i hear",
    // the client's story put among everyone else's ("almost every guy in here has a version of that story. the swap, the
    // seat, the wrong day"; "nearly everyone goes thru a version of this before sixth form"; sessions fresh64 and
    // vignettes-fresh61): every labelled reply of attune's own sets holding one is misattuned
    "has a version of that",
    "have a version of that",
    "has a version of this",
    "have a version of this",
    "has some version of",
    "have some version of",
    "said some version of",
    "through a version of this",
    "thru a version of this",
    "almost every family",
    "almost everyone who",
    "every guy in here",
    "something i see a lot",
];
pub const REFRAME: &[&str] = &[
    "at least",
    "look on the bright side",
    "bright side",
    "silver lining",
    "blessing in disguise",
    "the good news is",
    "everything happens for a reason",
    "look at it this way",
    "think of it as",
    "another way to look at",
    "another way to see",
    "on the plus side",
    "a learning experience",
    "an opportunity to",
    "be grateful",
    "count your blessings",
    "could have been worse",
    "think of the positives",
    "focus on the positive",
    "happen for a reason",
    "happens for a reason",
    "happened for a reason",
    "a door to something",
    "the push you needed",
    "a wake-up call",
    "what doesn't kill you",
    "makes you stronger",
    "everything works out",
    "look at the positives",
    "positive side",
    "upside is",
    "a different way of looking at",
    "another way of looking at",
    "a different way to look at",
    "a chance to step back",
    "a chance to start",
    "a fresh start",
    // "Try to see this as a new chapter rather than a loss" (a chatbot's reply, fresh13, studied)
    "a new chapter",
    "see this as a",
    // "I wonder, though, Josh, whether there's a way of seeing the room becoming your study as a kind of gift from Nan?"
    // (a family session in fresh20, studied)
    "a way of seeing",
    "way of seeing it",
    "as a kind of gift",
    "as a gift from",
    // the other side offered, and a list of ways to see it ("It may help to look at it from your mum's side, though",
    // "Some ways to look at it: - It could become a funny story…"; vignettes-fresh22, read once on the twenty-second
    // session's starting build)
    "ways to look at it",
    "put things in perspective",
    "put it in perspective",
    "look at it from",
    "from her side",
    "from his side",
    "from their side",
    "a funny story",
    // the loss's hidden gain, offered gently ("That might be something in all this, a different kind of closeness with
    // her, even while Maureen's slipping away."; sessions fresh59, read once in the thirty-first session, judged 0.08);
    // every labelled reply of attune's own sets holding one of these is misattuned
    "something in all this",
    "something in all of this",
    "something good in all",
    "something good can come",
    "something good could come",
    "something good will come",
    "kind of closeness",
    "bring you closer",
    "bringing you closer",
    "closer than ever",
    "a gift in",
    "hidden gift",
    // the loss's keepsake, offered as comfort ("In a strange way, today might be something to hold on to."; "the fact that
    // it hurts this much just shows how much love was in his life"; vignettes-fresh63 and fresh64, read in the thirty-first
    // and thirty-second sessions): 12 labelled replies of attune's own sets hold one, all misattuned
    "be something to hold on to",
    "that's something to hold on to",
    "thats something to hold on to",
    "just shows how much",
    "could turn out to be a real gift",
    "a real gift in the end",
    // the loss as the making of the client ("I wonder if somewhere down the line this turns out to be the thing that
    // makes you the nurse who really gets it"; sessions fresh63, read once in the thirty-third session)
    "down the line this",
    "turns out to be the thing that",
    // what the hardship will make of the client, promised ("they come out of it with this real maturity… That's something
    // you're carrying that'll really stand to you later on", to a young carer; "one day you'll look back on Monday as the
    // day things started"; sessions fresh64, read at the thirty-third session's end, and vignettes-fresh55):
    // every labelled reply of attune's own sets holding one is misattuned
    "stand to you",
    "stand you in good stead",
    "come out of it with this",
    "come out the other side with",
    "you'll look back on",
    "you will look back on",
    "look back and be grateful",
    "one day you'll be glad",
];
pub static REASSURE: &[&str] = &[
    "it will be okay",
    "it will be ok",
    "it'll be okay",
    "it'll be ok",
    "it'll be fine",
    "it will be fine",
    "you'll be fine",
    "you will be fine",
    "you'll be okay",
    "you will be okay",
    "everything will work out",
    "everything will be",
    "don't worry",
    "do not worry",
    "i'm sure you'll",
    "i am sure you will",
    "i'm sure it will",
    "i'm sure it'll",
    "you've got this",
    "you got this",
    "things will get better",
    "it will get better",
    "it'll get better",
    "you'll get through",
    "you will get through",
    "it's going to be okay",
    "it's going to be ok",
    "it's going to be fine",
    "going to be alright",
    "it'll work out",
    "it will work out",
    "you can do it",
    "i believe in you",
    "i know you can",
    "you will find",
    "you'll find someone",
    "you'll find a way",
    "you'll be ok",
    "everything's going to be",
    "everything is going to be",
    "it is going to be okay",
    "it's gonna be okay",
    "it's gonna be fine",
    "gonna be okay",
    "gonna be fine",
    "you can do this",
    "stay positive",
    "think positive",
    "be positive",
    "cheer up",
    "look on the bright side",
    "bright side",
    "things will work out",
    "it will all work out",
    "i am sure it will",
    "i'm sure you will",
    "keep your head up",
    "chin up",
    "hang in there",
    "stay strong",
    "be strong",
    "you are strong",
    "you're strong",
    "everything happens for a reason",
    "time heals",
    "this too shall pass",
    "it will pass",
    "it'll pass",
    "plenty of fish",
    "never give up",
    "don't give up",
    "keep going",
    "smile",
    "it gets easier",
    "gets so much easier",
    "gets much easier",
    "gets a lot easier",
    "it will get easier",
    "it'll get easier",
    "happen for a reason",
    // hope held out over distress ("There's a lot of reason for hope there.", vignettes-fresh15; "…try not to worry
    // too much", a chatbot's reply in fresh13; both studied after their one read)
    "try not to worry",
    "reason for hope",
    "reasons for hope",
    "reason to be hopeful",
    "reasons to be hopeful",
    "it's never too late",
    "never too late to",
    // Irish and British "grand", and a quick return promised ("ur gonna be grand 😊", "u'll be back to normal in no
    // time"; vignettes-fresh18, studied)
    "gonna be grand",
    "going to be grand",
    "you'll be grand",
    "it'll be grand",
    "back to normal in no time",
    // the promise after a disclosure of wishing not to wake up ("you sound like such a resilient person and i just know
    // you're going to get through this 💪"; fresh19, studied)
    "going to get through this",
    "gonna get through this",
    "such a resilient person",
    "you're so resilient",
    "be fine in no time",
    "right as rain",
];
pub const CONFRONT: &[&str] = &[
    "you're wrong",
    "you are wrong",
    "that's not true",
    "that is not true",
    "that's ridiculous",
    "you're making excuses",
    "making excuses",
    "that's just an excuse",
    // not "material you know better than I do", said in a repair (fresh11)
    "you know better than that",
    "you know better than to",
    "you should know better",
    "i disagree",
    "you need to face",
    "face the facts",
    "be honest with yourself",
    "stop blaming",
    "you're in denial",
    "you are in denial",
    "that's denial",
    "that's the denial",
    "that's your denial",
    "denial talking",
    "classic denial",
    "that's your problem",
    "you brought this on",
    "your own fault",
    "what did you expect",
    "you should have known",
    "you always",
    "you never listen",
    "if you keep doing this",
    "if you don't stop",
    "you're going to end up",
    "you'll end up",
    // defending the method or oneself when the client complains (3RS: a defensive reply is no repair)
    "i'm only following",
    "i am only following",
    "i'm just following",
    "i'm only trying to",
    "i'm just trying to",
    // the same in chat, where the subject is dropped ("i did read it lol 🤷 just trying to help" after "did u even
    // read what i wrote", vignettes-fresh15, studied after its one read)
    "just trying to help",
    "only trying to help",
    "just tryna help",
    "i did read it",
    "i did read your",
    "i did read what",
    "i was only trying to",
    "i was just trying to",
    "i'm just doing my job",
    "that's what we agreed",
    "you agreed to",
    "if you don't do the",
    "if you won't do",
    "you're not trying",
    "you aren't trying",
    "you're not putting in",
    "you haven't been doing",
    "you didn't do the",
    "it won't work unless you",
    "it only works if you",
    "that's not my fault",
    "it's not my fault",
    "don't blame me",
    "i only brought",
    "i only said",
    "i only asked",
    "i only mentioned",
    "i only did that",
    "i'm just saying",
    "i was just saying",
    "i'm only saying",
    "i was only saying",
    "for your own good",
    // cutting the client off to argue ("Okay, I'm going to stop you there, because six pints isn't really 'a few', is
    // it? … you're not quite seeing how much it actually is.", an MI session in fresh18, studied after its one read)
    "going to stop you there",
    "let me stop you there",
    "stop you right there",
    "you're not quite seeing",
    "you're not seeing how",
    "you don't seem to see",
    // justifying the move the client just objected to ("But, um, you did ask me to help you get ready", "I'd be doing
    // you a disservice if I sugar-coated it", "I wasn't saying it doesn't matter")
    "you did ask",
    "you did say",
    "you asked me to help",
    "doing you a disservice",
    "sugar-coat",
    "sugar coat",
    "sugarcoat",
    "i was trying to offer",
    "i was trying to help",
    "i was only offering",
    "i'm not on your case",
    "i wasn't saying",
    "i didn't say that",
    "i never said",
    "let me finish",
    "if you'd let me finish",
    "you're not letting me",
    // setting the client straight in polite form, and warning ("But you do realise a vape can deliver as much nicotine
    // as a whole pack, right?", "'it's a plant' isn't quite the full picture", "I do have to be straight with you,
    // Terry … that's honestly not something to laugh off"; vignettes-fresh18 and fresh19, studied after their one read)
    "you do realise",
    "you do realize",
    "but you realise",
    "but you realize",
    "isn't quite the full picture",
    "not quite the full picture",
    "isn't the full picture",
    "isn't the whole picture",
    "not the whole picture",
    "have to be straight with you",
    "got to be straight with you",
    "need to be straight with you",
    "not something to laugh off",
    "nothing to laugh off",
    "no laughing matter",
    "putting yourself at risk",
    "putting others at risk",
    "putting your family at risk",
    "putting the people around you",
    // pointing out a discrepancy as a gotcha ("you're down eleven hundred pounds since March. And you're telling me you
    // know what you're doing. Those two don't really fit together, do they?"; fresh20, studied)
    "don't really fit together",
    "don't quite fit together",
    "doesn't really add up",
    "doesn't quite add up",
    "those two don't",
    "and you're telling me",
    // a verdict on the client's thinking, and the conditional apology that defends ("I have to be honest with you: asking
    // how to get the money back quickly is exactly the kind of thinking that keeps the cycle going", "I'm sorry if the
    // list felt unhelpful. I offered those suggestions because…"; vignettes-fresh19, studied)
    "have to be honest with you",
    "exactly the kind of thinking",
    "the kind of thinking that",
    "only going to make things worse",
    "accept the consequences",
    "sorry if the",
    "sorry if that felt",
    "sorry if it felt",
    "sorry if this felt",
    "sorry if my",
    "sorry you feel that way",
    "sorry you felt that way",
    "i offered those",
    "i suggested those",
    "i offered them because",
    "i suggested them because",
    // explaining the move the client objected to ("I understand your frustration. The worksheet was intended as a small
    // practical step…")
    "i understand your frustration",
    "was intended as",
    "was intended to",
    "wasn't my intention",
    "was not my intention",
    "as i said in my",
    "as i mentioned in my",
    "as i explained",
    // the formal defence of a written reply ("Thank you for your feedback, which I take seriously. I'd like to reassure
    // you that I didn't flinch … I would also gently point out that I did acknowledge…"; fresh21, studied)
    "thank you for your feedback",
    "thanks for your feedback",
    "thank you for the feedback",
    "reassure you that i",
    "i was not attempting",
    "i wasn't attempting",
    "gently point out",
    "i would point out",
    "i did acknowledge",
    "i did try to",
    "i didn't flinch",
    "i did not flinch",
    "what this service can and cannot",
    "what this service can and can't",
    // insisting on an admission first ("So let's not, um, dance around it. … until you actually admit it's a problem,
    // honestly, nothing we do in here's going to stick."; vignettes-fresh20, studied)
    // excusing oneself after a complaint ("I'm sorry, I am. Though, um, to be fair, the referral actually had it spelt
    // differently, and I do see a lot of people, so it's really not that I don't care"; vignettes-fresh21, studied)
    "to be fair",
    "in my defence",
    "in my defense",
    "it's not that i don't",
    "it's really not that i",
    "i do see a lot of",
    "dance around it",
    "until you admit",
    "until you actually admit",
    "admit it's a problem",
    "admit that it's a problem",
    "admit you have a problem",
    "admit that you have a problem",
    // the defence that explains the move after owning it in part ("I did wonder whether my last email came across as a
    // bit clinical, and if it did, I'm sorry. I do want to explain, though, that the EPDS is something we offer
    // everyone… It was done with your best interests at heart."; fresh23; "I hope you can see" is left out: a
    // supporting sentence of MI's coders opens the same way), and the verdict on the
    // client's own part ("what I was actually trying to do was offer a bit of perspective", "says more about your own
    // difficulty in letting go", "so in a way u kind of chose this?"; vignettes-fresh22), both read once on the
    // twenty-second session's starting build
    "i do want to explain",
    "i just want to explain",
    "with your best interests",
    "what i was trying to do",
    "what i was actually trying",
    "i was actually trying to",
    "says more about your",
    "says more about you",
    "you kind of chose",
    "in a way you chose",
    "you chose this",
    "u chose this",
    "cost of your decision",
    "cost of ur decision",
];
/// The listener turning to their own story. Openings of a testimony, not every "I": "I've been there" alone can be a
/// short solidarity in peer chat, so it is evidence for the judge, never a flag on its own ("This really hits home
/// for me. When our neighbour Doreen passed in 2017 I was in bits for months…", a forum reply in fresh19, studied).
pub const SELF_STORY: &[&str] = &[
    "hits home for me",
    "hit home for me",
    "really hits home",
    "really hit home",
    "same thing happened to me",
    "the same happened to me",
    "happened to me too",
    "happened to me as well",
    "i went through the same",
    "i went through something similar",
    "i've been through the same",
    "i've been through something similar",
    // ("It resonated with me more than you might expect … I went through something very similar"; vignettes-fresh22)
    "i went through something",
    "went through something very similar",
    "resonated with me",
    "went through exactly the same",
    "reminds me of when i",
    "reminds me of my own",
    "let me tell you about my",
    "i know exactly how you feel",
    "i know exactly what you mean",
    "i had the same thing",
    "i was in the same boat",
    "i've been in your shoes",
    "been in your exact shoes",
    "i remember when i",
    "when i went through",
    "when i was going through",
    "when my own",
    "same with me",
    "same here",
    // the listener's own memory or curiosity takes the floor ("I remember the first present I bought for Joan, my
    // partner: a fountain pen…"; "I've always wondered how the signal boxes worked"; sessions fresh63 and
    // vignettes-fresh66, read once in the thirty-third session): each labelled reply of attune's own sets holding one is
    // misattuned
    "i remember the first",
    "i've always wondered",
];
pub const AUTONOMY: &[&str] = &[
    "it's up to you",
    "it is up to you",
    "up to you",
    "your choice",
    "your decision",
    "you decide",
    "you get to decide",
    "only you can",
    "whatever you decide",
    "you're the expert",
    "you are the expert",
    "it's your call",
    "your call",
    "you know yourself best",
    "you know best",
    "what feels right to you",
    "in your own time",
    "at your own pace",
    "you're in charge",
    "you are in charge",
    "no one can make you",
    "nobody can make you",
    "entirely yours",
];
pub const INTERPRET: &[&str] = &[
    "the reason you",
    "that's probably because",
    "it's probably because",
    "perhaps this is because",
    "maybe this is because",
    "i wonder if deep down",
    "deep down",
    "part of you",
    "this may stem from",
    "stems from",
    "goes back to your",
    "because of your childhood",
    "from your childhood",
    "you're projecting",
    "you are projecting",
    "what's really going on",
    "what this is really about",
    "the real issue is",
    "underneath that",
    "unconsciously",
    "subconsciously",
    "you're afraid of being",
    "it's a defense",
];
pub static PATHOLOGIZE: &[&str] = &[
    "your anxiety talking",
    "your depression talking",
    "you're overreacting",
    "you are overreacting",
    "overreacting",
    "irrational",
    "you're being dramatic",
    "being dramatic",
    "you're too sensitive",
    "too sensitive",
    "that's not normal",
    "you're being paranoid",
    "that's crazy",
    "you're crazy",
    "hysterical",
    "you're being silly",
    "that's silly",
    "that's just your",
    "it's all in your head",
    "all in your head",
    "you shouldn't feel",
    "you should not feel",
    "just your anxiety",
    "just your depression",
    "you're over reacting",
    "over reacting",
    "too dramatic",
    "oversensitive",
    "over sensitive",
    "being paranoid",
    "being silly",
    "silly to feel",
    "shouldn't feel that way",
    "no reason to feel",
    "no reason to be",
    "there's no reason to",
    "that's not rational",
    "not rational",
    "distorted thinking",
    "cognitive distortion",
    "catastrophizing",
    "you're being ridiculous",
    "that's ridiculous",
    "being ridiculous",
    "you're making it up",
    "attention seeking",
    "you're being unreasonable",
    "stop being so",
    "you're hysterical",
    "you're just being",
    "you're wrong to feel",
    "you're exaggerating",
    "you are exaggerating",
];
pub const PERMISSION: &[&str] = &[
    "is it okay if",
    "is it ok if",
    "would it be okay",
    "would it be ok",
    "can i share",
    "could i share",
    "may i",
    "do you mind if",
    "mind if i",
    "would you like some",
    "would you be interested",
    "would you like to hear",
    "if you want",
    "if you'd like",
    "if you would like",
    "can i offer",
    "could i offer",
    "would it help if i",
    "would you like me to",
    "can i make a suggestion",
    "can i suggest",
    "would you be open",
];
/// Sentence openings (after fillers) that give advice or a direction.
pub const DIRECTIVE_STARTS: &[&str] = &[
    "you should",
    "you shouldn't",
    "you need to",
    "you have to",
    "you must",
    "you ought to",
    "you could try",
    "you might want to",
    "you may want to",
    "you'd better",
    "you had better",
    "i suggest",
    "i'd suggest",
    "i would suggest",
    "i recommend",
    "i'd recommend",
    "i would recommend",
    "i advise",
    "my advice",
    "why don't you",
    "try to",
    "try not to",
    "try",
    "make sure",
    "don't forget",
    "remember to",
    "go and",
    "go see",
    "go talk",
    "talk to",
    "call",
    "stop",
    "avoid",
    "consider",
    "it would help to",
    "it might help to",
    "it would be good to",
    "it's important to",
    "it is important to",
    "the best thing is to",
    "just tell",
    "just try",
    "just talk",
    "just go",
];
/// Openings that make a sentence a reflection even if a directive follows.
const REFLECTIVE_STARTS: &[&str] = &[
    "so you",
    "you feel",
    "you're feeling",
    "you felt",
    "it sounds",
    "sounds like",
    "it seems",
    "seems like",
    "you're saying",
    "you said",
    "what i'm hearing",
    "i hear",
    "you think you",
    "you wonder",
];
/// Topic-shift markers, matched where a sentence opens (after [`FILLERS`]): "anyway" elsewhere in a
/// sentence ("and you told me anyway") shifts nothing. Shared with attune-assess's subject-change flag.
pub static TOPIC_SHIFT: &[&str] = &[
    "anyway",
    "anyways",
    "moving on",
    "let's move on",
    "let's talk about",
    "on another note",
    "by the way",
    "changing the subject",
    "to change the subject",
    "switching gears",
    "next question",
    "on a different note",
    "different topic",
    "let's get back to",
    "on a lighter note",
    "in other news",
    "speaking of which",
    "totally unrelated",
    "unrelated",
    "random question",
    "random thought",
    "fun fact",
    "off topic",
    "side note",
    "on a side note",
    "not to change the subject",
    "before i forget",
    "while i have you",
    "on the topic of",
    "speaking of",
    "out of curiosity",
    // ("Slightly off topic but was it the flu that was going round last January?"; sessions, studied)
    "slightly off topic",
];
const FILLERS: &[&str] = &[
    "so", "okay", "ok", "well", "and", "um", "uh", "maybe", "perhaps", "but", "now", "then",
    "also", "alright", "right",
    // ("Mm. Erm, sorry, before I forget, did audiology ever get back to you…?"; fresh23)
    "erm", "er", "mm", "hmm", "sorry",
];

const EMOTION: &[&str] = &[
    "feel",
    "feeling",
    "felt",
    "sad",
    "upset",
    "angry",
    "anxious",
    "worried",
    "scared",
    "afraid",
    "frustrated",
    "hurt",
    "lonely",
    "alone",
    "stressed",
    "overwhelmed",
    "depressed",
    "hopeless",
    "helpless",
    "guilty",
    "ashamed",
    "embarrassed",
    "disappointed",
    "nervous",
    "heartbroken",
    "exhausted",
    "devastated",
    "terrified",
    "furious",
];

/// Phrases looked for all at once, in one pass over a text (a search per phrase, for every sentence judged, was a
/// tenth of judging time).
pub struct PhraseSet(AhoCorasick);

impl PhraseSet {
    /// The phrases as given.
    pub fn new<P: AsRef<[u8]>>(phrases: &[P]) -> PhraseSet {
        // the lists are built in and tested: one that does not compile is a bug here, not bad input
        PhraseSet(AhoCorasick::new(phrases).unwrap_or_else(|e| panic!("phrase list does not compile: {e}")))
    }

    /// Each phrase with a space on either side: whole words in [`normalize`]d text.
    pub fn whole_words(phrases: &[&str]) -> PhraseSet {
        PhraseSet::new(&phrases.iter().map(|p| format!(" {p} ")).collect::<Vec<_>>())
    }

    /// Whether `text` holds any of the phrases.
    pub fn any_in(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// [`ADVISE`] as whole words.
static ADVISE_SET: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::whole_words(ADVISE));

/// Whether a text already [`normalize`]d holds one of the [`ADVISE`] cues as whole words.
pub fn has_advice_cue(normalized: &str) -> bool {
    ADVISE_SET.any_in(normalized)
}

/// How many lines of a text are list items: a bullet ("- ", "* ", "•") or a digit and "." or ")" ("1. ", "2)").
/// Chatbot replies are list-shaped; two items or more make a list.
pub fn list_lines(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("- ")
                || l.starts_with("* ")
                || l.starts_with('•')
                || l.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && l.chars().nth(1).is_some_and(|c| c == '.' || c == ')')
        })
        .count()
}

/// Lower-cases and pads with spaces so that phrases match on word boundaries.
pub fn normalize(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push(' ');
    let mut last_space = true;
    for ch in text.chars() {
        let c = if ch == '’' { '\'' } else { ch };
        if c.is_ascii_alphanumeric() || c == '\'' {
            s.push(c.to_ascii_lowercase());
            last_space = false;
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                s.push(l);
            }
            last_space = false;
        } else if !last_space {
            s.push(' ');
            last_space = true;
        }
    }
    if !last_space {
        s.push(' ');
    }
    // Two spellings read as one, so every phrase list matches both:
    // - chat and text-speak drop the apostrophe ("i didnt ask for a list"): restored where the bare form is no
    //   other word;
    // - an adverb after "you" ("you really have to", "you just need to", "you honestly should") does not change
    //   what the modal or the verb after it does, so it is left out.
    let dropped = |prev: &str, w: &str| prev == "you" && YOU_ADVERBS.contains(&w);
    let mut prev = "";
    let changes = s.split(' ').any(|w| {
        let hit = unapostrophed(w).is_some() || dropped(prev, w);
        prev = w;
        hit
    });
    if !changes {
        return s;
    }
    let mut fixed = String::with_capacity(s.len() + 8);
    let mut prev = "";
    for (i, w) in s.split(' ').enumerate() {
        if !dropped(prev, w) {
            if i > 0 {
                fixed.push(' ');
            }
            fixed.push_str(unapostrophed(w).unwrap_or(w));
        }
        prev = w;
    }
    fixed
}

/// Adverbs that [`normalize`] leaves out after "you".
const YOU_ADVERBS: &[&str] = &[
    "really",
    "just",
    "also",
    "definitely",
    "probably",
    "seriously",
    "honestly",
    "absolutely",
    "simply",
    "totally",
    "truly",
    "actually",
    "clearly",
    "obviously",
    "literally",
    "certainly",
    "only",
    "still",
    "surely",
];

/// The contraction a word written without its apostrophe stands for, where the bare form is no other word, and
/// chat's "u" for "you" ("u should book a wig fitting asap", "did u even read what i wrote": fresh16, studied after
/// its one read; every phrase list and the advice grammar spell "you").
pub fn unapostrophed(w: &str) -> Option<&'static str> {
    Some(match w {
        "u" => "you",
        "dont" => "don't",
        "didnt" => "didn't",
        "doesnt" => "doesn't",
        "cant" => "can't",
        "wont" => "won't",
        "isnt" => "isn't",
        "arent" => "aren't",
        "wasnt" => "wasn't",
        "werent" => "weren't",
        "havent" => "haven't",
        "hasnt" => "hasn't",
        "hadnt" => "hadn't",
        "wouldnt" => "wouldn't",
        "couldnt" => "couldn't",
        "shouldnt" => "shouldn't",
        "im" => "i'm",
        "ive" => "i've",
        "youre" => "you're",
        "youve" => "you've",
        "youll" => "you'll",
        "thats" => "that's",
        "whats" => "what's",
        "theyre" => "they're",
        "theres" => "there's",
        _ => return None,
    })
}

/// Rule families, in the order of [`FAMILIES`].
const FAMILIES: [&[&str]; 9] = [
    MINIMIZE,
    REFRAME,
    REASSURE,
    CONFRONT,
    AUTONOMY,
    INTERPRET,
    PATHOLOGIZE,
    PERMISSION,
    SELF_STORY,
];

/// One automaton over every phrase of every family (padded with spaces for word boundaries), so a
/// turn is scanned once however many phrases there are.
static MATCHER: LazyLock<(AhoCorasick, Vec<(usize, &'static str)>)> = LazyLock::new(|| {
    let mut pats = Vec::new();
    let mut meta = Vec::new();
    for (f, list) in FAMILIES.iter().enumerate() {
        for p in list.iter() {
            pats.push(format!(" {p} "));
            meta.push((f, *p));
        }
    }
    let ac = AhoCorasick::new(&pats).unwrap_or_else(|e| panic!("rule phrases do not compile: {e}"));
    (ac, meta)
});

thread_local! {
    static SCAN_MEMO: crate::memo::Table<Hits> = Default::default();
}

/// Which rule families fire on `text` (remembered per thread: see [`crate::memo`]).
pub fn scan(text: &str) -> Hits {
    crate::memo::get_or(&SCAN_MEMO, text, scan_text)
}

fn scan_text(text: &str) -> Hits {
    let n = normalize(text);
    let (ac, meta) = &*MATCHER;
    let mut found: [Option<(usize, &'static str)>; 9] = [None; 9];
    // Overlapping search: phrases share their padding spaces with neighbours.
    for m in ac.find_overlapping_iter(&n) {
        let (f, p) = meta[m.pattern().as_usize()];
        // "you're not overreacting", "I'm not saying you're wrong": denied, the phrase validates
        if (f == 3 || f == 6) && negated_before(&n[..m.start() + 1]) {
            continue;
        }
        // "keep going" as what the two of you might do is no pep talk ("Would it be useful to keep going with this, or
        // is there something else on your mind?"; fresh19, studied)
        if p == "keep going" && n[..m.start() + 1].split_whitespace().next_back().is_some_and(|w| matches!(w, "to" | "we" | "can" | "could" | "shall")) {
            continue;
        }
        let idx = FAMILIES[f]
            .iter()
            .position(|x| *x == p)
            .unwrap_or(usize::MAX);
        // Keep the earliest-listed phrase of a family, as a plain list scan would.
        if found[f].is_none_or(|(i, _)| idx < i) {
            found[f] = Some((idx, p));
        }
    }
    let get = |f: usize| found[f].map(|x| x.1);
    // An emotion word within four words after a second-person word.
    let mut since_you = usize::MAX;
    let mut you_emotion = false;
    for w in n.split_ascii_whitespace() {
        if ["you", "you're", "your", "you've", "you'd"].contains(&w) {
            since_you = 0;
        } else {
            since_you = since_you.saturating_add(1);
            if since_you <= 4 && EMOTION.contains(&w) {
                you_emotion = true;
                break;
            }
        }
    }
    let (directive, topic_shift, asks) = openings(text);
    Hits {
        directive,
        topic_shift,
        asks,
        minimize: get(0),
        reframe: get(1),
        reassure: get(2),
        confront: get(3).or_else(|| hindsight_blame(&n)),
        autonomy: get(4),
        interpret: get(5),
        pathologize: get(6),
        permission: get(7).is_some(),
        you_emotion,
        sides: crate::sides::sides_with_other(text),
        redirect: crate::redirect::redirect(text),
        self_story: get(8),
        diagnosis: if crate::diagnosis::mentions_term(&n) {
            crate::tokens::sentences(text).into_iter().find_map(crate::diagnosis::diagnoses)
        } else {
            None
        },
    }
}

/// Hindsight blame, DESIGN.md's own example of confronting ("you should have"): "you should have walked out", "you
/// shouldn't have told him". Not when what should have been is the client's due ("you should have been protected",
/// "you should have had support"), which takes their side, nor a burden called unfair ("u shouldn't have to fight for
/// it every single time"; vignettes-fresh35, read once in the twenty-fifth session): "have to" is obligation, not
/// hindsight.
fn hindsight_blame(n: &str) -> Option<&'static str> {
    // space-padded, as `normalize` pads words: whole-word matches only
    for padded in [
        " you should have ",
        " you should've ",
        " you shouldn't have ",
    ] {
        for (at, _) in n.match_indices(padded) {
            let next = n[at + padded.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("");
            if !matches!(
                next,
                "been" | "had" | "felt" | "got" | "gotten" | "received" | "to" | ""
            ) && !negated_before(&n[..at + 1])
                && !clients_thought_before(&n[..at + 1])
            {
                return Some(padded.trim());
            }
        }
    }
    None
}

/// Verbs that report what the client thinks, fears or asks themself.
const THOUGHT: &[&str] = &[
    "wondering", "wonder", "wondered", "worry", "worried", "worrying", "worries", "think", "thinking", "thought",
    "feel", "feeling", "feels", "felt", "fear", "afraid", "scared", "asking", "ask", "telling", "tell", "tells",
    "blaming", "blame", "believe", "believing", "convinced", "sure", "saying", "said", "question", "questioning",
    "doubting", "doubt",
];

/// Whether the hindsight that follows `before` is the client's own, reported: the nearest verb of thought among the
/// last six words has the client as its subject ("ur wondering if u shouldnt have said it at all", "part of you feels
/// you should have stopped him") and not the listener ("I think you should have told him"). A repair that gave the
/// client's doubt back was read as blame (sessions fresh59, read once in the thirty-first session, judged 0.88
/// confronting).
fn clients_thought_before(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().rev().take(6).collect();
    let Some(k) = words.iter().position(|w| THOUGHT.contains(w)) else { return false };
    words[k + 1..]
        .iter()
        .find_map(|w| match *w {
            "you" | "you're" | "youre" | "you've" | "yourself" | "ur" | "u" => Some(true),
            "i" | "i'm" | "im" | "i've" | "we" | "we're" | "me" => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// Words that deny what follows them. "No" is left out: "No, you're overreacting" opens with it and denies nothing.
const NEGATORS: &[&str] = &[
    "not",
    "never",
    "nothing",
    "nobody",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "hardly",
];

/// Whether one of the last four words of `before` (normalized text ending where a phrase starts) denies it. A
/// pathologizing or confronting phrase under denial ("you're not overreacting", "there's nothing irrational about
/// it", "I don't think you're making excuses") says the opposite of what it would alone. Shared with attune-assess.
pub fn negated_before(before: &str) -> bool {
    // four, not three: "you don't come across as irrational"
    before
        .split_whitespace()
        .rev()
        .take(4)
        .any(|w| NEGATORS.contains(&w))
}

/// `rest` opens with phrase `p` followed by a space (normalized text ends in one).
fn opens(rest: &str, p: &str) -> bool {
    rest.starts_with(p) && rest.as_bytes().get(p.len()) == Some(&b' ')
}

/// A normalized sentence without its leading fillers ("so", "okay", "well"...).
fn after_fillers(n: &str) -> &str {
    let mut rest = n.trim_start();
    while let Some(w) = FILLERS.iter().find(|w| opens(rest, w)) {
        rest = rest[w.len()..].trim_start();
    }
    rest
}

/// The topic-shift marker that opens a sentence of `text`, if one does ("So, on another note, …").
pub fn topic_shift(text: &str) -> Option<&'static str> {
    openings(text).1.or_else(|| pivot_though(text).then_some("though"))
}

/// A short acknowledgement, then a question turned elsewhere with "though" ("That's a lot to carry. How is your wife
/// doing with it all, though?", "What a lonely stretch this must be. Tell me more about the home itself, though — is
/// there a residents' committee…?"; vignettes-fresh20, studied): the acknowledgement closes the feeling and the
/// "though" marks the turn away from it. 43 of 19,559 listener turns in ESConv and AnnoMI hold a ", though" or a
/// "though?", most of them such pivots or challenges ("Can this situation go on forever though?").
fn pivot_though(text: &str) -> bool {
    // the acknowledgement may share its sentence with the question in chat ("that sounds exhausting 😕 do u get any time
    // for urself tho? like whats something u enjoy doing"; vignettes-fresh21, studied)
    const ACK: &[&str] = &[
        " that sounds ", " that's a lot ", " thats a lot ", " that must ", " i hear ", " i'm sorry ", " im sorry ", " so sorry ",
        " what a ", " oh no ", " no no ", " that's so ", " thats so ", " how awful ", " that's hard ", " that's really ",
        " thats really ", " ugh ",
    ];
    // most turns hold no "though", "tho" or "actually" at all: nothing to split or normalize then
    if !(text.contains("though") || text.contains("tho?") || text.contains("actually") || text.contains("by the way")) {
        return false;
    }
    let sents = crate::tokens::sentences(text);
    let Some(first) = sents.first() else { return false };
    let first_n = normalize(first);
    let opens_ack = ACK.iter().any(|a| first_n.starts_with(a));
    let short_first = sents.len() >= 2 && !first.contains('?') && first_n.split_whitespace().count() <= 8;
    if !(short_first || opens_ack) {
        return false;
    }
    let rest = if short_first { &sents[1..] } else { &sents[..] };
    rest.iter().any(|s| {
        let n = normalize(s);
        let t = s.trim_end();
        // "Um, can I ask, actually — how's Danny's care package going?" after "That's dark." (vignettes-fresh21, studied)
        // "How is your husband getting on with his recovery, by the way?" after "That sounds so worrying." (vignettes-
        // fresh22, read once on the twenty-second session's starting build)
        let turned = t.ends_with("though?")
            || t.ends_with("by the way?")
            || t.ends_with("tho?")
            || n.contains(" itself though ")
            || s.contains(", though —")
            || s.contains(", though -")
            || (n.contains(" can i ask ") && n.contains(" actually "));
        turned && s.contains('?')
    })
}

/// Openings of a request to tell, an open question in MITI's terms.
/// Statements that ask ("I'd love to hear more about those fights."): MITI codes them as the question they are.
const TELL_ME: &[&str] = &[
    "tell me more",
    "tell me about",
    "tell me how",
    "tell me what",
    "talk me through",
    "say more about",
    "i'd love to hear",
    "i would love to hear",
    "i'd like to hear",
    "i would like to hear",
    "i'd love to know",
    "i'd like to know",
    "i'd be curious to hear",
    "i'm curious about",
    "i'm curious what",
    "i'm curious how",
    "i wonder what",
    "i wonder how",
    "i'd like to understand",
    "help me understand",
    "walk me through",
];
/// The directive a normalized clause opens with, unless the clause is framed as a reflection ("so you feel you
/// should…").
/// "Four drinks a night is over the limit, and you need to cut down now": a clause after "and" or "so" with the
/// reader as its own subject and a modal that directs. Only second-person directives count there: a bare verb
/// after "and" may share the subject before it ("you hold it in and try to cope").
fn later_you_directive(n: &str) -> Option<&'static str> {
    // "so you're worn out, and you need to rest": the whole sentence reflects
    let start = n.trim_start();
    if REFLECTIVE_STARTS
        .iter()
        .any(|p| opens(start, p) || opens(after_fillers(n), p))
        || ["so you're ", "so you've ", "so you are "]
            .iter()
            .any(|p| start.starts_with(p))
    {
        return None;
    }
    [" and ", " so "].iter().find_map(|joint| {
        n.match_indices(joint).find_map(|(i, _)| {
            directive_after_fillers(&n[i + joint.len() - 1..]).filter(|p| p.starts_with("you "))
        })
    })
}

/// The directive `clause` opens with after its fillers; after "now" a burden named is no directive ("and now u have to
/// grieve him kind of alone", see `advice::burden`).
fn directive_after_fillers(clause: &str) -> Option<&'static str> {
    let rest = after_fillers(clause);
    let now = clause[..clause.len() - rest.len()].split_whitespace().any(|w| w == "now");
    directive_opening(rest).filter(|p| !(now && crate::advice::burden(p, &rest[p.len()..])))
}

fn directive_opening(clause: &str) -> Option<&'static str> {
    if REFLECTIVE_STARTS.iter().any(|p| opens(clause, p)) {
        return None;
    }
    DIRECTIVE_STARTS
        .iter()
        .copied()
        .find(|p| opens(clause, p))
        .filter(|p| *p != "you must" || !epistemic_must(&clause[p.len()..]))
}

/// Adjectives after "you must be" that make it a direction ("you must be careful") rather than a guess at how the
/// client feels ("you must be exhausted").
const DEONTIC_BE: &[&str] = &[
    "careful",
    "honest",
    "patient",
    "strong",
    "kind",
    "gentle",
    "firm",
    "clear",
    "prepared",
    "willing",
    "ready",
    "consistent",
    "realistic",
    "responsible",
    "brave",
    "assertive",
    "there",
    "the",
    "a",
    "an",
    "able",
    "sure",
    "more",
    "less",
    "on",
    "mindful",
    "aware",
    "vigilant",
    "persistent",
    "proactive",
    "open",
    "true",
    "quiet",
];

/// Past participles that do not end in -ed or -en ("you must have felt…").
const PARTICIPLES: &[&str] = &[
    "been",
    "felt",
    "had",
    "thought",
    "heard",
    "lost",
    "left",
    "found",
    "got",
    "made",
    "said",
    "told",
    "kept",
    "meant",
    "spent",
    "sent",
    "done",
    "gone",
    "known",
    "seen",
    "put",
    "run",
    "come",
    "become",
    "struggled",
    "wondered",
];

/// Whether "you must" is epistemic, given the normalized words after it: a guess at the client's state ("you must be
/// exhausted", "you must have felt so alone", "you must feel…"), which reflects, not a direction ("you must stop",
/// "you must be careful"). MITI codes the first a reflection and only the second advice.
pub fn epistemic_must(after: &str) -> bool {
    let mut words = after.split_whitespace().skip_while(|w| {
        matches!(
            *w,
            "really" | "so" | "also" | "surely" | "certainly" | "still"
        )
    });
    match words.next() {
        Some(
            "feel" | "feeling" | "know" | "miss" | "hate" | "love" | "wonder" | "think" | "'ve"
            | "wish",
        ) => true,
        Some("be") => words.next().is_some_and(|w| !DEONTIC_BE.contains(&w)),
        Some("have") => words
            .next()
            .is_some_and(|w| PARTICIPLES.contains(&w) || w.ends_with("ed") || w.ends_with("en")),
        _ => false,
    }
}

/// Words that open an open question.
const OPEN_WH: &[&str] = &[
    "how", "how's", "what", "what's", "why", "where", "when", "who", "which", "tell",
];

/// What sentences open with, in one pass over them: the directive opening of the first sentence that gives one
/// (unless it is a question or framed as a reflection), the first topic-shift marker, and the first sentence
/// that asks in a way a reader of openings might miss (see [`Hits::asks`]).
#[allow(clippy::type_complexity)]
fn openings(
    text: &str,
) -> (
    Option<&'static str>,
    Option<&'static str>,
    Option<(Code, &'static str)>,
) {
    let (mut directive, mut shift, mut asks) = (None, None, None);
    for sent in crate::tokens::sentences(text) {
        let n = normalize(sent);
        let rest = after_fillers(&n);
        if shift.is_none() {
            shift = TOPIC_SHIFT.iter().copied().find(|p| opens(rest, p));
            if let (Some(p), true, None) = (shift, sent.trim_end().ends_with('?'), asks) {
                // the question after the marker: "on another note, how's ..." opens with "how's"
                let q = after_fillers(rest[p.len()..].trim_start());
                let open = OPEN_WH.iter().any(|w| opens(q, w));
                asks = Some((
                    if open {
                        Code::QuestionOpen
                    } else {
                        Code::QuestionClosed
                    },
                    p,
                ));
            }
        }
        if asks.is_none() {
            if let Some(p) = TELL_ME.iter().copied().find(|p| opens(rest, p)) {
                asks = Some((Code::QuestionOpen, p));
            }
        }
        if directive.is_none() && !sent.trim_end().ends_with('?') {
            // "It's normal not to trust her, but you need to decide": the clause after "but" is a new assertion
            directive = directive_after_fillers(&n)
                .or_else(|| {
                    n.find(" but ")
                        .and_then(|i| directive_opening(after_fillers(&n[i + 5..])))
                })
                .or_else(|| later_you_directive(&n));
        }
        if directive.is_some() && shift.is_some() && asks.is_some() {
            break;
        }
    }
    (directive, shift, asks)
}

/// A rule's code where it should replace the model's, with the phrase that fired. Directives are the
/// one rule that may turn a reflection into advice: a sentence opening "Try…" or "You should…" that is
/// not framed as a reflection gives advice whatever else the turn does.
pub fn override_code(model: Code, h: &Hits) -> Option<(Code, String)> {
    use Code::*;
    let soft = matches!(
        model,
        Affirm | Reassure | Other | Inform | Advise | Reframe | Minimize | Disclose
    );
    let why = |p: &str, c: Code| Some((c, format!("rule: \"{p}\" ({c})")));
    if let Some(p) = h.pathologize.or(h.minimize) {
        if soft || model == ReflectionSimple {
            return why(p, Minimize);
        }
    }
    if let Some(p) = h.confront {
        if soft {
            return why(p, Confront);
        }
    }
    if let Some(p) = h.reframe {
        if soft && model != Advise {
            return why(p, Reframe);
        }
    }
    if let Some(p) = h.reassure {
        if matches!(model, Affirm | Other | Reassure) {
            return why(p, Reassure);
        }
    }
    if let Some(p) = h.directive {
        if matches!(
            model,
            ReflectionSimple | ReflectionComplex | Other | Affirm | Inform
        ) && h.reframe.is_none()
            && h.reassure.is_none()
        {
            return why(p, Advise);
        }
    }
    if let Some((code, p)) = h.asks {
        // "I'd love to hear more about those fights." reads as information or disclosure by its grammar
        if matches!(
            model,
            ReflectionSimple | ReflectionComplex | Other | Affirm | Inform | Disclose
        ) {
            return why(p, code);
        }
    }
    if let Some(p) = h.autonomy {
        if matches!(model, Other | Affirm | Autonomy) {
            return why(p, Autonomy);
        }
    }
    if let Some(p) = h.interpret {
        if matches!(model, Other | Inform | Interpret) {
            return why(p, Interpret);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // the per-thread memo hands back what a fresh scan finds, the first time and every time after
        #[test]
        fn remembered_scans_match_fresh_ones(s in "(you should|at least|don't worry|try|it sounds like|anyway|[a-z ,.?']){0,12}") {
            let fresh = scan_text(&s);
            prop_assert_eq!(&scan(&s), &fresh);
            prop_assert_eq!(&scan(&s), &fresh);
        }

        // multi-byte dashes, curly quotes and any other text reach the joints, denials and hindsight checks
        #[test]
        fn scanning_any_text_never_panics(s in "\\PC{0,80}", tail in "(you should have|you must be|not|—|: |, so )[ a-z]{0,12}") {
            let _ = scan(&s);
            let _ = scan(&format!("{s} {tail}"));
        }
    }

    /// A plain scan of one list, the reference the automaton is checked against.
    fn find(norm: &str, list: &[&'static str]) -> Option<&'static str> {
        list.iter().copied().find(|p| {
            let mut needle = String::with_capacity(p.len() + 2);
            needle.push(' ');
            needle.push_str(p);
            needle.push(' ');
            norm.contains(&needle)
        })
    }

    #[test]
    fn phrases_match_on_word_boundaries() {
        let h = scan("Well, at least you still have your job!");
        assert_eq!(h.reframe, Some("at least"));
        assert_eq!(scan("I'm at leastwise sure").reframe, None);
        assert!(scan("Is it OK if I share an idea?").permission);
        assert!(scan("You seem really frustrated.").you_emotion);
        // The automaton agrees with a plain scan of each list.
        for text in [
            "It's not that bad, at least you tried. Don't worry, it's up to you.",
            "you're overreacting, calm down",
        ] {
            let n = normalize(text);
            let h = scan(text);
            assert_eq!(h.minimize, find(&n, MINIMIZE));
            assert_eq!(h.reframe, find(&n, REFRAME));
            assert_eq!(h.reassure, find(&n, REASSURE));
            assert_eq!(h.autonomy, find(&n, AUTONOMY));
            assert_eq!(h.pathologize, find(&n, PATHOLOGIZE));
        }
    }

    #[test]
    fn polite_correction_and_the_listeners_own_story_are_read() {
        assert!(scan("But you do realise a vape can deliver as much nicotine as a pack, right?").confront.is_some());
        assert!(scan("I understand your frustration. The exercise was intended as a first step.").confront.is_some());
        assert!(scan("It isn't quite the full picture, I'm afraid.").confront.is_some());
        assert!(scan("Please don't be so hard on yourself, it will be long forgotten by spring.").minimize.is_some());
        assert_eq!(scan("This really hits home for me. When my mum died I was in bits.").self_story, Some("hits home for me"));
        // a reflection of the client's own memory is no story of the listener's
        assert_eq!(scan("You remember when he taught you to drive.").self_story, None);
        assert!(crate::advice::sentence_advice("Starting this week I want you off the crisps completely.").is_some());
    }

    #[test]
    fn chat_spelling_matches_the_lists() {
        assert!(normalize("did u even read it").contains(" did you even read it "));
        // "u" inside a word or an abbreviation's letters stay
        assert!(normalize("uh ok").contains(" uh ok "));
        assert!(scan("i did read it lol 🤷 just trying to help").confront.is_some());
        assert!(scan("There's a lot of reason for hope there.").reassure.is_some());
        assert!(scan("Try to see this as a new chapter rather than a loss.").reframe.is_some());
    }

    #[test]
    fn defending_the_method_confronts_and_moving_on_is_minimizing_only_for_the_client() {
        assert!(
            scan("I'm only following the treatment plan we agreed on.")
                .confront
                .is_some()
        );
        assert!(
            scan("If you don't do the homework, it won't work.")
                .confront
                .is_some()
        );
        // justifying the move the client objected to
        assert!(
            scan("I hear that. But, um, you did ask me to help you prepare for the panel.")
                .confront
                .is_some()
        );
        assert!(
            scan("I get that it stings, but I'd be doing you a disservice if I sugar-coated it.")
                .confront
                .is_some()
        );
        assert!(
            scan("I wasn't saying it doesn't matter.")
                .confront
                .is_some()
        );
        assert_eq!(scan("Let's move on to your sleep diary.").minimize, None);
        assert!(
            scan("You just need to move on with your life.")
                .minimize
                .is_some()
        );
    }

    #[test]
    fn hindsight_blame_confronts_unless_it_names_what_the_client_was_owed() {
        assert_eq!(
            scan("You should have walked out of the room and taken a breath.").confront,
            Some("you should have")
        );
        // the client's own doubt given back is no blame; the listener's opinion is
        for reported in [
            "u said u feel actually sick and ur wondering if u shouldnt have said it at all.",
            "Part of you feels you should have stopped him.",
            "You keep thinking you should've seen it coming.",
        ] {
            assert_eq!(scan(reported).confront, None, "{reported}");
        }
        assert_eq!(scan("I think you should have told him.").confront, Some("you should have"));
        assert_eq!(
            scan("Honestly, you shouldn't have told him.").confront,
            Some("you shouldn't have")
        );
        assert_eq!(
            scan("You should have been protected from all of that.").confront,
            None
        );
        assert_eq!(
            scan("You should have had someone in your corner.").confront,
            None
        );
        assert_eq!(
            scan("that's so draining. u shouldn't have to fight for it every single time").confront,
            None
        );
        assert!(
            scan("I'm just saying it's for your own good.")
                .confront
                .is_some()
        );
    }

    #[test]
    fn a_denied_label_is_not_a_label() {
        assert_eq!(
            scan("You're not overreacting; anyone would be hurt by that.").pathologize,
            None
        );
        assert_eq!(
            scan("There's nothing irrational about being scared of that.").pathologize,
            None
        );
        assert_eq!(
            scan("You don't come across as irrational so much as worn out.").pathologize,
            None
        );
        assert_eq!(scan("I'm not saying you're wrong.").confront, None);
        assert_eq!(
            scan("No, you're overreacting.").pathologize,
            Some("you're overreacting")
        );
        assert_eq!(
            scan("Honestly you're overreacting and it's not fair on him.").pathologize,
            Some("you're overreacting")
        );
        assert_eq!(
            scan("You're wrong about that.").confront,
            Some("you're wrong")
        );
    }

    #[test]
    fn directives_open_a_sentence_and_are_not_reflections() {
        assert_eq!(
            scan("Okay. Try writing it down before bed.").directive,
            Some("try")
        );
        assert_eq!(
            scan("I hear you. You should talk to her.").directive,
            Some("you should")
        );
        assert_eq!(scan("So you feel you should call her.").directive, None);
        assert_eq!(scan("Should you try that?").directive, None);
        // the burden the client now carries, described (vignettes-fresh49); an order after "now" still directs
        assert_eq!(scan("he was part of ur life. and now u have to grieve him kind of alone").directive, None);
        assert_eq!(scan("Now you have to call her back.").directive, Some("you have to"));
        assert_eq!(scan("It's hard when nobody calls.").directive, None);
        // the clause after "but" is a new assertion, unless it is framed as a reflection
        assert_eq!(
            scan("It's normal not to trust her, but you need to decide: forgive her or leave.")
                .directive,
            Some("you need to")
        );
        assert_eq!(
            scan("I know it's hard but try to rest tonight.").directive,
            Some("try to")
        );
        assert_eq!(
            scan("It's hard, but you feel you should call her.").directive,
            None
        );
        // text-speak without apostrophes reads as the contraction
        assert_eq!(
            normalize("i didnt ask, ur fine. Im ok"),
            " i didn't ask ur fine i'm ok "
        );
        // an adverb after "you" is left out
        assert_eq!(
            normalize("You really have to set a date."),
            " you have to set a date "
        );
        assert_eq!(
            scan("Honestly you just need to stop.").directive,
            scan("Honestly you need to stop.").directive
        );
        assert!(scan("dont worry, youre overthinking it").reassure.is_some());
        assert_eq!(
            scan("dont worry, youre overthinking it").reassure,
            scan("don't worry, you're overthinking it").reassure
        );
        // after "and" or "so" only a second-person directive opens a new clause
        assert_eq!(
            scan("Four drinks a night is over the limit, and you need to cut down now.").directive,
            Some("you need to")
        );
        assert_eq!(scan("You hold it all in and try to cope.").directive, None);
        assert_eq!(
            scan("So you're worn out, and you need to rest but can't.").directive,
            None
        );
        // "you must" guessing at a feeling reflects; "you must" with a course of action directs
        assert_eq!(scan("You must be exhausted.").directive, None);
        assert_eq!(scan("You must have felt so alone.").directive, None);
        assert_eq!(
            scan("You must stop seeing him.").directive,
            Some("you must")
        );
        assert_eq!(
            override_code(Code::ReflectionSimple, &scan("Try going to bed earlier.")).map(|x| x.0),
            Some(Code::Advise)
        );
        assert_eq!(
            override_code(Code::QuestionClosed, &scan("Try going to bed earlier.")),
            None
        );
    }

    #[test]
    fn topic_shifts_open_a_sentence() {
        assert_eq!(
            scan("So, on another note, how's the new job going?").topic_shift,
            Some("on another note")
        );
        assert_eq!(
            scan("That sounds hard. Okay anyway, what about work?").topic_shift,
            Some("anyway")
        );
        assert_eq!(
            scan("You told me, and I pushed anyway. I'm sorry.").topic_shift,
            None
        );
        assert_eq!(
            scan("By the way works too.").topic_shift,
            Some("by the way")
        );
        assert_eq!(
            scan("Also, totally unrelated, but has your company brought in the new rules yet?")
                .topic_shift,
            Some("totally unrelated")
        );
        assert_eq!(
            scan("Fun fact: octopuses have three hearts!").topic_shift,
            Some("fun fact")
        );
        assert_eq!(
            scan("It isn't unrelated to what you said last week.").topic_shift,
            None
        );
    }

    #[test]
    fn a_question_after_a_topic_shift_or_a_request_to_tell_is_a_question() {
        let code = |t: &str| override_code(Code::ReflectionSimple, &scan(t)).map(|x| x.0);
        assert_eq!(
            code("So, on another note, how's the new job going?"),
            Some(Code::QuestionOpen)
        );
        assert_eq!(
            code("Anyway, did you watch the match at the weekend?"),
            Some(Code::QuestionClosed)
        );
        assert_eq!(
            code("Mm. So tell me more about how the new job's going."),
            Some(Code::QuestionOpen)
        );
        // a shift that asks nothing, and a question with no shift, are left to the model
        assert_eq!(code("Anyway, the weather has been lovely."), None);
        assert_eq!(code("So you're wondering whether to stay?"), None);
        assert_eq!(
            override_code(Code::Advise, &scan("By the way, how about a walk?")),
            None
        );
    }

    #[test]
    fn rules_never_override_questions_or_reflections() {
        let h = scan("At least you tried, right?");
        assert_eq!(override_code(Code::QuestionClosed, &h), None);
        assert_eq!(override_code(Code::ReflectionComplex, &h), None);
        assert_eq!(
            override_code(Code::Affirm, &h).map(|x| x.0),
            Some(Code::Reframe)
        );
    }
}
