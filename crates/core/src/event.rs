//! Domain events: what happened, as data. The engine appends each one to the audit trail of its
//! stream (a catalogue or an item) in the same transaction as the state change it describes.

use crate::catalogue::{Category, ItemState, ItemTitle, YearMonth};
use crate::government::GovernmentCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kind of record an event stream belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    Catalogue,
    Item,
    User,
    /// The public comments on one comment notice: their receipt in batches, moderation and answers.
    Comments,
    /// One execution task of a decision: its assignment, progress and lateness.
    Task,
    /// One durable timer: its firing.
    Timer,
}

impl StreamKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StreamKind::Catalogue => "CATALOGUE",
            StreamKind::Item => "ITEM",
            StreamKind::User => "USER",
            StreamKind::Comments => "COMMENTS",
            StreamKind::Task => "TASK",
            StreamKind::Timer => "TIMER",
        }
    }
}

/// The fields an amendment changed; absent fields were left as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<ItemTitle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_completion: Option<YearMonth>,
}

impl ItemChanges {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.sponsor_id.is_none()
            && self.category.is_none()
            && self.planned_completion.is_none()
    }
}

/// Everything that can happen in the procedure so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum DomainEvent {
    CatalogueCreated {
        catalogue_id: Uuid,
        government_code: GovernmentCode,
        year: i32,
        title: String,
        /// A register of decisions recorded from the gazette, not the annual catalogue.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        register: bool,
    },
    CatalogueItemAdded {
        catalogue_id: Uuid,
        item_id: Uuid,
        seq: i32,
    },
    CataloguePublicationRecorded {
        catalogue_id: Uuid,
        document_number: String,
        published_on: NaiveDate,
        source: String,
    },
    ItemCreated {
        item_id: Uuid,
        catalogue_id: Uuid,
        seq: i32,
        title: ItemTitle,
        sponsor_id: Uuid,
        sponsor_name: String,
        category: Category,
        planned_completion: YearMonth,
        state: ItemState,
        /// The item whose adjustment this item is (R-17-3).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent_item_id: Option<Uuid>,
        /// An item made inside the procedure (an adjustment) is pinned to a profile version from
        /// the start.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        profile_version: Option<String>,
    },
    ItemAmended {
        item_id: Uuid,
        changes: ItemChanges,
    },
    ItemStateChanged {
        item_id: Uuid,
        from: ItemState,
        to: ItemState,
        /// The rule under which the step was taken, where one applies.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
        /// On entering the catalogue: the rule profile version the item is pinned to from now on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        profile_version: Option<String>,
        /// The §2.3 step taken (`T3`), where the change is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<String>,
        /// The artefact the step produced.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        artefact: Option<crate::artefact::ArtefactRef>,
    },
    /// A consultation region moved (on the item's stream).
    RegionStateChanged {
        item_id: Uuid,
        region: crate::region::Region,
        from: crate::region::RegionState,
        to: crate::region::RegionState,
        /// The region step taken (`P-NOTICE`, `P-CLOSE`, `REVISE`).
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        artefact: Option<crate::artefact::ArtefactRef>,
    },
    /// A new draft version (on the item's stream).
    DraftRevised {
        item_id: Uuid,
        substantive: bool,
        artefact: crate::artefact::ArtefactRef,
    },
    /// The adoption feedback on a comment notice was published (R-05-9), on the item's stream.
    FeedbackPublished {
        item_id: Uuid,
        notice_version: i32,
        artefact: crate::artefact::ArtefactRef,
    },
    /// A batch of public comments was received, on the notice's comment stream. `digest` is the
    /// SHA-256 of the canonical JSON list of `[trackingNo, contentHash]` of the batch, in order, so
    /// that each stored comment is bound into the hash chain.
    CommentsReceived {
        item_id: Uuid,
        notice_id: Uuid,
        notice_version: i32,
        first_seq: i64,
        last_seq: i64,
        count: i64,
        new_groups: i64,
        digest: String,
    },
    /// Comments were published or hidden, on the notice's comment stream.
    CommentsModerated {
        item_id: Uuid,
        notice_id: Uuid,
        action: crate::feedback::Moderation,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The comments' positions in the notice, in order.
        seqs: Vec<i64>,
    },
    /// The sponsor answered an opinion (one comment or several taken together), on the notice's
    /// comment stream.
    OpinionAnswered {
        item_id: Uuid,
        notice_id: Uuid,
        cluster_id: Uuid,
        answer: crate::feedback::OpinionAnswer,
        seqs: Vec<i64>,
    },
    /// A record after the decision that does not move the item: evaluation input or report, a
    /// step of a termination (on the item's stream).
    AfterDecisionRecorded {
        item_id: Uuid,
        record: crate::after_decision::AfterRecord,
        artefact: crate::artefact::ArtefactRef,
    },
    /// A major adjustment started as a child item that goes through the procedure again (R-17-3),
    /// on the parent's stream.
    AdjustmentStarted {
        item_id: Uuid,
        child_item_id: Uuid,
        artefact: crate::artefact::ArtefactRef,
    },
    /// An execution task was assigned, on the task's own stream.
    TaskAssigned {
        task_id: Uuid,
        item_id: Uuid,
        seq: i32,
        task: crate::execution::TaskSpec,
    },
    /// An executor reported progress on a task.
    TaskProgressReported {
        task_id: Uuid,
        item_id: Uuid,
        report: crate::execution::ProgressReport,
    },
    /// A deadline of a task passed with the task not done (fired by its timer).
    TaskOverdue {
        task_id: Uuid,
        item_id: Uuid,
        timer_id: Uuid,
        deadline: crate::execution::Deadline,
    },
    /// A comment period reached 24:00 Asia/Shanghai of its last day and closed (R-05-5), on the
    /// notice's comment stream.
    CommentPeriodEnded {
        item_id: Uuid,
        notice_id: Uuid,
        timer_id: Uuid,
        ended_at: chrono::DateTime<chrono::Utc>,
    },
    /// A statutory period passed with what it waits for not done, on the timer's own stream.
    DeadlineReached {
        timer_id: Uuid,
        kind: crate::deadlines::TimerKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item_id: Option<Uuid>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        catalogue_id: Option<Uuid>,
        due_on: NaiveDate,
        rule: String,
    },
    UserCreated {
        user_id: Uuid,
        username: String,
        government_code: GovernmentCode,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        department_id: Option<Uuid>,
        roles: Vec<String>,
    },
    UserRevoked {
        user_id: Uuid,
    },
}

