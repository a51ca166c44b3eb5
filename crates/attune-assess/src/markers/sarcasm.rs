//! Sarcasm after a miss: a sentence of bare praise in a turn that is anything but pleased ("Great. So now I'm
//! depressed as well. Brilliant." after a label), the listener's own words handed back as a question before the
//! client says what is so ("A bad patch? He slashed my tyres…"), or a grudging "but sure". 3RS counts them as
//! confrontation; they hold no complaint phrase, and the phrase lists missed them in fresh5 (studied after its reads).
use super::MarkerCtx;
use crate::assess::Prep;
use crate::text::Norm;
use crate::types::MarkerSubtype;
use attune_core::Role;

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // praise with thanks ("great, thanks. ill pop down the game shop and pick up some replacement best mates" after a
    // list of ways to find a new group; fresh20, studied) only after a miss and where nothing is taken up in earnest:
    // "Great, thanks. I'll try that tonight." is no sarcasm
    let thanked = c.after_miss && c.n.first_of(super::TAKES_UP_STRONG).is_none() && !c.p.text.contains('?');
    ((c.after_miss || c.th_fixing) && ((sarcastic_praise(c.p, thanked) && was_hard(c)) || echoes_back(c.p, c.th, own_before(c)) || praised_echo(c.p, c.th, own_before(c)) || (c.after_miss && (but_sure(c.n) || so_now(c) || quoted_back(c) || bare_echo(c) || mock_title(c.p.text, c.n, &c.th.norm) || c.n.first_of(ENJOYING).is_some()))))
        .then_some(MarkerSubtype::PushingBack)
}

/// The listener thanked by a title they did not claim, with a mocking cue, or told what the client knows already of
/// the listener's own lecture ("lol thanks doctor 🙃 I know what a heartbeat is" after a chatbot explained palpitations;
/// sessions fresh63, studied): a lecture sent back. A sincere "thank you, doctor" in a clinic has no cue, and "I know
/// what a liar he is" names nothing the listener said.
fn mock_title(text: &str, n: &Norm, th: &Norm) -> bool {
    const MOCK: &[&str] = &["thanks doctor", "thanks doc", "thank you doctor", "thanks dr", "ok doctor", "okay doctor", "yes doctor", "thanks professor", "ok professor"];
    const ALWAYS: &[&str] = &["thanks captain obvious", "thanks sherlock", "ok sherlock"];
    let cue = n.first_of(&["lol", "lmao", "cool", "wow"]).is_some() || ['🙃', '🙄', '😒'].iter().any(|e| text.contains(*e));
    // "i know what a heartbeat is" closing the turn, one or two words named, and the listener's
    let w = &n.words;
    let knows = w.last().is_some_and(|x| x == "is")
        && [6, 7].iter().any(|&back| {
            w.len() >= back
                && matches!(w[w.len() - back..w.len() - back + 4].join(" ").as_str(), "i know what a" | "i know what an")
                && w[w.len() - back + 4..w.len() - 1].iter().all(|x| th.words.contains(x))
        });
    n.first_of(ALWAYS).is_some() || (cue && n.first_of(MOCK).is_some()) || knows
}

/// A sentence of nothing but praise ("Great.", "Oh, brilliant.") beside another sentence, from a client who is having
/// a hard time (the caller checks that): said through the teeth. The praise words lift the lexicon's valence, so
/// it cannot tell.
const PRAISE: &[&str] = &["great", "brilliant", "perfect", "wonderful", "fantastic", "lovely", "awesome", "marvellous", "marvelous", "terrific", "splendid", "super", "amazing", "cool", "nice", "interesting"];

