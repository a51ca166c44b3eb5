//! Examples of attuned alternatives, built from the client's own words and detected emotion.
use crate::text::{emotion_adjective, key_phrase_framed, own_emotion_word, tidy_phrase, to_second_person, Frame, Norm};
use crate::types::{Alternative, FlagKind, EXAMPLE_LABEL};
use attune_core::{Affect, Emotion};

/// Builds an example of an attuned response to `client_text` for a flag of `kind`.
///
/// The emotion word is the client's own when it used one ("overwhelmed"), else a plain word for the detected
/// emotion; the phrase is taken from the client's turn by [`key_phrase_framed`] and turned to the second person.
pub fn alternative(kind: FlagKind, client_text: &str, affect: &Affect) -> Alternative {
    let n = Norm::new(client_text);
    if kind == FlagKind::MissedRisk {
        // safety first: name what was said and ask about it directly (asking does not plant the idea)
        let said = crate::text::own_risk(&n);
        let danger = said.is_none().then(|| crate::text::own_danger(&n)).flatten();
        let text = match (said, danger) {
            (Some(p), _) => format!(
                "Thank you for telling me that; I don't want to move past it. When you said \"{p}\", were you thinking of ending your life, or of hurting yourself?"
            ),
            (None, Some(p)) => format!(
                "Thank you for telling me that; I don't want to move past it. When you said \"{p}\", it made me worried for you. Are you safe at home right now?"
            ),
            (None, None) => "Thank you for telling me that; I don't want to move past it. Are you having thoughts of ending your life, or of hurting yourself?".into(),
        };
        let said = said.or(danger);
        return Alternative { text, label: EXAMPLE_LABEL.into(), emotion: None, client_phrase: said.map(str::to_string) };
    }
    // a faint joy is no feeling to reflect back over a miss ("lol ty 🥲 its right where the veil comb goes tho" read
    // as joy at 0.17 gave "…and you're feeling glad"): joy is named only when it is plain
    let faint_joy = affect.emotion == Emotion::Joy && affect.intensity < JOY_TO_NAME;
    let emotion = (affect.emotion != Emotion::Neutral && !faint_joy).then_some(affect.emotion);
    let own = own_emotion_word(&n, emotion).or_else(|| own_emotion_word(&n, None));
    let emo_word: Option<&str> = own.or(emotion.map(emotion_adjective));
    let raw = key_phrase_framed(client_text, 14);
    // The client's words are about the listener ("You're not listening to me."): given back in the second person they
    // would come out as "you're not listening to you". The attuned move is to own it and ask.
    // (`Norm` reads chat's "u" and "youre" as "you" and "you're")
    let about_listener = raw.as_ref().is_some_and(|(p, _)| {
        Norm::new(p).words.iter().any(|w| matches!(w.as_str(), "you" | "you're" | "your" | "ur" | "you've" | "you'd"))
    });
    if about_listener {
        return Alternative {
            text: "You're right to tell me. I think I missed what you were saying. Can you help me understand what I got wrong?".into(),
            label: EXAMPLE_LABEL.into(),
            emotion,
            client_phrase: None,
        };
    }
    let framed = raw.and_then(|(p, f)| Some((to_second_person(&tidy_phrase(&p)?), f)));
    // What the client fears or believes stays theirs: "you feel like nobody would notice", never "nobody
    // would notice"; an "about" object is what the feeling is about.
    let (phrase, shape) = match framed {
        Some((p, Frame::FeelLike)) => (Some(format!("you feel like {p}")), Some(Shape::Clause)),
        Some((p, Frame::Emotion(w))) => (Some(format!("you're {w} that {p}")), Some(Shape::Clause)),
        Some((p, Frame::Belief(v))) => (Some(format!("you {v} {p}")), Some(Shape::Clause)),
        Some((p, Frame::About)) => (Some(p), Some(Shape::Noun)),
        Some((p, Frame::Plain)) => {
            let s = shape_of(&p);
            (Some(p), Some(s))
        }
        None => (None, None),
    };
    // A phrase whose subject was left behind ("went to bed") cannot be reflected without guessing who did it.
    let phrase = phrase.filter(|_| shape != Some(Shape::Predicate));
    let text = match (emo_word, phrase.as_deref()) {
        (Some(e), Some(p)) => {
            // a clause is reflected as it stands, a noun phrase as what the feeling is about
            let opening = if shape == Some(Shape::Clause) {
                format!("It sounds like {p}, and you're feeling {e}.")
            } else {
                format!("It sounds like you're feeling {e} about {p}.")
            };
            match kind {
                FlagKind::PrematureFixing => format!("{opening} Before we look at what to do, can you tell me more about what that's been like for you?"),
                FlagKind::Minimizing => format!("{opening} That makes sense, and it clearly matters to you. What has it been like?"),
                FlagKind::Cheerleading => format!("{opening} I don't want to rush past that. What's the hardest part right now?"),
                FlagKind::Pathologizing => format!("{opening} That makes sense given what you're going through. What goes through your mind when it happens?"),
                FlagKind::SubjectChange => format!(
                    "Before we move on: you mentioned {}. It sounds like that leaves you feeling {e}. Can we stay with that for a moment?",
                    mention(p, shape)
                ),
                FlagKind::Detached => format!("Let me pause on the facts for a moment. {opening} How are you doing with all of this?"),
                FlagKind::Interrupting | FlagKind::OverTalking => format!("(Pause, and let the client finish.) {opening} Say more?"),
                FlagKind::AdviceWithoutPermission => format!(
                    "{opening} I have a thought about what might help, if you'd like to hear it; or would it help more to talk it through first?"
                ),
                FlagKind::Reframing => format!("{opening} I don't want to hurry past that to the bright side. What has been hardest?"),
                FlagKind::SelfFocus => format!("{opening} I'd like to hear more about what this is like for you."),
                FlagKind::Confronting => format!("{opening} That makes sense. Help me understand what it's been like from where you sit."),
                FlagKind::MissedRisk => format!("{opening} Are you having thoughts of ending your life?"),
            }
        }
        (Some(e), None) => format!("It sounds like you're feeling {e} right now. Can you tell me more about what that's like?"),
        (None, Some(p)) => match kind {
            FlagKind::SubjectChange => format!("Before we move on: you mentioned {}. Can you tell me more about that?", mention(p, shape)),
            _ if shape == Some(Shape::Clause) => format!("It sounds like {p}, and that has been weighing on you. What has that been like for you?"),
            _ => format!("You mentioned {p}. What has that been like for you?"),
        },
        (None, None) => match kind {
            FlagKind::AdviceWithoutPermission => {
                "It sounds like this matters to you. What have you been thinking about doing? I have an idea or two if you'd like to hear them.".into()
            }
            FlagKind::Confronting => "Help me understand how you see it. What's it been like for you?".into(),
            _ => "It sounds like there's a lot going on for you. Can you tell me more about what that's like?".into(),
        },
    };
    Alternative { text, label: EXAMPLE_LABEL.into(), emotion, client_phrase: phrase }
}

