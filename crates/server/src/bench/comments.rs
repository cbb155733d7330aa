//! `juece bench comments`: a mass campaign on a hot consultation. It seeds an empty database,
//! opens a comment notice on the first real 2022 item of 市中区 and submits a campaign of comments
//! with exact and near duplicates through the engine's intake, many submitters at once, then checks
//! that every receipt has its stored comment, that the audit trail counted each one, and that the
//! duplicate groups were found.

use anyhow::{Context, bail, ensure};
use juece_core::authz::Principal;
use juece_core::comments::{CommentSubmission, SubmitterKind};
use juece_engine::Engine;
use juece_engine::comments::CommentInput;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;

/// Campaign texts that many people send, each copied verbatim (give or take spacing and
/// punctuation) or with a few words changed.
const TEMPLATES: &[&str] = &[
    "建议在每个街道设立残疾人康复服务站，配备专业康复师，并为重度残疾人提供上门服务，费用纳入财政保障。",
    "强烈反对调整公交线路，现有线路是附近居民和学生出行的唯一选择，调整后换乘时间大大增加。",
    "希望规划中明确无障碍设施改造的时间表，特别是老旧小区的坡道、扶手和电梯加装。",
    "建议将残疾人就业补贴标准提高到每人每月不低于当地最低工资标准的一半，并简化申领手续。",
    "请在规划中增加托养服务机构床位，解决重度智力和精神残疾人家庭的照护难题。",
    "建议对盲道被占用问题建立常态化巡查机制，发现一处整改一处，并公开整改结果。",
    "希望增加手语翻译服务，在政务服务大厅和医院设置手语服务窗口。",
    "建议康复辅助器具适配补贴覆盖所有持证残疾人，不设户籍限制。",
];

/// Words of ordinary, one-off comments.
const WORDS: &[&str] = &[
    "社区",
    "康复",
    "就业",
    "教育",
    "补贴",
    "无障碍",
    "出行",
    "医疗",
    "托养",
    "培训",
    "文化",
    "体育",
    "住房",
    "救助",
    "信息",
    "家庭",
    "儿童",
    "老年",
    "服务",
    "设施",
];

/// Rows of the baseline: enough for a steady rate, few enough not to lengthen the run much.
const BASELINE_ROWS: usize = 20_000;

/// What the campaign showed.
#[derive(Debug)]
pub struct Report {
    pub submitted: u64,
    pub receipts: u64,
    pub refused: u64,
    pub stored: u64,
    pub counted_by_trail: u64,
    pub groups_expected: u64,
    pub groups_found: u64,
    pub seconds: f64,
    /// Plain single-row insert transactions by as many clients, on the same database.
    pub baseline: super::Baseline,
}

/// The `i`th comment of a campaign where `dup_share` of the comments copy a template (half
/// verbatim up to spacing and punctuation, half with words changed): its text and the template
/// it copies, if any, with whether the copy is verbatim.
fn comment(i: u64, dup_share: f64) -> (String, Option<(usize, bool)>) {
    // A fixed mixing of `i` decides each comment's kind, so that runs are comparable.
    let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    let r = (h % 10_000) as f64 / 10_000.0;
    let t = (h >> 20) as usize % TEMPLATES.len();
    if r < dup_share / 2.0 {
        let base = TEMPLATES[t];
        let text =
            if i.is_multiple_of(2) { format!(" {base} ") } else { base.replace('，', "， ").replace('。', "！") };
        (text, Some((t, true)))
    } else if r < dup_share {
        let base = TEMPLATES[t];
        let edit = ["我们认为", "本人", "恳请", "强烈"][(h >> 40) as usize % 4];
        (format!("{edit}{base}"), Some((t, false)))
    } else {
        let words: Vec<&str> = (0..12).map(|k| WORDS[((h >> (k * 5)) as usize + k) % WORDS.len()]).collect();
        (format!("第{i}号意见：关于{}的具体建议，{}。", words[..4].join("、"), words[4..].join("")), None)
    }
}

/// Opens a comment notice on the first 2022 item, from today for 30 days.
async fn open_notice(engine: &Engine) -> anyhow::Result<uuid::Uuid> {
    let system = Principal::system("bench");
    let catalogue =
        engine.catalogue(&system, "370103", 2022).await?.context("the seeded 2022 catalogue of 370103 is missing")?;
    let item = engine.items_of(&system, catalogue.id).await?.into_iter().next().context("no item")?;
    super::open_comment_notice(engine, &item).await?;
    Ok(item.id)
}

