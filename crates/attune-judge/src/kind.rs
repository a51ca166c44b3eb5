//! The kinds of misattunement (DESIGN.md § Misattunement and repair).

/// One kind of misattuned response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MisKind {
    PrematureFixing,
    AdviceWithoutPermission,
    Minimizing,
    Cheerleading,
    Reframing,
    SubjectChange,
    Detached,
    SelfFocus,
    Confronting,
    Pathologizing,
}

impl MisKind {
    pub const ALL: [MisKind; 10] = [
        MisKind::PrematureFixing,
        MisKind::AdviceWithoutPermission,
        MisKind::Minimizing,
        MisKind::Cheerleading,
        MisKind::Reframing,
        MisKind::SubjectChange,
        MisKind::Detached,
        MisKind::SelfFocus,
        MisKind::Confronting,
        MisKind::Pathologizing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MisKind::PrematureFixing => "premature_fixing",
            MisKind::AdviceWithoutPermission => "advice_without_permission",
            MisKind::Minimizing => "minimizing",
            MisKind::Cheerleading => "cheerleading",
            MisKind::Reframing => "reframing",
            MisKind::SubjectChange => "subject_change",
            MisKind::Detached => "detached",
            MisKind::SelfFocus => "self_focus",
            MisKind::Confronting => "confronting",
            MisKind::Pathologizing => "pathologizing",
        }
    }

    pub fn index(self) -> usize {
        MisKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// A plain-words description for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            MisKind::PrematureFixing => "moves to fix before the client's feeling has been met",
            MisKind::AdviceWithoutPermission => "gives advice or directions without asking permission",
            MisKind::Minimizing => "shrinks or dismisses the feeling",
            MisKind::Cheerleading => "reassures or cheers over the distress",
            MisKind::Reframing => "offers a silver lining before the pain has been heard",
            MisKind::SubjectChange => "takes up none of what the client said and opens another topic",
            MisKind::Detached => "answers feeling with facts or logistics only",
            MisKind::SelfFocus => "turns the talk to the listener's own story",
            MisKind::Confronting => "judges, blames, argues or defends",
            MisKind::Pathologizing => "labels the reaction as disorder or irrational",
        }
    }
}

impl std::str::FromStr for MisKind {
    type Err = String;
    fn from_str(s: &str) -> Result<MisKind, String> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match s.as_str() {
            "reframing_too_soon" | "reframe" => "reframing",
            "false_reassurance" | "reassurance" => "cheerleading",
            "judging" | "defensive" | "confronting_judging_defensive" | "confront" => "confronting",
            "informational" | "detached_informational" => "detached",
            "advice" | "advise_without_permission" => "advice_without_permission",
            "minimize" => "minimizing",
            other => other,
        };
        MisKind::ALL.iter().copied().find(|k| k.as_str() == alias).ok_or_else(|| format!("unknown misattunement kind `{s}`"))
    }
}

impl std::fmt::Display for MisKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