/// The intensity from which a client's joy is named in an alternative.
const JOY_TO_NAME: f32 = 0.4;

/// What kind of words a key phrase is, which decides how it can be reflected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A subject and its verb: "your mum forgot your birthday again".
    Clause,
    /// A noun phrase: "your exams next week", "his stroke".
    Noun,
    /// A verb phrase without its subject: "went to bed", "couldn't go in".
    Predicate,
}

/// Words that start a clause as its subject.
const SUBJECTS: &[&str] = &[
    "you", "you're", "you've", "you'll", "you'd", "he", "he's", "she", "she's", "shes", "they", "they're", "it", "it's",
    "nobody", "everyone", "everybody", "someone", "somebody", "people", "there", "there's", "no", "none", "nothing",
    "everything", "this", "that", "things",
];

/// Finite verbs common in what clients say (beyond regular past tenses in -ed).
const VERBS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "can", "can't", "cannot", "won't", "doesn't", "didn't",
    "don't", "isn't", "wasn't", "aren't", "haven't", "hasn't", "keeps", "keep", "kept", "got", "gets", "does", "did",
    "would", "could", "couldn't", "should", "shouldn't", "might", "must", "made", "makes", "said", "says", "told",
    "tells", "went", "goes", "came", "comes", "left", "leaves", "feel", "feels", "felt", "think", "thinks", "thought",
    "know", "knows", "knew", "want", "wants", "need", "needs", "acts", "seem", "seems", "forgot", "forgets", "gave",
    "took", "takes", "saw", "sees", "lost", "loses", "hate", "hates", "love", "loves", "became", "becomes", "fell",
    "broke", "ran", "sat", "sit", "sits", "hurt", "hurts", "let", "lets", "put", "puts", "began", "begins", "stays",
    "looks", "treats", "ignores", "yells", "shouts", "cries", "drinks", "works", "talks", "calls", "asks",
];

fn verb_like(w: &str) -> bool {
    VERBS.contains(&w) || (w.len() > 5 && w.ends_with("ed"))
}

