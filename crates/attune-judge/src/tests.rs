use super::*;
use attune_core::{Role, Session, Turn};
use attune_text::Coder;
use proptest::prelude::*;

fn judge_pair(client: &str, response: &str) -> Judgement {
    let coder = Coder::bundled();
    let mut s = Session::new("t");
    if !client.is_empty() {
        s.turns.push(Turn::new(Role::Client, "client", client));
    }
    s.turns.push(Turn::new(Role::Therapist, "therapist", response));
    let coded = coder.code_session(&s);
    let last = s.turns.len() - 1;
    let aff = if client.is_empty() { None } else { coded.turns[0].affect.as_ref() };
    let input = JudgeInput { client, client_affect: aff, prior_attuned: false, response, coding: coded.turns[last].coding.as_ref() };
    JudgeModel::bundled().expect("bundled judge").judge(&input)
}

#[test]
fn model_round_trips() {
    let m = JudgeModel::bundled().expect("bundled judge");
    let again = JudgeModel::from_bytes(&m.to_bytes()).expect("reads back");
    assert_eq!(again.id, m.id);
    assert!(JudgeModel::from_bytes(b"ATTUNEJ1").is_err());
    assert!(JudgeModel::from_bytes(&m.to_bytes()[..200]).is_err());
}

#[test]
fn advice_over_plain_distress_is_misattuned() {
    let client = "Terrible. I sat in the car outside work for forty minutes and couldn't go in. I kept thinking I mess up everything I touch.";
    let fix = judge_pair(client, "Have you tried making a to-do list the night before? It can make mornings feel more manageable.");
    let meet = judge_pair(client, "Forty minutes in the car, frozen, with that voice telling you that you mess everything up. That sounds awful.");
    assert!(fix.flagged, "{fix:?}");
    assert!(!meet.flagged, "{meet:?}");
    assert!(meet.score() > fix.score());
}

#[test]
fn non_adherent_without_context() {
    let warn = judge_pair("", "You need to stop drinking right now before it ruins your life.");
    assert!(warn.flagged, "{warn:?}");
    let asked = judge_pair("", "It sounds like part of you is worried about the drinking. What would you like to do about it?");
    assert!(!asked.flagged, "{asked:?}");
}

#[test]
fn advice_with_any_verb_is_read_without_context() {
    // verbs no phrase list names: the grammar (imperative, modal) carries the judgement
    for r in ["Phone your sister tonight and tell her everything.", "Drink more water and get to bed earlier.", "I'd recommend booking a doctor's appointment this week."] {
        let j = judge_pair("", r);
        assert!(j.flagged, "{r}: {j:?}");
    }
    let reflect = judge_pair("", "You've been carrying this on your own for a long time.");
    assert!(!reflect.flagged, "{reflect:?}");
}

#[test]
fn unasked_advice_is_non_adherent_without_context_whatever_the_weights_say() {
    for r in ["If I were you, I would hand in my notice.", "Your best bet is to say sorry first.", "It would be a good idea to see your GP about the headaches."] {
        let j = judge_pair("", r);
        assert!(j.flagged && j.p_misattuned >= UNASKED_ADVICE_FLOOR, "{r}: {j:?}");
        assert_eq!(j.kind, MisKind::AdviceWithoutPermission, "{r}");
    }
    // however strict a retraining makes the no-context threshold, the floor still flags
    let coder = Coder::bundled();
    let mut strict = (*JudgeModel::bundled().expect("bundled judge")).clone();
    strict.flag_threshold_nc = 0.93;
    let r = "It would be a good idea to see your GP about the headaches.";
    let mut s = Session::new("t");
    s.turns.push(Turn::new(Role::Therapist, "therapist", r));
    let coded = coder.code_session(&s);
    let j = strict.judge(&JudgeInput { client: "", client_affect: None, prior_attuned: false, response: r, coding: coded.turns[0].coding.as_ref() });
    assert!(j.flagged && j.advice_floor && j.p_misattuned >= 0.93, "{j:?}");
    // asked first, left to the reader, or asked as a question: the weights decide
    assert!(!unasked_advice("Would it be okay if I shared an idea? You could try writing it down before bed."));
    assert!(!unasked_advice("It's completely up to you, but you should maybe talk to her."));
    assert!(!unasked_advice("Have you thought about talking to her?"));
}

#[test]
fn advice_is_not_named_confronting_or_pathologizing_without_words_of_that_kind() {
    for r in ["Have you thought about getting a dog?", "Maybe you can treat yourself to a walk after work."] {
        let j = judge_pair("", r);
        assert!(!matches!(j.kind, MisKind::Confronting | MisKind::Pathologizing), "{r}: {j:?}");
    }
    let input = |response| JudgeInput { client: "", client_affect: None, prior_attuned: false, response, coding: None };
    assert_eq!(kind_the_words_support(&input("You're being dramatic, just call her."), MisKind::Pathologizing), None);
    assert_eq!(kind_the_words_support(&input("That's your own fault. Apologise to him."), MisKind::Confronting), None);
    assert_eq!(kind_the_words_support(&input("Just call her."), MisKind::Minimizing), None);
}

