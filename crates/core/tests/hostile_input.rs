//! Property tests of the parsers that read what people and PDFs send: the task import on
//! gazette-shaped text (fragments of the real gazettes, mutated), its deadline words, comment
//! normalisation and duplicate fingerprints, and the working-day calendar on any date. None may
//! panic, and each keeps the promises its documentation makes.

use chrono::{Datelike, Days, NaiveDate};
use juece_core::calendar::{
    add_working_days, earliest_comment_close, end_of_day_shanghai, is_working_day, shanghai_date, working_days_between,
};
use juece_core::catalogue::YearMonth;
use juece_core::comments::{
    CommentSubmission, DuplicateIndex, DuplicateKind, SubmitterKind, estimated_similarity, exact_fingerprint,
    mask_name, normalise, signature,
};
use juece_core::deadlines::{TimerKind, TimerSpec, month_end};
use juece_core::task_import::{
    DeadlineKind, GazetteDocument, TaskFormat, TaskImport, import_document, import_tasks, normalise_document_number,
    split_documents,
};
use proptest::prelude::*;

const GAZETTES: [&str; 5] = [
    include_str!("../../../seeds/gazettes/000_12860487c06f20a9.txt"),
    include_str!("../../../seeds/gazettes/001_bbd8790e8b1422a3.txt"),
    include_str!("../../../seeds/gazettes/002_f98ac25ff1ac2a02.txt"),
    include_str!("../../../seeds/gazettes/003_fd149bfe66289cd6.txt"),
    include_str!("../../../seeds/gazettes/004_55f7b91f59157288.txt"),
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

// ---- gazette-shaped text ----

/// A piece of one of the real gazettes: up to `max_chars` characters from a point in it.
fn gazette_fragment(max_chars: usize) -> impl Strategy<Value = String> {
    gazette_fragment_of(1..max_chars)
}

/// A piece of one of the real gazettes, of a length in `chars` (shorter only at the text's end).
fn gazette_fragment_of(chars: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    (0..GAZETTES.len(), any::<prop::sample::Index>(), chars).prop_map(|(g, at, len)| {
        let all: Vec<char> = GAZETTES[g].chars().collect();
        // Starting early enough that `len` characters follow, when the text has them.
        let start = at.index(all.len().saturating_sub(len).max(1));
        all[start..(start + len).min(all.len())].iter().collect()
    })
}

/// What a PDF extraction or a hurried clerk does to a gazette text.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(prop::sample::Index),
    Insert(prop::sample::Index, String),
    /// One kind of bracket for another, the way gazettes mix 〔〕, （）, () and 【】.
    SwapBracket(prop::sample::Index, char),
    /// A half-width character for its full-width form or back.
    Widen(prop::sample::Index),
    BreakLine(prop::sample::Index),
    JoinLines(prop::sample::Index),
    DuplicateLine(prop::sample::Index),
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "〔",
            "〕",
            "（",
            "）",
            "(",
            ")",
            "【",
            "】",
            "［",
            "］",
            "《",
            "》",
            "：",
            ":",
            "；",
            ";",
            "，",
            ",",
            "。",
            ".",
            "、",
            "\n",
            "\n\n",
            " ",
            "　",
            "牵头单位：",
            "责任单位：",
            "参与部门：",
            "配合单位：",
            "牵头领导：",
            "完成时限：",
            "牵头，",
            "配合",
            "按职责分工负责",
            "等相关单位",
            "区司法局、",
            "各街道（功能区）",
            "1.",
            "２．",
            "（三）",
            "二十、",
            "序号",
            "牵头单位 配合单位",
            "年底前",
            "2022年12月底前",
            "２０２２年６月",
            "上半年",
            "第一季度",
            "“十四五”末",
            "印发后30日内",
            "长期坚持",
            "阶段性成果",
            "钢城政发〔2022〕6 号\n",
            "99999999999",
            "0年0月0日",
            "2022年2月30日",
            "-1",
            "\u{feff}",
            "\u{200b}",
            "\r\n",
            "\t",
        ])
        .prop_map(str::to_owned),
        "[0-9]{1,12}",
        "\\PC{0,6}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>;
    prop_oneof![
        at().prop_map(Mutation::Delete),
        (at(), piece()).prop_map(|(i, p)| Mutation::Insert(i, p)),
        (at(), prop::sample::select(vec!['〔', '〕', '（', '）', '(', ')', '【', '】', '[', ']', '<', '>']))
            .prop_map(|(i, c)| Mutation::SwapBracket(i, c)),
        at().prop_map(Mutation::Widen),
        at().prop_map(Mutation::BreakLine),
        at().prop_map(Mutation::JoinLines),
        at().prop_map(Mutation::DuplicateLine),
    ]
}

