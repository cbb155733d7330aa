//! Read-side queries the API needs. They read outside any write transaction.

use crate::error::EngineError;
use crate::{
    CatalogueRow, DepartmentRow, Engine, EventRow, GovernmentRow, ItemFilter, ItemRow, PageFrom,
};
use juece_core::GovernmentCode;
use juece_store::repo::{catalogues, departments, events, governments, items};
use uuid::Uuid;

impl Engine {
    pub async fn governments(&self) -> Result<Vec<GovernmentRow>, EngineError> {
        Ok(governments::list(self.store.db()).await?)
    }

    /// A decision organ by its code; a malformed code is bad input, an unknown one is `None`.
    pub async fn government_by_code(
        &self,
        code: &str,
    ) -> Result<Option<GovernmentRow>, EngineError> {
        let code = GovernmentCode::parse(code)?;
        Ok(governments::by_code(self.store.db(), code.as_str()).await?)
    }

    pub async fn governments_by_ids(
        &self,
        ids: &[Uuid],
    ) -> Result<Vec<GovernmentRow>, EngineError> {
        Ok(governments::by_ids(self.store.db(), ids).await?)
    }

    pub async fn departments_of(
        &self,
        government_id: Uuid,
    ) -> Result<Vec<DepartmentRow>, EngineError> {
        Ok(departments::list_by_government(self.store.db(), government_id).await?)
    }

    pub async fn departments_by_ids(
        &self,
        ids: &[Uuid],
    ) -> Result<Vec<DepartmentRow>, EngineError> {
        Ok(departments::by_ids(self.store.db(), ids).await?)
    }

    pub async fn catalogue(
        &self,
        government_code: &str,
        year: i32,
    ) -> Result<Option<CatalogueRow>, EngineError> {
        let Some(g) = self.government_by_code(government_code).await? else {
            return Ok(None);
        };
        Ok(catalogues::by_government_year(self.store.db(), g.id, year).await?)
    }

    pub async fn catalogues_by_ids(&self, ids: &[Uuid]) -> Result<Vec<CatalogueRow>, EngineError> {
        Ok(catalogues::by_ids(self.store.db(), ids).await?)
    }

    pub async fn catalogues_of(
        &self,
        government_id: Uuid,
    ) -> Result<Vec<CatalogueRow>, EngineError> {
        Ok(catalogues::list_by_government(self.store.db(), government_id).await?)
    }

    pub async fn items_of(&self, catalogue_id: Uuid) -> Result<Vec<ItemRow>, EngineError> {
        Ok(items::by_catalogue(self.store.db(), catalogue_id).await?)
    }

    pub async fn item(&self, id: Uuid) -> Result<Option<ItemRow>, EngineError> {
        Ok(items::by_id(self.store.db(), id).await?)
    }

    pub async fn items_page(
        &self,
        filter: &ItemFilter,
        from: PageFrom,
        limit: u64,
    ) -> Result<(Vec<ItemRow>, bool), EngineError> {
        Ok(items::page(self.store.db(), filter, from, limit).await?)
    }

    /// The audit trail of one catalogue or item, in order.
    pub async fn events_of(&self, stream_id: Uuid) -> Result<Vec<EventRow>, EngineError> {
        Ok(events::by_stream(self.store.db(), stream_id).await?)
    }
}
