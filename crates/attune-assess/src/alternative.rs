//! Examples of attuned alternatives, built from the client's own words and detected emotion.
use crate::text::{emotion_adjective, key_phrase, own_emotion_word, tidy_phrase, to_second_person, Norm};
use crate::types::{Alternative, FlagKind, EXAMPLE_LABEL};
use attune_core::{Affect, Emotion};

/// Builds an example of an attuned response to `client_text` for a flag of `kind`.
///
/// The emotion word is the client's own when it used one ("overwhelmed"), else a plain word for the detected
/// emotion; the phrase is taken from the client's turn by [`key_phrase`] and turned to the second person.
pub fn alternative(kind: FlagKind, client_text: &str, affect: &Affect) -> Alternative {
    let n = Norm::new(client_text);
    let emotion = (affect.emotion != Emotion::Neutral).then_some(affect.emotion);
    let own = own_emotion_word(&n, emotion).or_else(|| own_emotion_word(&n, None));
    let emo_word: Option<&str> = own.or(emotion.map(emotion_adjective));
    let phrase = key_phrase(client_text, 9).and_then(|p| tidy_phrase(&p)).map(|p| to_second_person(&p));
    let feel = |e: &str| -> String { format!("feeling {e}") };
    let about = |p: &str| -> String {
        let first = p.split_whitespace().next().unwrap_or("");
        if is_clause(p) && !first.ends_with("ing") {
            return format!("that {p}");
        }
        if first.ends_with("ing") || matches!(first, "your" | "the" | "a" | "an" | "this" | "that" | "how" | "what" | "whether") {
            format!("about {p}")
        } else if matches!(first, "you" | "you're" | "you've" | "you'll" | "you'd" | "nobody" | "no" | "everyone" | "they" | "he" | "she" | "it") {
            format!("that {p}")
        } else {
            format!("about {p}")
        }
    };
    let text = match (emo_word, phrase.as_deref()) {
        (Some(e), Some(p)) => match kind {
            FlagKind::PrematureFixing => format!(
                "It sounds like you're {} {}. Before we look at what to do, can you tell me more about what that's been like for you?",
                feel(e),
                about(p)
            ),
            FlagKind::Minimizing => format!(
                "It makes sense that you're {} {}. It sounds like this really matters to you.",
                feel(e),
                about(p)
            ),
            FlagKind::Cheerleading => format!(
                "I can hear that you're {} {}. I don't want to rush past that. What's the hardest part right now?",
                feel(e),
                about(p)
            ),
            FlagKind::Pathologizing => format!(
                "Feeling {e} makes sense given {}. What goes through your mind when it happens?",
                strip_lead(p)
            ),
            FlagKind::SubjectChange => format!(
                "Before we move on: you mentioned {}. It sounds like that leaves you {}. Can we stay with that for a moment?",
                mention(p),
                feel(e)
            ),
            FlagKind::Detached => format!(
                "Let me pause on the facts for a moment. It sounds like {p} has left you {}. How are you doing with all of this?",
                feel(e)
            ),
            FlagKind::Interrupting | FlagKind::OverTalking => format!(
                "(Pause, and let the client finish.) It sounds like you're {} {}. Say more?",
                feel(e),
                about(p)
            ),
            FlagKind::AdviceWithoutPermission => format!(
                "It sounds like you're {} {}. I have a thought about what might help, if you'd like to hear it; or would it help more to talk it through first?",
                feel(e),
                about(p)
            ),
            FlagKind::Reframing => format!(
                "You're {} {}, and I don't want to hurry past that to the bright side. What has been hardest?",
                feel(e),
                about(p)
            ),
            FlagKind::SelfFocus => format!(
                "It sounds like you're {} {}. I'd like to hear more about what this is like for you.",
                feel(e),
                about(p)
            ),
            FlagKind::Confronting => format!(
                "It sounds like you're {} {}, and that makes sense. Help me understand what it's been like from where you sit.",
                feel(e),
                about(p)
            ),
        },
        (Some(e), None) => format!(
            "It sounds like you're {} right now. Can you tell me more about what that's like?",
            feel(e)
        ),
        (None, Some(p)) => match kind {
            FlagKind::SubjectChange => format!(
                "Before we move on: you mentioned {}. Can you tell me more about that?",
                mention(p)
            ),
            _ => format!(
                "It sounds like {} has been weighing on you. What has that been like for you?",
                strip_lead(p)
            ),
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

fn strip_lead(p: &str) -> String {
    p.trim_start_matches("that ").to_string()
}

/// Does the phrase hold a finite verb ("your mom is in hospital")?
fn is_clause(p: &str) -> bool {
    p.split_whitespace().skip(1).any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "can't" | "won't" | "doesn't" | "didn't"
                | "don't" | "isn't" | "wasn't" | "keeps" | "kept" | "got" | "gets" | "does" | "did" | "can" | "would"
        )
    })
}

/// "you mentioned …": a clause gets "that", a noun phrase stands alone.
fn mention(p: &str) -> String {
    let first = p.split_whitespace().next().unwrap_or("");
    if is_clause(p) || matches!(first, "you" | "you're" | "you've" | "you'll" | "you'd" | "nobody" | "everyone" | "they" | "he" | "she" | "it" | "there") {
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
        let a = Affect { valence: -0.6, arousal: 0.6, emotion: Emotion::Fear, intensity: 0.7, cues: vec![], distress: 0.0, act: Default::default() };
        let alt = alternative(FlagKind::PrematureFixing, "I'm so overwhelmed about my exams next week.", &a);
        assert_eq!(alt.label, "example");
        assert!(alt.text.contains("overwhelmed"), "{}", alt.text);
        assert!(alt.text.contains("your exams next week"), "{}", alt.text);
        let b = alternative(FlagKind::Cheerleading, "I'm so overwhelmed about my exams next week.", &a);
        assert_ne!(alt.text, b.text);
    }

    #[test]
    fn works_without_emotion_or_phrase() {
        let alt = alternative(FlagKind::Detached, "ok", &Affect::neutral());
        assert_eq!(alt.label, "example");
        assert!(!alt.text.is_empty());
    }
}