fn is_bracket(c: char) -> bool {
    matches!(c, '〔' | '〕' | '（' | '）' | '(' | ')' | '【' | '】' | '[' | ']' | '［' | '］' | '<' | '>')
}

/// The full-width form of a half-width printable ASCII character, and back.
fn widen(c: char) -> char {
    match c {
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
        '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        ' ' => '　',
        '　' => ' ',
        _ => c,
    }
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let n = chars.len();
        match m {
            Mutation::Delete(i) if n > 0 => {
                chars.remove(i.index(n));
            }
            Mutation::Insert(i, p) => {
                let at = i.index(n + 1);
                chars.splice(at..at, p.chars());
            }
            Mutation::SwapBracket(i, c) if n > 0 => {
                // The next bracket from a random point, if any.
                let from = i.index(n);
                if let Some(j) = (from..n).chain(0..from).find(|&j| is_bracket(chars[j])) {
                    chars[j] = *c;
                }
            }
            Mutation::Widen(i) if n > 0 => {
                let j = i.index(n);
                chars[j] = widen(chars[j]);
            }
            Mutation::BreakLine(i) => chars.insert(i.index(n + 1), '\n'),
            Mutation::JoinLines(i) if n > 0 => {
                let from = i.index(n);
                if let Some(j) = (from..n).find(|&j| chars[j] == '\n') {
                    chars.remove(j);
                }
            }
            Mutation::DuplicateLine(i) if n > 0 => {
                let at = i.index(n);
                let start = chars[..at].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1);
                let end = chars[at..].iter().position(|&c| c == '\n').map_or(n, |p| at + p + 1);
                let line: Vec<char> = chars[start..end].to_vec();
                chars.splice(end..end, line);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// What every import promises about its own output, whatever the text.
fn check_import(imp: &TaskImport, line_count: usize) -> Result<(), TestCaseError> {
    for (i, t) in imp.tasks.iter().enumerate() {
        prop_assert_eq!(t.seq as usize, i + 1);
        prop_assert!(t.first_line >= 1 && t.first_line <= t.last_line && t.last_line <= line_count);
        // Staged deadlines come first.
        let kinds: Vec<DeadlineKind> = t.deadlines.iter().map(|d| d.kind).collect();
        let first_final = kinds.iter().position(|k| *k == DeadlineKind::Final).unwrap_or(kinds.len());
        prop_assert!(kinds[first_final..].iter().all(|k| *k == DeadlineKind::Final), "{:?}", kinds);
        prop_assert!(t.deadlines.is_empty() || t.deadline_text.is_some());
    }
    for u in &imp.unread {
        prop_assert!(u.line >= 1 && u.line <= line_count, "line {} of {}", u.line, line_count);
        prop_assert!(!u.zh.is_empty() && !u.en.is_empty());
    }
    Ok(())
}

/// The same tasks, read the same way.
fn same_tasks(a: &TaskImport, b: &TaskImport) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.tasks.len(), b.tasks.len());
    for (x, y) in a.tasks.iter().zip(&b.tasks) {
        prop_assert_eq!(&x.number, &y.number);
        prop_assert_eq!(&x.description, &y.description);
        prop_assert_eq!(&x.lead_units, &y.lead_units);
        prop_assert_eq!(&x.responsible_units, &y.responsible_units);
        prop_assert_eq!(&x.supporting_units, &y.supporting_units);
        prop_assert_eq!(&x.lead_officials, &y.lead_officials);
        prop_assert_eq!(&x.deadlines, &y.deadlines);
        prop_assert_eq!(x.format, y.format);
        prop_assert_eq!((x.first_line, x.last_line), (y.first_line, y.last_line));
    }
    let kinds = |i: &TaskImport| i.unread.iter().map(|u| (u.line, u.kind)).collect::<Vec<_>>();
    prop_assert_eq!(kinds(a), kinds(b));
    Ok(())
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_gazette_fragments_never_panic(
        fragment in gazette_fragment(3000),
        mutations in prop::collection::vec(mutation(), 0..40),
    ) {
        let text = apply(&fragment, &mutations);
        let line_count = text.lines().count().max(1);
        check_import(&import_tasks(&text), line_count)?;
        for doc in split_documents(&text) {
            prop_assert!(doc.first_line <= doc.last_line);
            prop_assert!(normalise_document_number(&doc.number).is_some(), "{}", doc.number);
            let imp = import_document(&doc);
            for t in &imp.tasks {
                prop_assert!(t.first_line >= doc.first_line && t.last_line <= doc.last_line.max(doc.first_line));
            }
        }
    }

    /// Month, day and 旬 words: a real date gives the day the module documents, anything else no
    /// date at all (and an unread report), never a panic.
    #[test]
    fn deadline_words_read_the_documented_day(
        year in prop_oneof![1900..2101i32, 0..1_000_000i32],
        month in 0..15u32,
        day in 0..33u32,
        form in 0..9usize,
    ) {
        let words = match form {
            0 => format!("{year}年{month}月底前"),
            1 => format!("{year}年{month}月"),
            2 => format!("{year}年{month}月上旬"),
            3 => format!("{year}年{month}月中旬"),
            4 => format!("{year}年{month}月下旬"),
            5 => format!("{year}年{month}月{day}日前"),
            6 => format!("{year}年{month}月前"),
            7 => format!("{year}年底前"),
            _ => format!("{year}年上半年"),
        };
        let text = format!("1.做好工作。落实到位。〔责任单位：区司法局；完成时限：{words}〕");
        let imp = import_tasks(&text);
        check_import(&imp, 1)?;
        prop_assert_eq!(imp.tasks.len(), 1);
        let got = imp.tasks[0].deadlines.first().map(|d| d.due_on);
        let month_end = |y: i32, m: u32| YearMonth::new(y, m).map(month_end);
        let want = match form {
            0 | 1 | 4 => month_end(year, month),
            2 => NaiveDate::from_ymd_opt(year, month, 10),
            3 => NaiveDate::from_ymd_opt(year, month, 20),
            5 => NaiveDate::from_ymd_opt(year, month, day),
            6 if month == 1 => NaiveDate::from_ymd_opt(year - 1, 12, 31),
            6 if (2..=12).contains(&month) => month_end(year, month - 1),
            6 => None,
            7 => NaiveDate::from_ymd_opt(year, 12, 31),
            _ => NaiveDate::from_ymd_opt(year, 6, 30),
        };
        // Only the years a gazette can name are pinned; others must merely not panic.
        if (1900..=2100).contains(&year) {
            prop_assert_eq!(got, want, "{}", words);
        }
        if got.is_none() {
            prop_assert!(!imp.unread.is_empty(), "{} read as nothing, silently", words);
        }
    }

    /// `印发后N日内` counts calendar days from the document's date; a sum past the last date chrono
    /// knows is unread, not a panic.
    #[test]
    fn days_after_issue_count_from_the_document_date(
        issued in prop_oneof![
            (1900..2101i32, 1..13u32, 1..29u32).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            Just(Some(NaiveDate::MAX)),
            Just(Some(NaiveDate::MIN)),
            Just(None),
        ],
        days in prop_oneof![0..400u64, any::<u64>()],
    ) {
        let body = format!("1.开展检查。及时总结。〔责任单位：区司法局；完成时限：本文件印发后{days}日内〕");
        let doc = GazetteDocument {
            number: "钢城政发〔2022〕7号".to_owned(),
            title: "关于做好某项工作的通知".to_owned(),
            issuer: None,
            issued_on: issued,
            first_line: 1,
            last_line: 1,
            body,
        };
        let imp = import_document(&doc);
        check_import(&imp, 1)?;
        let got = imp.tasks.first().and_then(|t| t.deadlines.first()).map(|d| d.due_on);
        let want = issued.and_then(|i| i.checked_add_days(Days::new(days)));
        prop_assert_eq!(got, want);
    }
}

