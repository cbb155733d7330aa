//! The main-line transition table: every state is reachable, the roles come from the permission
//! table, and the shape is the one §2.3 draws.

use juece_core::ItemState;
use juece_core::authz::permission;
use juece_core::procedure::{MAIN_LINE, is_terminal, render_mermaid, transition, transitions_from};
use std::collections::BTreeSet;

#[test]
fn every_state_is_reachable_from_proposed() {
    let mut seen = BTreeSet::from([ItemState::Proposed.as_str()]);
    let mut frontier = vec![ItemState::Proposed];
    while let Some(s) = frontier.pop() {
        for t in transitions_from(s) {
            if seen.insert(t.to.as_str()) {
                frontier.push(t.to);
            }
        }
    }
    let all: BTreeSet<_> = ItemState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(seen, all);
}

#[test]
fn ids_are_unique_and_every_step_has_someone_to_take_it() {
    let ids: BTreeSet<_> = MAIN_LINE.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), MAIN_LINE.len());
    for t in MAIN_LINE {
        assert!(!permission(t.op).roles.is_empty(), "{} has no role", t.id);
        // T21 alone leaves the decision where it is: it makes the child item that carries the
        // adjustment through the procedure again (R-17-3).
        assert!(!t.from.is_empty() && (t.id == "T21" || !t.from.contains(&t.to)), "{} loops onto itself", t.id);
        for g in t.guards {
            assert!(g.starts_with("R-") && g.len() == 6, "{} names a malformed rule id {g}", t.id);
        }
    }
}

#[test]
fn the_shape_of_section_2_3() {
    let to = |id: &str| transition(id).map(|t| t.to);
    assert_eq!(to("T9"), Some(ItemState::LegalityReviewed));
    assert_eq!(to("T10"), Some(ItemState::Drafting), "a NOT_LEGAL opinion sends the draft back");
    assert_eq!(to("T12-RETURN"), Some(ItemState::Drafting));
    assert_eq!(to("T12-DEFER"), Some(ItemState::ReadyForMeeting));
    // Legality review, the meeting and the party report cannot be skipped: no step jumps them.
    for t in MAIN_LINE {
        if t.to == ItemState::ReadyForMeeting {
            assert!(t.from.iter().all(|s| matches!(s, ItemState::LegalityReviewed | ItemState::Discussed)), "{}", t.id);
        }
        if t.to == ItemState::Decided {
            assert_eq!(t.from, [ItemState::Discussed]);
        }
        if matches!(t.to, ItemState::Published | ItemState::PublicationExempt) {
            assert_eq!(t.from, [ItemState::PartyReported]);
        }
    }
    // Withdrawal is open only before the decision (R-02-6).
    let w = transition("WITHDRAW").expect("row");
    assert!(!w.from.contains(&ItemState::Decided) && !w.from.contains(&ItemState::Published));
    for s in [ItemState::ClosedRejected, ItemState::Withdrawn] {
        assert!(is_terminal(s), "{s} accepts nothing");
    }
}

#[test]
fn the_diagram_draws_every_row() {
    let m = render_mermaid();
    assert!(m.starts_with("stateDiagram-v2\n"));
    for t in MAIN_LINE.iter().filter(|t| t.id != "WITHDRAW") {
        assert!(m.contains(&format!(": {} ", t.id)), "{} missing", t.id);
    }
}
