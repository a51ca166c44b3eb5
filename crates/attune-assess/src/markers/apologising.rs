//! Apologising for having taken the listener's time or space, right after a miss ("I'm sorry to have bothered you with
//! it." after a list of warning signs given to a widow who had been scammed; fresh27, read once in the twenty-third
//! session): 3RS's appeasing withdrawal. The client takes the blame for the moment that went wrong and makes
//! themself small. Said at the start of a conversation it is manners ("sorry for the long post"), so only after a miss.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// Apologies for taking up the listener's time, attention or patience.
pub(crate) static TAKING_SPACE: &[&str] = &[
    "sorry to have bothered you", "sorry to bother you", "sorry for bothering you", "sorry i bothered you",
    "sorry for taking up your time", "sorry to take up your time", "sorry for wasting your time", "sorry to waste your time",
    "sorry for going on", "sorry i went on", "sorry for rambling", "sorry i rambled", "sorry for dumping", "sorry to dump",
    "sorry for unloading", "sorry to unload", "sorry for being a burden", "sorry for being so much", "sorry for the trouble",
    "sorry to trouble you", "sorry for troubling you", "sorry for moaning", "sorry to moan", "sorry for whinging",
    "sorry for whining", "sorry for complaining", "sorry to complain", "sorry for venting", "sorry for taking so long",
    "sry to bother", "sry for bothering", "sorry to bother u", "sorry for bothering u", "sorry for wasting ur time",
    // the place itself apologised for ("Sorry, I can see this is really one for a solicitor. I shouldn't have taken up
    // space here with it." after a checklist; studied sessions)
    "shouldn't have taken up space", "taken up space", "take up space", "taking up space",
    // the time itself, with no "sorry" ("I think I've taken up enough of your time with all this. You've been very good
    // to me." after a grieving man's emptiness was called something that eases; sessions fresh71, read once at the
    // fortieth session's end)
    "taken up enough of your time", "taken up too much of your time", "take up any more of your time",
    "taking up any more of your time", "took up enough of your time", "taken enough of your time", "taken up enough of ur time",
    // the others who need the place more, with no "sorry" ("maybe i shouldnt have messaged, other people probably need
    // this more than me" from a girl of fourteen asked what year she is in after telling of her sister's anorexia;
    // sessions fresh98, studied from the forty-eighth session's start)
    "need this more than me", "need it more than me", "need this more than i do", "need it more than i do",
    // the listener's upset taken on as the client's doing ("I am sorry my letter upset you like that. I didn't mean to put
    // it all on you. Please don't lose sleep over me." to a prison pen friend's letter about her own father; sessions
    // fresh108, studied from the forty-ninth session on)
    "didn't mean to put it all on you", "didnt mean to put it all on you", "don't lose sleep over me", "dont lose sleep over me",
    "keep my letters lighter", "my letter upset you",
];

/// Words that, in one sentence with an apology, say what the client apologises for is the listener's time or trouble
/// ("Sorry to take your time." closing a curt reply to a request for documents; fresh28, read once in the twenty-third
/// session, which the phrases above missed by one word).
const TAKING: &[&str] = &[
    "your time", "ur time", "bother", "bothered", "bothering", "burden", "trouble", "troubling", "rambling", "rambled",
    "going on", "went on", "dumping", "dump", "unload", "unloading", "venting", "moaning", "whinging", "whining",
    "complaining", "long message", "long post", "long email", "wasting", "waste",
    // (plural: "Sorry for the long posts, I know plenty of people on here have it much worse than me." after a cheer)
    "long messages", "long posts", "long emails",
    // the feeling itself apologised for ("I apologise, my first message had too much feeling in it" after a list of
    // questions; fresh33, read once in the twenty-fourth session)
    "too much feeling", "too emotional", "too much emotion", "overshared", "oversharing", "too much information", "tmi",
    // the length, or the others who need the place more ("Sorry — I realise this has turned into an essay, and people on
    // here have enough on their plates without reading mine." after a to-do list; fresh35, read once in the twenty-fourth
    // session)
    // ("Fine. Sorry. I shouldn't be offloading family drama onto a chatbot at 1am anyway."; fresh40)
    "offloading", "offload", "essay", "enough on their plates", "enough on their plate", "enough on your plate", "enough on ur plate",
    // the room taken ("I'm sorry, I've been taking up a lot of room on here these last few weeks, and there are people who
    // need the space more than I do." after a birthday called a fresh start; sessions fresh92, studied from the
    // forty-eighth session's start)
    "lot of room", "too much room", "so much room", "need the space more",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // a miss one or two turns back counts too: the apology can come after the listener has half-recovered ("yeah.
    // sorry ur probably dealing with loads of people tonight, im going on a bit" after a list of benefits, then a
    // reflection; fresh31, read once in the twenty-fourth session)
    if !(c.after_miss || super::recent_miss(c, 3)) || c.n.len() > 60 {
        return None;
    }
    let sorry = |n: &crate::text::Norm| n.words.iter().any(|w| matches!(w.as_str(), "sorry" | "sry" | "soz" | "apologies" | "apologise" | "apologize"));
    let apologises = c.n.first_of(TAKING_SPACE).is_some()
        || (sorry(c.n) && c.sentences().iter().any(|(_, n)| sorry(n) && n.first_of(TAKING).is_some()));
    apologises.then_some(MarkerSubtype::DeferentialAgreement)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_phrases_are_lower_case_words() {
        for p in super::TAKING_SPACE {
            assert_eq!(*p, p.to_lowercase());
            assert!(!p.contains("  ") && p.trim() == *p);
        }
    }
}
