//! Redirecting: the listener steers the client's attention away from what they brought ("sometimes when home's
//! stressful it's good to have something else to focus on", "try to take your mind off it"). A change of subject
//! that gives its reason. A feature for the judge, which weighs it against the context: after a client asks for a
//! distraction ("can we talk about something else for a bit?") the same words follow the client.

use crate::rules::normalize;

const REDIRECT: &[&str] = &[
    "something else to focus on",
    "something else to think about",
    "take your mind off",
    "get your mind off",
    "keep your mind off",
    "think about something else",
    "focus on something else",
    "focus on other things",
    "distract yourself",
    "a good distraction",
    "something to distract",
    "keep yourself busy",
    "keep busy",
    "not dwell on",
    "don't dwell on",
    "try not to think about",
];

/// The phrase by which a listener's text steers the client away from their subject, if it does.
pub fn redirect(text: &str) -> Option<&'static str> {
    static PADDED: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| REDIRECT.iter().map(|p| format!(" {p} ")).collect());
    let n = normalize(text);
    PADDED
        .iter()
        .position(|p| n.contains(p.as_str()))
        .map(|k| REDIRECT[k])
}

#[cfg(test)]
mod tests {
    #[test]
    fn steering_away_is_found_and_staying_is_not() {
        assert_eq!(
            super::redirect("Sometimes it's good to have something else to focus on."),
            Some("something else to focus on")
        );
        assert_eq!(
            super::redirect("Maybe a film would take your mind off it?"),
            Some("take your mind off")
        );
        assert_eq!(
            super::redirect("What's it like, sitting with that every night?"),
            None
        );
    }
}