proptest! {
    // Each case reads a whole gazette twice.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The module's normalisation: full-width letters and digits, half-width `(`, `)`, `:` and `;`,
    /// and spaces that do not stand between two ASCII letters or digits change nothing read. Not
    /// in a table's rows, where a space on a line that several cells share is what separates them.
    #[test]
    fn width_and_spacing_change_nothing_read(
        g in 0..GAZETTES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..3u8), 0..200),
    ) {
        let original = GAZETTES[g];
        let read = import_tasks(original);
        let lines_of = |table: bool| -> std::collections::BTreeSet<usize> {
            read.tasks
                .iter()
                .filter(|t| (t.format == TaskFormat::Table) == table)
                .flat_map(|t| t.first_line..=t.last_line)
                .collect()
        };
        let (prose, table) = (lines_of(false), lines_of(true));
        let mut chars: Vec<char> = original.chars().collect();
        for (at, kind) in &edits {
            let j = at.index(chars.len());
            match kind {
                0 if chars[j].is_ascii_alphanumeric() => chars[j] = widen(chars[j]),
                1 => chars[j] = match chars[j] {
                    '（' => '(',
                    '）' => ')',
                    '：' => ':',
                    '；' => ';',
                    c => c,
                },
                2 if j > 0 && (is_ideograph(chars[j - 1]) || is_ideograph(chars[j])) => {
                    let line = 1 + chars[..j].iter().filter(|&&c| c == '\n').count();
                    if prose.contains(&line) && !table.contains(&line) {
                        chars.insert(j, ' ');
                    }
                }
                _ => {}
            }
        }
        let mutated: String = chars.into_iter().collect();
        same_tasks(&read, &import_tasks(&mutated))?;
    }
}

