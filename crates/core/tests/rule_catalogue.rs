//! The rule catalogue as data: complete, in document order, well-formed, and covering every rule id
//! the transition table and the refusal constants cite.

use juece_core::procedure::MAIN_LINE;
use juece_core::rule_catalogue::{Profile, RULES, RuleKind, rule, rules_for};
use juece_core::rules::{R_01_2, R_02_3, R_02_6, R_02_7};
use std::collections::BTreeSet;

/// The number of rules in §1 of `procedure-rules.md`, counted with
/// `awk '/^## 1\./{f=1} /^## 2\./{f=0} f' procedure-rules.md | grep -c '^\*\*R-'`
/// (every `**R-` heading between "## 1. Machine-checkable rules" and "## 2."). Update it, and RULES,
/// when the catalogue gains or loses a rule.
const RULES_IN_SECTION_1: usize = 99;

/// The guard ids of `procedure.rs` (MAIN_LINE), as read when the catalogue was transcribed. The test
/// below also walks MAIN_LINE itself, so that a guard added later is checked too.
const PROCEDURE_GUARD_IDS: &[&str] = &[
    "R-01-2", "R-01-3", "R-01-4", "R-01-6", "R-02-3", "R-02-6", "R-03-1", "R-03-2", "R-04-1", "R-04-4", "R-05-1",
    "R-05-5", "R-05-8", "R-06-3", "R-06-5", "R-06-6", "R-07-3", "R-07-4", "R-08-3", "R-08-4", "R-09-1", "R-09-5",
    "R-10-1", "R-10-2", "R-10-3", "R-10-4", "R-10-5", "R-10-6", "R-10-7", "R-10-8", "R-11-1", "R-11-2", "R-11-3",
    "R-11-4", "R-11-5", "R-12-1", "R-13-1", "R-13-3", "R-13-4", "R-13-5", "R-15-1",
];

/// The ids of the `rules.rs` constants (R_01_2, R_02_3, R_02_6, R_02_7).
const RULES_RS_IDS: &[&str] = &["R-01-2", "R-02-3", "R-02-6", "R-02-7"];

/// `R-NN-M` as (NN, M), or None if the id is not of that shape.
fn parse_id(id: &str) -> Option<(u32, u32)> {
    let rest = id.strip_prefix("R-")?;
    let (nn, m) = rest.split_once('-')?;
    let well_formed = nn.len() == 2
        && nn.bytes().all(|b| b.is_ascii_digit())
        && !m.is_empty()
        && m.bytes().all(|b| b.is_ascii_digit())
        && !m.starts_with('0');
    if !well_formed {
        return None;
    }
    Some((nn.parse().ok()?, m.parse().ok()?))
}

#[test]
fn the_catalogue_has_every_rule_of_section_1() {
    assert_eq!(RULES.len(), RULES_IN_SECTION_1);
}

#[test]
fn ids_are_unique_well_formed_and_in_document_order() {
    let ids: BTreeSet<_> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), RULES.len(), "duplicate ids");

    // The document numbers and, within each, from 1 without gaps, so document order is
    // exactly this sequence.
    let mut prev = (1, 0);
    for r in RULES {
        let (nn, m) = parse_id(r.id).unwrap_or_else(|| panic!("{} is not R-NN-M", r.id));
        let next_in_section = (prev.0, prev.1 + 1);
        let next_section = (prev.0 + 1, 1);
        assert!(
            (nn, m) == next_in_section || (nn, m) == next_section,
            "{} does not follow R-{:02}-{}",
            r.id,
            prev.0,
            prev.1
        );
        prev = (nn, m);
    }
    assert_eq!(prev, (18, 6), "the catalogue ends with R-18-6");
}

#[test]
fn every_rule_has_a_kind_a_profile_a_source_and_a_summary() {
    for r in RULES {
        assert!(!r.kinds.is_empty(), "{} has no kind", r.id);
        assert!(!r.profiles.is_empty(), "{} has no profile", r.id);
        assert!(!r.sources.is_empty(), "{} has no source", r.id);
        assert!(!r.summary_en.trim().is_empty(), "{} has no summary", r.id);
        let kinds: BTreeSet<_> = r.kinds.iter().map(|k| k.as_str()).collect();
        assert_eq!(kinds.len(), r.kinds.len(), "{} repeats a kind", r.id);
        assert!(
            !r.key_phrase_zh.contains(['「', '」']) && r.key_phrase_zh.trim() == r.key_phrase_zh,
            "{}: the key phrase is stored without its quotation marks",
            r.id
        );
        if let Some(note) = r.kind_note {
            assert!(!note.trim().is_empty(), "{} has an empty kind note", r.id);
        }
    }
}

/// The leading instrument code of a source as written ("SD-PP (from …)" → "SD-PP").
fn source_code(source: &str) -> &str {
    source.split([' ', '(']).next().unwrap_or(source)
}

