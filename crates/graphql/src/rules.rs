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

/// One version of a rule profile: the parameters its guards read.
pub struct ProfileVersionGql(pub &'static juece_core::profile::ProfileVersion);

#[Object(name = "RuleProfileVersion")]
impl ProfileVersionGql {
    async fn profile(&self) -> RuleProfile {
        self.0.profile.into()
    }
    /// The label items are pinned to, e.g. SHANDONG-2025-10-01.
    async fn version(&self) -> &str {
        self.0.version
    }
    async fn in_force_from(&self) -> crate::calendar::Date {
        crate::calendar::Date(self.0.in_force_from)
    }
    /// The instruments this version rests on.
    async fn basis(&self) -> &str {
        self.0.basis
    }
    /// R-05-5: least public comment period in calendar days without a published shortening reason.
    async fn comment_min_days(&self) -> u32 {
        self.0.params.comment_min_days
    }
    /// R-05-2: a public comment round is required.
    async fn public_comment_mandatory(&self) -> bool {
        self.0.params.public_comment_mandatory
    }
    /// R-06-4: stakeholders' least share of hearing participants, e.g. "1/2".
    async fn hearing_stakeholder_min_share(&self) -> Option<String> {
        self.0.params.hearing_stakeholder_min_share.map(|(n, d)| format!("{n}/{d}"))
    }
    /// R-06-5: days before a hearing its materials are delivered.
    async fn hearing_materials_min_days(&self) -> u32 {
        self.0.params.hearing_materials_min_days
    }
    /// §3.5: count those days with a full 7 days in between.
    async fn hearing_materials_conservative(&self) -> bool {
        self.0.params.hearing_materials_conservative
    }
    /// R-07-7 (unconfirmed): fewest experts on a panel.
    async fn expert_panel_min(&self) -> u32 {
        self.0.params.expert_panel_min
    }
    /// R-10-4: working days given to the legality reviewer.
    async fn legality_review_min_working_days(&self) -> u32 {
        self.0.params.legality_review_min_working_days
    }
    /// R-10-3 (unconfirmed): resubmission restarts the review clock.
    async fn legality_clock_restarts_on_resubmission(&self) -> bool {
        self.0.params.legality_clock_restarts_on_resubmission
    }
    /// R-13-2: working days within which a decision is published.
    async fn publication_max_working_days(&self) -> u32 {
        self.0.params.publication_max_working_days
    }
    /// R-02-4: month and day by which the catalogue is published, e.g. "06-30".
    async fn catalogue_publication_deadline(&self) -> Option<String> {
        self.0.params.catalogue_publication_deadline.map(|(m, d)| format!("{m:02}-{d:02}"))
    }
    /// R-02-6 (unconfirmed): an adjustment needs the party committee's consent again.
    async fn adjustment_needs_party_consent(&self) -> bool {
        self.0.params.adjustment_needs_party_consent
    }
    /// R-03-1 (unconfirmed): approving the catalogue starts its items' procedure.
    async fn catalogue_approval_starts_procedure(&self) -> bool {
        self.0.params.catalogue_approval_starts_procedure
    }
}