#[test]
fn a_short_reply_without_advice_is_not_named_advice() {
    let input = |response| JudgeInput { client: "Um, withdrawal.", client_affect: None, prior_attuned: false, response, coding: None };
    let other = [MisKind::Detached, MisKind::Minimizing, MisKind::SubjectChange];
    assert_eq!(kind_the_words_support(&input("Mm."), MisKind::AdviceWithoutPermission), Some(&other[..]));
    assert_eq!(kind_the_words_support(&input("ok"), MisKind::PrematureFixing), Some(&other[..]));
    // a short reply that does advise keeps its name
    assert_eq!(kind_the_words_support(&input("You should quit."), MisKind::AdviceWithoutPermission), None);
    assert_eq!(kind_the_words_support(&input("Call your sponsor tonight."), MisKind::PrematureFixing), None);
    // and so does a longer one, whose advice the grammar may not see
    assert_eq!(kind_the_words_support(&input("Withdrawal is the body adjusting to the absence of nicotine."), MisKind::PrematureFixing), None);
    let j = judge_pair("Um, withdrawal.", "Mm.");
    assert!(!matches!(j.kind, MisKind::AdviceWithoutPermission | MisKind::PrematureFixing), "{j:?}");
}

#[test]
fn kinds_parse() {
    for k in MisKind::ALL {
        assert_eq!(k.as_str().parse::<MisKind>(), Ok(k));
    }
    assert_eq!("false reassurance".parse::<MisKind>(), Ok(MisKind::Cheerleading));
    assert!("nonsense".parse::<MisKind>().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha, ..ProptestConfig::default() })]
    #[test]
    fn judgement_is_a_probability(client in "\\PC{0,80}", response in "\\PC{0,120}") {
        let j = judge_pair(&client, &response);
        prop_assert!((0.0..=1.0).contains(&j.p_misattuned));
        prop_assert!((0.0..=100.0).contains(&j.score()));
    }
}

#[test]
fn a_spoken_validation_as_a_ramp_to_a_plan_is_read_through_its_hesitations() {
    // my own wording: a brief validation, then a plan, with and without the hesitations of speech
    let client = "Since the crash I haven't slept more than a couple of hours. Every time I close my eyes I see the lorry coming at me.";
    let spoken = judge_pair(client, "Right, okay. That sounds really scary. So, um, one thing we could try straight away is a wind-down routine, no phone after ten, same bedtime every night. Shall we write that down?");
    let written = judge_pair(client, "That sounds really scary. One thing we could try straight away is a wind-down routine, no phone after ten, same bedtime every night. Shall we write that down?");
    assert!(written.flagged, "{written:?}");
    assert!(spoken.flagged, "the hesitations do not make the same fix attuned: {spoken:?}");
    // and a spoken reflection that stays with the client is not flagged for its hesitations
    let stays = judge_pair(client, "Mm. So, um, the nights are when it comes back, the lorry, right there as soon as you shut your eyes.");
    assert!(!stays.flagged, "{stays:?}");
}

#[test]
fn the_listeners_own_story_after_a_warm_opening_is_a_feature() {
    let names = |response: &str| {
        let input = JudgeInput { client: "My brother stopped speaking to me after I told him I'd left the church.", client_affect: None, prior_attuned: false, response, coding: None };
        let mut sink = attune_text::features::NameSink::default();
        judge_features(&input, &mut sink);
        sink.feats.into_iter().map(|f| f.1).collect::<Vec<_>>()
    };
    let story = names("That sounds so painful. When I left my own faith, my mother didn't call me for a year, and I spent every Christmas on my own.");
    assert!(story.iter().any(|n| n == "tail_self"), "{story:?}");
    let back = names("That sounds so painful. What has the silence from your brother been like for you?");
    assert!(!back.iter().any(|n| n == "tail_self"), "{back:?}");
}

/// The judge's features of a reply to a client turn, by name, without the coder's reading.
fn feature_names(client: &str, response: &str) -> Vec<(String, f32)> {
    let mut sink = attune_text::features::NameSink::default();
    let input = JudgeInput { client, client_affect: None, prior_attuned: false, response, coding: None };
    judge_features(&input, &mut sink);
    let mut v: Vec<(String, f32)> = sink.feats.into_iter().map(|(_, n, x)| (n, x)).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    v
}

#[test]
fn how_a_reply_is_typed_does_not_change_what_the_judge_reads() {
    let client = "My dad has stopped recognising me.";
    let body = "That's so painful. I'm sorry you don't get to be his daughter right now. Have you tried a photo album?";
    // a letter's salutation and sign-off (rewriting the studied vignettes this way had lost 116 of 2,639 flags)
    assert_eq!(feature_names(client, &format!("Hi there,\n\n{body}\n\nTake care,\nSam")), feature_names(client, body));
    // chat spellings, in the reply and in the client's turn
    let chat = "That's so painful. Im sorry u dont get to be his daughter right now. Have you tried a photo album?";
    assert_eq!(feature_names(client, chat), feature_names(client, body));
    assert_eq!(feature_names("ppl keep leaving me", "People leave, and it hurts."), feature_names("people keep leaving me", "People leave, and it hurts."));
}
