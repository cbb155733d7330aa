//! Reading the execution tasks of a published decision out of its gazette text.
//!
//! The input is text extracted from a PDF gazette (政府公报): one or more published documents, each
//! headed by its issuer, title and document number (`钢城政发〔2022〕6 号`), broken into lines at
//! arbitrary places (inside words, unit names and brackets), with blank lines, page numbers and
//! running heads in between. [`split_documents`] cuts such a text into documents;
//! [`import_tasks`] (or [`import_document`]) reads the execution tasks a document assigns.
//!
//! # Task formats
//!
//! A task is the text of a numbered item followed by a bracket that names who carries it out:
//!
//! - [`TaskFormat::LeadAndResponsible`] — `〔牵头单位：…；责任单位：…；完成时限：…〕`.
//! - [`TaskFormat::LeadAndParticipating`] — `（牵头部门：…，参与部门：…）` (also with `；`), or
//!   `（牵头部门：…）` alone.
//! - [`TaskFormat::ResponsibleOnly`] — `〔责任单位：…〕` / `（责任单位：…）`.
//! - [`TaskFormat::LeaderAndResponsible`] — `（牵头领导：…，责任单位：…，配合单位：…）`, where the lead
//!   is a person (kept in [`ImportedTask::lead_officials`]) and `配合单位` goes to
//!   [`ImportedTask::supporting_units`].
//! - [`TaskFormat::Inline`] — units named with verbs instead of labels: `（区气象局牵头，区自然资源局等
//!   单位按照职责分工负责）`, `（区气象局牵头，区生态环境分局配合）`, `（区卫生健康局牵头）`,
//!   `（区市场监管局、区农业农村局按职责分工负责）`. Only a bracket that follows the end of a
//!   sentence and consists of nothing but such a phrase counts, so that ordinary parentheses in
//!   prose are never taken for tasks.
//! - [`TaskFormat::Table`] — a numbered table whose header names a unit column (`牵头单位`, `配合单位`,
//!   `责任单位`, `主要承办单位`) flattened into lines: one row after another, each cell's lines in
//!   column order, cells sometimes sharing a line, page heads repeated. Rows are found by their
//!   consecutive numbers; a cell left empty in the text (a merged cell in the PDF) takes the value
//!   of the row above.
//!
//! A bracket that stands alone after several numbered items of one heading, none of which has a
//! bracket of its own (`（一）…。1.…。2.…。\n（责任单位：…）`), is one task covering the whole
//! heading; its number is the heading's.
//!
//! Units are split on `、`, `，` and `；` but never inside brackets (`各街道（功能区）` and
//! `区委宣传部<区委网信办>` stay one unit); closing phrases that name no unit (`等相关单位`,
//! `按职能分工负责`) are dropped. `责任单位`, `参与部门` and `配合单位` all go to
//! [`ImportedTask::responsible_units`], except that a `配合单位` next to a `责任单位` goes to
//! [`ImportedTask::supporting_units`].
//!
//! # Deadlines
//!
//! The words after `完成时限：` (or in a table's time column) are kept whole in
//! [`ImportedTask::deadline_text`] and split on `，`/`；` into dated parts. A part that mentions
//! `阶段性` (成果) is [`DeadlineKind::Staged`], any other [`DeadlineKind::Final`]; staged ones come
//! first. Dates are read as follows (the last day a task may still be done on):
//!
//! - `2022年12月底前`, `2022年12月底`, `2022年12月末`, `2022年12月`, `2022年12月完成` → 2022-12-31;
//!   `2022年6月下旬` → 2022-06-30, `上旬` → the 10th, `中旬` → the 20th.
//! - `2022年6月前` (before June) → 2022-05-31; `2025年前` → 2024-12-31.
//! - `2022年6月15日前`, `2022年6月15日` → 2022-06-15 (the day named is still in time).
//! - `2022年底前`, `2022年年底`, `2022年末`, `2022年内`, `2022年` → 2022-12-31; `2022年上半年` →
//!   06-30, `下半年` → 12-31; `第一季度`/`一季度` → 03-31, and so on.
//! - `“十四五”末` or `十四五期间` → 2025-12-31 (the plan period 2021–2025); `十三五` → 2020,
//!   `十五五` → 2030.
//! - `长期`, `长期坚持`, `持续推进`, `全年` (and other `持续`/`常态` words) name no date: the task gets
//!   no [`TaskDeadline`] but keeps the words, and nothing is reported.
//! - `年底前` without a year and `本文件印发后30日内` depend on the document's date: [`import_tasks`]
//!   reports them as unread ([`UnreadKind::DeadlineNeedsDocumentDate`]); [`import_document`] reads
//!   them against [`GazetteDocument::issued_on`] (its year; the issue date plus the calendar days).
//!
//! # What is not read
//!
//! Nothing task-like is dropped silently: a bracket that never closes, a clause of a task bracket
//! that is not one of the known labels, a label with no unit after it, a deadline whose date cannot
//! be read, a `责任单位：`-style label outside any task bracket, a table row without text or units —
//! each is reported in [`TaskImport::unread`] with its line. A task is still recorded when what it
//! says can be read (an unclosed bracket is read up to the end of its paragraph). Prose that is not
//! a task is not reported.
//!
//! # Lines
//!
//! Line numbers are 1-based and count the lines of the text passed in, blank lines included. For
//! `import_tasks(&doc.body)` they count within the body; [`GazetteDocument::file_line`] maps them
//! to the lines of the text given to [`split_documents`], and [`import_document`] returns them
//! mapped already.
//!
//! # Normalisation
//!
//! Full-width digits and letters become half-width; spaces are removed except between two ASCII
//! letters or digits; half-width `(`, `)`, `:`, `;` become full-width, and `,`/`.` next to Chinese
//! text become `，`/`。` (one of the gazettes is set with half-width punctuation). Broken lines are
//! joined without inserting anything. The module is pure and deterministic, and does not panic on
//! any input.

#![deny(clippy::indexing_slicing)]

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

// ------------------------------------------------------------------------------------------------
// Public types
// ------------------------------------------------------------------------------------------------

/// One published document found in a gazette text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GazetteDocument {
    /// The document number, normalised: half-width digits, no spaces (`钢城政发〔2022〕6号`).
    pub number: String,
    /// The title without the issuer, normalised (`关于全面加强和改进行政执法监督工作的实施意见`).
    pub title: String,
    /// The issuing body (`济南市钢城区人民政府`).
    pub issuer: Option<String>,
    /// The date above the issuer's seal, the first full date line after the number.
    pub issued_on: Option<NaiveDate>,
    /// First line of the document in the text given to [`split_documents`] (1-based).
    pub first_line: usize,
    /// Last non-blank line of the document.
    pub last_line: usize,
    /// The document's lines, `first_line` to `last_line`, joined with `\n` as in the source.
    pub body: String,
}

impl GazetteDocument {
    /// The line of the text given to [`split_documents`] that is line `body_line` of [`Self::body`].
    pub fn file_line(&self, body_line: usize) -> usize {
        body_line.saturating_add(self.first_line).saturating_sub(1)
    }
}

/// How a task names its units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TaskFormat {
    /// `〔牵头单位：…；责任单位：…；完成时限：…〕`.
    LeadAndResponsible,
    /// `（牵头部门：…，参与部门：…）`.
    LeadAndParticipating,
    /// `〔责任单位：…〕`.
    ResponsibleOnly,
    /// A row of a task table.
    Table,
    /// `（牵头领导：…，责任单位：…，配合单位：…）`.
    LeaderAndResponsible,
    /// `（X牵头，Y按照职责分工负责）`, `（X牵头，Y配合）`, `（X牵头）`, `（X按职责分工负责）`.
    Inline,
}

/// Whether a deadline is for a first result or for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DeadlineKind {
    /// 取得阶段性成果.
    Staged,
    /// 完成.
    Final,
}

/// One dated part of a task's 完成时限.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDeadline {
    pub kind: DeadlineKind,
    /// The last day the part may be done on; see the module documentation for the conventions.
    pub due_on: NaiveDate,
    /// The source words of this part, normalised (`2022年12月底前取得阶段性成果`).
    pub text: String,
}

/// One execution task read from a decision's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedTask {
    /// 1-based order within the text imported.
    pub seq: u32,
    /// The task's own number as printed, without its dot: `12`, `（三）`, `一`; a table row's number.
    pub number: Option<String>,
    /// The heading the task sits under (`（一）加强行政执法监督体系建设`), best effort.
    pub section: Option<String>,
    /// The short title before the first `。`, or the task's heading line, when there is more text.
    pub title: Option<String>,
    /// The task's text, lines joined, page artefacts and the bracket removed.
    pub description: String,
    /// 牵头单位 / 牵头部门 / `X牵头`.
    pub lead_units: Vec<String>,
    /// 责任单位 / 参与部门 / 配合单位 (see the module documentation).
    pub responsible_units: Vec<String>,
    /// 配合单位 named next to 责任单位.
    pub supporting_units: Vec<String>,
    /// 牵头领导: the officials in charge, by name.
    pub lead_officials: Vec<String>,
    /// Dated parts of the deadline: staged first, then final.
    pub deadlines: Vec<TaskDeadline>,
    /// The whole 完成时限 words (`长期坚持`, `2022年11月底前`), if any.
    pub deadline_text: Option<String>,
    pub format: TaskFormat,
    /// First and last line of the task in the text imported (1-based).
    pub first_line: usize,
    pub last_line: usize,
}