/// Submits the `i`th comment and returns its tracking number.
async fn submit(engine: &Engine, item: uuid::Uuid, i: u64, body: String) -> Result<String, juece_engine::EngineError> {
    let submission = CommentSubmission {
        kind: if i.is_multiple_of(3) { SubmitterKind::Individual } else { SubmitterKind::Anonymous },
        name: i.is_multiple_of(3).then(|| format!("市民{i}")),
        organisation: None,
        contact: None,
        body,
    };
    let receipt = engine.submit_comment(None, CommentInput { item_id: item, submission }).await?;
    Ok(receipt.tracking_no)
}

/// Runs the campaign on a freshly seeded engine whose comment limit is lifted.
pub async fn comments(engine: Engine, count: u64, dup_share: f64, concurrency: usize) -> anyhow::Result<Report> {
    ensure!((0.0..=1.0).contains(&dup_share), "--duplicates is a share between 0 and 1");
    juece_seeds::load(&engine).await.context("seeding")?;
    let item = open_notice(&engine).await?;
    let engine = engine.with_comment_limits(None);
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    // A campaign starts from its text: each template's first verbatim copy is received before the
    // rush, so that every later copy is judged against the text itself. (Two edited copies are
    // further apart than either is from the text; whichever arrived first would otherwise decide
    // the groups, and the count would depend on the order of arrival.)
    let mut templates_used = HashSet::new();
    let mut originals = Vec::new();
    for i in 0..count {
        if let (_, Some((t, verbatim))) = comment(i, dup_share) {
            if verbatim && !originals.iter().any(|(_, o)| *o == t) {
                originals.push((i, t));
            }
            templates_used.insert(t);
        }
    }
    let first: Vec<u64> = originals.iter().map(|(i, _)| *i).collect();
    let mut early = Vec::with_capacity(first.len());
    for &i in &first {
        early.push(submit(&engine, item, i, comment(i, dup_share).0).await);
    }
    for i in (0..count).filter(|i| !first.contains(i)) {
        let body = comment(i, dup_share).0;
        let permit = gate.clone().acquire_owned().await?;
        let engine = engine.clone();
        tasks.spawn(async move {
            let r = submit(&engine, item, i, body).await;
            drop(permit);
            r
        });
    }
    let mut receipts = HashSet::new();
    let mut refused = 0;
    let mut outcomes = early;
    while let Some(r) = tasks.join_next().await {
        outcomes.push(r?);
    }
    for r in outcomes {
        match r {
            Ok(t) => {
                if !receipts.insert(t) {
                    bail!("a tracking number was issued twice");
                }
            }
            Err(e) => {
                refused += 1;
                if refused <= 3 {
                    eprintln!("refused: {e}");
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let report = engine.campaign_figures(item).await?;
    let baseline =
        super::baseline_inserts(engine.store(), BASELINE_ROWS.min(count as usize).max(1), concurrency).await?;
    Ok(Report {
        submitted: count,
        receipts: receipts.len() as u64,
        refused,
        stored: report.0,
        counted_by_trail: report.1,
        groups_expected: templates_used.len() as u64,
        groups_found: report.2,
        seconds,
        baseline,
    })
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.receipts as f64 / self.seconds
    }

    /// Fails when receipts, stored comments and the trail's count disagree, or the duplicate
    /// groups were not found.
    pub fn check(&self) -> anyhow::Result<()> {
        let lost = self.receipts.abs_diff(self.stored) + self.stored.abs_diff(self.counted_by_trail);
        if lost != 0 || self.receipts + self.refused != self.submitted {
            bail!("receipts, stored comments and the trail's count disagree");
        }
        if self.groups_found != self.groups_expected {
            bail!("expected {} duplicate groups, found {}", self.groups_expected, self.groups_found);
        }
        Ok(())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "comments submitted       {}", self.submitted)?;
        writeln!(f, "receipts issued          {}", self.receipts)?;
        writeln!(f, "refused (with an error)  {}", self.refused)?;
        writeln!(f, "comments stored          {}", self.stored)?;
        writeln!(f, "counted by the trail     {}", self.counted_by_trail)?;
        writeln!(f, "duplicate groups found   {} (campaign texts used: {})", self.groups_found, self.groups_expected)?;
        writeln!(f, "elapsed                  {:.2} s", self.seconds)?;
        writeln!(f, "comments/s               {:.0}", self.per_second())?;
        writeln!(
            f,
            "baseline inserts/s       {:.0} (single-row insert transactions, same clients)",
            self.baseline.per_second()
        )?;
        write!(f, "ratio                    {}", super::Ratio::of(self.per_second(), self.baseline.per_second()))
    }
}
