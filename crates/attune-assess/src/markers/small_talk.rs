//! A letter after a miss that answers with the weather ("Thanks for writing back. It's rained here most of the week and
//! the exercise yard has been shut… They've put new lino down on the landing, grey…" from a woman in prison, after her
//! listener read her daughter's wedding, learned from a girl on the landing, as "the start of a new chapter"; sessions
//! fresh76, read once at the forty-fifth session's end). In a letter the weather is how a writer says nothing: of the
//! client letters of attune's own sets that talk of it after a labelled miss, every one is a labelled withdrawal, and
//! the others that name it (after an attuned turn) tell something through it ("the weather in Leeds, which he found
//! hilarious"). Only after a flagged turn, and only where the letter tells no feeling and asks nothing: what was hard
//! is left out, not answered.
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// The weather as a sentence's own topic, not as where something happened ("I walked home in the rain" tells).
const WEATHER_TALK: &[&str] = &[
    "the weather has", "the weather's", "the weather is", "the weather here", "weather has been", "weather has turned",
    "it's rained", "it has rained", "it rained", "it's been raining", "it has been raining", "it's raining", "it is raining",
    "a lot of rain", "lots of rain", "it's snowed", "it has snowed", "it's been snowing", "it has been snowing",
    "it's turned cold", "it has turned cold", "turned very cold", "it's been cold", "it has been cold", "it's been very wet",
    "it has been very wet", "it's been so wet",
];

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (a letter's body, `Prep::text`, may be one paragraph once its salutation and sign-off are set aside)
    if !c.after_miss || !c.p.raw.contains('\n') || c.p.text.contains('?') || crate::text::names_emotion(c.n) {
        return None;
    }
    c.n.first_of(WEATHER_TALK).map(|_| MarkerSubtype::TopicShift)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    const CLIENT: &str = "Dear Ruth,\n\nSomething happened this week. A girl on my landing told me my daughter got married in May. I didn't know. Nobody told me. My own sister must have been there.\n\nI don't know what I'm supposed to do with that so I'm writing it to you.\n\nDenise";
    const REFRAME: &str = "Dear Denise,\n\nI am so sorry you found out like that.\n\nI keep thinking, though, that there may be something hopeful folded into it. Perhaps this is the start of a new chapter for both of you rather than the end of one.\n\nRuth";

    #[test]
    fn a_letter_that_answers_a_miss_with_the_weather_withdraws() {
        let (flagged, m) = marker_after(CLIENT, REFRAME, "Dear Ruth,\n\nThanks for writing back. It's rained here most of the week and the yard has been shut. They've put new lino down on the landing.\n\nBest wishes,\nDenise");
        assert!(flagged, "the reframing letter is flagged");
        assert_eq!(m, Some(MarkerSubtype::TopicShift));
    }

    #[test]
    fn rain_where_something_happened_is_no_small_talk() {
        let (_, m) = marker_after(CLIENT, REFRAME, "Dear Ruth,\n\nI walked round the yard in the rain after your letter came. I kept thinking of her in that dress.\n\nDenise");
        assert_ne!(m, Some(MarkerSubtype::TopicShift));
    }
}
