//! A letter after a miss that answers with the weather ("Thanks for writing back. It's rained here most of the week and
//! the exercise yard has been shut… They've put new lino down on the landing, grey…" from a woman in prison, after her
//! listener read her daughter's wedding, learned from a girl on the landing, as "the start of a new chapter"; sessions
//! fresh76, read once at the forty-fifth session's end). In a letter the weather is how a writer says nothing: of the
//! client letters of attune's own sets that talk of it after a labelled miss, every one is a labelled withdrawal, and
//! the others that name it (after an attuned turn) tell something through it ("the weather in Leeds, which he found
//! hilarious"). Only after a flagged turn, and only where the letter tells no feeling and asks nothing: what was hard
//! is left out, not answered. The garden's news is read the same way (`GARDEN`), and a letter may come on one line,
//! known by its "Dear …".
use super::MarkerCtx;
use crate::types::MarkerSubtype;

/// Words of the weather.
const WEATHER: &[&str] = &["weather", "rain", "rained", "raining", "rainy", "snow", "snowed", "snowing", "frost", "frosty", "drizzle", "sunshine", "gales", "fog", "foggy",
    "windy", "heatwave",
];

/// The garden's news, told as a letter's topic ("The tomatoes have done well this year. The last of them are ripening on
/// the kitchen windowsill." after a pen pal called the client's nan happy in her care home; "The garden is coming on now
/// the weather has turned"; sessions fresh111, fresh104 and fresh108, studied from the forty-ninth session on: each of
/// the 5 client letters of attune's own sessions that tells it after a flagged miss is a labelled withdrawal), not a
/// place where something happened ("I went and sat out in the garden for ages in my coat"). (Not "roses" or "runner",
/// which are often someone's: "the roses she planted are out now", "my son's a runner".)
const GARDEN: &[&str] = &["garden", "tomatoes", "allotment", "lawn", "squirrels", "daffodils", "veg"];

/// Words of the weather that are also words of a body or a bond ("Mum's hands were cold", "the kids have had a cold",
/// "he's been freezing me out"): weather only said of the day ("It has been cold here. They say it might freeze
/// Thursday." from a man on death row after his listener's miss; sessions fresh77, read once at the forty-sixth
/// session's end).
const WEATHER_IF_SAID_OF_THE_DAY: &[&str] = &["cold", "freeze", "freezing", "storm", "storms"];

/// Words just before such a word that say it of the day ("it has been cold", "it's freezing", "it might freeze").
const OF_THE_DAY: &[&str] = &["been", "it's", "its", "it", "getting", "turned", "might", "could", "will", "bitterly", "so"];

/// A sentence whose topic is the weather ("It's rained here most of the week", "We have had a great deal of rain this
/// week"), not where something happened ("I walked home in the rain" tells: no weather after "in the" or "through
/// the", nor after an "I" in the same sentence). "It rained at the funeral" still reads as talk of the weather.
fn weather_talk(n: &crate::text::Norm) -> bool {
    let w = &n.words;
    w.iter().enumerate().any(|(i, x)| {
        let setting = i >= 2 && w[i - 1] == "the" && matches!(w[i - 2].as_str(), "in" | "through" | "into" | "under");
        let of_the_day = || {
            i >= 1 && OF_THE_DAY.contains(&w[i - 1].as_str()) && !w.get(i + 1).is_some_and(|y| matches!(y.as_str(), "me" | "him" | "her" | "them" | "us" | "out"))
        };
        let weather = WEATHER.contains(&x.as_str()) || GARDEN.contains(&x.as_str()) || (WEATHER_IF_SAID_OF_THE_DAY.contains(&x.as_str()) && of_the_day());
        weather && !setting && !w[..i].iter().any(|y| y == "i")
    })
}

pub(super) fn check(c: &MarkerCtx) -> Option<MarkerSubtype> {
    // (a letter's body, `Prep::text`, may be one paragraph once its salutation and sign-off are set aside)
    // (a letter may come on one line: "Dear Helen, We have had terrible gales this week. The Lochmaddy boat was off for two
    // days…" after a befriender's own story of her husband's death; sessions fresh104, studied from the forty-ninth
    // session on)
    let letter = c.p.raw.contains('\n') || c.p.raw.trim_start().starts_with("Dear ");
    if !c.quiet_after_miss() || !letter {
        return None;
    }
    c.sentences().iter().any(|(_, n)| weather_talk(n)).then_some(MarkerSubtype::TopicShift)
}

#[cfg(test)]
mod tests {
    use crate::tests::marker_after;
    use crate::types::MarkerSubtype;

    #[test]
    fn the_gardens_news_is_small_talk_and_a_garden_where_something_happened_is_not() {
        let talk = |s: &str| super::weather_talk(&crate::text::Norm::new(s));
        assert!(talk("The tomatoes have done well this year."));
        assert!(talk("The garden is coming on now."));
        assert!(!talk("Afterwards I went and sat out in the garden for ages in my coat."));
        assert!(!talk("The roses she planted are out now."));
    }

    const CLIENT: &str = "Dear Ruth,\n\nSomething happened this week. A girl on my landing told me my daughter got married in May. I didn't know. Nobody told me. My own sister must have been there.\n\nI don't know what I'm supposed to do with that so I'm writing it to you.\n\nDenise";
    const REFRAME: &str = "Dear Denise,\n\nI am so sorry you found out like that.\n\nI keep thinking, though, that there may be something hopeful folded into it. Perhaps this is the start of a new chapter for both of you rather than the end of one.\n\nRuth";

    #[test]
    fn a_letter_that_answers_a_miss_with_the_weather_withdraws() {
        let (flagged, m) = marker_after(CLIENT, REFRAME, "Dear Ruth,\n\nThanks for writing back. It's rained here most of the week and the yard has been shut. They've put new lino down on the landing.\n\nBest wishes,\nDenise");
        assert!(flagged, "the reframing letter is flagged");
        assert_eq!(m, Some(MarkerSubtype::TopicShift));
    }

    #[test]
    fn the_weather_as_a_topic_and_not_as_a_setting() {
        let talk = |s: &str| super::weather_talk(&crate::text::Norm::new(s));
        assert!(talk("We have had a great deal of rain this week and the garden has rather got away from me."));
        assert!(talk("The weather has turned here."));
        assert!(talk("It has been cold here. They say it might freeze Thursday."));
        assert!(!talk("Mum's hands were cold when we got there."));
        assert!(!talk("The kids have had a cold all week."));
        assert!(!talk("He's been freezing me out since Christmas."));
        assert!(!talk("I walked home in the rain and then phoned my sister."));
        assert!(!talk("She stood out in the rain for an hour."));
    }

    #[test]
    fn rain_where_something_happened_is_no_small_talk() {
        let (_, m) = marker_after(CLIENT, REFRAME, "Dear Ruth,\n\nI walked round the yard in the rain after your letter came. I kept thinking of her in that dress.\n\nDenise");
        assert_ne!(m, Some(MarkerSubtype::TopicShift));
    }
}
