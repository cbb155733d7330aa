//! juece-engine: runs each command as load → core decides → state and audit events persisted in
//! one transaction, and answers the queries the API needs.
//!
//! The engine is the one place where a command meets the database: it opens the write transaction,
//! hands the loaded facts to `juece-core`, applies the returned events to the rows with
//! version-checked updates, appends the same events to the audit trail, and commits. After the
//! commit it broadcasts the events to subscribers.

pub mod after;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod clock;
mod commands;
pub mod comments;
pub mod error;
pub mod execution;
mod persist;
pub mod public;
pub mod queries;
mod read_cache;
pub mod steps;
pub mod timers;

pub use after::{AdjustmentRequest, AfterInput};
pub use auth::{AuthPolicy, NewUser, Session, UserRow};
pub use clock::{Clock, ManualClock, SystemClock};
pub use commands::{
    AddItemInput, AmendItemInput, CreateCatalogueInput, DepartmentSeed, GovernmentSeed, PublicationInput,
};
pub use error::EngineError;
pub use juece_store::entity::{
    audit_event::Model as EventRow, catalogue::Model as CatalogueRow, catalogue_item::Model as ItemRow,
    department::Model as DepartmentRow, feed_entry::Model as FeedRow, government::Model as GovernmentRow,
};
pub use juece_store::repo::events::EventFilter;
pub use juece_store::repo::items::{ItemFilter, PageFrom};
pub use juece_store::{Store, StoreConfig, StoreError};
pub use steps::{ArtefactRow, StepInput};

use std::sync::Arc;
use tokio::sync::broadcast;

/// An event as committed, with the code of the government it concerns, for subscribers.
#[derive(Debug, Clone)]
pub struct CommittedEvent {
    pub row: EventRow,
    pub government_code: Option<String>,
    /// The disclosure feed entry the event put out, if it is a published step.
    pub feed: Option<FeedRow>,
}

/// The procedure engine over one database.
#[derive(Clone)]
pub struct Engine {
    store: Store,
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<CommittedEvent>,
    /// New disclosure feed entries, for the public subscription.
    feed: broadcast::Sender<FeedRow>,
    auth_policy: AuthPolicy,
    login_limiter: Arc<auth::ClientLimiter>,
    /// The deployment's Ed25519 key, which signs audit checkpoints and dossiers.
    signing_key: Option<Arc<juece_core::audit::AuditSigningKey>>,
    /// Public comment intake: its writer task and the per-client limit.
    intake: Arc<comments::Intake>,
    /// The public reads, kept until the database changes.
    reads: Arc<read_cache::ReadCache>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("store", &self.store).finish_non_exhaustive()
    }
}

impl Engine {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        // Subscribers that fall more than this far behind miss events and are told so; the audit
        // trail in the database stays complete either way.
        let (events, _) = broadcast::channel(1024);
        let (feed, _) = broadcast::channel(256);
        Engine {
            store,
            clock,
            events,
            feed,
            auth_policy: AuthPolicy::default(),
            login_limiter: Arc::new(auth::ClientLimiter::default()),
            signing_key: None,
            intake: Arc::new(comments::Intake::new(Some(comments::CommentLimits::default()))),
            reads: Arc::new(read_cache::ReadCache::new()),
        }
    }

    /// Replaces the login and session policy.
    pub fn with_auth_policy(mut self, policy: AuthPolicy) -> Self {
        self.auth_policy = policy;
        self
    }

    /// Sets the per-client limit on comment submissions; `None` lifts it (benchmarks, or a
    /// deployment that limits at its reverse proxy).
    pub fn with_comment_limits(mut self, limits: Option<comments::CommentLimits>) -> Self {
        self.intake = Arc::new(comments::Intake::new(limits));
        self
    }

    /// Gives the engine the deployment's signing key.
    pub fn with_signing_key(mut self, key: juece_core::audit::AuditSigningKey) -> Self {
        self.signing_key = Some(Arc::new(key));
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Today in Asia/Shanghai, by the engine's clock: the day dates are judged against.
    pub fn shanghai_today(&self) -> chrono::NaiveDate {
        juece_core::calendar::shanghai_date(self.clock.now())
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// A live feed of committed events.
    pub fn subscribe(&self) -> broadcast::Receiver<CommittedEvent> {
        self.events.subscribe()
    }

    /// How many live subscribers there are (tests wait for one before firing events).
    pub fn subscriber_count(&self) -> usize {
        self.events.receiver_count()
    }

    /// A live feed of new disclosure feed entries.
    pub fn subscribe_feed(&self) -> broadcast::Receiver<FeedRow> {
        self.feed.subscribe()
    }

    /// How many live subscribers the disclosure feed has.
    pub fn feed_subscriber_count(&self) -> usize {
        self.feed.receiver_count()
    }

    fn publish(&self, events: Vec<CommittedEvent>) {
        for e in events {
            // No receiver is not an error: nobody is listening right now.
            if let Some(entry) = &e.feed {
                let _ = self.feed.send(entry.clone());
            }
            let _ = self.events.send(e);
        }
    }

    fn publish_feed(&self, entry: FeedRow) {
        let _ = self.feed.send(entry);
    }
}
