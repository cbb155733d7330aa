//! The subscription root: live audit events, as they commit, for signed-in users of the decision
//! organ they concern: all of them, or one item's.

use crate::error::ApiError;
use crate::types::{AuditEvent, engine, viewer};
use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt};
use juece_core::authz::Principal;
use juece_engine::queries::reads_government;
use tokio_stream::wrappers::BroadcastStream;

pub struct SubscriptionRoot;

#[Subscription]
impl SubscriptionRoot {
    /// New disclosure feed entries as they are published, optionally of one government (entries
    /// of the whole deployment, such as checkpoints, come with every government's). Open to the
    /// public, like the feed itself.
    async fn disclosure_feed(
        &self,
        ctx: &Context<'_>,
        government_code: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = crate::audit::FeedEntry>> {
        if let Some(code) = &government_code {
            juece_core::GovernmentCode::parse(code).map_err(|e| ApiError(e.into()))?;
        }
        let rx = engine(ctx).subscribe_feed();
        Ok(BroadcastStream::new(rx).filter_map(move |e| {
            let keep = match &e {
                Ok(entry) => {
                    government_code.is_none()
                        || entry.government_code.is_none()
                        || entry.government_code == government_code
                }
                Err(_) => false,
            };
            async move { if keep { e.ok().map(crate::audit::FeedEntry) } else { None } }
        }))
    }

    /// Audit events of your decision organ as they commit, optionally narrowed to one government
    /// code. Signed-in users only: over graphql-transport-ws, send the token in the
    /// connection_init payload as `{"Authorization": "Bearer …"}`.
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        government_code: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = AuditEvent>> {
        let viewer = viewer(ctx);
        if viewer == Principal::Anonymous {
            return Err(ApiError(juece_engine::EngineError::Unauthenticated {
                zh: "审计事件仅对本决策机关的登录用户开放".into(),
                en: "audit events are open only to signed-in users of the decision organ".into(),
            })
            .into());
        }
        let rx = engine(ctx).subscribe();
        Ok(BroadcastStream::new(rx).filter_map(move |e| {
            // A subscriber that lagged behind skips what it missed; the trail itself is complete
            // and can be read back with the `events` fields.
            let keep = match &e {
                Ok(ev) => {
                    ev.row.government_id.is_some_and(|g| reads_government(&viewer, g))
                        && (government_code.is_none() || ev.government_code == government_code)
                }
                Err(_) => false,
            };
            async move { if keep { e.ok().map(|ev| AuditEvent(ev.row)) } else { None } }
        }))
    }

    /// One item's audit events as they commit: each step, region step and draft revision, in the
    /// order of the item's trail. For signed-in users of the item's decision organ (token in the
    /// connection_init payload, as for `auditEvents`).
    async fn item_events(
        &self,
        ctx: &Context<'_>,
        item_id: async_graphql::ID,
    ) -> async_graphql::Result<impl Stream<Item = AuditEvent>> {
        let viewer = viewer(ctx);
        let id = crate::types::parse_id("itemId", &item_id)?;
        // Subscribe before the item is checked, so that nothing committed in between is missed.
        let rx = engine(ctx).subscribe();
        let item = engine(ctx).item(&viewer, id).await.map_err(ApiError)?.ok_or_else(|| {
            ApiError(juece_engine::EngineError::not_found(format!("未找到决策事项 {id}"), format!("no item {id}")))
        })?;
        if !reads_government(&viewer, item.government_id) {
            return Err(ApiError(match viewer {
                Principal::Anonymous => juece_engine::EngineError::Unauthenticated {
                    zh: "事项的审计事件仅对本决策机关的登录用户开放".into(),
                    en: "an item's audit events are open only to signed-in users of the decision organ".into(),
                },
                _ => juece_engine::EngineError::Forbidden {
                    zh: "不能订阅其他决策机关事项的审计事件".into(),
                    en: "the audit events of another decision organ's item are not open to you".into(),
                },
            })
            .into());
        }
        Ok(BroadcastStream::new(rx).filter_map(move |e| {
            let keep = matches!(&e, Ok(ev) if ev.row.stream_id == id);
            async move { if keep { e.ok().map(|ev| AuditEvent(ev.row)) } else { None } }
        }))
    }
}
