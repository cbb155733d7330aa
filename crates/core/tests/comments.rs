//! Public comments: a submission's validation, masked names, normalisation, exact and near-duplicate
//! grouping, and tracking numbers.
#![allow(clippy::unwrap_used)]

use juece_core::CoreError;
use juece_core::comments::{
    CommentSubmission, DuplicateIndex, DuplicateKind, NEAR_DUPLICATE_SIMILARITY, Signature, SubmitterKind, band_keys,
    estimated_similarity, exact_fingerprint, mask_name, normalise, parse_tracking_number, public_submitter, signature,
    tracking_number,
};
use proptest::prelude::*;
use uuid::Uuid;

/// A citizen's comment on a disability rehabilitation service plan, about 200 characters.
const REHAB: &str = "我是历下区的一名肢体残疾人，长期使用轮椅出行。看到《济南市残疾人康复服务实施方案（征求意见稿）》后很受鼓舞，\
提出三点建议：一是社区康复站应当配备无障碍卫生间和可调节高度的康复器械，方便轮椅使用者独立训练；\
二是上门康复服务的频次建议由每月一次提高到每月两次，并把重度残疾人优先纳入；\
三是辅助器具适配补贴的申请材料能否精简，实现网上办理，减少来回跑腿。希望方案正式出台时能够采纳，谢谢！";

/// The same comment as a campaign copy: another district, one figure changed, two words inserted.
const REHAB_EDITED: &str = "我是市中区的一名肢体残疾人，长期使用轮椅出行。看到《济南市残疾人康复服务实施方案（征求意见稿）》后很受鼓舞，\
提出三点建议：一是社区康复站应当配备无障碍卫生间和可调节高度的康复器械，方便轮椅使用者独立训练；\
二是上门康复服务的频次建议由每月一次提高到每月三次，并把重度残疾人优先纳入；\
三是辅助器具适配补贴的申请材料能否尽快精简，实现网上办理，减少来回跑腿。希望方案正式出台时能够采纳，谢谢！";

/// Another comment on the same plan, in its own words.
const REHAB_OTHER: &str = "建议在方案中明确听力残疾人和言语残疾人的康复需求。目前康复服务主要针对肢体残疾，\
手语翻译和助听器验配服务覆盖面不足。希望各街道至少设立一个手语服务点，康复机构工作人员接受基本手语培训，\
并将人工耳蜗术后言语训练纳入医保报销范围，减轻家庭负担。";

/// A comment on another notice altogether: a bus route adjustment.
const BUS: &str = "关于K52路公交线路调整的意见：调整后线路不再经过二环东路站，附近三个小区的老年人需要步行一公里以上才能乘车，\
非常不便。建议保留二环东路站，或增开一条社区微循环线路，早晚高峰发车间隔不超过十五分钟，方便居民上下班和就医。";

fn submission(kind: SubmitterKind, name: Option<&str>, organisation: Option<&str>, body: &str) -> CommentSubmission {
    CommentSubmission {
        kind,
        name: name.map(str::to_owned),
        organisation: organisation.map(str::to_owned),
        contact: None,
        body: body.to_owned(),
    }
}