impl DomainEvent {
    /// The stream the event is appended to.
    pub fn stream(&self) -> (StreamKind, Uuid) {
        match self {
            DomainEvent::CatalogueCreated { catalogue_id, .. }
            | DomainEvent::CatalogueItemAdded { catalogue_id, .. }
            | DomainEvent::CataloguePublicationRecorded { catalogue_id, .. } => (StreamKind::Catalogue, *catalogue_id),
            DomainEvent::ItemCreated { item_id, .. }
            | DomainEvent::ItemAmended { item_id, .. }
            | DomainEvent::ItemStateChanged { item_id, .. }
            | DomainEvent::RegionStateChanged { item_id, .. }
            | DomainEvent::DraftRevised { item_id, .. }
            | DomainEvent::FeedbackPublished { item_id, .. }
            | DomainEvent::AfterDecisionRecorded { item_id, .. }
            | DomainEvent::AdjustmentStarted { item_id, .. } => (StreamKind::Item, *item_id),
            DomainEvent::TaskAssigned { task_id, .. }
            | DomainEvent::TaskProgressReported { task_id, .. }
            | DomainEvent::TaskOverdue { task_id, .. } => (StreamKind::Task, *task_id),
            DomainEvent::DeadlineReached { timer_id, .. } => (StreamKind::Timer, *timer_id),
            DomainEvent::CommentPeriodEnded { notice_id, .. } => (StreamKind::Comments, *notice_id),
            DomainEvent::CommentsReceived { notice_id, .. }
            | DomainEvent::CommentsModerated { notice_id, .. }
            | DomainEvent::OpinionAnswered { notice_id, .. } => (StreamKind::Comments, *notice_id),
            DomainEvent::UserCreated { user_id, .. } | DomainEvent::UserRevoked { user_id } => {
                (StreamKind::User, *user_id)
            }
        }
    }

    /// The event's type name, as stored and as the API shows it.
    pub fn event_type(&self) -> &'static str {
        match self {
            DomainEvent::CatalogueCreated { .. } => "CatalogueCreated",
            DomainEvent::CatalogueItemAdded { .. } => "CatalogueItemAdded",
            DomainEvent::CataloguePublicationRecorded { .. } => "CataloguePublicationRecorded",
            DomainEvent::ItemCreated { .. } => "ItemCreated",
            DomainEvent::ItemAmended { .. } => "ItemAmended",
            DomainEvent::ItemStateChanged { .. } => "ItemStateChanged",
            DomainEvent::RegionStateChanged { .. } => "RegionStateChanged",
            DomainEvent::DraftRevised { .. } => "DraftRevised",
            DomainEvent::FeedbackPublished { .. } => "FeedbackPublished",
            DomainEvent::CommentsReceived { .. } => "CommentsReceived",
            DomainEvent::CommentsModerated { .. } => "CommentsModerated",
            DomainEvent::OpinionAnswered { .. } => "OpinionAnswered",
            DomainEvent::AfterDecisionRecorded { .. } => "AfterDecisionRecorded",
            DomainEvent::AdjustmentStarted { .. } => "AdjustmentStarted",
            DomainEvent::TaskAssigned { .. } => "TaskAssigned",
            DomainEvent::TaskProgressReported { .. } => "TaskProgressReported",
            DomainEvent::TaskOverdue { .. } => "TaskOverdue",
            DomainEvent::CommentPeriodEnded { .. } => "CommentPeriodEnded",
            DomainEvent::DeadlineReached { .. } => "DeadlineReached",
            DomainEvent::UserCreated { .. } => "UserCreated",
            DomainEvent::UserRevoked { .. } => "UserRevoked",
        }
    }
}

/// An item's procedural state as its events say it is. The stored row must always equal this.
pub fn fold_item_state<'a>(events: impl IntoIterator<Item = &'a DomainEvent>) -> Option<ItemState> {
    events.into_iter().fold(None, |state, e| match e {
        DomainEvent::ItemCreated { state, .. } => Some(*state),
        DomainEvent::ItemStateChanged { to, .. } => Some(*to),
        _ => state,
    })
}
