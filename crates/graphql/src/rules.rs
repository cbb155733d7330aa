//! The rule catalogue over GraphQL: every statutory rule with its sources, kind, Chinese key
//! phrase and the profiles that carry it.

use async_graphql::{Enum, Object};
use juece_core::rule_catalogue::{self, RuleEntry};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::rule_catalogue::RuleKind")]
/// The rule types of the catalogue's legend: HG, HG-O, REC, NOT, DL.
pub enum RuleKind {
    /// HG: the engine refuses the step.
    HardGuard,
    /// HG-O: refused unless an override with its reason is recorded.
    HardGuardWithOverride,
    /// REC: a record obligation.
    Record,
    /// NOT: a notice or publication obligation.
    Notice,
    /// DL: a deadline or timer.
    Deadline,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::rule_catalogue::Profile")]
/// A body of law a deployment is bound by.
pub enum RuleProfile {
    /// 国务院令第713号 and the other national instruments.
    National,
    /// National law plus the Shandong, Jinan and district instruments.
    Shandong,
}

/// A statutory rule of the catalogue.
pub struct Rule(pub &'static RuleEntry);

#[Object]
impl Rule {
    /// The catalogue id, e.g. R-10-7.
    async fn id(&self) -> &str {
        self.0.id
    }
    /// The instruments and articles it rests on, as the catalogue cites them.
    async fn sources(&self) -> Vec<&str> {
        self.0.sources.to_vec()
    }
    /// The procedure stage it applies to.
    async fn stage(&self) -> &str {
        self.0.stage
    }
    async fn kinds(&self) -> Vec<RuleKind> {
        self.0.kinds.iter().map(|k| (*k).into()).collect()
    }
    /// A qualifier of the kind ("role", "when flagged", …).
    async fn kind_note(&self) -> Option<&str> {
        self.0.kind_note
    }
    /// Not yet confirmed against an official text: a profile parameter, never a hard-coded guard.
    async fn unconfirmed(&self) -> bool {
        self.0.unconfirmed
    }
    async fn summary(&self) -> &str {
        self.0.summary_en
    }
    /// The provision's own words (the first quotation of its Chinese text).
    async fn key_phrase_zh(&self) -> &str {
        self.0.key_phrase_zh
    }
    async fn profiles(&self) -> Vec<RuleProfile> {
        self.0.profiles.iter().map(|p| (*p).into()).collect()
    }
}

/// The rules, optionally narrowed to a profile and a kind, in catalogue order.
pub fn list(profile: Option<RuleProfile>, kind: Option<RuleKind>) -> Vec<Rule> {
    rule_catalogue::RULES
        .iter()
        .filter(|r| profile.is_none_or(|p| r.applies_to(p.into())))
        .filter(|r| kind.is_none_or(|k| r.has_kind(k.into())))
        .map(Rule)
        .collect()
}
