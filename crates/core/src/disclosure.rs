//! What the public sees of an item (R-02-8): the timeline of its statutory steps with their dates
//! and rules, the documents published along the way with their SHA-256, the disclosure links the
//! district's work plan asks for, and the entry each published step puts on the disclosure feed.
//!
//! This is the one definition of "published": the public GraphQL API and the portal both render
//! what `public_view` returns, so the two cannot disagree about what a citizen may read.

use crate::artefact::ArtefactKind;
use crate::event::DomainEvent;
use crate::region::{Region, RegionState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

/// An event of the item's stream as the view needs it.
#[derive(Debug, Clone)]
pub struct StepEvent {
    pub event: DomainEvent,
    pub occurred_at: DateTime<Utc>,
    /// The rules the step evaluated, as its audit record holds them.
    pub rules: Vec<String>,
}

/// A stored document of the item.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub kind: ArtefactKind,
    pub version: i32,
    pub sha256: String,
    pub content: Value,
}

/// A document as published, whole: anyone can hash its canonical JSON and compare.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicDocument {
    pub kind: ArtefactKind,
    pub version: i32,
    pub sha256: String,
    pub title_zh: &'static str,
    pub content: Value,
}

/// A fact published about a step whose document stays internal (the meeting's type and outcome,
/// the hearing's date and place).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    pub label_zh: &'static str,
    pub value: String,
}

/// One statutory step on the item's public timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicStep {
    /// §2.3's id (`T9`) or the region step's (`P-NOTICE`, `HEARING`), or `FEEDBACK`.
    pub step: String,
    pub title_zh: String,
    pub occurred_at: DateTime<Utc>,
    pub rules: Vec<String>,
    /// The published documents this step produced, as (kind, version).
    pub documents: Vec<(ArtefactKind, i32)>,
    pub details: Vec<Detail>,
}

string_enum! {
    /// The hyperlinks each catalogue item's page gathers as it advances (R-02-8).
    LinkKind {
        /// 决策草案全文.
        DraftFullText = "DRAFT_FULL_TEXT",
        /// 草案说明.
        Explanation = "EXPLANATION",
        /// 决策背景.
        Background = "BACKGROUND",
        /// 公众意见建议收集和采纳情况.
        OpinionsAdoption = "OPINIONS_ADOPTION",
        /// 公众代表列席决策会议情况.
        MeetingAttendance = "MEETING_ATTENDANCE",
        /// 决策结果.
        DecisionResult = "DECISION_RESULT",
    }
}

impl LinkKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            LinkKind::DraftFullText => "决策草案全文",
            LinkKind::Explanation => "草案说明",
            LinkKind::Background => "决策背景",
            LinkKind::OpinionsAdoption => "公众意见建议收集和采纳情况",
            LinkKind::MeetingAttendance => "公众代表列席决策会议情况",
            LinkKind::DecisionResult => "决策结果",
        }
    }
}

/// One R-02-8 link: where on the page it points, once the item has got that far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureLink {
    pub kind: LinkKind,
    pub label_zh: &'static str,
    /// The step that published it, `None` while it is not published yet.
    pub step: Option<String>,
    /// The document, when the link is to one.
    pub document: Option<(ArtefactKind, i32)>,
}

/// Everything the public may read of one item, beyond its catalogue entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicView {
    pub steps: Vec<PublicStep>,
    pub documents: Vec<PublicDocument>,
    pub links: Vec<DisclosureLink>,
}

/// The Chinese title of a public document kind; `None` for kinds that are never published whole.
pub fn public_title(kind: ArtefactKind) -> Option<&'static str> {
    Some(match kind {
        ArtefactKind::CommentNotice => "征求意见公告",
        ArtefactKind::Draft => "决策草案及说明",
        ArtefactKind::Publication => "决策公布情况",
        ArtefactKind::AdoptionFeedback => "意见采纳情况反馈",
        _ => return None,
    })
}