/// The field an invalid-input error names.
fn refused_field(s: &CommentSubmission) -> &'static str {
    match s.validate() {
        Err(CoreError::Invalid(e)) => {
            assert!(!e.zh.is_empty() && !e.en.is_empty(), "bilingual message for {}", e.field);
            e.field
        }
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

#[test]
fn valid_submissions_of_each_kind_pass() {
    let individual = submission(SubmitterKind::Individual, Some("朱小明"), None, REHAB);
    assert_eq!(individual.validate(), Ok(()));
    let organisation =
        submission(SubmitterKind::Organisation, Some("王丽"), Some("济南市历下区残疾人联合会"), REHAB_OTHER);
    assert_eq!(organisation.validate(), Ok(()));
    let mut anonymous = submission(SubmitterKind::Anonymous, None, Some("  "), "建议保留二环东路站。\n谢谢！\t");
    anonymous.contact = Some("13800000000".into());
    assert_eq!(anonymous.validate(), Ok(()), "blank fields count as absent; a contact is allowed");
}

#[test]
fn the_body_is_between_one_and_five_thousand_characters() {
    for blank in ["", "   ", "\n\t "] {
        assert_eq!(refused_field(&submission(SubmitterKind::Anonymous, None, None, blank)), "body");
    }
    let longest = "意".repeat(5000);
    assert_eq!(submission(SubmitterKind::Anonymous, None, None, &format!("  {longest}\n")).validate(), Ok(()));
    let too_long = "意".repeat(5001);
    assert_eq!(refused_field(&submission(SubmitterKind::Anonymous, None, None, &too_long)), "body");
}

#[test]
fn control_characters_are_refused_except_line_breaks_and_tabs() {
    let ok = submission(SubmitterKind::Anonymous, None, None, "第一条\r\n第二条\t完");
    assert_eq!(ok.validate(), Ok(()));
    for bad in ["建议\u{0}保留", "建议\u{7}保留", "建议\u{1b}[31m保留", "建议\u{85}保留"] {
        assert_eq!(refused_field(&submission(SubmitterKind::Anonymous, None, None, bad)), "body", "{bad:?}");
    }
    assert_eq!(refused_field(&submission(SubmitterKind::Individual, Some("朱\u{8}小明"), None, REHAB)), "name");
    assert_eq!(refused_field(&submission(SubmitterKind::Individual, Some("朱\n小明"), None, REHAB)), "name");
    assert_eq!(refused_field(&submission(SubmitterKind::Organisation, None, Some("残联\u{0}"), REHAB)), "organisation");
    let mut contact = submission(SubmitterKind::Anonymous, None, None, REHAB);
    contact.contact = Some("138\u{7}0000".into());
    assert_eq!(refused_field(&contact), "contact");
}

#[test]
fn an_individual_gives_a_name_of_at_most_fifty_characters() {
    assert_eq!(refused_field(&submission(SubmitterKind::Individual, None, None, REHAB)), "name");
    assert_eq!(refused_field(&submission(SubmitterKind::Individual, Some(" "), None, REHAB)), "name");
    assert_eq!(submission(SubmitterKind::Individual, Some(&"名".repeat(50)), None, REHAB).validate(), Ok(()));
    assert_eq!(refused_field(&submission(SubmitterKind::Individual, Some(&"名".repeat(51)), None, REHAB)), "name");
}

#[test]
fn an_organisation_gives_its_name_of_at_most_a_hundred_characters() {
    assert_eq!(refused_field(&submission(SubmitterKind::Organisation, Some("王丽"), None, REHAB)), "organisation");
    let hundred = "会".repeat(100);
    assert_eq!(submission(SubmitterKind::Organisation, None, Some(&hundred), REHAB).validate(), Ok(()));
    let long = "会".repeat(101);
    assert_eq!(refused_field(&submission(SubmitterKind::Organisation, None, Some(&long), REHAB)), "organisation");
    // Its contact person's name has an individual's limit.
    let contact_person = "名".repeat(51);
    assert_eq!(
        refused_field(&submission(SubmitterKind::Organisation, Some(&contact_person), Some("残联"), REHAB)),
        "name"
    );
}

#[test]
fn an_anonymous_comment_names_nobody() {
    assert_eq!(refused_field(&submission(SubmitterKind::Anonymous, Some("朱小明"), None, REHAB)), "name");
    assert_eq!(refused_field(&submission(SubmitterKind::Anonymous, None, Some("残联"), REHAB)), "organisation");
}

#[test]
fn the_contact_has_at_most_a_hundred_characters() {
    let mut s = submission(SubmitterKind::Individual, Some("朱小明"), None, REHAB);
    s.contact = Some("a".repeat(100));
    assert_eq!(s.validate(), Ok(()));
    s.contact = Some("a".repeat(101));
    assert_eq!(refused_field(&s), "contact");
}

#[test]
fn submissions_read_the_api_spelling() {
    let s: CommentSubmission =
        serde_json::from_value(serde_json::json!({ "kind": "ANONYMOUS", "body": "建议保留二环东路站" })).unwrap();
    assert_eq!(s.kind, SubmitterKind::Anonymous);
    assert_eq!(s.name, None);
    assert_eq!(SubmitterKind::parse("ORGANISATION"), Some(SubmitterKind::Organisation));
    assert_eq!(DuplicateKind::Near.as_str(), "NEAR");
}

#[test]
fn names_are_masked_but_the_first_character() {
    for (name, masked) in [
        ("朱小明", "朱**"),
        ("朱明", "朱*"),
        ("欧阳娜娜", "欧***"),
        ("李", "*"),
        ("Alice", "A****"),
        ("  朱小明 ", "朱**"),
        ("买买提·艾力", "买*****"),
        ("", ""),
        ("   ", ""),
    ] {
        assert_eq!(mask_name(name), masked, "{name:?}");
    }
}

#[test]
fn the_portal_shows_masked_individuals_full_organisations_and_anonymous() {
    assert_eq!(public_submitter(SubmitterKind::Individual, Some("朱小明"), None), "朱**");
    assert_eq!(
        public_submitter(SubmitterKind::Organisation, Some("王丽"), Some(" 济南市历下区残疾人联合会 ")),
        "济南市历下区残疾人联合会"
    );
    assert_eq!(public_submitter(SubmitterKind::Anonymous, None, None), "匿名");
    assert_eq!(public_submitter(SubmitterKind::Individual, None, None), "匿名");
    let s = submission(SubmitterKind::Individual, Some("欧阳娜娜"), None, REHAB);
    assert_eq!(s.public_submitter(), "欧***");
}

#[test]
fn normalisation_ignores_spacing_punctuation_width_and_case() {
    let base = normalise("建议保留K52路二环东路站，早晚高峰发车间隔不超过15分钟。");
    assert_eq!(base, "建议保留k52路二环东路站早晚高峰发车间隔不超过15分钟");
    for variant in [
        "建议保留 K52 路二环东路站, 早晚高峰发车间隔不超过 15 分钟.",
        "建议保留Ｋ５２路二环东路站！！早晚高峰发车间隔不超过１５分钟……",
        "  建议保留k52路“二环东路站”——早晚高峰发车间隔不超过15分钟；\n",
        "《建议》保留（K52）路二环东路站、早晚高峰发车间隔不超过15分钟？",
        "建议保留K52路二环东路站：早晚高峰发车间隔不超过15分钟‘’~@#￥%&*+=|<>",
    ] {
        assert_eq!(normalise(variant), base, "{variant:?}");
        assert_eq!(exact_fingerprint(&normalise(variant)), exact_fingerprint(&base));
    }
    // Compatibility forms keep their letters; other scripts keep theirs.
    assert_eq!(normalise("５㎏"), "5kg");
    assert_eq!(normalise("Ünïcödé ÀÉ"), "ünïcödéàé");
    assert_eq!(normalise("Приве́т, мир!"), "приветмир");
    assert_eq!(normalise("！？。，、；：“”‘’（）《》…—"), "");
}

#[test]
fn different_texts_stay_different() {
    let pairs = [
        ("发车间隔不超过15分钟", "发车间隔不超过10分钟"),
        ("建议保留二环东路站", "建议取消二环东路站"),
        ("每月两次", "每月一次"),
        ("K52路", "K53路"),
    ];
    for (a, b) in pairs {
        assert_ne!(normalise(a), normalise(b));
        assert_ne!(exact_fingerprint(&normalise(a)), exact_fingerprint(&normalise(b)));
    }
}

#[test]
fn the_exact_fingerprint_is_sha256_hex() {
    assert_eq!(exact_fingerprint(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(exact_fingerprint("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

fn fingerprints(body: &str) -> (String, Signature) {
    let n = normalise(body);
    (exact_fingerprint(&n), signature(&n))
}

#[test]
fn the_test_comments_are_realistic_lengths() {
    assert!((190..=230).contains(&REHAB.chars().count()), "{}", REHAB.chars().count());
}

#[test]
fn a_campaign_copy_with_a_few_changes_is_a_near_duplicate() {
    let (ex, sig) = fingerprints(REHAB);
    let (ex_edited, sig_edited) = fingerprints(REHAB_EDITED);
    assert_ne!(ex, ex_edited);
    let s = estimated_similarity(&sig, &sig_edited);
    assert!(s >= NEAR_DUPLICATE_SIMILARITY, "similarity {s}");
    assert!(band_keys(&sig).iter().zip(band_keys(&sig_edited)).any(|(a, b)| *a == b), "an LSH candidate");

    let group = Uuid::from_u128(1);
    let mut index = DuplicateIndex::new();
    assert!(index.is_empty());
    index.insert_group(group, &ex, &sig);
    assert_eq!(index.len(), 1);
    assert_eq!(index.find(&ex_edited, &sig_edited), Some((group, DuplicateKind::Near)));
}

#[test]
fn unrelated_comments_are_not_grouped() {
    let (ex, sig) = fingerprints(REHAB);
    let mut index = DuplicateIndex::new();
    index.insert_group(Uuid::from_u128(1), &ex, &sig);
    for other in [REHAB_OTHER, BUS, "同意", ""] {
        let (ex_o, sig_o) = fingerprints(other);
        assert!(estimated_similarity(&sig, &sig_o) < 0.3, "{other}");
        assert_eq!(index.find(&ex_o, &sig_o), None, "{other}");
    }
}

#[test]
fn an_exact_copy_is_an_exact_duplicate_and_wins_over_a_near_one() {
    let near_group = Uuid::from_u128(1);
    let exact_group = Uuid::from_u128(2);
    let mut index = DuplicateIndex::new();
    let (ex, sig) = fingerprints(REHAB);
    let (ex_edited, sig_edited) = fingerprints(REHAB_EDITED);
    index.insert_group(near_group, &ex, &sig);
    index.insert_group(exact_group, &ex_edited, &sig_edited);
    // Reformatted: full-width digits, spaces and other punctuation.
    let copy = REHAB_EDITED.replace('，', ", ").replace('。', ". ").replace("K", "Ｋ");
    let (ex_copy, sig_copy) = fingerprints(&copy);
    assert_eq!(index.find(&ex_copy, &sig_copy), Some((exact_group, DuplicateKind::Exact)));
    assert_eq!(index.find(&ex, &sig), Some((near_group, DuplicateKind::Exact)));
}

#[test]
fn the_most_similar_group_wins() {
    let mut index = DuplicateIndex::new();
    let (ex, sig) = fingerprints(REHAB);
    let (ex_edited, sig_edited) = fingerprints(REHAB_EDITED);
    index.insert_group(Uuid::from_u128(1), &ex, &sig);
    index.insert_group(Uuid::from_u128(2), &ex_edited, &sig_edited);
    // One character off the edited copy: closer to it than to the original.
    let closer = REHAB_EDITED.replace("谢谢", "感谢");
    let (ex_c, sig_c) = fingerprints(&closer);
    assert!(estimated_similarity(&sig_c, &sig_edited) > estimated_similarity(&sig_c, &sig));
    assert_eq!(index.find(&ex_c, &sig_c), Some((Uuid::from_u128(2), DuplicateKind::Near)));
}

#[test]
fn empty_texts_match_only_each_other() {
    let empty = signature("");
    assert_eq!(estimated_similarity(&empty, &signature(&normalise("！？……"))), 1.0);
    for text in ["a", "ab", "同意", REHAB] {
        assert_eq!(estimated_similarity(&empty, &signature(&normalise(text))), 0.0, "{text}");
    }
}

#[test]
fn short_texts_are_compared_whole() {
    assert_eq!(estimated_similarity(&signature("同意"), &signature("同意")), 1.0);
    assert!(estimated_similarity(&signature("同意"), &signature("反对")) < 0.2);
    assert!(estimated_similarity(&signature("同意"), &signature("同意方")) < 0.2);
}

#[test]
fn signatures_round_trip_through_bytes() {
    for text in [REHAB, BUS, "同意", ""] {
        let sig = signature(&normalise(text));
        let bytes = sig.to_bytes();
        assert_eq!(bytes.len(), 257);
        assert_eq!(Signature::from_bytes(&bytes), Some(sig));
    }
    let bytes = signature("abc").to_bytes();
    assert_eq!(Signature::from_bytes(&bytes[..256]), None);
    assert_eq!(Signature::from_bytes(&[]), None);
    let mut other_version = bytes.clone();
    other_version[0] = 0;
    assert_eq!(Signature::from_bytes(&other_version), None);
}

#[test]
fn band_keys_carry_their_band() {
    let keys = band_keys(&signature(&normalise(BUS)));
    for (band, key) in keys.iter().enumerate() {
        assert_eq!(key >> 60, band as u64);
    }
    // The same four minhashes in two bands still give two keys.
    let same = Signature([7; 64]);
    let keys = band_keys(&same);
    assert!(keys.iter().enumerate().all(|(i, k)| !keys[..i].contains(k)));
}

/// Pins the hashing: signatures are stored and compared across processes and releases, so a change
/// here must bump `SIGNATURE_VERSION` and then update these values.
#[test]
fn the_hashing_does_not_change() {
    let sig = signature(&normalise(REHAB));
    assert_eq!(band_keys(&sig)[0], 0x08fb_cb85_cbde_9e87);
    assert_eq!(band_keys(&sig)[15], 0xf6b3_13d0_eb38_6354);
    assert_eq!(sig.0[0], 1_059_900_139);
    assert_eq!(band_keys(&signature(""))[0], 0x05b0_4a85_291e_9bdf);
    assert_eq!(
        exact_fingerprint(&normalise(REHAB)),
        "8212ea62ab49ad6abc6bee20d16558dd14f7e7ad800ca2f59352edeadec6f880"
    );
}

#[test]
fn the_estimate_tracks_the_true_jaccard_similarity() {
    use std::collections::HashSet;
    let shingles = |s: &str| -> HashSet<Vec<char>> {
        let c: Vec<char> = normalise(s).chars().collect();
        c.windows(3).map(<[char]>::to_vec).collect()
    };
    let texts = [REHAB, REHAB_EDITED, REHAB_OTHER, BUS];
    let mut total_error = 0.0;
    let mut pairs = 0.0;
    for a in texts {
        for b in texts {
            let (x, y) = (shingles(a), shingles(b));
            let truth = x.intersection(&y).count() as f64 / x.union(&y).count() as f64;
            let estimate = estimated_similarity(&signature(&normalise(a)), &signature(&normalise(b)));
            assert!((truth - estimate).abs() < 0.15, "{truth} vs {estimate}");
            total_error += (truth - estimate).abs();
            pairs += 1.0;
        }
    }
    assert!(total_error / pairs < 0.06, "mean error {}", total_error / pairs);
}

#[test]
fn tracking_numbers_round_trip_and_catch_a_typo() {
    let receipt = tracking_number("370103-2022-01-1", 123);
    assert_eq!(receipt, "370103-2022-01-1-000123-5");
    assert_eq!(parse_tracking_number(&receipt), Some(("370103-2022-01-1".to_owned(), 123)));
    assert_eq!(parse_tracking_number(&format!(" {receipt}\n")), Some(("370103-2022-01-1".to_owned(), 123)));
    assert_eq!(tracking_number("370103-2022-01-1", 1_234_567), "370103-2022-01-1-1234567-X");

    for typo in [
        "370103-2022-01-1-000124-5",
        "370103-2022-01-1-000132-5",
        "370108-2022-01-1-000123-5",
        "370103-2022-01-1-000123-6",
        "370103-2022-01-1-00123-5",
        "370103-2022-01-1-0001234-5",
        "370103-2022-01-1-000123",
        "000123-5",
        "-000123-5",
        "370103--01-1-000123-5",
        "370103-2022-01-1-000123-55",
        "370103-2022-O1-1-000123-5",
    ] {
        assert_eq!(parse_tracking_number(typo), None, "{typo}");
    }
}

#[test]
fn an_x_check_character_is_read_in_either_case() {
    let receipt = (0..100).map(|n| tracking_number("370103-2022-01-1", n)).find(|r| r.ends_with('X')).unwrap();
    let (prefix, n) = parse_tracking_number(&receipt).unwrap();
    assert_eq!(parse_tracking_number(&receipt.to_lowercase()), Some((prefix, n)));
}

/// Prints how long the hot path takes; run with `cargo test --release -p juece-core --test comments
/// -- --ignored --nocapture`.
#[test]
#[ignore = "timing, not a check"]
fn timings() {
    use std::time::Instant;
    let rounds = 20_000;
    let start = Instant::now();
    let mut n = String::new();
    for _ in 0..rounds {
        n = normalise(std::hint::black_box(REHAB));
    }
    println!("normalise: {:?}", start.elapsed() / rounds);
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(exact_fingerprint(std::hint::black_box(&n)));
    }
    println!("exact_fingerprint: {:?}", start.elapsed() / rounds);
    let start = Instant::now();
    let mut sig = signature(&n);
    for _ in 0..rounds {
        sig = signature(std::hint::black_box(&n));
    }
    println!("signature: {:?}", start.elapsed() / rounds);
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(band_keys(std::hint::black_box(&sig)));
    }
    println!("band_keys: {:?}", start.elapsed() / rounds);

    // 200,000 comments: three campaigns of copies with a few characters changed, and a quarter
    // of comments in their own words (here: random pieces of the texts, shuffled).
    let pool: Vec<char> = [REHAB, REHAB_OTHER, BUS].concat().chars().collect();
    let mut state = 1u64;
    let mut next = move |m: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % m
    };
    let bodies: Vec<String> = (0..200_000)
        .map(|i| {
            let mut c: Vec<char> = match i % 4 {
                0 => (0..150).map(|_| pool[next(pool.len())]).collect(),
                1 => REHAB.chars().collect(),
                2 => REHAB_OTHER.chars().collect(),
                _ => BUS.chars().collect(),
            };
            for _ in 0..next(4) {
                let at = next(c.len());
                c[at] = pool[next(pool.len())];
            }
            c.into_iter().collect()
        })
        .collect();
    let start = Instant::now();
    let prints: Vec<(String, Signature)> = bodies
        .iter()
        .map(|b| {
            let n = normalise(b);
            (exact_fingerprint(&n), signature(&n))
        })
        .collect();
    println!("200,000 comments fingerprinted in {:?}", start.elapsed());
    let start = Instant::now();
    let mut index = DuplicateIndex::new();
    let (mut exact, mut near) = (0, 0);
    for (i, (ex, sig)) in prints.iter().enumerate() {
        match index.find(ex, sig) {
            Some((_, DuplicateKind::Exact)) => exact += 1,
            Some((_, DuplicateKind::Near)) => near += 1,
            None => index.insert_group(Uuid::from_u128(i as u128), ex, sig),
        }
    }
    println!("grouped in {:?}: {} groups, {exact} exact, {near} near", start.elapsed(), index.len());
    for class in 0..4 {
        let start = Instant::now();
        let found = prints.iter().skip(class).step_by(4).filter(|(ex, sig)| index.find(ex, sig).is_some()).count();
        println!("class {class}: find {:?} each, {found} found", start.elapsed() / 50_000);
    }
}

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        prop::sample::select(vec![
            'a',
            'E',
            'İ',
            'ß',
            'Σ',
            'ς',
            'ǅ',
            'ﬁ',
            'Ａ',
            '１',
            '㎏',
            '①',
            '½',
            '，',
            '。',
            ' ',
            '\u{301}',
            '\u{308}',
            '\u{345}',
            '\u{3099}',
            'か',
            'ᄀ',
            '\u{1161}',
            '\u{11a8}',
            '残',
            '疾',
            '\u{200d}',
            '\u{fe0f}',
            'ᴬ',
            '<',
            '\u{338}',
            '＜',
            'α',
            'ᾳ',
            '…',
            '（',
            '》',
            '\u{3000}',
            '々',
            '〇',
            '\u{f900}',
            '\u{2f800}',
            'Ω',
            'K',
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalise_is_idempotent(chars in prop::collection::vec(tricky_char(), 0..40)) {
        let text: String = chars.into_iter().collect();
        let once = normalise(&text);
        prop_assert_eq!(normalise(&once), once.clone());
        prop_assert!(once.chars().all(char::is_alphanumeric));
        let sig = signature(&once);
        prop_assert_eq!(Signature::from_bytes(&sig.to_bytes()), Some(sig));
    }

    #[test]
    fn normalise_is_nfkc_lowercase_letters_and_digits(chars in prop::collection::vec(tricky_char(), 0..40)) {
        // The definition, without normalise's shortcuts.
        use unicode_normalization::UnicodeNormalization;
        let text: String = chars.into_iter().collect();
        let kept: String = text.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect();
        prop_assert_eq!(normalise(&text), kept.nfkc().collect::<String>());
    }

    #[test]
    fn normalise_never_panics(text in any::<String>()) {
        let once = normalise(&text);
        prop_assert_eq!(normalise(&once), once);
    }

    #[test]
    fn tracking_numbers_round_trip(prefix in "[0-9]{1,6}(-[0-9]{1,4}){0,3}", n in any::<u64>()) {
        let receipt = tracking_number(&prefix, n);
        prop_assert_eq!(parse_tracking_number(&receipt), Some((prefix, n)));
    }

    #[test]
    fn a_changed_digit_is_caught(
        prefix in "[0-9]{1,6}(-[0-9]{1,4}){0,3}",
        n in any::<u64>(),
        at in any::<prop::sample::Index>(),
        by in 1u8..10,
    ) {
        let receipt = tracking_number(&prefix, n);
        let digits: Vec<usize> = receipt.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
        let i = digits[at.index(digits.len())];
        let mut bytes = receipt.into_bytes();
        bytes[i] = b'0' + (bytes[i] - b'0' + by) % 10;
        let typo = String::from_utf8(bytes).unwrap();
        prop_assert_eq!(parse_tracking_number(&typo), None, "{}", typo);
    }
}