// ---- comments ----

/// A comment-like text: Chinese, with ASCII words and numbers, from the gazettes.
fn comment_text() -> impl Strategy<Value = String> {
    gazette_fragment(400)
}

fn is_dropped(c: char) -> bool {
    // What normalisation drops between characters: spacing and punctuation.
    matches!(
        c,
        ' ' | '\n'
            | '\t'
            | '\u{3000}'
            | '，'
            | '。'
            | '、'
            | '！'
            | '？'
            | '；'
            | '：'
            | '“'
            | '”'
            | '《'
            | '》'
            | '（'
            | '）'
            | ','
            | '.'
            | '!'
            | '?'
            | '-'
            | '…'
            | '—'
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn a_comment_is_its_own_exact_duplicate(text in comment_text()) {
        let norm = normalise(&text);
        prop_assert_eq!(normalise(&norm), norm.clone());
        let (fp, sig) = (exact_fingerprint(&norm), signature(&norm));
        prop_assert_eq!(estimated_similarity(&sig, &sig), 1.0);
        let mut index = DuplicateIndex::new();
        let group = uuid::Uuid::from_u128(7);
        index.insert_group(group, &fp, &sig);
        prop_assert_eq!(index.find(&fp, &sig), Some((group, DuplicateKind::Exact)));
    }

    /// Spacing, punctuation, width and case aside, two texts are the same text.
    #[test]
    fn spacing_punctuation_width_and_case_do_not_matter(
        text in comment_text(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..4u8, prop::sample::select(vec![' ', '\n', '\u{3000}', '，', '。', '、', '！', '“', '”', '《', '》', '（', '）', ',', '.', '!', '…', '—'])), 0..30),
    ) {
        let mut chars: Vec<char> = text.chars().collect();
        for (at, kind, p) in &edits {
            let j = at.index(chars.len() + 1);
            match kind {
                0 => chars.insert(j, *p),
                1 if j < chars.len() && is_dropped(chars[j]) => {
                    chars.remove(j);
                }
                2 if j < chars.len() && chars[j].is_ascii_alphanumeric() => chars[j] = widen(chars[j]),
                3 if j < chars.len() => chars[j] = chars[j].to_ascii_uppercase(),
                _ => {}
            }
        }
        let edited: String = chars.into_iter().collect();
        prop_assert_eq!(normalise(&edited), normalise(&text));
        prop_assert_eq!(exact_fingerprint(&normalise(&edited)), exact_fingerprint(&normalise(&text)));
    }

    /// A long comment with a character changed is still a near duplicate of the original (one
    /// character changes at most three of some three hundred shingles).
    #[test]
    fn a_copy_with_a_changed_character_is_a_near_duplicate(
        text in gazette_fragment_of(900..1500).prop_filter("long", |t| normalise(t).chars().count() >= 300),
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(vec!['改', '动', 'x', '9']),
    ) {
        let norm = normalise(&text);
        let mut chars: Vec<char> = norm.chars().collect();
        let j = at.index(chars.len());
        chars[j] = with;
        let copy: String = chars.into_iter().collect();
        let (a, b) = (signature(&norm), signature(&copy));
        prop_assert_eq!(estimated_similarity(&a, &b), estimated_similarity(&b, &a));
        prop_assert!(estimated_similarity(&a, &b) >= 0.8, "{}", estimated_similarity(&a, &b));
        if copy != norm {
            let mut index = DuplicateIndex::new();
            let group = uuid::Uuid::from_u128(1);
            index.insert_group(group, &exact_fingerprint(&norm), &a);
            prop_assert_eq!(index.find(&exact_fingerprint(&copy), &b), Some((group, DuplicateKind::Near)));
        }
    }

    #[test]
    fn submissions_and_names_never_panic(
        kind in prop::sample::select(vec![SubmitterKind::Individual, SubmitterKind::Organisation, SubmitterKind::Anonymous]),
        name in proptest::option::of("\\PC{0,60}|[\\x00-\\x1f ]{0,5}"),
        organisation in proptest::option::of("\\PC{0,120}"),
        contact in proptest::option::of(any::<String>()),
        body in prop_oneof![any::<String>(), comment_text()],
    ) {
        let s = CommentSubmission { kind, name: name.clone(), organisation, contact, body };
        let _ = s.validate();
        let shown = s.public_submitter();
        prop_assert!(!shown.is_empty());
        if let Some(n) = name {
            let masked = mask_name(&n);
            prop_assert_eq!(masked.chars().count(), n.trim().chars().count());
            prop_assert!(masked.chars().skip(1).all(|c| c == '*'));
        }
    }
}

