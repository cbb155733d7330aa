//! The audit trail's pure functions: the event hash is frozen (a dossier verified years later must
//! hash the same), chains break where they are changed, Merkle proofs hold for every leaf of trees
//! of every small size and fail for any other leaf, and signatures verify under their key only.

use juece_core::audit::*;
use uuid::Uuid;

fn event(seq: i64, prev: &str) -> ChainedEvent {
    ChainedEvent {
        id: Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + seq as u128),
        stream_type: "ITEM".into(),
        stream_id: Uuid::from_u128(42),
        seq,
        government_id: Some(Uuid::from_u128(7)),
        event_type: "ItemStateChanged".into(),
        actor: EventActor {
            kind: "USER".into(),
            id: "u1".into(),
            name: "张三".into(),
            org: Some("370103".into()),
            role: Some("SPONSOR".into()),
        },
        occurred_at: "2026-11-22T10:00:00.000000Z".into(),
        rules: vec!["R-10-2".into()],
        overrides: vec![Override { rule: "R-10-4".into(), reason: "紧急".into() }],
        payload: serde_json::json!({ "b": 1, "a": [true, null, "文"] }),
        prev_hash: prev.into(),
    }
}

#[test]
fn the_event_hash_is_sha256_of_the_rfc8785_form_and_does_not_change() {
    let e = event(1, GENESIS);
    let canonical = String::from_utf8(canonical_json(&e)).expect("utf-8");
    // Keys sorted, no spaces, non-ASCII as is: RFC 8785.
    assert!(canonical.starts_with(r#"{"actor":{"id":"u1","kind":"USER","name":"张三","org":"370103","role":"SPONSOR"},"eventType":"ItemStateChanged""#), "{canonical}");
    assert!(canonical.contains(r#""payload":{"a":[true,null,"文"],"b":1}"#), "{canonical}");
    assert_eq!(e.hash(), sha256_hex(canonical.as_bytes()));
    // Frozen: changing the encoding would make every stored trail fail verification. The value
    // was checked independently with Python's `json.dumps(sort_keys=True, separators=(",", ":"),
    // ensure_ascii=False)`, which for this content is the same as RFC 8785.
    assert_eq!(e.hash(), "db9ec7ca32a5e421c615cbe47949a7633b7bba568786ddfe2a0e3b003f352eef");
}

#[test]
fn a_chain_verifies_and_breaks_where_it_is_changed() {
    let mut evs = Vec::new();
    let mut prev = GENESIS.to_owned();
    for seq in 1..=4 {
        let e = event(seq, &prev);
        prev = e.hash();
        evs.push((e, prev.clone()));
    }
    let pairs = |v: &[(ChainedEvent, String)]| v.iter().map(|(e, h)| (e.clone(), h.clone())).collect::<Vec<_>>();
    let run =
        |v: Vec<(ChainedEvent, String)>| verify_stream(Uuid::from_u128(42), v.iter().map(|(e, h)| (e, h.as_str())));
    let head = run(pairs(&evs)).expect("verifies").expect("a head");
    assert_eq!((head.seq, head.hash.as_str()), (4, prev.as_str()));

    let mut altered = pairs(&evs);
    altered[1].0.actor.name = "李四".into();
    let b = run(altered).expect_err("altered");
    assert_eq!((b.kind, b.seq), (BreakKind::HashMismatch, 2));

    let mut gap = pairs(&evs);
    gap.remove(2);
    assert_eq!(run(gap).expect_err("gap").kind, BreakKind::SequenceGap);

    // A replaced event with a correct hash of its own still does not link to its predecessor.
    let mut replaced = pairs(&evs);
    let forged = event(3, GENESIS);
    replaced[2] = (forged.clone(), forged.hash());
    let b = run(replaced).expect_err("replaced");
    assert_eq!((b.kind, b.seq), (BreakKind::LinkMismatch, 3));

    assert!(check_head(Uuid::from_u128(42), Some(&head), Some((5, "x"))).is_err());
    assert!(check_head(Uuid::from_u128(42), Some(&head), Some((4, prev.as_str()))).is_ok());
}

#[test]
fn every_leaf_of_every_small_tree_has_a_proof_and_no_other_leaf_does() {
    for n in 1..=17usize {
        let leaves: Vec<Leaf> = (0..n)
            .map(|i| Leaf {
                stream_type: "ITEM".into(),
                stream_id: Uuid::from_u128(i as u128),
                seq: 1,
                hash: format!("{i:064x}"),
            })
            .collect();
        let root = merkle_root(&leaves);
        for (i, leaf) in leaves.iter().enumerate() {
            let proof = inclusion_proof(&leaves, i);
            assert!(verify_inclusion(&root, n as u64, leaf, i as u64, &proof), "n={n} i={i}");
            let mut other = leaf.clone();
            other.seq = 2;
            assert!(!verify_inclusion(&root, n as u64, &other, i as u64, &proof), "n={n} i={i}");
        }
    }
    let one = [Leaf { stream_type: "ITEM".into(), stream_id: Uuid::nil(), seq: 1, hash: "0".repeat(64) }];
    let root = merkle_root(&one);
    for (size, idx) in [(0, 0), (1, 1), (u64::MAX, u64::MAX - 1), (u64::MAX / 2 + 7, u64::MAX / 2 + 3)] {
        assert!(!verify_inclusion(&root, size, &one[0], idx, &[]), "size={size} idx={idx}");
    }
    assert!(!verify_inclusion("not hex", 1, &one[0], 0, &[]));
    assert!(!verify_inclusion(&root, 1, &one[0], 0, &["zz".into()]));
}

#[test]
fn a_checkpoint_verifies_under_its_key_only() {
    let key = signing_key(&[7; 32]);
    let other = signing_key(&[8; 32]);
    let statement = CheckpointStatement {
        format: CHECKPOINT_FORMAT.into(),
        seq: 1,
        taken_at: "2026-11-22T10:00:00.000000Z".into(),
        tree_size: 3,
        root: "ab".repeat(32),
        previous: None,
        key_id: key_id(&key.verifying_key()),
    };
    let signed = sign(statement.clone(), &key);
    assert_eq!(sign(statement, &key), signed, "Ed25519 is deterministic");
    assert!(verify_signature(&signed, &key.verifying_key()));
    assert!(!verify_signature(&signed, &other.verifying_key()));
    let mut changed = signed.clone();
    changed.statement.tree_size = 4;
    assert!(!verify_signature(&changed, &key.verifying_key()));
    assert_eq!(parse_public_key(&signed.public_key), Some(key.verifying_key()));
    assert_eq!(parse_public_key("00"), None);
}