/// Why a piece of task-like text was not (fully) read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UnreadKind {
    /// A task bracket that never closes; the task was read up to the end of its paragraph.
    UnclosedBracket,
    /// A part of a deadline whose date cannot be read.
    UnreadableDeadline,
    /// A deadline that depends on the document's date (`年底前`, `印发后30日内`).
    DeadlineNeedsDocumentDate,
    /// A label with no unit after it, or a task naming no unit at all.
    EmptyUnitList,
    /// A part of a task bracket that is not one of the known labels.
    UnknownClause,
    /// A label such as `责任单位：` outside any task bracket.
    StrayLabel,
    /// A table row with no task text.
    TableRowWithoutText,
    /// A table row naming no unit, with no row above to take it from.
    TableRowWithoutUnits,
    /// Text inside a table that belongs to no numbered row.
    TableTextOutsideRow,
}

/// Task-like text the parser could not read, for a person to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnreadText {
    /// 1-based line in the text imported.
    pub line: usize,
    pub kind: UnreadKind,
    /// The text concerned, normalised.
    pub text: String,
    pub zh: String,
    pub en: String,
}

/// The result of reading a text's tasks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskImport {
    pub tasks: Vec<ImportedTask>,
    pub unread: Vec<UnreadText>,
}

// ------------------------------------------------------------------------------------------------
// Entry points
// ------------------------------------------------------------------------------------------------

/// Cuts a gazette text into its documents. A document begins at the issuer line above its number
/// line (`钢城政发〔2022〕6 号` standing alone on a line) and ends where the next one begins. Text
/// before the first document belongs to none; a text without a number line yields no document.
pub fn split_documents(text: &str) -> Vec<GazetteDocument> {
    let raws: Vec<&str> = text.lines().collect();
    let norms: Vec<String> = raws.iter().map(|r| normalise_line(r)).collect();
    let number_lines: Vec<(usize, String)> =
        norms.iter().enumerate().filter_map(|(i, n)| doc_number(n).map(|num| (i, num))).collect();
    let starts: Vec<usize> = number_lines.iter().map(|(k, _)| header_start(&norms, *k)).collect();
    let mut docs = Vec::new();
    for (d, (k, number)) in number_lines.iter().enumerate() {
        let start = starts.get(d).copied().unwrap_or(*k);
        let next = starts.get(d + 1).copied().unwrap_or(raws.len());
        let mut last = next.saturating_sub(1).max(start);
        while last > start && norms.get(last).is_none_or(|n| n.is_empty()) {
            last -= 1;
        }
        let window_end = next.min(k.saturating_add(9));
        let issuer = (start..window_end).filter_map(|i| norms.get(i)).find(|n| is_issuer(n)).cloned();
        let title = doc_title(&norms, start, *k, window_end);
        let issued_on = ((k + 1)..=last).filter_map(|i| norms.get(i)).find_map(|n| full_date_line(n));
        let body = raws.get(start..=last).map(|ls| ls.join("\n")).unwrap_or_default();
        docs.push(GazetteDocument {
            number: number.clone(),
            title,
            issuer,
            issued_on,
            first_line: start + 1,
            last_line: last + 1,
            body,
        });
    }
    docs
}

/// Reads the tasks of one document's text (or of any text). Line numbers count the lines of
/// `text`. Deadlines that depend on the document's date are reported as unread; use
/// [`import_document`] to read them.
pub fn import_tasks(text: &str) -> TaskImport {
    import_with(text, Context::default())
}

/// Reads the tasks of a document found by [`split_documents`], with line numbers of the text that
/// was split, and deadlines relative to the document's date resolved against
/// [`GazetteDocument::issued_on`].
pub fn import_document(doc: &GazetteDocument) -> TaskImport {
    let mut result = import_with(&doc.body, Context { issued_on: doc.issued_on });
    for t in &mut result.tasks {
        t.first_line = doc.file_line(t.first_line);
        t.last_line = doc.file_line(t.last_line);
    }
    for u in &mut result.unread {
        u.line = doc.file_line(u.line);
    }
    result
}

/// A document number in the one spelling [`split_documents`] gives its documents (half-width
/// digits, no spaces: `钢城政发〔2022〕6 号` and `济政字〔２０２１〕８９号` become `钢城政发〔2022〕6号` and
/// `济政字〔2021〕89号`), or `None` if the text is not a document number.
pub fn normalise_document_number(s: &str) -> Option<String> {
    doc_number(&normalise_line(s))
}

#[derive(Debug, Clone, Copy, Default)]
struct Context {
    issued_on: Option<NaiveDate>,
}

// ------------------------------------------------------------------------------------------------
// Characters and lines
// ------------------------------------------------------------------------------------------------

fn map_char(c: char) -> char {
    let u = c as u32;
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '＋' => char::from_u32(u - 0xFEE0).unwrap_or(c),
        '(' => '（',
        ')' => '）',
        ':' => '：',
        ';' => '；',
        '«' => '《',
        '»' => '》',
        '［' => '〔',
        '］' => '〕',
        _ => c,
    }
}

/// Normalises one line (see the module documentation). Works on the line alone, so that the
/// normalised lines correspond one to one with the source lines.
fn normalise_line(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().map(map_char).collect();
    let n = chars.len();
    // Nearest non-space neighbours, computed once so that long runs of spaces stay linear.
    let mut prev_ns: Vec<Option<char>> = Vec::with_capacity(n);
    let mut last = None;
    for &c in &chars {
        prev_ns.push(last);
        if !c.is_whitespace() {
            last = Some(c);
        }
    }
    let mut next_ns: Vec<Option<char>> = vec![None; n];
    let mut following = None;
    for (slot, &c) in next_ns.iter_mut().zip(chars.iter()).rev() {
        *slot = following;
        if !c.is_whitespace() {
            following = Some(c);
        }
    }
    let mut out = String::with_capacity(raw.len());
    for ((&c, p), nx) in chars.iter().zip(prev_ns).zip(next_ns) {
        let alnum = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphanumeric());
        let wide = |x: Option<char>| x.is_some_and(|x| !x.is_ascii());
        let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
        if c.is_whitespace() {
            if alnum(p) && alnum(nx) {
                out.push(' ');
            }
            continue;
        }
        let mapped = match c {
            ',' if wide(p) || wide(nx) => '，',
            '.' if wide(p) && !digit(nx) => '。',
            '．' if digit(p) && digit(nx) => '.',
            other => other,
        };
        out.push(mapped);
    }
    out
}

/// Display width: a Chinese character or full-width sign counts two, an ASCII character one.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '-' | '－' | '–' | '―' | '─')
}

