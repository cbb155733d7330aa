//! The permission table and `authorize`, without a database: who may, who may not, and what the
//! audit trail will say about the one who did.

use juece_core::authz::{
    Denial, Operation, PERMISSIONS, Principal, Role, Target, UserPrincipal, authorize, permission,
};
use juece_core::{ActorKind, GovernmentCode};
use uuid::Uuid;

fn gov(code: &str) -> GovernmentCode {
    GovernmentCode::parse(code).expect("code")
}

const JTJ: Uuid = Uuid::from_u128(0x11);
const FGJ: Uuid = Uuid::from_u128(0x22);

fn user(code: &str, department: Option<Uuid>, roles: &[Role]) -> Principal {
    Principal::User(UserPrincipal {
        user_id: Uuid::from_u128(0x99),
        username: "zhang.san".into(),
        name: "张三".into(),
        government: gov(code),
        government_id: Uuid::from_u128(0x370103),
        department_id: department,
        roles: roles.to_vec(),
    })
}

fn forbidden(r: Result<juece_core::Actor, Denial>) -> bool {
    matches!(r, Err(Denial::Forbidden { .. }))
}

#[test]
fn every_operation_has_exactly_one_row_with_at_least_one_role() {
    for op in Operation::ALL {
        let rows: Vec<_> = PERMISSIONS.iter().filter(|p| p.op == *op).collect();
        assert_eq!(rows.len(), 1, "{op}");
        assert!(!rows[0].roles.is_empty() && !rows[0].basis.is_empty(), "{op}");
    }
    // Every role has something to do, except that ADMIN never touches the procedure.
    for role in Role::ALL {
        let ops: Vec<_> = PERMISSIONS.iter().filter(|p| p.roles.contains(role)).map(|p| p.op).collect();
        if *role == Role::Auditor {
            // An auditor reads, verifies and exports the record, and changes nothing.
            assert_eq!(
                ops,
                [
                    Operation::ReadSupervision,
                    Operation::ReadAuditTrail,
                    Operation::VerifyAuditTrail,
                    Operation::ExportDossier
                ]
            );
        } else if *role == Role::Admin {
            // Users and the integrity of the record; never a procedural step.
            assert_eq!(ops, [Operation::ManageUsers, Operation::VerifyAuditTrail, Operation::SignCheckpoint]);
        } else {
            assert!(!ops.is_empty(), "{role} has no operation");
        }
    }
}

#[test]
fn the_statute_names_who_acts() {
    // R-10-1: only the justice bureau issues the legality opinion.
    assert_eq!(permission(Operation::IssueLegalityOpinion).roles, [Role::Justice]);
    // R-17-2: only the head suspends execution.
    assert_eq!(permission(Operation::Suspend).roles, [Role::Head]);
    assert_eq!(permission(Operation::SignDecision).roles, [Role::Head]);
}

#[test]
fn the_public_must_sign_in() {
    let t = Target { government: &gov("370103"), sponsors: &[] };
    assert!(matches!(
        authorize(&Principal::Anonymous, Operation::CreateCatalogue, &t),
        Err(Denial::Unauthenticated { .. })
    ));
}

#[test]
fn another_decision_organ_is_out_of_reach_whatever_the_roles() {
    let all = user("370117", None, Role::ALL);
    for op in Operation::ALL {
        assert!(forbidden(authorize(&all, *op, &Target { government: &gov("370103"), sponsors: &[JTJ] })), "{op}");
    }
}

#[test]
fn a_sponsor_acts_on_its_own_items_only() {
    let jtj = user("370103", Some(JTJ), &[Role::Sponsor]);
    let g = gov("370103");
    assert!(authorize(&jtj, Operation::AmendCatalogueItem, &Target { government: &g, sponsors: &[JTJ] }).is_ok());
    assert!(forbidden(authorize(&jtj, Operation::AmendCatalogueItem, &Target { government: &g, sponsors: &[FGJ] })));
    // Handing the item to another department involves both: refused.
    assert!(forbidden(authorize(
        &jtj,
        Operation::AmendCatalogueItem,
        &Target { government: &g, sponsors: &[JTJ, FGJ] }
    )));
    // A sponsor without a department owns nothing.
    let nobody = user("370103", None, &[Role::Sponsor]);
    assert!(forbidden(authorize(&nobody, Operation::AmendCatalogueItem, &Target { government: &g, sponsors: &[JTJ] })));
    // Not a sponsor-scoped operation at all.
    assert!(forbidden(authorize(&jtj, Operation::CreateCatalogue, &Target { government: &g, sponsors: &[] })));
}

#[test]
fn the_actor_records_user_organisation_and_role_used() {
    let clerk = user("370103", Some(JTJ), &[Role::Auditor, Role::Sponsor, Role::Justice]);
    let a = authorize(&clerk, Operation::AmendCatalogueItem, &Target { government: &gov("370103"), sponsors: &[FGJ] })
        .expect("as JUSTICE");
    assert_eq!(a.kind, ActorKind::User);
    assert_eq!(a.role.as_deref(), Some("JUSTICE"), "the first role of the row that the user holds");
    assert_eq!(a.org, Some(format!("370103/{JTJ}")));
    assert_eq!(a.id, Uuid::from_u128(0x99).to_string());
    let sys = authorize(
        &Principal::system("seed"),
        Operation::RecordCataloguePublication,
        &Target { government: &gov("370103"), sponsors: &[] },
    )
    .expect("juece itself");
    assert_eq!((sys.kind, sys.role), (ActorKind::System, None));
}