/// A sentence of praise for the listener's own word, beside others ("[laughs] Yeah. Sure. Great awareness. Maybe I'll
/// get 'benign' tattooed on my knuckles…" after "that kind of awareness is exactly what lets people keep working";
/// fresh52, read once in the twenty-seventh session): the word handed back, praised through the teeth. Not a word the
/// client had used first.
fn praised_echo(p: &Prep, th: &Prep, own: Option<&Prep>) -> bool {
    let sents = attune_text::tokens::sentences(p.text);
    sents.len() >= 2
        && sents.iter().any(|s| {
            let n = Norm::new(s);
            let Some((first, rest)) = n.words.split_first() else { return false };
            let content: Vec<&String> = rest.iter().filter(|w| w.len() > 2).collect();
            !s.trim_end().ends_with('!')
                && n.len() <= 3
                && PRAISE.contains(&first.as_str())
                && !content.is_empty()
                && content.iter().all(|w| listeners_word(w, th, own))
        })
}

fn sarcastic_praise(p: &Prep, thanks_too: bool) -> bool {
    // "Okay great. but have you ever…" and "Oh that's great! Does it hurt?" are pleased: no "okay", no "that's", no "!"
    const FILL: &[&str] = &["oh", "well", "just", "so", "how", "really", "very"];
    if p.norm.len() > 40 {
        return false;
    }
    let sents = attune_text::tokens::sentences(p.text);
    sents.len() >= 2
        && sents.iter().any(|s| {
            let n = Norm::new(s);
            let thanks = |w: &str| thanks_too && matches!(w, "thanks" | "thank" | "you" | "cheers" | "ta" | "thx");
            !s.trim_end().ends_with('!')
                && n.words.iter().any(|w| PRAISE.contains(&w.as_str()))
                && n.words.iter().all(|w| PRAISE.contains(&w.as_str()) || FILL.contains(&w.as_str()) || thanks(w))
        })
}

/// The listener's own sentence handed back in quotation marks, with a "wow", praise or a 👍 beside it ("wow. 'temporary
/// separation is fairly common.' ok thanks, I feel much better now 👍" after a list of facts about marriages; sessions
/// fresh60, read once at the thirty-first session's end): the words held up to be heard for what they did. A thanks
/// alone beside the quote is no irony ("'couples counselling' — thanks, I'll look into that"), nor are words taken up
/// in earnest.
fn quoted_back(c: &MarkerCtx) -> bool {
    let ironic = c.n.words.iter().any(|w| PRAISE.contains(&w.as_str()) || matches!(w.as_str(), "wow" | "lol"))
        || c.n.has("much better")
        || c.p.text.contains(['👍', '🙃']);
    c.n.len() <= 40 && ironic && c.n.first_of(super::TAKES_UP_STRONG).is_none() && super::quoted_denial::quotes_listener(c.p.text, &c.th.norm, 2..=12)
}

/// The turn ends on a grudging "but sure" ("im spending my masters money on virtual fruit machines at 2am but sure 💀"
/// after "you're so strong", fresh14, studied): agreement said so that it means the opposite.
fn but_sure(n: &Norm) -> bool {
    let w = &n.words;
    w.len() >= 4 && {
        let tail: Vec<&str> = w[w.len() - 2..].iter().map(|x| x.as_str()).collect();
        matches!(tail.as_slice(), ["but", "sure"] | ["but", "ok"] | ["but", "okay"] | ["but", "fine"] | ["but", "whatever"])
    }
}

/// The listener's good cheer named against the client's lot ("glad one of us is enjoying this" after a chatbot's own
/// fond memories of a father, to a daughter writing his eulogy; sessions fresh140, studied from the fifty-second session
/// on).
const ENJOYING: &[&str] = &["glad one of us is", "nice that one of us is", "good that one of us is", "glad someone's enjoying", "glad somebody's enjoying"];