// ---- dates ----

fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![any_date_with_room(), Just(NaiveDate::MAX), Just(NaiveDate::MIN),]
}

/// Any date from which a few years can still be counted.
fn any_date_with_room() -> impl Strategy<Value = NaiveDate> {
    let last = (NaiveDate::MAX - Days::new(5000)).num_days_from_ce();
    prop_oneof![
        // Within and around the loaded calendar, where the procedure counts.
        (0..(365 * 9u64)).prop_map(|n| d(2020, 1, 1) + Days::new(n)),
        // Anywhere chrono can represent.
        (NaiveDate::MIN.num_days_from_ce()..=last)
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range")),
        Just(NaiveDate::MIN),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn the_calendar_never_panics(day in any_date(), n in 0..120u32, days in any::<u32>()) {
        let _ = is_working_day(day);
        let due = add_working_days(day, n);
        prop_assert!(due.date >= day);
        let close = earliest_comment_close(day, days);
        prop_assert!(close.date >= day);
        let end = end_of_day_shanghai(day);
        prop_assert_eq!(shanghai_date(end - chrono::Duration::seconds(1)), day);
        let t = TimerSpec::new(TimerKind::TaskDue, day);
        prop_assert_eq!(t.fires_at, end);
    }

    /// Adding N working days and counting back gives N, and the day reached is a working day; the
    /// count is signed and additive. Provisional results agree with each other too: both sides
    /// make the same guess for the days no notice is loaded for.
    #[test]
    fn adding_working_days_and_counting_back_gives_n(
        day in any_date_with_room(),
        n in 0..120u32,
        m in 0..120u32,
    ) {
        let due = add_working_days(day, n);
        let back = working_days_between(day, due.date);
        prop_assert_eq!(back.days, i64::from(n), "{} + {} = {}", day, n, due.date);
        prop_assert_eq!(working_days_between(due.date, day).days, -i64::from(n));
        if due.is_confirmed() {
            prop_assert!(back.is_confirmed());
            if n > 0 {
                prop_assert_eq!(is_working_day(due.date), Ok(true));
            }
        }
        let further = add_working_days(due.date, m);
        prop_assert_eq!(add_working_days(day, n + m).date, further.date);
        prop_assert_eq!(
            working_days_between(day, further.date).days,
            working_days_between(day, due.date).days + working_days_between(due.date, further.date).days
        );
    }

    #[test]
    fn a_comment_period_closes_no_earlier_than_its_days_and_on_a_working_day(day in any_date(), days in 0..400u32) {
        let close = earliest_comment_close(day, days);
        if let Some(nominal) = day.checked_add_days(Days::new(u64::from(days))) {
            prop_assert!(close.date >= nominal);
        }
        if close.is_confirmed() {
            prop_assert_eq!(is_working_day(close.date), Ok(true));
        }
    }

    #[test]
    fn year_months_parse_any_text_and_end_on_the_last_day(text in "\\PC{0,12}", y in 1900..10_000i32, mo in 1..13u32) {
        let _ = YearMonth::parse(&text);
        let ym = YearMonth::new(y, mo).expect("valid");
        prop_assert_eq!(YearMonth::parse(&format!("{y:04}-{mo:02}")).ok(), Some(ym));
        prop_assert_eq!(YearMonth::parse(&format!("{y}年{mo}月")).ok(), Some(ym));
        let end = month_end(ym);
        prop_assert_eq!((end.year(), end.month()), (y, mo));
        prop_assert!(end.succ_opt().is_none_or(|next| next.day() == 1));
    }
}
