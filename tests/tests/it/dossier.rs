//! The decision dossier (归档, R-14-1): both real 2022 items of 市中区, taken to execution, export
//! a dossier that is the same bytes every time, that verifies offline under the deployment's key
//! and no other, that lists every document the walk produced, and that fails verification when
//! any single byte of it changes. Only the roles that archive or audit the item's own government
//! export it, and no input, however malformed, makes the offline check panic.

use crate::decision::{People, at, items_2022, ok, opinion, to_execution, to_legality};
use juece_core::audit::signing_key;
use juece_core::authz::{Principal, Role};
use juece_engine::archive::{DossierError, verify_dossier};
use juece_tests::{World, test_signing_key};
use serde_json::json;
use std::time::Instant;
use uuid::Uuid;

/// Takes both 2022 items of 市中区 to EXECUTING as `decision::both_2022_items_walk_from_the_catalogue_to_publication`
/// does: the first with participation only and returned once for supplement, the second with the
/// risk assessment, the fair competition review and the coordination. Returns their ids in
/// catalogue order.
pub(crate) async fn both_2022_items_executing(w: &World) -> Vec<Uuid> {
    let p = People::of(w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let fgj = w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await;
    let items = items_2022(w).await;

    let first = to_legality(w, &p, &jtj, &items[0], &[]).await;
    at(w, 2026, 11, 26);
    let missing = ["上位法依据的适用说明", "公众意见采纳情况的说明"];
    let returned =
        ok(w, &p.justice, "returnForSupplement", &first, json!({ "returnedOn": "2026-11-26", "missing": missing }))
            .await;
    assert_eq!(returned, "RETURNED_FOR_SUPPLEMENT");
    at(w, 2026, 11, 27);
    let supplied = json!({ "resubmittedOn": "2026-11-27", "requestedOpinionBy": "2026-12-08",
                           "supplements": [{ "missing": missing[0], "supplied": "已补充第三条适用说明" },
                                           { "missing": missing[1], "supplied": "已补充公众意见采纳情况" }] });
    assert_eq!(ok(w, &jtj, "resubmitForLegalityReview", &first, supplied).await, "LEGALITY_SUBMITTED");
    at(w, 2026, 12, 2);
    let legal = opinion("2026-12-02", "LEGAL", "COMPLIES", true);
    assert_eq!(ok(w, &p.justice, "issueLegalityOpinion", &first, legal.clone()).await, "LEGALITY_REVIEWED");
    let lead = items[0]["sponsor"]["id"].as_str().expect("sponsor id").to_owned();
    to_execution(w, &p, &jtj, &first, "市中政发〔2026〕20号", &lead).await;

    let second =
        to_legality(w, &p, &fgj, &items[1], &["RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW", "COORDINATION"]).await;
    at(w, 2026, 12, 2);
    assert_eq!(ok(w, &p.justice, "issueLegalityOpinion", &second, legal).await, "LEGALITY_REVIEWED");
    let lead = items[1]["sponsor"]["id"].as_str().expect("sponsor id").to_owned();
    to_execution(w, &p, &fgj, &second, "市中政发〔2026〕21号", &lead).await;

    [first, second].iter().map(|id| Uuid::parse_str(id).expect("item id")).collect()
}

/// The 2022 items as seeded (in the catalogue, not started), without a walk.
async fn seeded_item(w: &World) -> Uuid {
    let items = items_2022(w).await;
    Uuid::parse_str(items[0]["id"].as_str().expect("id")).expect("item id")
}

#[tokio::test]
async fn both_2022_items_export_dossiers_that_verify_offline_under_the_deployment_key_only() {
    let w = World::seeded().await;
    let ids = both_2022_items_executing(&w).await;
    let auditor = w.user("370103", None, &[Role::Auditor]).await;
    let trusted = test_signing_key().verifying_key();
    let stranger = signing_key(&[0x07; 32]).verifying_key();

    let mut first_exports = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let d = w.engine.export_dossier(&auditor.principal, *id).await.expect("dossier exports");
        assert_eq!(d.file_name, format!("dossier-370103-2022-{}-{id}.zip", n + 1));
        assert_eq!(d.sha256, juece_core::audit::sha256_hex(&d.bytes));
        // The same record gives the same bytes.
        let again = w.engine.export_dossier(&auditor.principal, *id).await.expect("dossier exports again");
        assert_eq!(again.bytes, d.bytes, "two exports of item {n} differ");

        let r = verify_dossier(&d.bytes, Some(&trusted)).expect("the dossier verifies under the deployment key");
        assert_eq!(r.item_id, *id);
        assert_eq!(r.government_code, "370103");
        assert_eq!(r.state, "EXECUTING");
        assert!(r.key_trusted);
        assert_eq!(r.events, u64::try_from(r.head_seq).expect("positive head"));
        assert_eq!(r.key_id, juece_core::audit::key_id(&trusted));
        assert!(r.checkpoint_seq >= 1);
        // Without a trusted key it is whole, but says it was not compared.
        assert!(!verify_dossier(&d.bytes, None).expect("whole").key_trusted);
        // Under another key it is refused.
        match verify_dossier(&d.bytes, Some(&stranger)) {
            Err(DossierError::UntrustedKey { .. }) => {}
            other => panic!("another key must be refused: {other:?}"),
        }

        // Every document the walk produced is listed, and nothing else than the dossier's files.
        let mut kinds = vec!["DRAFT", "LEGALITY_PACKAGE", "LEGALITY_OPINION", "AGENDA_ENTRY", "MINUTES"];
        kinds.extend(["SIGNED_DECISION", "PARTY_REPORT", "PUBLICATION", "EXECUTION_ASSIGNMENT", "CONSULTATION_PLAN"]);
        kinds.extend(["COMMENT_NOTICE", "OPINION_REGISTER", "START_DECISION"]);
        if n == 0 {
            kinds.push("RETURN_NOTICE");
        } else {
            kinds.extend(["RISK_REPORT", "FAIR_COMPETITION_REVIEW", "COORDINATION_RECORD"]);
        }
        for k in kinds {
            assert!(
                r.files.iter().any(|f| f.starts_with(&format!("artefacts/{k}-v"))),
                "{k} missing from {:?}",
                r.files
            );
        }
        let documents = r.files.iter().filter(|f| f.starts_with("artefacts/")).count() as u64;
        assert_eq!(documents, r.artefacts);
        for f in ["README.txt", "checkpoint.json", "events.jsonl", "procedure-statement.json"] {
            assert!(r.files.iter().any(|x| x == f), "{f} missing from {:?}", r.files);
        }
        eprintln!(
            "dossier of item {n}: {} bytes, {} events, {} documents, checkpoint {}",
            d.bytes.len(),
            r.events,
            r.artefacts,
            r.checkpoint_seq
        );
        first_exports.push(d);
    }

    // A later checkpoint over other records changes nothing: the dossier keeps naming the first
    // checkpoint that holds the item's head.
    w.user("370103", None, &[Role::Auditor]).await;
    w.engine.sign_checkpoint(&Principal::system("test"), false).await.expect("a later checkpoint");
    for (id, first) in ids.iter().zip(&first_exports) {
        let d = w.engine.export_dossier(&auditor.principal, *id).await.expect("dossier exports");
        assert_eq!(d.bytes, first.bytes, "a later checkpoint changed the dossier of {id}");
    }
}