/// The turn opens by summing up, with a "so" and a "now", what the listener has just made of the client ("So talking
/// to my dead daughter makes me mentally ill now." after a grief called a disorder; "So now I'm the problem?"; fresh30,
/// read once in the twenty-fourth session): the verdict handed back to be heard for what it is.
fn so_now(c: &MarkerCtx) -> bool {
    // in any sentence, and "now" may close it with a tag ("A condition. [pause] So I've got a condition now and all.";
    // fresh32, read once in the twenty-fourth session)
    c.sentences().iter().any(|(_, n)| {
        let lead = n.words.iter().take_while(|w| w.as_str() == "pause").count();
        let w: Vec<&str> = n.words[lead..].iter().map(|x| x.as_str()).collect();
        w.len() >= 3
            && w.len() <= 16
            && w[0] == "so"
            // or the client's lot summed up with a "then" ("lol ok. so i just smile and let her call me a girls name forever
            // then 🙃 cool cool"; fresh34, read once in the twenty-fourth session)
            && (w[1] == "now" || w[w.len().saturating_sub(3)..].iter().any(|x| *x == "now" || *x == "then")
                // or the client named the problem the listener found ("So it's my brain that's the problem. Not my brother
                // doing an Eeyore voice at the dinner table while my mum laughs. Cheers for that." after "rejection
                // sensitivity"; sessions fresh108, studied from the forty-ninth session on)
                || n.has("that's the problem"))
            && n.first_of(&["makes me", "i'm", "im", "i am", "i was", "i've", "i have", "i've got", "i should", "it's my", "its my", "i just", "i'll just", "ill just"]).is_some()
    })
}

/// The turn opens with a few of the listener's own words, asked back ("A bad patch?") or laughed at ("lol a scale.",
/// "lol ok. strong." after "you're so strong"), and goes on.
fn echoes_back(p: &Prep, th: &Prep, own: Option<&Prep>) -> bool {
    let sents = attune_text::tokens::sentences(p.text);
    // a bare laugh (with an "ok" or not) as the first sentence: the echo is the next one
    let laugh = |w: &String| matches!(w.as_str(), "lol" | "haha" | "ha" | "lmao" | "wow");
    let Some(&first) = sents.first() else { return false };
    let f = Norm::new(first);
    // or a flat "Right." ("Right. A gift. I'll have that printed on the crate for next time." after a loss called the
    // last gift the client could give; fresh50, read once in the twenty-seventh session), where the words echoed are
    // the listener's, not the client's own before it
    let flat = |w: &String| matches!(w.as_str(), "right" | "sure" | "oh");
    if sents.len() >= 3 && f.words.iter().all(|w| laugh(w) || flat(w) || matches!(w.as_str(), "ok" | "okay" | "k")) {
        if !f.words.iter().any(|w| laugh(w) || flat(w)) {
            return false;
        }
        let echo = Norm::new(sents[1]);
        let content: Vec<&String> = echo.words.iter().filter(|w| w.len() > 2).collect();
        return !content.is_empty() && echo.len() <= 3 && content.iter().all(|w| listeners_word(w, th, own));
    }
    if sents.len() < 2 {
        return false;
    }
    // a laugh before it says the same without the question mark ("lol a scale. 10 i guess.")
    let laughs = f.words.first().is_some_and(laugh);
    if !(first.trim_end().ends_with('?') || laughs) {
        return false;
    }
    let content: Vec<&String> = f.words.iter().filter(|w| w.len() > 2 && !matches!(w.as_str(), "the" | "and" | "you" | "what" | "that" | "just" | "really" | "are" | "was" | "lol" | "haha" | "lmao" | "wow")).collect();
    !content.is_empty() && f.len() <= 5 && content.iter().all(|w| th.norm.words.contains(w))
}

