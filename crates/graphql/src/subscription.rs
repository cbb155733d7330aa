//! The subscription root: live audit events, as they commit.

use crate::types::{AuditEvent, engine};
use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

pub struct SubscriptionRoot;

#[Subscription]
impl SubscriptionRoot {
    /// Every audit event as it commits, optionally only those of one decision organ.
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        government_code: Option<String>,
    ) -> impl Stream<Item = AuditEvent> {
        let rx = engine(ctx).subscribe();
        BroadcastStream::new(rx).filter_map(move |e| {
            // A subscriber that lagged behind skips what it missed; the trail itself is complete
            // and can be read back with the `events` fields.
            let keep = match &e {
                Ok(ev) => government_code.is_none() || ev.government_code == government_code,
                Err(_) => false,
            };
            async move {
                if keep {
                    e.ok().map(|ev| AuditEvent(ev.row))
                } else {
                    None
                }
            }
        })
    }
}