/// A page number: `3`, `—2—`, `—31—`.
fn is_page_number(n: &str) -> bool {
    let t = n.trim_matches(is_dash);
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// A page number between dashes, which cannot be a table row's number.
fn is_dashed_page_number(n: &str) -> bool {
    n.starts_with(is_dash) && n.ends_with(is_dash) && is_page_number(n)
}

/// A running head or foot such as `济南市市中区人民政府公报（2022年第2期）区政府文件`.
fn is_running_head(n: &str) -> bool {
    n.contains("公报（") && n.contains("期）") && n.chars().count() <= 60
}

const ISSUER_ENDINGS: &[&str] = &["人民政府", "人民政府办公室", "人民政府办公厅"];

/// `济南市钢城区人民政府`: a place and 人民政府 (a bare `区政府办公室` in a table is a unit).
fn is_issuer(n: &str) -> bool {
    let len = n.chars().count();
    (7..=25).contains(&len)
        && ISSUER_ENDINGS.iter().any(|e| n.ends_with(e))
        && !n.chars().any(|c| "，。：；、（）《》“”".contains(c))
}

/// `钢城政发〔2022〕6号` as a whole line: a short Chinese prefix, the year in 〔〕, the serial, 号.
fn doc_number(n: &str) -> Option<String> {
    let chars: Vec<char> = n.chars().collect();
    let open = chars.iter().position(|&c| c == '〔' || c == '[')?;
    let prefix = chars.get(..open)?;
    if prefix.is_empty() || prefix.len() > 10 || !prefix.iter().all(|c| is_cjk(*c)) {
        return None;
    }
    let rest = chars.get(open + 1..)?;
    let year: String = rest.iter().take_while(|c| c.is_ascii_digit()).collect();
    if year.len() != 4 {
        return None;
    }
    let rest = rest.get(4..)?;
    if !matches!(rest.first(), Some('〕' | ']')) {
        return None;
    }
    let rest = rest.get(1..)?;
    let serial: String = rest.iter().take_while(|c| c.is_ascii_digit()).collect();
    if serial.is_empty() || serial.len() > 4 {
        return None;
    }
    if rest.get(serial.len()..)? != ['号'] {
        return None;
    }
    let prefix: String = prefix.iter().collect();
    Some(format!("{prefix}〔{year}〕{serial}号"))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// `2022年11月18日` as a whole line.
fn full_date_line(n: &str) -> Option<NaiveDate> {
    let chars: Vec<char> = n.chars().collect();
    let (year, rest) = take_number(&chars)?;
    let rest = rest.strip_prefix(&['年'][..])?;
    let (month, rest) = take_number(rest)?;
    let rest = rest.strip_prefix(&['月'][..])?;
    let (day, rest) = take_number(rest)?;
    if rest != ['日'] {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Leading ASCII digits (at most 6) as a number, and the rest.
fn take_number(chars: &[char]) -> Option<(u32, &[char])> {
    let len = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if len == 0 || len > 6 {
        return None;
    }
    let digits: String = chars.get(..len)?.iter().collect();
    Some((digits.parse().ok()?, chars.get(len..)?))
}

const DOCUMENT_KINDS: &[&str] =
    &["通知", "意见", "决定", "决议", "命令", "公告", "通告", "通报", "报告", "请示", "批复", "函", "纪要", "公报"];

/// The first header line of the document whose number is on line `k`: the nearest issuer line
/// above it, over title lines only.
fn header_start(norms: &[String], k: usize) -> usize {
    let mut start = k;
    let mut seen = 0;
    let mut i = k;
    while i > 0 && seen < 6 {
        i -= 1;
        let Some(n) = norms.get(i) else { break };
        if n.is_empty() {
            continue;
        }
        seen += 1;
        if is_issuer(n) {
            return i;
        }
        if is_title_like(n) {
            start = i;
            continue;
        }
        break;
    }
    start
}

fn is_title_like(n: &str) -> bool {
    if n.starts_with("关于") || DOCUMENT_KINDS.iter().any(|k| n.ends_with(k)) {
        return !n.contains('。');
    }
    width(n) <= 60
        && !n.starts_with('（')
        && !n.chars().any(|c| "。，：；".contains(c))
        && full_date_line(n).is_none()
        && !is_page_number(n)
        && !is_running_head(n)
}

/// The title: from the first line beginning with `关于` (or the first header line that is neither
/// the issuer nor the number) to the line ending with the kind of document (`通知`, `意见`, …).
fn doc_title(norms: &[String], start: usize, number_line: usize, window_end: usize) -> String {
    let candidates: Vec<usize> = (start..window_end)
        .filter(|&i| i != number_line)
        .filter(|&i| norms.get(i).is_some_and(|n| !n.is_empty() && !is_issuer(n)))
        .collect();
    let first = candidates
        .iter()
        .position(|&i| norms.get(i).is_some_and(|n| n.starts_with("关于")))
        .or(if candidates.is_empty() { None } else { Some(0) });
    let Some(first) = first else { return String::new() };
    let mut title = String::new();
    for &i in candidates.iter().skip(first).take(4) {
        let Some(n) = norms.get(i) else { break };
        if n.ends_with('：') || full_date_line(n).is_some() {
            break;
        }
        title.push_str(n);
        if DOCUMENT_KINDS.iter().any(|k| n.ends_with(k)) {
            break;
        }
    }
    title
}

// ------------------------------------------------------------------------------------------------
// Markers (numbers of items and headings)
// ------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    /// `一、`
    Chapter,
    /// `（一）`
    Section,
    /// `（1）`
    Paren,
    /// `1.`, `1．`, `1、`
    Item,
}

#[derive(Debug, Clone)]
struct Mark {
    kind: MarkKind,
    /// As printed, without the dot or 、: `12`, `（三）`, `一`.
    label: String,
    num: u32,
    /// Number of characters the marker takes.
    len: usize,
}

const CN_DIGITS: &str = "零〇一二三四五六七八九";

fn cn_value(s: &[char]) -> Option<u32> {
    let digit = |c: &char| CN_DIGITS.chars().position(|d| d == *c).map(|p| if p == 0 { 0 } else { p as u32 - 1 });
    match s.iter().position(|&c| c == '十') {
        None => {
            if s.len() == 1 {
                s.first().and_then(digit)
            } else {
                None
            }
        }
        Some(p) => {
            let tens = if p == 0 { 1 } else { digit(s.get(p - 1)?)? };
            let units = match s.get(p + 1) {
                None => 0,
                Some(c) => digit(c)?,
            };
            if p > 1 || s.len() > p + 2 {
                return None;
            }
            Some(tens * 10 + units)
        }
    }
}

fn parse_mark(chars: &[char]) -> Option<Mark> {
    let first = *chars.first()?;
    if first.is_ascii_digit() {
        let len = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        if len > 3 {
            return None;
        }
        let sep = *chars.get(len)?;
        if !matches!(sep, '.' | '．' | '、') || chars.get(len + 1).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let label: String = chars.get(..len)?.iter().collect();
        let num = label.parse().ok()?;
        return Some(Mark { kind: MarkKind::Item, label, num, len: len + 1 });
    }
    let is_cn = |c: &char| CN_DIGITS.contains(*c) || *c == '十';
    if is_cn(&first) {
        let len = chars.iter().take_while(|c| is_cn(c)).count();
        if len > 3 || chars.get(len) != Some(&'、') {
            return None;
        }
        let digits = chars.get(..len)?;
        let num = cn_value(digits)?;
        return Some(Mark { kind: MarkKind::Chapter, label: digits.iter().collect(), num, len: len + 1 });
    }
    if first == '（' {
        let inner = chars.get(1..)?;
        let close = inner.iter().position(|&c| c == '）')?;
        let digits = inner.get(..close)?;
        if digits.is_empty() || digits.len() > 3 {
            return None;
        }
        let label: String = chars.get(..close + 2)?.iter().collect();
        if digits.iter().all(|c| c.is_ascii_digit()) {
            let num = digits.iter().collect::<String>().parse().ok()?;
            return Some(Mark { kind: MarkKind::Paren, label, num, len: close + 2 });
        }
        let num = cn_value(digits)?;
        return Some(Mark { kind: MarkKind::Section, label, num, len: close + 2 });
    }
    None
}

// ------------------------------------------------------------------------------------------------
// Units
// ------------------------------------------------------------------------------------------------

/// Last characters of a complete unit name (局, 中心, 街道, 部门, 集团, …).
const UNIT_END_CHARS: &str = "局委办会院部心区处位厅所队站室团社联协府组行司馆校道镇门街）>村居县市省港";

/// How a unit name (or the next unit of a list) begins, for telling table cells apart.
const UNIT_STARTS: &[&str] = &[
    "区",
    "市",
    "各",
    "相关",
    "活动",
    "公安",
    "生态",
    "开发区",
    "团区委",
    "团市委",
    "省",
    "县",
    "镇",
    "街道",
    "控股",
    "国开",
    "产发",
];

const CLOSING_PHRASES: &[&str] = &[
    "等部门按照职责分工负责",
    "等单位按照职责分工负责",
    "按照职责分工负责",
    "按照职能分工负责",
    "按职责分工负责",
    "按职能分工负责",
    "分工负责",
];

const VAGUE_TAILS: &[&str] =
    &["等相关部门单位", "等相关部门", "等相关单位", "等有关部门", "等部门单位", "等部门", "等单位"];

fn looks_like_unit(u: &str) -> bool {
    let len = u.chars().count();
    (2..=40).contains(&len)
        && u.chars().last().is_some_and(|c| UNIT_END_CHARS.contains(c))
        && !u.contains('。')
        && !u.starts_with('由')
}

fn strip_unit_tail(u: &str) -> &str {
    let mut s = u.trim();
    for p in CLOSING_PHRASES {
        if let Some(rest) = s.strip_suffix(p) {
            s = rest;
            break;
        }
    }
    for v in VAGUE_TAILS {
        if let Some(rest) = s.strip_suffix(v) {
            s = rest;
            break;
        }
    }
    s.trim()
}

fn is_opening(c: char) -> bool {
    matches!(c, '（' | '〔' | '<' | '《' | '“' | '【')
}

fn is_closing(c: char) -> bool {
    matches!(c, '）' | '〕' | '>' | '》' | '”' | '】')
}

/// Splits a list of units on `、`, `，`, `；` (and `及` between two complete names), never inside
/// brackets, and drops closing phrases that name no unit.
fn split_units(list: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in list.chars() {
        if is_opening(c) {
            depth += 1;
        } else if is_closing(c) {
            depth = depth.saturating_sub(1);
        }
        if depth == 0 && matches!(c, '、' | '，' | '；' | ',') {
            pieces.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    pieces.push(cur);
    let mut units = Vec::new();
    for p in pieces {
        let p = strip_unit_tail(&p);
        // 及 joins two names only when what precedes it is already a whole name.
        match p.split_once('及') {
            Some((a, b)) if looks_like_unit(a) && !b.is_empty() => {
                units.push(a.to_owned());
                units.push(strip_unit_tail(b).to_owned());
            }
            _ => units.push(p.to_owned()),
        }
    }
    units.retain(|u| !u.is_empty());
    units
}

#[derive(Debug, Default)]
struct InlineUnits {
    lead: Vec<String>,
    responsible: Vec<String>,
}

const INLINE_VERBS: &[&str] = &[
    "按照职责分工负责",
    "按照职能分工负责",
    "按职责分工负责",
    "按职能分工负责",
    "分工负责",
    "负责",
    "配合",
    "参与",
    "协同",
];

/// `X牵头，Y按照职责分工负责` and its variants; `None` if the text is anything else.
fn parse_inline(content: &str) -> Option<InlineUnits> {
    let all_units = |v: &[String]| !v.is_empty() && v.iter().all(|u| looks_like_unit(u));
    let c = content.trim();
    if let Some((left, right)) = c.split_once("牵头") {
        let lead = split_units(left);
        if !all_units(&lead) {
            return None;
        }
        let right = right.trim_start_matches(['，', '；', '、']);
        if right.is_empty() {
            return Some(InlineUnits { lead, responsible: Vec::new() });
        }
        let rest = INLINE_VERBS.iter().find_map(|v| right.strip_suffix(v))?;
        let responsible = split_units(rest);
        return all_units(&responsible).then_some(InlineUnits { lead, responsible });
    }
    let rest = CLOSING_PHRASES.iter().find_map(|p| c.strip_suffix(p))?;
    let responsible = split_units(rest);
    all_units(&responsible).then_some(InlineUnits { lead: Vec::new(), responsible })
}

// ------------------------------------------------------------------------------------------------
// Labelled brackets
// ------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Official,
    Responsible,
    Participating,
    Supporting,
    Time,
}

/// Longer labels first, so that `完成时限` is not taken for `时限`.
const LABELS: &[(&str, Role)] = &[
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("牵头领导", Role::Official),
    ("责任单位", Role::Responsible),
    ("责任部门", Role::Responsible),
    ("参与部门", Role::Participating),
    ("参与单位", Role::Participating),
    ("配合单位", Role::Supporting),
    ("配合部门", Role::Supporting),
    ("协办单位", Role::Supporting),
    ("完成时限", Role::Time),
    ("完成时间", Role::Time),
    ("时间要求", Role::Time),
    ("时限", Role::Time),
];

/// The label (followed by `：`) at the start of `chars`.
fn label_at(chars: &[char]) -> Option<(&'static str, Role)> {
    LABELS.iter().copied().find(|(l, _)| {
        let n = l.chars().count();
        chars.get(..n).is_some_and(|p| p.iter().copied().eq(l.chars())) && chars.get(n) == Some(&'：')
    })
}

#[derive(Debug, Default)]
struct Labelled {
    lead: Vec<String>,
    officials: Vec<String>,
    responsible: Vec<String>,
    participating: Vec<String>,
    supporting: Vec<String>,
    time: Option<String>,
    has_official: bool,
    has_lead_dept: bool,
    has_lead_unit: bool,
    has_participating: bool,
    has_responsible: bool,
    /// Labels with nothing after them.
    empty: Vec<&'static str>,
    /// Clauses that are no known label.
    unknown: Vec<String>,
}

fn parse_labelled(content: &str) -> Labelled {
    let chars: Vec<char> = content.chars().collect();
    // Clause boundaries: a label at depth 0 at the start or after ，/；, and every ；at depth 0.
    let mut bounds = vec![0usize];
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if is_opening(c) {
            depth += 1;
        } else if is_closing(c) {
            depth = depth.saturating_sub(1);
        }
        if depth != 0 || i == 0 {
            continue;
        }
        let after_sep = matches!(chars.get(i - 1), Some('，' | '；'));
        if c == '；' || (after_sep && chars.get(i..).and_then(label_at).is_some()) {
            bounds.push(if c == '；' { i + 1 } else { i });
        }
    }
    bounds.push(chars.len());
    bounds.dedup();
    let mut out = Labelled::default();
    for w in bounds.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else { continue };
        let Some(seg) = chars.get(a..b) else { continue };
        let seg: String = seg.iter().collect();
        let seg = seg.trim_end_matches(['，', '；']).trim();
        if seg.is_empty() {
            continue;
        }
        let seg_chars: Vec<char> = seg.chars().collect();
        let Some((label, role)) = label_at(&seg_chars) else {
            out.unknown.push(seg.to_owned());
            continue;
        };
        let value: String = seg_chars.get(label.chars().count() + 1..).unwrap_or_default().iter().collect();
        let value = value.trim();
        match role {
            Role::Time => {
                if value.is_empty() {
                    out.empty.push(label);
                } else {
                    out.time = Some(value.to_owned());
                }
                continue;
            }
            Role::Official => {
                out.has_official = true;
                let names: Vec<String> =
                    value.split(['、', '，']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
                if names.is_empty() {
                    out.empty.push(label);
                }
                out.officials.extend(names);
                continue;
            }
            _ => {}
        }
        let units = split_units(value);
        if units.is_empty() {
            out.empty.push(label);
        }
        match role {
            Role::Lead => {
                if label == "牵头部门" {
                    out.has_lead_dept = true;
                } else {
                    out.has_lead_unit = true;
                }
                out.lead.extend(units);
            }
            Role::Responsible => {
                out.has_responsible = true;
                out.responsible.extend(units);
            }
            Role::Participating => {
                out.has_participating = true;
                out.participating.extend(units);
            }
            Role::Supporting => out.supporting.extend(units),
            Role::Official | Role::Time => {}
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Deadlines
// ------------------------------------------------------------------------------------------------

enum PartDate {
    Dated(NaiveDate),
    Dateless,
    NeedsDocumentDate,
    Unreadable,
}

struct DeadlineReading {
    deadlines: Vec<TaskDeadline>,
    /// Parts that could not be dated, with the reason.
    problems: Vec<(String, UnreadKind)>,
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 { (year.checked_add(1)?, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

const DATELESS_WORDS: &[&str] = &["长期", "持续", "全年", "常态", "经常", "逐年", "每年", "按期"];

fn plan_period_end(part: &str) -> Option<i32> {
    [("十三五", 2020), ("十四五", 2025), ("十五五", 2030)].iter().find(|(p, _)| part.contains(p)).map(|(_, y)| *y)
}

/// Reads what follows `YYYY年`.
fn date_after_year(year: i32, rest: &[char]) -> Option<NaiveDate> {
    let starts = |s: &str| rest.iter().copied().take(s.chars().count()).eq(s.chars());
    if let Some((month, after)) = take_number(rest) {
        let after = after.strip_prefix(&['月'][..])?;
        if !(1..=12).contains(&month) {
            return None;
        }
        if let Some((day, after_day)) = take_number(after) {
            return if after_day.first() == Some(&'日') { NaiveDate::from_ymd_opt(year, month, day) } else { None };
        }
        let tail: String = after.iter().take(2).collect();
        return match tail.as_str() {
            "上旬" => NaiveDate::from_ymd_opt(year, month, 10),
            "中旬" => NaiveDate::from_ymd_opt(year, month, 20),
            _ if tail.starts_with('前') => {
                if month == 1 {
                    NaiveDate::from_ymd_opt(year.checked_sub(1)?, 12, 31)
                } else {
                    last_of_month(year, month - 1)
                }
            }
            _ => last_of_month(year, month),
        };
    }
    if starts("上半年") {
        return NaiveDate::from_ymd_opt(year, 6, 30);
    }
    for (q, m) in [("一季度", 3), ("二季度", 6), ("三季度", 9), ("四季度", 12)] {
        if starts(q) || starts(&format!("第{q}")) {
            return last_of_month(year, m);
        }
    }
    if starts("前") {
        return NaiveDate::from_ymd_opt(year.checked_sub(1)?, 12, 31);
    }
    // 年底, 年末, 底, 末, 内, 下半年, 完成, or nothing more: the end of the year.
    NaiveDate::from_ymd_opt(year, 12, 31)
}

fn date_of_part(part: &str, ctx: Context) -> PartDate {
    let chars: Vec<char> = part.chars().filter(|c| !matches!(c, '“' | '”' | '"')).collect();
    // The first four-digit number followed by 年.
    let mut i = 0;
    while i < chars.len() {
        let len = chars.get(i..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        if len == 0 {
            i += 1;
            continue;
        }
        if len == 4 && chars.get(i + 4) == Some(&'年') {
            let Some((year, _)) = chars.get(i..).and_then(take_number) else { return PartDate::Unreadable };
            let Ok(year) = i32::try_from(year) else { return PartDate::Unreadable };
            let rest = chars.get(i + 5..).unwrap_or_default();
            return match date_after_year(year, rest) {
                Some(d) if (1900..=2200).contains(&year) => PartDate::Dated(d),
                _ => PartDate::Unreadable,
            };
        }
        i += len;
    }
    if let Some(year) = plan_period_end(part) {
        return NaiveDate::from_ymd_opt(year, 12, 31).map_or(PartDate::Unreadable, PartDate::Dated);
    }
    // Relative to the document's date.
    if let Some(days) = days_after_issue(&chars) {
        return match ctx.issued_on.and_then(|d| d.checked_add_days(Days::new(days))) {
            Some(d) => PartDate::Dated(d),
            None => PartDate::NeedsDocumentDate,
        };
    }
    if ["年底", "年末", "年内", "上半年", "下半年", "月底", "月末", "季度"].iter().any(|w| part.contains(w))
    {
        let Some(year) = ctx.issued_on.map(|d| d.year()) else { return PartDate::NeedsDocumentDate };
        let with_year: Vec<char> = year.to_string().chars().chain(['年']).chain(chars.iter().copied()).collect();
        let text: String = with_year.iter().collect();
        return match date_of_part(&text, Context::default()) {
            PartDate::Dated(d) => PartDate::Dated(d),
            _ => PartDate::Unreadable,
        };
    }
    if DATELESS_WORDS.iter().any(|w| part.contains(w)) {
        return PartDate::Dateless;
    }
    PartDate::Unreadable
}

/// `印发后30日内`, `30天内` → 30; working days are not counted here.
fn days_after_issue(chars: &[char]) -> Option<u64> {
    let s: String = chars.iter().collect();
    if s.contains("工作日") {
        return None;
    }
    let start = chars.iter().position(|c| c.is_ascii_digit())?;
    let (n, rest) = take_number(chars.get(start..)?)?;
    let rest: String = rest.iter().collect();
    (rest.starts_with("日内") || rest.starts_with("天内") || rest.starts_with("日前")).then_some(u64::from(n))
}

fn read_deadlines(text: &str, ctx: Context) -> DeadlineReading {
    let mut staged = Vec::new();
    let mut finals = Vec::new();
    let mut problems = Vec::new();
    for part in text.split(['，', '；', ',']) {
        let part = part.trim().trim_start_matches(['并', '且', '和', '及']).trim();
        if part.is_empty() {
            continue;
        }
        let kind = if part.contains("阶段") { DeadlineKind::Staged } else { DeadlineKind::Final };
        match date_of_part(part, ctx) {
            PartDate::Dated(due_on) => {
                let d = TaskDeadline { kind, due_on, text: part.to_owned() };
                if kind == DeadlineKind::Staged { staged.push(d) } else { finals.push(d) }
            }
            PartDate::Dateless => {}
            PartDate::NeedsDocumentDate => problems.push((part.to_owned(), UnreadKind::DeadlineNeedsDocumentDate)),
            PartDate::Unreadable => problems.push((part.to_owned(), UnreadKind::UnreadableDeadline)),
        }
    }
    staged.sort_by_key(|d| d.due_on);
    finals.sort_by_key(|d| d.due_on);
    staged.extend(finals);
    DeadlineReading { deadlines: staged, problems }
}

fn deadline_unread(line: usize, part: &str, kind: UnreadKind) -> UnreadText {
    let (zh, en) = match kind {
        UnreadKind::DeadlineNeedsDocumentDate => (
            format!("完成时限“{part}”要依文件印发日期确定，请结合文件日期核对"),
            format!("the deadline “{part}” depends on the document's date; read it against that date"),
        ),
        _ => (format!("无法识别完成时限中的日期：“{part}”"), format!("cannot read a date in the deadline “{part}”")),
    };
    UnreadText { line, kind, text: part.to_owned(), zh, en }
}

// ------------------------------------------------------------------------------------------------
// Importing
// ------------------------------------------------------------------------------------------------

/// One character of the joined prose, with the line it came from.
#[derive(Debug, Clone, Copy)]
struct SChar {
    c: char,
    /// 0-based line index in the input.
    line: usize,
    /// First character of its line.
    start: bool,
}

/// A line of the joined prose: its range in the stream and its width.
#[derive(Debug, Clone, Copy)]
struct SLine {
    start: usize,
    end: usize,
    width: usize,
}

/// Hard break in the stream: no bracket or task runs across it.
const BREAK: char = '\n';

/// Longest bracket read; a longer one is taken as never closed.
const MAX_BRACKET: usize = 800;

struct Prose {
    chars: Vec<SChar>,
    lines: Vec<SLine>,
    /// Marker at the start of a stream line: (stream position, marker, index into `lines`).
    marks: Vec<(usize, Mark, usize)>,
    /// Positions where a marker, a 专栏 box or an attachment begins a line: brackets stop there.
    stops: Vec<bool>,
    /// Stream positions of 专栏 lines.
    boxes: Vec<usize>,
    /// Stream positions of hard breaks and attachment lines.
    barriers: Vec<usize>,
    full_width: usize,
}

impl Prose {
    fn text(&self, from: usize, to: usize) -> String {
        self.chars
            .get(from..to.min(self.chars.len()))
            .unwrap_or_default()
            .iter()
            .map(|s| s.c)
            .filter(|&c| c != BREAK)
            .collect()
    }

    fn is_short(&self, w: usize) -> bool {
        self.full_width > 0 && w * 5 < self.full_width * 4
    }

    fn sline_of(&self, pos: usize) -> Option<usize> {
        let i = self.lines.partition_point(|l| l.start <= pos);
        i.checked_sub(1)
    }

    fn line_at(&self, pos: usize) -> usize {
        self.chars.get(pos).map_or(0, |s| s.line)
    }

    /// Line of the last non-break character before `end`.
    fn last_line_before(&self, end: usize) -> usize {
        self.chars
            .get(..end.min(self.chars.len()))
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|s| s.c != BREAK)
            .map_or(0, |s| s.line)
    }
}

struct Table {
    header: usize,
    end: usize,
    roles: Vec<Role>,
}

const UNIT_COLUMNS: &[(&str, Role)] = &[
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("责任单位", Role::Responsible),
    ("责任部门", Role::Responsible),
    ("承办单位", Role::Responsible),
    ("配合单位", Role::Supporting),
    ("配合部门", Role::Supporting),
    ("参与单位", Role::Supporting),
    ("参与部门", Role::Supporting),
];

const TIME_COLUMNS: &[&str] = &["完成时限", "时间要求", "完成时间", "时限", "序号"];

/// The unit columns of a table header line, in order.
fn table_columns(n: &str) -> Option<Vec<Role>> {
    if n.contains('。') || n.contains('：') || n.chars().count() > 60 || !TIME_COLUMNS.iter().any(|t| n.contains(t)) {
        return None;
    }
    let mut found: Vec<(usize, Role)> = UNIT_COLUMNS.iter().filter_map(|(k, r)| n.find(k).map(|p| (p, *r))).collect();
    found.sort_by_key(|(p, _)| *p);
    let roles: Vec<Role> = found.into_iter().map(|(_, r)| r).collect();
    (!roles.is_empty()).then_some(roles)
}

fn ends_table(n: &str) -> bool {
    n.starts_with("附件") || doc_number(n).is_some() || is_issuer(n)
}

fn find_tables(norms: &[String]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < norms.len() {
        let Some(roles) = norms.get(i).and_then(|n| table_columns(n)) else {
            i += 1;
            continue;
        };
        let end = (i + 1..norms.len()).find(|&j| norms.get(j).is_some_and(|n| ends_table(n))).unwrap_or(norms.len());
        tables.push(Table { header: i, end, roles });
        i = end.max(i + 1);
    }
    tables
}

fn import_with(text: &str, ctx: Context) -> TaskImport {
    let raws: Vec<&str> = text.lines().collect();
    let norms: Vec<String> = raws.iter().map(|r| normalise_line(r)).collect();
    let tables = find_tables(&norms);
    let prose = build_prose(&norms, &tables);
    let mut out = TaskImport::default();
    prose_tasks(&prose, ctx, &mut out);
    for t in &tables {
        table_tasks(&raws, &norms, t, ctx, &mut out);
    }
    out.tasks.sort_by_key(|t| (t.first_line, t.last_line));
    for (i, t) in out.tasks.iter_mut().enumerate() {
        t.seq = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    out.unread.sort_by_key(|u| u.line);
    out
}

fn build_prose(norms: &[String], tables: &[Table]) -> Prose {
    let mut chars = Vec::new();
    let mut lines = Vec::new();
    let mut boxes = Vec::new();
    let mut barriers = Vec::new();
    let mut widths = Vec::new();
    let in_table = |i: usize| tables.iter().find(|t| (t.header..t.end).contains(&i)).map(|t| t.header);
    let mut last_table = None;
    for (i, n) in norms.iter().enumerate() {
        if let Some(h) = in_table(i) {
            if last_table != Some(h) {
                barriers.push(chars.len());
                chars.push(SChar { c: BREAK, line: i, start: false });
                last_table = Some(h);
            }
            continue;
        }
        if n.is_empty() || is_page_number(n) || is_running_head(n) {
            continue;
        }
        if n.starts_with("附件") || doc_number(n).is_some() || is_issuer(n) {
            barriers.push(chars.len());
            chars.push(SChar { c: BREAK, line: i, start: false });
        }
        let start = chars.len();
        if n.starts_with("专栏") {
            boxes.push(start);
        }
        for (j, c) in n.chars().enumerate() {
            chars.push(SChar { c, line: i, start: j == 0 });
        }
        let w = width(n);
        if w >= 10 {
            widths.push(w);
        }
        lines.push(SLine { start, end: chars.len(), width: w });
    }
    widths.sort_unstable();
    let full_width = widths.get(widths.len() * 3 / 4).copied().unwrap_or(0);
    let mut stops = vec![false; chars.len()];
    let mut marks = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        let line_chars: Vec<char> = chars.get(l.start..l.end).unwrap_or_default().iter().map(|s| s.c).collect();
        let text: String = line_chars.iter().collect();
        let mark = parse_mark(&line_chars);
        if (mark.is_some() || text.starts_with("专栏") || text.starts_with("附件"))
            && let Some(s) = stops.get_mut(l.start)
        {
            *s = true;
        }
        if text.starts_with("附件") {
            barriers.push(l.start);
        }
        if let Some(m) = mark {
            marks.push((l.start, m, li));
        }
    }
    barriers.sort_unstable();
    Prose { chars, lines, marks, stops, boxes, barriers, full_width }
}

struct Found {
    open: usize,
    /// Position of the closing bracket, if there is one.
    close: Option<usize>,
    /// End of the content (the closing bracket, or where reading stopped).
    content_end: usize,
    kind: FoundKind,
}

enum FoundKind {
    Labelled(Labelled),
    Inline(InlineUnits),
}

impl Found {
    fn end(&self) -> usize {
        self.close.map_or(self.content_end, |c| c + 1)
    }
}

/// Finds where the bracket opened at `open` closes, or where reading has to stop.
fn scan_bracket(p: &Prose, open: usize) -> (Option<usize>, usize) {
    let mut depth = 0usize;
    let mut j = open;
    while let Some(sc) = p.chars.get(j) {
        if j > open && (sc.c == BREAK || p.stops.get(j).copied().unwrap_or(false) || j - open > MAX_BRACKET) {
            return (None, j);
        }
        match sc.c {
            '（' | '〔' => depth += 1,
            '）' | '〕' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (Some(j), j);
                }
            }
            _ => {}
        }
        j += 1;
    }
    (None, j)
}

fn find_brackets(p: &Prose) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < p.chars.len() {
        let Some(sc) = p.chars.get(i) else { break };
        if !matches!(sc.c, '（' | '〔') {
            i += 1;
            continue;
        }
        let (close, content_end) = scan_bracket(p, i);
        let content = p.text(i + 1, content_end);
        let content = content.trim();
        let content_chars: Vec<char> = content.chars().collect();
        let kind = if label_at(&content_chars).is_some() {
            Some(FoundKind::Labelled(parse_labelled(content)))
        } else {
            let before = p.chars.get(..i).unwrap_or_default().iter().rev().find(|s| s.c != BREAK).map(|s| s.c);
            let after_sentence = before.is_none_or(|c| matches!(c, '。' | '；' | '！' | '？'));
            if after_sentence { parse_inline(content).map(FoundKind::Inline) } else { None }
        };
        match kind {
            Some(kind) => {
                let f = Found { open: i, close, content_end, kind };
                i = f.end().max(i + 1);
                found.push(f);
            }
            None => i += 1,
        }
    }
    found
}

struct Start {
    /// Stream position where the task's text (marker included) begins.
    pos: usize,
    mark: Option<(Mark, usize)>,
}

/// Where the task whose bracket opens at `open` begins, given where the previous one ended.
fn task_start(p: &Prose, prev_end: usize, open: usize) -> Start {
    let lo = p.marks.partition_point(|(pos, _, _)| *pos < prev_end);
    let hi = p.marks.partition_point(|(pos, _, _)| *pos < open);
    let ms = p.marks.get(lo..hi).unwrap_or_default();
    let Some((last_pos, last_mark, last_line)) = ms.last() else {
        let pos = (prev_end..open).find(|&i| p.chars.get(i).is_some_and(|s| s.c != BREAK)).unwrap_or(prev_end);
        return Start { pos, mark: None };
    };
    // A bracket alone after items 1..n of one heading, none with a bracket of its own, covers them.
    let at_line_start = p.chars.get(open).is_some_and(|s| s.start);
    let prev_short = p
        .sline_of(open)
        .and_then(|l| l.checked_sub(1))
        .and_then(|l| p.lines.get(l))
        .is_some_and(|l| p.is_short(l.width));
    if at_line_start
        && prev_short
        && last_mark.kind == MarkKind::Item
        && let Some(h) = ms.iter().rposition(|(_, m, _)| matches!(m.kind, MarkKind::Chapter | MarkKind::Section))
    {
        let items = ms.get(h + 1..).unwrap_or_default();
        let consecutive = items
            .iter()
            .enumerate()
            .all(|(i, (_, m, _))| m.kind == MarkKind::Item && usize::try_from(m.num).ok() == Some(i + 1));
        if items.len() >= 2
            && consecutive
            && let Some((pos, m, li)) = ms.get(h)
        {
            return Start { pos: *pos, mark: Some((m.clone(), *li)) };
        }
    }
    Start { pos: *last_pos, mark: Some((last_mark.clone(), *last_line)) }
}

/// The title and the start of the description, from the text after the task's marker.
fn title_and_body(p: &Prose, start: &Start, open: usize) -> (Option<String>, usize) {
    let Some((mark, li)) = &start.mark else { return (None, start.pos) };
    let body = start.pos + mark.len;
    if let Some(line) = p.lines.get(*li) {
        let first_line = p.text(body, line.end.min(open));
        // A heading on a line of its own: `（五）提升人民美好生活气象服务供给水平` then the text. Only a
        // clearly short line counts, as the last line of a wrapped title is short too.
        let clearly_short = p.full_width > 0 && line.width * 100 < p.full_width * 65;
        if line.end < open && !first_line.contains('。') && !first_line.is_empty() && clearly_short {
            let title = first_line.trim_end_matches(['，', '：']).to_owned();
            return (Some(title), line.end);
        }
    }
    let text: Vec<char> = p.text(body, open).chars().collect();
    if let Some(k) = text.iter().position(|&c| c == '。') {
        let rest: String = text.get(k + 1..).unwrap_or_default().iter().collect();
        if (1..=40).contains(&k) && !rest.trim().is_empty() {
            return (Some(text.get(..k).unwrap_or_default().iter().collect()), body);
        }
    }
    (None, body)
}

/// A heading's text, marker included, up to its first `。`, its line end or 60 characters.
fn heading_text(p: &Prose, pos: usize, li: usize) -> String {
    let Some(line) = p.lines.get(li) else { return String::new() };
    let own = p.text(pos, line.end);
    let text = if own.contains('。') || p.is_short(line.width) {
        own
    } else {
        let mut t = own;
        for l in p.lines.iter().skip(li + 1).take(3) {
            if p.stops.get(l.start).copied().unwrap_or(false) || t.contains('。') {
                break;
            }
            t.push_str(&p.text(l.start, l.end));
        }
        t
    };
    let cut: String = text.split('。').next().unwrap_or_default().chars().take(60).collect();
    cut.trim_end_matches(['，', '：', '；']).to_owned()
}

fn prose_tasks(p: &Prose, ctx: Context, out: &mut TaskImport) {
    let found = find_brackets(p);
    let mut starts = Vec::with_capacity(found.len());
    let mut prev_end = 0;
    for f in &found {
        let lo = p.barriers.partition_point(|&b| b < prev_end);
        let hi = p.barriers.partition_point(|&b| b < f.open);
        let from = p.barriers.get(lo..hi).and_then(|b| b.last()).map_or(prev_end, |b| (*b).max(prev_end));
        starts.push(task_start(p, from, f.open));
        prev_end = f.end();
    }
    let start_positions: BTreeSet<usize> = starts.iter().map(|s| s.pos).collect();
    let boxes = box_ranges(p, &start_positions);
    for (f, start) in found.iter().zip(&starts) {
        let first_line = p.line_at(start.pos) + 1;
        let last_line = p.last_line_before(f.end()) + 1;
        let open_line = p.line_at(f.open) + 1;
        let (title, body_start) = title_and_body(p, start, f.open);
        let description = p.text(body_start, f.open).trim().to_owned();
        let mut task = ImportedTask {
            seq: 0,
            number: start.mark.as_ref().map(|(m, _)| m.label.clone()),
            section: section_of(p, start.pos, start.mark.as_ref().map(|(m, _)| m.kind), &start_positions, &boxes),
            title,
            description,
            lead_units: Vec::new(),
            responsible_units: Vec::new(),
            supporting_units: Vec::new(),
            lead_officials: Vec::new(),
            deadlines: Vec::new(),
            deadline_text: None,
            format: TaskFormat::Inline,
            first_line,
            last_line,
        };
        let bracket_text = p.text(f.open, f.end());
        if f.close.is_none() {
            out.unread.push(UnreadText {
                line: open_line,
                kind: UnreadKind::UnclosedBracket,
                text: bracket_text.clone(),
                zh: "任务括号没有闭合，已读到本段末尾，请核对".to_owned(),
                en: "the task bracket is never closed; it was read to the end of its paragraph, please check"
                    .to_owned(),
            });
        }
        match &f.kind {
            FoundKind::Inline(u) => {
                task.lead_units = u.lead.clone();
                task.responsible_units = u.responsible.clone();
            }
            FoundKind::Labelled(l) => {
                task.format = if l.has_official {
                    TaskFormat::LeaderAndResponsible
                } else if l.has_participating || l.has_lead_dept {
                    TaskFormat::LeadAndParticipating
                } else if l.has_lead_unit {
                    TaskFormat::LeadAndResponsible
                } else {
                    TaskFormat::ResponsibleOnly
                };
                task.lead_units = l.lead.clone();
                task.lead_officials = l.officials.clone();
                task.responsible_units = l.responsible.clone();
                task.responsible_units.extend(l.participating.iter().cloned());
                if l.has_responsible {
                    task.supporting_units = l.supporting.clone();
                } else {
                    task.responsible_units.extend(l.supporting.iter().cloned());
                }
                for label in &l.empty {
                    out.unread.push(UnreadText {
                        line: open_line,
                        kind: UnreadKind::EmptyUnitList,
                        text: bracket_text.clone(),
                        zh: format!("“{label}”后没有内容"),
                        en: format!("nothing follows “{label}”"),
                    });
                }
                for clause in &l.unknown {
                    out.unread.push(UnreadText {
                        line: open_line,
                        kind: UnreadKind::UnknownClause,
                        text: clause.clone(),
                        zh: format!("无法识别任务括号中的“{clause}”"),
                        en: format!("cannot read “{clause}” in the task bracket"),
                    });
                }
                if let Some(time) = &l.time {
                    task.deadline_text = Some(time.clone());
                    let reading = read_deadlines(time, ctx);
                    task.deadlines = reading.deadlines;
                    for (part, kind) in reading.problems {
                        out.unread.push(deadline_unread(open_line, &part, kind));
                    }
                }
                let no_units =
                    task.lead_units.is_empty() && task.responsible_units.is_empty() && task.supporting_units.is_empty();
                if no_units && l.empty.is_empty() {
                    out.unread.push(UnreadText {
                        line: open_line,
                        kind: UnreadKind::EmptyUnitList,
                        text: bracket_text.clone(),
                        zh: "任务没有写明牵头或责任单位".to_owned(),
                        en: "the task names no lead or responsible unit".to_owned(),
                    });
                }
            }
        }
        out.tasks.push(task);
    }
    stray_labels(p, &found, out);
}

/// Where each 专栏 box ends: at the next task, the next `（N）` heading, the next box, or the next
/// chapter of the document (`四、` after `三、`; a box may number its own lines `一、`, `二、`).
fn box_ranges(p: &Prose, task_starts: &BTreeSet<usize>) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &b in &p.boxes {
        let chapter = p
            .marks
            .iter()
            .rev()
            .filter(|(mp, m, _)| *mp < b && m.kind == MarkKind::Chapter)
            .find(|(mp, _, _)| !ranges.iter().any(|&(s, e)| (s..e).contains(mp)))
            .map_or(0, |(_, m, _)| m.num);
        let next_task = task_starts.range(b + 1..).next().copied().unwrap_or(usize::MAX);
        let next_heading = p
            .marks
            .iter()
            .find(|(mp, m, _)| {
                *mp > b && (m.kind == MarkKind::Section || (m.kind == MarkKind::Chapter && m.num == chapter + 1))
            })
            .map_or(usize::MAX, |(mp, _, _)| *mp);
        let next_box = p.boxes.iter().find(|&&x| x > b).copied().unwrap_or(usize::MAX);
        ranges.push((b, next_task.min(next_heading).min(next_box)));
    }
    ranges
}

/// The nearest heading above the task: for an item, the nearest `一、` or `（一）`; for a task that
/// is itself a `（一）`, the nearest `一、`; for a `一、`, none.
fn section_of(
    p: &Prose,
    start: usize,
    own: Option<MarkKind>,
    task_starts: &BTreeSet<usize>,
    boxes: &[(usize, usize)],
) -> Option<String> {
    let in_box = |pos: usize| boxes.iter().any(|&(b, e)| (b..e).contains(&pos));
    let above = |k: MarkKind| match own {
        Some(MarkKind::Chapter) => false,
        Some(MarkKind::Section) => k == MarkKind::Chapter,
        _ => matches!(k, MarkKind::Chapter | MarkKind::Section),
    };
    let barrier = p.barriers.iter().rev().find(|&&b| b <= start).copied();
    p.marks
        .iter()
        .rev()
        .filter(|(pos, m, _)| *pos < start && above(m.kind))
        .take_while(|(pos, _, _)| barrier.is_none_or(|b| *pos >= b))
        .find(|(pos, _, _)| !task_starts.contains(pos) && !in_box(*pos))
        .map(|(pos, _, li)| heading_text(p, *pos, *li))
}

/// A label with `：` outside every task bracket is task-like text that was not read.
fn stray_labels(p: &Prose, found: &[Found], out: &mut TaskImport) {
    let chars: Vec<char> = p.chars.iter().map(|s| s.c).collect();
    let mut reported = BTreeSet::new();
    let mut f = 0;
    let mut i = 0;
    while i < chars.len() {
        while found.get(f).is_some_and(|b| b.end() <= i) {
            f += 1;
        }
        if let Some(b) = found.get(f)
            && (b.open..b.end()).contains(&i)
        {
            i = b.end();
            continue;
        }
        if let Some((label, _)) = chars.get(i..).and_then(label_at) {
            let line = p.line_at(i);
            if reported.insert(line) {
                let text =
                    p.sline_of(i).and_then(|l| p.lines.get(l)).map(|l| p.text(l.start, l.end)).unwrap_or_default();
                out.unread.push(UnreadText {
                    line: line + 1,
                    kind: UnreadKind::StrayLabel,
                    text,
                    zh: format!("“{label}”出现在任务括号之外，未能读取"),
                    en: format!("“{label}” appears outside a task bracket and was not read"),
                });
            }
        }
        i += 1;
    }
}

// ------------------------------------------------------------------------------------------------
// Tables
// ------------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Tok {
    line: usize,
    first: bool,
    text: String,
    width: usize,
}

struct Row {
    number: u32,
    first_line: usize,
    last_line: usize,
    chapter: Option<String>,
    toks: Vec<Tok>,
}

/// Splits a raw table line into cells: pieces separated by spaces, glued back where the spaces
/// were inside one cell (`区 发 展 改 革 局`, `2022 年`, `局 （ 区 科 技`).
fn merge_pieces(pieces: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in pieces {
        if let Some(last) = out.last_mut() {
            let single = |s: &str| s.chars().count() == 1 && !s.starts_with(|c: char| c.is_ascii_digit());
            let l_end = last.chars().last();
            let p_start = piece.chars().next();
            // A number inside a cell (`超过 100家`, `不少于 80 人`) is spaced off in the PDF too;
            // a year (`2022年`) after a cell begins the time column.
            let digits = piece.chars().take_while(char::is_ascii_digit).count();
            let inner_number =
                digits > 0 && !is_deadline_cell(&piece) && l_end.is_some_and(|c| !c.is_ascii() && !is_closing(c));
            let glue = single(last)
                || single(&piece)
                || inner_number
                || (l_end.is_some_and(|c| c.is_ascii_digit()) && p_start.is_some_and(|c| !c.is_ascii()))
                || (l_end.is_some_and(|c| c == '年' || c == '月') && p_start.is_some_and(|c| c.is_ascii_digit()))
                || l_end.is_some_and(|c| is_opening(c) || c == '+')
                || p_start.is_some_and(|c| is_closing(c) || "、，。：+".contains(c));
            if glue {
                last.push_str(&piece);
                continue;
            }
        }
        out.push(piece);
    }
    out
}

const DEADLINE_CHARS: &str = "0123456789年月日底前末内后完成长期坚持全年“”十四五并，本文件印发上下半季度旬个工作天";
const DEADLINE_WORDS: &[&str] = &["年", "月", "日", "长期", "坚持", "末", "底", "印发", "本文件", "全年", "完成"];

fn is_deadline_cell(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| DEADLINE_CHARS.contains(c)) && DEADLINE_WORDS.iter().any(|w| t.contains(w))
}

fn starts_unit(t: &str) -> bool {
    UNIT_STARTS.iter().any(|s| t.starts_with(s))
}

/// Whether a table cell's text so far ends with a whole unit name, so that a following piece that
/// begins like a unit begins a new cell.
fn unit_text_complete(acc: &str) -> bool {
    if acc.ends_with(['、', '，', '（', '<']) {
        return false;
    }
    let last = acc.rsplit(['、', '，']).next().unwrap_or(acc);
    last.chars().count() >= 2 && last.chars().last().is_some_and(|c| UNIT_END_CHARS.contains(c))
}

fn group_units(toks: &[&Tok]) -> Vec<String> {
    let mut groups = Vec::new();
    let mut acc = String::new();
    for t in toks {
        if !acc.is_empty() && unit_text_complete(&acc) && starts_unit(&t.text) {
            groups.push(std::mem::take(&mut acc));
        }
        acc.push_str(&t.text);
    }
    if !acc.is_empty() {
        groups.push(acc);
    }
    groups
}

/// Splits category cells into at most two columns: a narrow one of at least three lines, then a
/// wider one (`以重点/领域为/核心深/化政务/公开` then `持续推进/高质量/信息公开`). A cell that
/// begins with its own number (`（1）打造…`) is one column.
fn split_category(toks: &[&Tok]) -> (Vec<String>, Vec<String>) {
    let texts: Vec<String> = toks.iter().map(|t| t.text.clone()).collect();
    let numbered = toks.first().is_some_and(|t| {
        let chars: Vec<char> = t.text.chars().collect();
        parse_mark(&chars).is_some_and(|m| m.kind == MarkKind::Paren)
    });
    if numbered {
        return (texts, Vec::new());
    }
    let mut max = 0;
    for (i, t) in toks.iter().enumerate() {
        if i >= 3 && t.width >= max + 2 {
            let (a, b) = texts.split_at(i.min(texts.len()));
            return (a.to_vec(), b.to_vec());
        }
        max = max.max(t.width);
    }
    (texts, Vec::new())
}

fn clean_category(parts: &[String]) -> Option<String> {
    let joined: String = parts.concat();
    let chars: Vec<char> = joined.chars().collect();
    let skip = parse_mark(&chars).filter(|m| m.kind == MarkKind::Paren).map_or(0, |m| m.len);
    let text: String = chars.get(skip..).unwrap_or_default().iter().collect();
    let text = text.trim_end_matches('。').trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn table_rows(raws: &[&str], norms: &[String], t: &Table, out: &mut TaskImport) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut cur: Option<Row> = None;
    let mut expected: u32 = 1;
    let mut chapter: Option<String> = None;
    for idx in t.header + 1..t.end {
        let (Some(raw), Some(n)) = (raws.get(idx), norms.get(idx)) else { break };
        if n.is_empty()
            || table_columns(n).is_some()
            || matches!(n.as_str(), "序" | "号" | "序号")
            || is_running_head(n)
            || is_dashed_page_number(n)
        {
            continue;
        }
        let mut pieces: Vec<String> =
            raw.split_whitespace().map(normalise_line).filter(|s: &String| !s.is_empty()).collect();
        let first_is_number = pieces.first().is_some_and(|f| f.len() <= 4 && f.chars().all(|c| c.is_ascii_digit()));
        if first_is_number {
            let value = pieces.first().and_then(|f| f.parse::<u32>().ok());
            if value == Some(expected) {
                pieces.remove(0);
                if let Some(r) = cur.take() {
                    rows.push(r);
                }
                cur = Some(Row {
                    number: expected,
                    first_line: idx,
                    last_line: idx,
                    chapter: chapter.clone(),
                    toks: Vec::new(),
                });
                expected = expected.saturating_add(1);
            } else if pieces.len() == 1 {
                // A page number between rows.
                continue;
            }
        } else {
            let chars: Vec<char> = n.chars().collect();
            if parse_mark(&chars).is_some_and(|m| m.kind == MarkKind::Chapter) {
                if let Some(r) = cur.take() {
                    rows.push(r);
                }
                chapter = Some(n.trim_end_matches('。').to_owned());
                continue;
            }
        }
        let cells = merge_pieces(pieces);
        match cur.as_mut() {
            Some(r) => {
                for (i, text) in cells.into_iter().enumerate() {
                    r.toks.push(Tok { line: idx, first: i == 0, width: width(&text), text });
                }
                r.last_line = idx;
            }
            None if !cells.is_empty() => out.unread.push(UnreadText {
                line: idx + 1,
                kind: UnreadKind::TableTextOutsideRow,
                text: cells.concat(),
                zh: "表格中的这段文字不属于任何编号的行".to_owned(),
                en: "this text in the table belongs to no numbered row".to_owned(),
            }),
            None => {}
        }
    }
    if let Some(r) = cur.take() {
        rows.push(r);
    }
    rows
}

fn table_tasks(raws: &[&str], norms: &[String], t: &Table, ctx: Context, out: &mut TaskImport) {
    let rows = table_rows(raws, norms, t, out);
    let max_w = rows.iter().flat_map(|r| r.toks.iter().map(|t| t.width)).max().unwrap_or(0);
    let full = |w: usize| w + 6 >= max_w;
    let long = |w: usize| w * 2 >= max_w && w > 24;
    let mut prev_title: Option<String> = None;
    let mut prev_section: Option<String> = None;
    let mut prev_units: Option<(Vec<String>, Vec<String>)> = None;
    let mut prev_deadline: Option<String> = None;
    for row in rows {
        let mut category = Vec::new();
        let mut desc = Vec::new();
        let mut deadline = Vec::new();
        let mut units = Vec::new();
        let mut in_category = true;
        let mut desc_open = false;
        for tok in &row.toks {
            if is_deadline_cell(&tok.text) {
                deadline.push(tok);
                continue;
            }
            if in_category {
                if tok.width > 16 || long(tok.width) {
                    in_category = false;
                    desc_open = full(tok.width);
                    desc.push(tok);
                } else {
                    category.push(tok);
                }
                continue;
            }
            let unit_like = !tok.text.contains('。') && starts_unit(&tok.text) && tok.width <= 30;
            if long(tok.width) || (desc_open && tok.first && !unit_like) {
                desc_open = full(tok.width);
                desc.push(tok);
                continue;
            }
            if tok.first {
                desc_open = false;
            }
            units.push(tok);
        }
        let (sub1, sub2) = split_category(&category);
        let (title, section) = match (clean_category(&sub1), clean_category(&sub2)) {
            (Some(s), Some(t)) => {
                prev_section = Some(s.clone());
                (Some(t), Some(s))
            }
            // The narrow column alone, its neighbour merged from the row above.
            (Some(s), None) if prev_section.as_deref() == Some(s.as_str()) => (prev_title.clone(), Some(s)),
            (Some(t), None) => (Some(t), row.chapter.clone().or_else(|| prev_section.clone())),
            _ => (prev_title.clone(), row.chapter.clone().or_else(|| prev_section.clone())),
        };
        prev_title = title.clone();
        let description: String = desc.iter().map(|t| t.text.as_str()).collect();
        let row_line = row.first_line + 1;
        if description.is_empty() {
            out.unread.push(UnreadText {
                line: row_line,
                kind: UnreadKind::TableRowWithoutText,
                text: row.toks.iter().map(|t| t.text.as_str()).collect(),
                zh: format!("表格第{}行没有任务内容", row.number),
                en: format!("row {} of the table has no task text", row.number),
            });
            continue;
        }
        let (lead, responsible) = if units.is_empty() {
            match &prev_units {
                Some(u) => u.clone(),
                None => {
                    out.unread.push(UnreadText {
                        line: row_line,
                        kind: UnreadKind::TableRowWithoutUnits,
                        text: description.clone(),
                        zh: format!("表格第{}行没有写明单位", row.number),
                        en: format!("row {} of the table names no unit", row.number),
                    });
                    (Vec::new(), Vec::new())
                }
            }
        } else {
            row_units(&t.roles, &units)
        };
        prev_units = Some((lead.clone(), responsible.clone()));
        let deadline_text = if deadline.is_empty() {
            prev_deadline.clone()
        } else {
            Some(deadline.iter().map(|t| t.text.as_str()).collect::<String>())
        };
        prev_deadline = deadline_text.clone();
        let mut deadlines = Vec::new();
        if let Some(text) = &deadline_text {
            let reading = read_deadlines(text, ctx);
            deadlines = reading.deadlines;
            let line = deadline.first().map_or(row_line, |t| t.line + 1);
            for (part, kind) in reading.problems {
                out.unread.push(deadline_unread(line, &part, kind));
            }
        }
        out.tasks.push(ImportedTask {
            seq: 0,
            number: Some(row.number.to_string()),
            section,
            title,
            description,
            lead_units: lead,
            responsible_units: responsible,
            supporting_units: Vec::new(),
            lead_officials: Vec::new(),
            deadlines,
            deadline_text,
            format: TaskFormat::Table,
            first_line: row_line,
            last_line: row.last_line + 1,
        });
    }
}

/// The units of a table row: cells in column order, the first cell to the first unit column and
/// the rest to the last; a cell that reads `X牵头，Y配合` says itself who leads.
fn row_units(roles: &[Role], toks: &[&Tok]) -> (Vec<String>, Vec<String>) {
    let groups = group_units(toks);
    let columns: Vec<(Role, String)> = if roles.len() >= 2 {
        let first = groups.first().cloned().unwrap_or_default();
        let rest = groups.get(1..).unwrap_or_default().join("、");
        vec![
            (roles.first().copied().unwrap_or(Role::Lead), first),
            (roles.get(1).copied().unwrap_or(Role::Supporting), rest),
        ]
    } else {
        vec![(roles.first().copied().unwrap_or(Role::Responsible), groups.join("、"))]
    };
    let mut lead = Vec::new();
    let mut responsible = Vec::new();
    for (role, text) in columns {
        if text.is_empty() {
            continue;
        }
        if let Some(u) = text.contains("牵头").then(|| parse_inline(&text)).flatten() {
            lead.extend(u.lead);
            responsible.extend(u.responsible);
            continue;
        }
        let units = split_units(&text);
        if role == Role::Lead { lead.extend(units) } else { responsible.extend(units) }
    }
    (lead, responsible)
}