#[tokio::test]
async fn every_flipped_byte_of_a_dossier_fails_verification() {
    let w = World::seeded().await;
    let ids = both_2022_items_executing(&w).await;
    let d = w.engine.export_dossier(&Principal::system("test"), ids[1]).await.expect("dossier exports");
    let trusted = test_signing_key().verifying_key();
    verify_dossier(&d.bytes, Some(&trusted)).expect("the untouched dossier verifies");

    // Every position, split over the machine's cores: the check is a pure function of the bytes.
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = d.bytes.len().div_ceil(threads);
    let kinds: Vec<std::collections::BTreeMap<&'static str, usize>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (original, trusted) = (&d.bytes, &trusted);
                s.spawn(move || {
                    let mut kinds = std::collections::BTreeMap::<&'static str, usize>::new();
                    let mut bytes = original.clone();
                    for i in (t * chunk)..((t + 1) * chunk).min(bytes.len()) {
                        bytes[i] ^= 0x01;
                        match verify_dossier(&bytes, Some(trusted)) {
                            Ok(r) => panic!("flipping byte {i} of {} went unnoticed: {r:?}", bytes.len()),
                            Err(e) => *kinds.entry(kind(&e)).or_default() += 1,
                        }
                        bytes[i] ^= 0x01;
                    }
                    kinds
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("a worker finished")).collect()
    });
    let mut total = std::collections::BTreeMap::<&'static str, usize>::new();
    for (k, n) in kinds.into_iter().flatten() {
        *total.entry(k).or_default() += n;
    }
    assert_eq!(total.values().sum::<usize>(), d.bytes.len());
    eprintln!(
        "flipped each of the {} bytes of a dossier in turn ({threads} threads): every flip refused, in {:.2?} ({total:?})",
        d.bytes.len(),
        started.elapsed()
    );
}

fn kind(e: &DossierError) -> &'static str {
    match e {
        DossierError::NotAZip { .. } => "not a zip",
        DossierError::UnexpectedEntry { .. } => "unexpected entry",
        DossierError::DuplicateEntry { .. } => "duplicate entry",
        DossierError::MissingEntry { .. } => "missing entry",
        DossierError::Container { .. } => "container",
        DossierError::Unreadable { .. } => "unreadable",
        DossierError::NotCanonical { .. } => "not canonical",
        DossierError::FileMismatch { .. } => "file mismatch",
        DossierError::BadSignature { .. } => "bad signature",
        DossierError::UntrustedKey { .. } => "untrusted key",
        DossierError::Trail { .. } => "trail",
        DossierError::Inconsistent { .. } => "inconsistent",
        DossierError::NotIncluded { .. } => "not included",
    }
}