fn step_title(step: &str) -> String {
    match step {
        "P-NOTICE" => "发布征求意见公告".to_owned(),
        "P-CLOSE" => "征求意见结束并归纳整理意见".to_owned(),
        "FEEDBACK" => "反馈意见采纳情况".to_owned(),
        _ => crate::procedure::transition(step).map_or_else(|| step.to_owned(), |t| t.name_zh.to_owned()),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// The region steps that finish a region other than participation, named for the public.
fn region_done_title(region: Region) -> String {
    match region {
        Region::Hearing => "举行听证会".to_owned(),
        r => format!("完成{}", r.label_zh()),
    }
}

/// Builds the public view of an item from its events (in stream order) and its stored documents.
pub fn public_view(events: &[StepEvent], documents: &[StoredDocument]) -> PublicView {
    let doc = |kind: ArtefactKind, version: i32| documents.iter().find(|d| d.kind == kind && d.version == version);
    let mut steps = Vec::new();
    let mut published: Vec<(ArtefactKind, i32)> = Vec::new();
    let mut links: Vec<DisclosureLink> = LinkKind::ALL
        .iter()
        .map(|k| DisclosureLink { kind: *k, label_zh: k.label_zh(), step: None, document: None })
        .collect();
    let mut link = |kind: LinkKind, step: &str, document: Option<(ArtefactKind, i32)>| {
        if let Some(l) = links.iter_mut().find(|l| l.kind == kind) {
            l.step = Some(step.to_owned());
            l.document = document;
        }
    };
    for e in events {
        let (step, docs, details): (String, Vec<(ArtefactKind, i32)>, Vec<Detail>) = match &e.event {
            // T1 happens while the item is still a proposal inside the government.
            DomainEvent::ItemStateChanged { step: Some(step), .. } if step == "T1" => continue,
            DomainEvent::ItemStateChanged { step: Some(step), artefact, .. } => {
                let mut docs = Vec::new();
                let mut details = Vec::new();
                match (step.as_str(), artefact) {
                    ("T12", Some(a)) => {
                        if let Some(d) = doc(a.kind, a.version) {
                            let c = &d.content;
                            let meeting = c
                                .get("meeting_type")
                                .and_then(Value::as_str)
                                .and_then(crate::meeting::MeetingType::parse)
                                .map_or("", crate::meeting::MeetingType::label_zh);
                            details.push(Detail {
                                label_zh: "会议",
                                value: format!("{}（{}）", text(c, "session"), meeting),
                            });
                            details.push(Detail { label_zh: "会议日期", value: text(c, "held_on") });
                            let opinions: Vec<String> = c
                                .get("attendee_opinions")
                                .and_then(Value::as_array)
                                .map(|xs| xs.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                                .unwrap_or_default();
                            let attendance = if opinions.is_empty() {
                                "无列席代表发表意见".to_owned()
                            } else {
                                opinions.join("；")
                            };
                            details.push(Detail { label_zh: "列席代表意见及采纳情况", value: attendance });
                        }
                        link(LinkKind::MeetingAttendance, step, None);
                    }
                    ("T15", Some(a)) => {
                        docs.push((a.kind, a.version));
                        link(LinkKind::DecisionResult, step, Some((a.kind, a.version)));
                    }
                    ("T15-EXEMPT", Some(a)) => {
                        if let Some(d) = doc(a.kind, a.version) {
                            let ground = text(&d.content, "ground");
                            let label = match ground.as_str() {
                                "OGI_ART_14" => "《政府信息公开条例》第十四条",
                                "OGI_ART_15" => "《政府信息公开条例》第十五条",
                                "OGI_ART_16" => "《政府信息公开条例》第十六条",
                                _ => "",
                            };
                            details.push(Detail { label_zh: "不予公开的依据", value: label.to_owned() });
                        }
                    }
                    _ => {}
                }
                (step.clone(), docs, details)
            }
            DomainEvent::RegionStateChanged { region: Region::Participation, step, artefact, .. }
                if step == "P-NOTICE" =>
            {
                let mut docs = Vec::new();
                if let Some(a) = artefact {
                    docs.push((a.kind, a.version));
                    // The notice publishes the draft it names, with its explanation (R-05-4).
                    let draft = doc(a.kind, a.version)
                        .and_then(|n| n.content.get("draft_version").and_then(Value::as_i64))
                        .and_then(|v| i32::try_from(v).ok());
                    if let Some(v) = draft.filter(|v| doc(ArtefactKind::Draft, *v).is_some()) {
                        docs.push((ArtefactKind::Draft, v));
                        for k in [LinkKind::DraftFullText, LinkKind::Explanation, LinkKind::Background] {
                            link(k, step, Some((ArtefactKind::Draft, v)));
                        }
                    }
                }
                (step.clone(), docs, Vec::new())
            }
            DomainEvent::RegionStateChanged { region: Region::Participation, step, .. } if step == "P-CLOSE" => {
                (step.clone(), Vec::new(), Vec::new())
            }
            DomainEvent::RegionStateChanged { region, to: RegionState::Done, artefact, .. }
                if *region != Region::Participation =>
            {
                let mut details = Vec::new();
                if *region == Region::Hearing
                    && let Some(d) = artefact.as_ref().and_then(|a| doc(a.kind, a.version))
                {
                    details.push(Detail { label_zh: "听证日期", value: text(&d.content, "held_on") });
                    details.push(Detail { label_zh: "听证地点", value: text(&d.content, "place") });
                }
                steps.push(PublicStep {
                    step: region.as_str().to_owned(),
                    title_zh: region_done_title(*region),
                    occurred_at: e.occurred_at,
                    rules: e.rules.clone(),
                    documents: Vec::new(),
                    details,
                });
                continue;
            }
            DomainEvent::FeedbackPublished { artefact, .. } => {
                link(LinkKind::OpinionsAdoption, "FEEDBACK", Some((artefact.kind, artefact.version)));
                ("FEEDBACK".to_owned(), vec![(artefact.kind, artefact.version)], Vec::new())
            }
            _ => continue,
        };
        let docs: Vec<_> = docs.into_iter().filter(|(k, v)| doc(*k, *v).is_some()).collect();
        published.extend(docs.iter().copied());
        steps.push(PublicStep {
            title_zh: step_title(&step),
            step,
            occurred_at: e.occurred_at,
            rules: e.rules.clone(),
            documents: docs,
            details,
        });
    }
    published.sort_by_key(|(k, v)| (k.as_str(), *v));
    published.dedup();
    let documents = published
        .iter()
        .filter_map(|(k, v)| {
            let d = doc(*k, *v)?;
            Some(PublicDocument {
                kind: d.kind,
                version: d.version,
                sha256: d.sha256.clone(),
                title_zh: public_title(d.kind)?,
                content: d.content.clone(),
            })
        })
        .collect();
    PublicView { steps, documents, links }
}

string_enum! {
    /// What a disclosure feed entry announces.
    FeedKind {
        CataloguePublished = "CATALOGUE_PUBLISHED",
        CommentNoticeOpened = "COMMENT_NOTICE_OPENED",
        CommentPeriodClosed = "COMMENT_PERIOD_CLOSED",
        HearingHeld = "HEARING_HELD",
        LegalityReviewDone = "LEGALITY_REVIEW_DONE",
        MeetingHeld = "MEETING_HELD",
        DecisionPublished = "DECISION_PUBLISHED",
        FeedbackPublished = "FEEDBACK_PUBLISHED",
        CheckpointSigned = "CHECKPOINT_SIGNED",
    }
}

impl FeedKind {
    /// The entry's title before the subject's name, in Chinese and English.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            FeedKind::CataloguePublished => ("公布年度重大行政决策事项目录", "annual catalogue published"),
            FeedKind::CommentNoticeOpened => ("公开征求意见", "comment notice opened"),
            FeedKind::CommentPeriodClosed => ("征求意见结束", "comment period closed"),
            FeedKind::HearingHeld => ("举行听证会", "hearing held"),
            FeedKind::LegalityReviewDone => ("完成合法性审查", "legality review done"),
            FeedKind::MeetingHeld => ("集体讨论决定", "discussed at the meeting"),
            FeedKind::DecisionPublished => ("公布决策", "decision published"),
            FeedKind::FeedbackPublished => ("反馈意见采纳情况", "adoption feedback published"),
            FeedKind::CheckpointSigned => ("审计检查点已签名", "audit checkpoint signed"),
        }
    }
}

/// The feed entry an event puts on the public disclosure feed, if it is a published step.
pub fn feed_kind(event: &DomainEvent) -> Option<FeedKind> {
    Some(match event {
        DomainEvent::CataloguePublicationRecorded { .. } => FeedKind::CataloguePublished,
        DomainEvent::RegionStateChanged { region: Region::Participation, step, .. } if step == "P-NOTICE" => {
            FeedKind::CommentNoticeOpened
        }
        DomainEvent::RegionStateChanged { region: Region::Participation, step, .. } if step == "P-CLOSE" => {
            FeedKind::CommentPeriodClosed
        }
        DomainEvent::RegionStateChanged { region: Region::Hearing, to: RegionState::Done, .. } => FeedKind::HearingHeld,
        DomainEvent::ItemStateChanged { step: Some(s), .. } if s == "T9" => FeedKind::LegalityReviewDone,
        DomainEvent::ItemStateChanged { step: Some(s), .. } if s == "T12" => FeedKind::MeetingHeld,
        DomainEvent::ItemStateChanged { step: Some(s), .. } if s == "T15" => FeedKind::DecisionPublished,
        DomainEvent::FeedbackPublished { .. } => FeedKind::FeedbackPublished,
        _ => return None,
    })
}
