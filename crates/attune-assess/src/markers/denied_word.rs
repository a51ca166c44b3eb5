//! The client denies a word the listener brought in, anywhere in a longer turn ("The pharmacy is rubble. It is not
//! continuing. … I do not need it to be beautiful." after "…is in some way his pharmacy continuing… There's something
//! quite beautiful in that"; sessions fresh65, read at the thirty-fourth session's end): the listener's reading, in its
//! own words, refused. The correction marker reads only a short turn that opens by denying, and the quoted-denial
//! marker only a word in quotation marks. Here the word must be the listener's own (no earlier client turn used it),
//! and only after a flagged turn: a client refining an attuned reflection ("It's not anger, exactly") is the ordinary
//! work of being understood. Over the studied sessions such a denial follows 52 of 944 misattuned turns and 18 of
//! 1,527 attuned ones.
use super::MarkerCtx;
use crate::types::MarkerSubtype;
use attune_core::Role;

const NEGATIONS: &[&str] = &[
    "not", "isn't", "wasn't", "aren't", "weren't", "never", "isnt", "wasnt", "don't", "dont", "doesn't", "doesnt", "didn't",
    "didnt", "won't", "can't",
];
/// Long words that say nothing of the listener's reading.
const COMMON: &[&str] = &[
    "really", "actually", "anything", "something", "everything", "nothing", "because", "always", "anyone", "someone",
    "everyone", "people", "things", "thinking", "feeling", "trying", "saying", "wanting", "having", "getting", "enough",
    "sure", "about", "myself", "yourself", "before", "anymore", "little", "honestly", "exactly", "without", "another",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    if !c.after_miss {
        return None;
    }
    let stem = |s: &str| s.chars().take(6).collect::<String>();
    let long = |w: &&String| w.chars().count() >= 6 && !COMMON.contains(&w.as_str());
    // the client speaks of themselves or of what the listener named ("It is not continuing", "I do not need it to be
    // beautiful", "Not beautiful."); "Maybe he is not reading about wheelchairs for me" is a third person's doing
    const SUBJECTS: &[&str] = &["i", "i'm", "im", "it", "it's", "its", "that", "that's", "thats", "this", "this's", "there's", "theres"];
    // the words denied, read first (most turns deny nothing), then whether the listener brought them in
    let mut denied: Vec<String> = Vec::new();
    for (_, n) in c.sentences() {
        for (k, w) in n.words.iter().enumerate() {
            if NEGATIONS.contains(&w.as_str()) && (k == 0 || n.words[k.saturating_sub(2)..k].iter().any(|s| SUBJECTS.contains(&s.as_str()))) {
                denied.extend(n.words[k + 1..].iter().take(4).filter(long).map(|x| stem(x)));
            }
        }
    }
    denied.retain(|d| c.th.norm.words.iter().filter(long).any(|w| stem(w) == *d));
    if denied.is_empty() {
        return None;
    }
    let said_before = |d: &String| c.prep[..c.i].iter().filter(|p| p.role == Role::Client).any(|p| p.norm.words.iter().filter(long).any(|w| stem(w) == *d));
    denied.iter().any(|d| !said_before(d)).then_some(MarkerSubtype::PushingBack)
}

#[cfg(test)]
mod tests {
    use crate::tests::assess_bundled;
    use attune_core::Role;

    #[test]
    fn the_listeners_own_word_denied_after_a_miss_is_pushing_back() {
        // my own wording, shaped like sessions fresh65's s536
        let turns = |reply| {
            assess_bundled(&[
                (Role::Client, "My father's bakery closed in 2015 when the road was built. He died last spring. I still have his apron in a drawer, and the smell of it is almost gone."),
                (Role::Therapist, "I wonder whether your new job is in some way his bakery continuing, carried on through you. There's something quite beautiful in that, I think."),
                (Role::Client, reply),
            ])
        };
        let a = turns("The bakery is a car park now. It is not continuing. I will be behind someone else's counter in a town where I know nobody, and I do not need it to be beautiful.");
        assert!(a.markers.iter().any(|m| m.turn == 2), "{:?} {:?}", a.flags, a.markers);
        let a = turns("Yes, maybe. He taught me to knead when I was six, standing on a chair. I think about his hands a lot.");
        assert!(!a.markers.iter().any(|m| m.turn == 2), "{:?} {:?}", a.flags, a.markers);
    }
}