#[tokio::test]
async fn only_the_archiving_roles_of_the_items_government_export_its_dossier() {
    let w = World::seeded().await;
    let id = seeded_item(&w).await;
    let code = |r: Result<_, juece_engine::EngineError>| r.err().map(|e| e.code());

    let sponsor = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let other_auditor = w.user("370114", None, &[Role::Auditor]).await;
    for u in [&sponsor, &head, &other_auditor] {
        assert_eq!(code(w.engine.export_dossier(&u.principal, id).await), Some("FORBIDDEN"), "{}", u.username);
    }
    assert_eq!(code(w.engine.export_dossier(&Principal::Anonymous, id).await), Some("UNAUTHENTICATED"));
    assert_eq!(code(w.engine.export_dossier(&Principal::system("test"), Uuid::now_v7()).await), Some("NOT_FOUND"));
    // A refusal signs nothing.
    assert!(w.engine.latest_checkpoint().await.expect("read").is_none());

    let trusted = test_signing_key().verifying_key();
    for role in [Role::Auditor, Role::GovOffice, Role::Justice] {
        let u = w.user("370103", None, &[role]).await;
        let d = w.engine.export_dossier(&u.principal, id).await.expect("an archiving role exports");
        let r = verify_dossier(&d.bytes, Some(&trusted)).expect("verifies");
        assert_eq!(r.state, "IN_CATALOGUE");
    }

    // A deployment without a signing key cannot sign a dossier.
    let unkeyed = juece_engine::Engine::new(w.db.store.clone(), w.engine.clock().clone());
    assert_eq!(code(unkeyed.export_dossier(&Principal::system("test"), id).await), Some("UNAVAILABLE"));
}

#[tokio::test]
async fn garbage_truncated_and_padded_files_are_refused_without_panicking() {
    let w = World::seeded().await;
    let id = seeded_item(&w).await;
    let d = w.engine.export_dossier(&Principal::system("test"), id).await.expect("dossier exports");
    let trusted = test_signing_key().verifying_key();

    // Pseudo-random bytes from a fixed seed, of many lengths, some starting like a zip.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for len in [0usize, 1, 3, 4, 21, 22, 30, 46, 100, 1000, 65_536] {
        for zip_like in [false, true] {
            let mut bytes: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
            if zip_like && len >= 4 {
                bytes[..4].copy_from_slice(b"PK\x03\x04");
            }
            assert!(verify_dossier(&bytes, Some(&trusted)).is_err(), "{len} random bytes accepted");
        }
    }
    // Every truncation of a real dossier.
    let started = Instant::now();
    for len in 0..d.bytes.len() {
        assert!(verify_dossier(&d.bytes[..len], None).is_err(), "truncated to {len} bytes, still accepted");
    }
    eprintln!("every one of {} truncations refused in {:.2?}", d.bytes.len(), started.elapsed());
    // Bytes before or after the zip.
    let mut padded = d.bytes.clone();
    padded.push(0);
    assert!(matches!(verify_dossier(&padded, None), Err(DossierError::Container { .. })));
    let mut prefixed = b"MZ".to_vec();
    prefixed.extend_from_slice(&d.bytes);
    assert!(matches!(verify_dossier(&prefixed, None), Err(DossierError::NotAZip { .. })));
    // The reason reads in both languages.
    let e = verify_dossier(b"not a zip", None).expect_err("refused");
    assert!(e.zh().contains("ZIP") && e.en().contains("zip"), "{e}");
}

/// The dossier over GraphQL is the same file the command line writes, and verifies offline.
#[tokio::test]
async fn the_dossier_is_fetched_over_graphql_as_the_same_bytes() {
    use base64::Engine as _;
    let w = World::seeded().await;
    let id = seeded_item(&w).await;
    let q = "query($id: ID!) { itemDossier(itemId: $id) { fileName sha256 size contentBase64 } }";
    let auditor = w.user("370103", None, &[Role::Auditor]).await;
    let d = w.ok_as(&auditor, q, json!({ "id": id.to_string() })).await;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(d["itemDossier"]["contentBase64"].as_str().expect("content"))
        .expect("base64");
    let direct = w.engine.export_dossier(&Principal::system("test"), id).await.expect("export");
    assert_eq!(bytes, direct.bytes);
    assert_eq!(d["itemDossier"]["sha256"], direct.sha256);
    assert_eq!(d["itemDossier"]["size"], bytes.len());
    assert_eq!(d["itemDossier"]["fileName"], direct.file_name);
    verify_dossier(&bytes, Some(&test_signing_key().verifying_key())).expect("verifies offline");

    let r = w.gql_as(&Principal::Anonymous, None, q, json!({ "id": id.to_string() })).await;
    assert_eq!(juece_tests::code(&r["errors"][0]), "UNAUTHENTICATED", "{r}");
    let e = w.err_as(&auditor, "query { itemDossier(itemId: \"nope\") { size } }", json!({})).await;
    assert_eq!(juece_tests::code(&e), "BAD_USER_INPUT", "{e}");
}