/// After a miss, the turn opens on the listener's own word alone, with no laugh or question to mark it, and goes on to
/// what the client lives ("A gift. I have slept four hours since Thursday."; "[laughs] Closeness. Sure. Some evenings she
/// doesn't know my name"; "Owning it. So it's on me that he took out a secret loan"; sessions studied): the word is held
/// up to be heard for what it missed. A word taken up in agreement ("Lonely. Yes, that's it.") is no echo.
fn bare_echo(c: &MarkerCtx) -> bool {
    const STAGE: &[&str] = &["laughs", "laugh", "pause", "sighs", "sigh", "scoffs"];
    const AGREES: &[&str] = &["yes", "yeah", "exactly", "that's it", "thats it", "that's right", "thats right", "precisely", "true", "spot on", "mm"];
    let sents = c.sentences();
    let Some(((first_raw, first), rest)) = sents.split_first() else { return false };
    // (an echo asked back is `echoes_back`'s: "What? Cutting off some of my friendships?" asks what was meant)
    // (and a question's word repeated is how people answer it: "Anyway, how's work?" — "Work. It's been hard since the
    // layoffs.")
    if first_raw.contains('?') || c.th.text.contains('?') {
        return false;
    }
    let Some((_, next)) = rest.first() else { return false };
    let words: Vec<&String> = first.words.iter().filter(|w| !STAGE.contains(&w.as_str())).collect();
    // (hedges and fillers echo nothing: "Maybe. What I do know is…"; nor does a word turned over before going on: "A
    // medical stay. Huh. He did love the nurses"; nor one taken up: "Audio only. I'll try that on Sunday.")
    const HEDGES: &[&str] = &["maybe", "perhaps", "probably", "possibly", "okay", "only", "just", "really", "still"];
    const MULLS: &[&str] = &["huh", "hm", "hmm", "oh", "ok", "okay", "interesting"];
    let content: Vec<&&String> = words.iter().filter(|w| w.len() > 2).collect();
    let own = own_before(c);
    !c.takes_up
        && c.n.first_of(super::TAKES_UP_STRONG).is_none()
        && !words.is_empty()
        && !words.iter().any(|w| HEDGES.contains(&w.as_str()))
        && !next.words.first().is_some_and(|w| MULLS.contains(&w.as_str()))
        && words.len() <= 3
        && !content.is_empty()
        && content.iter().all(|w| w.len() >= 4 && listeners_word(w, c.th, own))
        && !next.words.first().is_some_and(|w| AGREES.contains(&w.as_str()))
        && next.first_of(&["that's it", "thats it", "that's right", "exactly"]).is_none()
}

/// A word of the listener's turn `th` that the client had not used in their own turn before it (`own`).
fn listeners_word(w: &str, th: &Prep, own: Option<&Prep>) -> bool {
    th.norm.words.iter().any(|x| x == w) && !own.is_some_and(|o| o.norm.words.iter().any(|x| x == w))
}

/// The client's own turn before the listener's.
fn own_before<'s, 'a>(c: &MarkerCtx<'s, 'a>) -> Option<&'s Prep<'a>> {
    (0..c.tp).rev().find(|&j| c.prep[j].role == Role::Client).map(|j| &c.prep[j])
}

/// Did the client, in this turn or the two before it, have a hard time (learned distress or told hardship)?
fn was_hard(c: &MarkerCtx) -> bool {
    c.p.affect.distress >= 0.5
        || (0..c.i).rev().filter(|&j| c.prep[j].role == Role::Client).take(2).any(|j| c.prep[j].affect.distress >= 0.5 || c.prep[j].affect.hardship >= 0.5)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    #[test]
    fn a_lecture_sent_back_is_sarcasm() {
        let n = crate::text::Norm::new;
        let lecture = n("A panic attack is a surge of adrenaline; your heartbeat speeds up.");
        let mock = |s: &str| super::mock_title(s, &n(s), &lecture);
        assert!(mock("lol thanks doctor 🙃 I know what a heartbeat is"));
        assert!(mock("yeah I know what a panic attack is"));
        assert!(!mock("i know what a liar he is"));
        assert!(!mock("Thank you, doctor. I'll take them with food."));
        assert!(!mock("my doctor said thanks for coming in"));
    }

    const CLIENT: &str = "My husband has been on nights with the baby for a week because I can't get out of bed after the surgery, and I have slept four hours since Thursday.";
    const REFRAME: &str = "This time could actually be a gift for your relationship. He gets to bond with the baby and you get a chance to rest.";

    #[test]
    fn the_listeners_word_held_up_alone_is_sarcasm() {
        let (flagged, m) = marker_after(CLIENT, REFRAME, "A gift. He is using the leave he saved for his father's birthday. Nobody is resting.");
        assert!(flagged, "the reframe is flagged");
        assert_eq!(m, Some(MarkerSubtype::PushingBack));
    }

    #[test]
    fn the_word_taken_up_in_agreement_is_not() {
        assert_ne!(marker_after(CLIENT, REFRAME, "Bond. Yes, that's it, he's really bonding with her.").1, Some(MarkerSubtype::PushingBack));
    }
}