fn shape_of(p: &str) -> Shape {
    let ws: Vec<String> = p.split_whitespace().map(|w| w.to_lowercase().replace('\u{2019}', "'")).collect();
    let Some(first) = ws.first() else { return Shape::Noun };
    if SUBJECTS.contains(&first.as_str()) {
        // "this job", "that night" are noun phrases unless a verb follows
        if matches!(first.as_str(), "this" | "that" | "no" | "things" | "people") && !ws.iter().skip(1).any(|w| verb_like(w)) {
            return Shape::Noun;
        }
        return Shape::Clause;
    }
    if verb_like(first) || matches!(first.as_str(), "been" | "being" | "get" | "go" | "be" | "just") {
        return Shape::Predicate;
    }
    // a noun phrase with a verb after it: "your wife made you come", "doctors keep telling you"
    if ws.iter().skip(1).any(|w| verb_like(w)) {
        return Shape::Clause;
    }
    Shape::Noun
}

/// "you mentioned …": a clause gets "that", a noun phrase stands alone.
fn mention(p: &str, shape: Option<Shape>) -> String {
    if shape == Some(Shape::Clause) {
        format!("that {p}")
    } else {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_core::Emotion;

    #[test]
    fn uses_clients_words_and_emotion() {
        let a = Affect { valence: -0.6, arousal: 0.6, emotion: Emotion::Fear, intensity: 0.7, cues: vec![], distress: 0.0, act: Default::default(), hardship: 0.0, rupture_head_act: None };
        let alt = alternative(FlagKind::PrematureFixing, "I'm so overwhelmed about my exams next week.", &a);
        assert_eq!(alt.label, "example");
        assert!(alt.text.contains("overwhelmed"), "{}", alt.text);
        assert!(alt.text.contains("your exams next week"), "{}", alt.text);
        let b = alternative(FlagKind::Cheerleading, "I'm so overwhelmed about my exams next week.", &a);
        assert_ne!(alt.text, b.text);
    }

    #[test]
    fn reflections_keep_the_clients_frame_and_grammar() {
        let a = Affect { valence: -0.6, arousal: 0.6, emotion: Emotion::Sadness, intensity: 0.7, cues: vec![], distress: 0.0, act: Default::default(), hardship: 0.0, rupture_head_act: None };
        let text = |c: &str| alternative(FlagKind::Cheerleading, c, &a).text;
        // a fear or self-judgement is reflected as the client's, never stated as a fact
        let t = text("honestly i feel like nobody would notice if i just disappeared");
        assert!(t.starts_with("It sounds like you feel like nobody would notice if you just disappeared,"), "{t}");
        let t = text("I think my friends are only nice to me because they feel sorry for me.");
        assert!(t.contains("you think your friends are only nice to you"), "{t}");
        // a long clause is not cut mid-phrase ("over it by")
        let t = text("My dad died in March and everyone acts like I should be over it by now.");
        assert!(!t.contains(" by,") && !t.contains(" by."), "{t}");
        // a clause is reflected as a clause, a noun phrase as what the feeling is about
        let t = text("My sister stopped speaking to me after the wedding.");
        assert!(t.starts_with("It sounds like your sister stopped speaking to you after the wedding, and you're feeling"), "{t}");
        let t = text("im so anxious about the presentation tomorrow i feel sick");
        assert!(t.contains("about the presentation tomorrow."), "{t}");
        // a predicate without its subject is not reflected as if the client were its subject
        let t = text("they didnt say anything, just went to bed");
        assert!(!t.contains("went to bed"), "{t}");
        let t = text("I hate that he left without saying goodbye.");
        assert!(!t.contains("you're hate"), "{t}");
        // "it sounds stupid" does not make the client "foolish"
        let t = text("I know it sounds stupid but I still can't go into his room.");
        assert!(!t.contains("foolish") && !t.contains("stupid"), "{t}");
    }

    #[test]
    fn a_complaint_about_the_listener_is_owned_not_echoed() {
        let a = alternative(FlagKind::SubjectChange, "That's not what I meant. You're not listening to me.", &Affect::neutral());
        assert!(!a.text.contains("listening to you"), "{}", a.text);
        assert!(a.text.contains("I missed"), "{}", a.text);
    }

    #[test]
    fn works_without_emotion_or_phrase() {
        let alt = alternative(FlagKind::Detached, "ok", &Affect::neutral());
        assert_eq!(alt.label, "example");
        assert!(!alt.text.is_empty());
    }
}