#[test]
fn profiles_follow_from_the_sources() {
    const NATIONAL: &[&str] = &["N", "FCR", "OGI", "HOL", "WT", "CIV"];
    // Shandong, Jinan and 市中区 codes of §0, and the local documents some headings cite by name.
    const LOCAL: &[&str] =
        &["SD", "SD-PP", "SD-PE", "SD-CAT", "SD-ARC", "JN", "SZ", "省司法厅", "鲁政发〔2021〕9号", "市中区", "Seed"];
    for r in RULES {
        let codes: Vec<_> = r.sources.iter().map(|s| source_code(s)).collect();
        for c in &codes {
            assert!(NATIONAL.contains(c) || LOCAL.contains(c) || *c == "[U]", "{}: unknown source code {c}", r.id);
        }
        let national = codes.iter().any(|c| NATIONAL.contains(c));
        let unsourced = codes.iter().all(|c| *c == "[U]");
        let expected: &[Profile] =
            if national || unsourced { &[Profile::National, Profile::Shandong] } else { &[Profile::Shandong] };
        assert_eq!(r.profiles, expected, "{}", r.id);
        if unsourced {
            assert!(r.unconfirmed, "{} has no source but is not marked [U]", r.id);
        }
    }
    assert!(rules_for(Profile::National).all(|r| r.applies_to(Profile::Shandong)), "Shandong adds to national law");
    assert!(rules_for(Profile::Shandong).count() == RULES.len());
}

#[test]
fn every_rule_the_code_cites_is_in_the_catalogue() {
    let missing: Vec<_> = PROCEDURE_GUARD_IDS.iter().chain(RULES_RS_IDS).filter(|id| rule(id).is_none()).collect();
    assert!(missing.is_empty(), "cited but not in the catalogue: {missing:?}");

    for t in MAIN_LINE {
        for id in t.guards {
            assert!(rule(id).is_some(), "{} guards on {id}, which the catalogue does not have", t.id);
        }
    }
    for c in [R_01_2, R_02_3, R_02_6, R_02_7] {
        assert!(rule(c.id).is_some(), "rules.rs cites {}, which the catalogue does not have", c.id);
    }
}

#[test]
fn lookup_finds_entries_by_id_only() {
    assert_eq!(rule("R-01-1").map(|r| r.id), Some("R-01-1"));
    assert_eq!(rule("R-18-6").map(|r| r.id), Some("R-18-6"));
    assert!(rule("R-19-1").is_none());
    assert!(rule("r-01-1").is_none());
    assert!(rule("").is_none());
}

#[test]
fn spot_check_r_10_7_unreviewed_drafts_do_not_reach_the_meeting() {
    let r = rule("R-10-7").expect("R-10-7");
    assert_eq!(r.sources, ["N art.25 ¶2"]);
    assert_eq!(r.stage, "LEGALITY → MEETING");
    assert_eq!(r.kinds, [RuleKind::HardGuard]);
    assert_eq!(r.kind_note, None);
    assert!(!r.unconfirmed);
    assert_eq!(r.key_phrase_zh, "决策草案未经合法性审查或者经审查不合法的，不得提交决策机关讨论");
    assert_eq!(r.profiles, [Profile::National, Profile::Shandong]);
}

#[test]
fn spot_check_r_05_5_comment_period_is_an_overridable_guard_and_a_deadline() {
    let r = rule("R-05-5").expect("R-05-5");
    assert_eq!(r.kinds, [RuleKind::HardGuardWithOverride, RuleKind::Deadline]);
    assert!(r.has_kind(RuleKind::HardGuardWithOverride) && !r.has_kind(RuleKind::HardGuard));
    assert_eq!(r.sources, ["N art.15 ¶1", "SD-PP"]);
    assert_eq!(
        r.key_phrase_zh,
        "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明"
    );
    assert!(r.applies_to(Profile::National));
}

#[test]
fn spot_check_r_01_2_seven_categories_bind_shandong_only() {
    let r = rule("R-01-2").expect("R-01-2");
    assert_eq!(r.kinds, [RuleKind::HardGuard]);
    assert_eq!(r.profiles, [Profile::Shandong]);
    assert!(!r.applies_to(Profile::National));
    assert_eq!(r.stage, "CATALOGUE / PROPOSAL");
    // The heading has no CN: line; its Chinese is the list of categories.
    assert_eq!(r.key_phrase_zh, "");
}

#[test]
fn spot_check_r_02_4_catalogue_published_by_30_june_in_shandong() {
    let r = rule("R-02-4").expect("R-02-4");
    assert_eq!(r.kinds, [RuleKind::Deadline, RuleKind::Notice]);
    assert_eq!(r.profiles, [Profile::Shandong]);
    assert_eq!(r.sources, ["SD-PP (from 2025-10-01)"]);
    assert!(r.key_phrase_zh.contains("应当于每年6月底前"));
}

#[test]
fn qualifiers_and_unconfirmed_rules() {
    assert_eq!(rule("R-02-1").and_then(|r| r.kind_note), Some("role"));
    assert_eq!(rule("R-01-4").and_then(|r| r.kind_note), Some("when flagged"));
    assert_eq!(rule("R-01-6").and_then(|r| r.kind_note), Some("Shandong"));
    assert_eq!(rule("R-02-2").map(|r| r.kinds), Some(&[RuleKind::Deadline, RuleKind::Record][..]));

    let unconfirmed: Vec<_> = RULES.iter().filter(|r| r.unconfirmed).map(|r| r.id).collect();
    assert_eq!(unconfirmed, ["R-07-7", "R-08-5", "R-11-7", "R-14-2", "R-17-4"]);
}

#[test]
fn kinds_and_profiles_serialize_as_their_codes() {
    let r = rule("R-10-4").expect("R-10-4");
    let json = serde_json::to_value(r).expect("serializes");
    assert_eq!(json["kinds"], serde_json::json!(["HG-O", "DL"]));
    assert_eq!(json["profiles"], serde_json::json!(["NATIONAL", "SHANDONG"]));
    assert_eq!(RuleKind::parse("REC"), Some(RuleKind::Record));
}
