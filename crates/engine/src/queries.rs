//! Read-side queries the API needs, each filtered for the viewer: the public sees what is
//! published; a user also sees everything of their own decision organ. They read outside any
//! write transaction.

use crate::error::EngineError;
use crate::{CatalogueRow, DepartmentRow, Engine, EventRow, GovernmentRow, ItemFilter, ItemRow, PageFrom};
use juece_core::authz::Principal;
use juece_core::{CatalogueStatus, GovernmentCode, ItemState};
use juece_store::repo::{catalogues, departments, events, governments, items};
use uuid::Uuid;

/// Whether `viewer` reads the internal records of the government with row id `government_id`.
pub fn reads_government(viewer: &Principal, government_id: Uuid) -> bool {
    match viewer {
        Principal::System { .. } => true,
        Principal::User(u) => u.government_id == government_id,
        Principal::Anonymous => false,
    }
}

fn catalogue_visible(viewer: &Principal, c: &CatalogueRow) -> bool {
    reads_government(viewer, c.government_id)
        || CatalogueStatus::parse(&c.status).is_some_and(CatalogueStatus::is_public)
}

fn item_visible(viewer: &Principal, i: &ItemRow) -> bool {
    reads_government(viewer, i.government_id) || ItemState::parse(&i.state).is_some_and(ItemState::is_public)
}

impl Engine {
    pub async fn governments(&self) -> Result<Vec<GovernmentRow>, EngineError> {
        Ok(governments::list(self.store.db()).await?)
    }

    /// A decision organ by its code; a malformed code is bad input, an unknown one is `None`.
    pub async fn government_by_code(&self, code: &str) -> Result<Option<GovernmentRow>, EngineError> {
        let code = GovernmentCode::parse(code)?;
        Ok(governments::by_code(self.store.db(), code.as_str()).await?)
    }

    pub async fn governments_by_ids(&self, ids: &[Uuid]) -> Result<Vec<GovernmentRow>, EngineError> {
        Ok(governments::by_ids(self.store.db(), ids).await?)
    }

    /// Departments are public: the gazettes name them.
    pub async fn departments_of(&self, government_id: Uuid) -> Result<Vec<DepartmentRow>, EngineError> {
        Ok(departments::list_by_government(self.store.db(), government_id).await?)
    }

    pub async fn departments_by_ids(&self, ids: &[Uuid]) -> Result<Vec<DepartmentRow>, EngineError> {
        Ok(departments::by_ids(self.store.db(), ids).await?)
    }

    pub async fn catalogue(
        &self,
        viewer: &Principal,
        government_code: &str,
        year: i32,
    ) -> Result<Option<CatalogueRow>, EngineError> {
        let Some(g) = self.government_by_code(government_code).await? else {
            return Ok(None);
        };
        let c = catalogues::by_government_year(self.store.db(), g.id, year).await?;
        Ok(c.filter(|c| catalogue_visible(viewer, c)))
    }

    pub async fn catalogues_by_ids(&self, viewer: &Principal, ids: &[Uuid]) -> Result<Vec<CatalogueRow>, EngineError> {
        let rows = catalogues::by_ids(self.store.db(), ids).await?;
        Ok(rows.into_iter().filter(|c| catalogue_visible(viewer, c)).collect())
    }

    pub async fn catalogues_of(
        &self,
        viewer: &Principal,
        government_id: Uuid,
    ) -> Result<Vec<CatalogueRow>, EngineError> {
        let rows = catalogues::list_by_government(self.store.db(), government_id).await?;
        Ok(rows.into_iter().filter(|c| catalogue_visible(viewer, c)).collect())
    }

    pub async fn items_of(&self, viewer: &Principal, catalogue_id: Uuid) -> Result<Vec<ItemRow>, EngineError> {
        let rows = items::by_catalogue(self.store.db(), catalogue_id).await?;
        Ok(rows.into_iter().filter(|i| item_visible(viewer, i)).collect())
    }

    pub async fn item(&self, viewer: &Principal, id: Uuid) -> Result<Option<ItemRow>, EngineError> {
        Ok(items::by_id(self.store.db(), id).await?.filter(|i| item_visible(viewer, i)))
    }

    pub async fn items_page(
        &self,
        viewer: &Principal,
        filter: &ItemFilter,
        from: PageFrom,
        limit: u64,
    ) -> Result<(Vec<ItemRow>, bool), EngineError> {
        let mut filter = filter.clone();
        filter.internal_states = ItemState::INTERNAL.iter().map(|s| s.as_str().to_owned()).collect();
        filter.visible_to = match viewer {
            Principal::System { .. } => None,
            Principal::User(u) => Some(Some(u.government_id)),
            Principal::Anonymous => Some(None),
        };
        Ok(items::page(self.store.db(), &filter, from, limit).await?)
    }

    /// The audit trail of one catalogue, item or user, in order. It is internal to the decision
    /// organ: the public reads published steps on the disclosure side instead.
    pub async fn events_of(&self, viewer: &Principal, stream_id: Uuid) -> Result<Vec<EventRow>, EngineError> {
        let rows = events::by_stream(self.store.db(), stream_id).await?;
        let allowed = rows.iter().all(|e| e.government_id.is_some_and(|g| reads_government(viewer, g)));
        if !allowed {
            return Err(match viewer {
                Principal::Anonymous => EngineError::Unauthenticated {
                    zh: "审计轨迹仅对本决策机关的登录用户开放".into(),
                    en: "the audit trail is open only to signed-in users of the decision organ".into(),
                },
                _ => EngineError::Forbidden {
                    zh: "不能查看其他决策机关的审计轨迹".into(),
                    en: "the audit trail of another decision organ is not open to you".into(),
                },
            });
        }
        Ok(rows)
    }
}
