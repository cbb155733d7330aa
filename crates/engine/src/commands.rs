//! The commands: each one a single write transaction around a decision of the core.

use crate::error::EngineError;
use crate::persist::Batch;
use crate::{CatalogueRow, DepartmentRow, Engine, GovernmentRow, ItemRow};
use chrono::NaiveDate;
use juece_core::authz::{Operation, Principal, Target, authorize};
use juece_core::catalogue::{
    AddItem, AmendItem, CatalogueFacts, CreateCatalogue, ItemFacts, RecordPublication, SponsorFacts,
};
use juece_core::{
    Actor, CatalogueStatus, Category, Ctx, GovernmentCode, GovernmentLevel, ItemState, ItemTitle, YearMonth,
};
use juece_store::DatabaseTransaction;
use juece_store::repo::{catalogues, db_time, departments, governments, items};
use uuid::Uuid;

/// How often a command that the caller did not pin to a version is retried after losing a race
/// on a row it only touched as a side effect (adding an item bumps its catalogue).
const RETRIES: usize = 5;

#[derive(Debug, Clone)]
pub struct CreateCatalogueInput {
    pub government_code: String,
    pub year: i32,
    pub title: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AddItemInput {
    pub catalogue_id: Uuid,
    pub title: String,
    pub sponsor_id: Uuid,
    pub category: String,
    pub planned_completion: String,
}

#[derive(Debug, Clone, Default)]
pub struct AmendItemInput {
    pub id: Uuid,
    /// The version the clerk saw; if the item has moved on since, the amendment is a conflict.
    pub expected_version: i32,
    pub title: Option<String>,
    pub sponsor_id: Option<Uuid>,
    pub category: Option<String>,
    pub planned_completion: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PublicationInput {
    pub catalogue_id: Uuid,
    pub document_number: String,
    pub published_on: NaiveDate,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct GovernmentSeed {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub level: GovernmentLevel,
    pub parent_code: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DepartmentSeed {
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: String,
    pub sources: Vec<String>,
}

fn corrupt(what: &str, value: &str) -> EngineError {
    EngineError::Internal(format!("stored {what} {value:?} is not valid"))
}

pub(crate) fn catalogue_facts(row: &CatalogueRow, code: &GovernmentCode) -> Result<CatalogueFacts, EngineError> {
    Ok(CatalogueFacts {
        id: row.id,
        government: code.clone(),
        year: row.year,
        status: CatalogueStatus::parse(&row.status).ok_or_else(|| corrupt("catalogue status", &row.status))?,
        item_count: row.item_count,
    })
}

pub(crate) fn item_facts(row: &ItemRow) -> Result<ItemFacts, EngineError> {
    Ok(ItemFacts {
        id: row.id,
        state: ItemState::parse(&row.state).ok_or_else(|| corrupt("item state", &row.state))?,
        title: ItemTitle::parse(&row.title).map_err(|_| corrupt("item title", &row.title))?,
        sponsor_id: row.sponsor_id,
        category: Category::parse(&row.category).ok_or_else(|| corrupt("category", &row.category))?,
        planned_completion: YearMonth::parse(&row.planned_completion)
            .map_err(|_| corrupt("planned completion", &row.planned_completion))?,
    })
}

pub(crate) fn gov_code(row: &GovernmentRow) -> Result<GovernmentCode, EngineError> {
    GovernmentCode::parse(&row.code).map_err(|_| corrupt("government code", &row.code))
}

fn catalogue_not_found(id: Uuid) -> EngineError {
    EngineError::not_found(format!("未找到目录 {id}"), format!("no catalogue {id}"))
}

impl Engine {
    fn ctx(&self, actor: &Actor) -> Ctx {
        Ctx { now: db_time(self.clock.now()), actor: actor.clone() }
    }

    /// The one authorization point of every command: the principal, the operation and what it
    /// acts on, against the permission table. A refusal is logged and changes nothing.
    pub(crate) fn authorize(
        &self,
        principal: &Principal,
        op: Operation,
        target: Target<'_>,
    ) -> Result<Actor, EngineError> {
        authorize(principal, op, &target).map_err(|d| {
            let who = match principal {
                Principal::User(u) => u.username.clone(),
                Principal::System { task } => format!("system:{task}"),
                Principal::Anonymous => "anonymous".to_owned(),
            };
            tracing::warn!(principal = %who, operation = %op, government = %target.government, "refused: {d:?}");
            EngineError::from(d)
        })
    }

    async fn begin(&self) -> Result<DatabaseTransaction, EngineError> {
        Ok(self.store.begin_write().await?)
    }

    async fn government_of(&self, tx: &DatabaseTransaction, id: Uuid) -> Result<GovernmentRow, EngineError> {
        governments::by_id(tx, id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("government {id} referenced but missing")))
    }

    async fn sponsor_facts(&self, tx: &DatabaseTransaction, id: Uuid) -> Result<Option<SponsorFacts>, EngineError> {
        let Some(d) = departments::by_id(tx, id).await? else {
            return Ok(None);
        };
        let g = self.government_of(tx, d.government_id).await?;
        Ok(Some(SponsorFacts { id: d.id, government: gov_code(&g)?, name: d.name }))
    }

    async fn require_sponsor(&self, tx: &DatabaseTransaction, id: Uuid) -> Result<SponsorFacts, EngineError> {
        self.sponsor_facts(tx, id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到承办单位 {id}"), format!("no department {id}")))
    }

    /// Opens a catalogue for a decision organ and year.
    pub async fn create_catalogue(
        &self,
        principal: &Principal,
        input: CreateCatalogueInput,
    ) -> Result<CatalogueRow, EngineError> {
        let code = GovernmentCode::parse(&input.government_code)?;
        let actor =
            &self.authorize(principal, Operation::CreateCatalogue, Target { government: &code, sponsors: &[] })?;
        let ctx = self.ctx(actor);
        let tx = self.begin().await?;
        let gov = governments::by_code(&tx, code.as_str()).await?.ok_or_else(|| {
            EngineError::not_found(
                format!("未找到行政区划代码为 {code} 的决策机关"),
                format!("no decision organ with code {code}"),
            )
        })?;
        if catalogues::by_government_year(&tx, gov.id, input.year).await?.is_some() {
            return Err(EngineError::Conflict {
                zh: format!("{}已有{}年度目录", gov.name, input.year),
                en: format!("{} already has a catalogue for {}", gov.code, input.year),
            });
        }
        let cmd = CreateCatalogue {
            catalogue_id: Uuid::now_v7(),
            government: code.clone(),
            government_name: gov.name.clone(),
            year: input.year,
            title: input.title,
        };
        let ev = juece_core::create_catalogue(&cmd, &ctx)?;
        let mut batch = Batch::new(ctx.now, actor.clone(), gov.id, gov.code.clone(), input.year);
        // The catalogue's own rules: what every catalogue command is checked against.
        batch.rules = juece_core::rule_catalogue::chapter_guards("R-02").into_iter().map(str::to_owned).collect();
        batch.apply(&tx, &ev).await?;
        let out = batch.append(&tx).await?;
        let row =
            catalogues::by_id(&tx, cmd.catalogue_id).await?.ok_or_else(|| catalogue_not_found(cmd.catalogue_id))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(row)
    }

    /// Adds an item to a catalogue under compilation; it takes the next 序号.
    pub async fn add_item(&self, principal: &Principal, input: AddItemInput) -> Result<ItemRow, EngineError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_add_item(principal, &input).await {
                Err(EngineError::Conflict { .. }) if attempt < RETRIES => continue,
                other => return other,
            }
        }
    }

    async fn try_add_item(&self, principal: &Principal, input: &AddItemInput) -> Result<ItemRow, EngineError> {
        let tx = self.begin().await?;
        let cat =
            catalogues::by_id(&tx, input.catalogue_id).await?.ok_or_else(|| catalogue_not_found(input.catalogue_id))?;
        let gov = self.government_of(&tx, cat.government_id).await?;
        let code = gov_code(&gov)?;
        let actor = &self.authorize(
            principal,
            Operation::AddCatalogueItem,
            Target { government: &code, sponsors: &[input.sponsor_id] },
        )?;
        let ctx = self.ctx(actor);
        let facts = catalogue_facts(&cat, &code)?;
        let sponsor = self.require_sponsor(&tx, input.sponsor_id).await?;
        let cmd = AddItem {
            item_id: Uuid::now_v7(),
            title: input.title.clone(),
            sponsor: Some(sponsor),
            category: Some(input.category.clone()),
            planned_completion: Some(input.planned_completion.clone()),
        };
        let evs = juece_core::add_item(&facts, &cmd, &ctx)?;
        let mut batch = Batch::new(ctx.now, actor.clone(), gov.id, gov.code.clone(), cat.year);
        // The catalogue's own rules: what every catalogue command is checked against.
        batch.rules = juece_core::rule_catalogue::chapter_guards("R-02").into_iter().map(str::to_owned).collect();
        batch.versions.insert(cat.id, cat.version);
        batch.apply_all(&tx, &evs).await?;
        let out = batch.append(&tx).await?;
        let row = items::by_id(&tx, cmd.item_id)
            .await?
            .ok_or_else(|| EngineError::Internal("item vanished inside its own transaction".into()))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(row)
    }

    /// Amends an item of a catalogue under compilation, if nobody changed it since `expected_version`.
    pub async fn amend_item(&self, principal: &Principal, input: AmendItemInput) -> Result<ItemRow, EngineError> {
        let tx = self.begin().await?;
        let item = items::by_id(&tx, input.id).await?.ok_or_else(|| {
            EngineError::not_found(format!("未找到决策事项 {}", input.id), format!("no item {}", input.id))
        })?;
        let item_gov = self.government_of(&tx, item.government_id).await?;
        let mut sponsors = vec![item.sponsor_id];
        sponsors.extend(input.sponsor_id);
        let actor = &self.authorize(
            principal,
            Operation::AmendCatalogueItem,
            Target { government: &gov_code(&item_gov)?, sponsors: &sponsors },
        )?;
        let ctx = self.ctx(actor);
        if item.version != input.expected_version {
            return Err(EngineError::Conflict {
                zh: format!(
                    "决策事项已被修改（当前版本 {}，提交所据版本 {}），请刷新后重试",
                    item.version, input.expected_version
                ),
                en: format!(
                    "the item was changed meanwhile (now at version {}, the change was based on {}); reload it and try again",
                    item.version, input.expected_version
                ),
            });
        }
        let cat =
            catalogues::by_id(&tx, item.catalogue_id).await?.ok_or_else(|| catalogue_not_found(item.catalogue_id))?;
        let gov = self.government_of(&tx, cat.government_id).await?;
        let facts = catalogue_facts(&cat, &gov_code(&gov)?)?;
        let sponsor = match input.sponsor_id {
            Some(id) => Some(self.require_sponsor(&tx, id).await?),
            None => None,
        };
        let cmd = AmendItem {
            title: input.title,
            sponsor,
            category: input.category,
            planned_completion: input.planned_completion,
        };
        let ev = juece_core::amend_item(&facts, &item_facts(&item)?, &cmd, &ctx)?;
        let mut batch = Batch::new(ctx.now, actor.clone(), gov.id, gov.code.clone(), cat.year);
        // The catalogue's own rules: what every catalogue command is checked against.
        batch.rules = juece_core::rule_catalogue::chapter_guards("R-02").into_iter().map(str::to_owned).collect();
        // The clerk's version, not the loaded one: the update then refuses if another writer
        // committed between our read and our write (PostgreSQL read committed).
        batch.versions.insert(item.id, input.expected_version);
        batch.apply(&tx, &ev).await?;
        let out = batch.append(&tx).await?;
        let row = items::by_id(&tx, item.id)
            .await?
            .ok_or_else(|| EngineError::Internal("item vanished inside its own transaction".into()))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(row)
    }

    /// Records a catalogue's publication as printed in a gazette (document number and date); its
    /// items enter the catalogue.
    pub async fn record_publication(
        &self,
        principal: &Principal,
        input: PublicationInput,
    ) -> Result<CatalogueRow, EngineError> {
        let tx = self.begin().await?;
        let cat =
            catalogues::by_id(&tx, input.catalogue_id).await?.ok_or_else(|| catalogue_not_found(input.catalogue_id))?;
        let gov = self.government_of(&tx, cat.government_id).await?;
        let code = gov_code(&gov)?;
        let actor = &self.authorize(
            principal,
            Operation::RecordCataloguePublication,
            Target { government: &code, sponsors: &[] },
        )?;
        let ctx = self.ctx(actor);
        let facts = catalogue_facts(&cat, &code)?;
        let rows = items::by_catalogue(&tx, cat.id).await?;
        let mut batch = Batch::new(ctx.now, actor.clone(), gov.id, gov.code.clone(), cat.year);
        // The catalogue's own rules: what every catalogue command is checked against.
        batch.rules = juece_core::rule_catalogue::chapter_guards("R-02").into_iter().map(str::to_owned).collect();
        batch.versions.insert(cat.id, cat.version);
        let mut item_states = Vec::with_capacity(rows.len());
        for r in &rows {
            batch.versions.insert(r.id, r.version);
            item_states.push((r.id, ItemState::parse(&r.state).ok_or_else(|| corrupt("item state", &r.state))?));
        }
        let cmd = RecordPublication {
            document_number: input.document_number,
            published_on: input.published_on,
            source: input.source,
            items: item_states,
        };
        let evs = juece_core::record_published_catalogue(&facts, &cmd, &ctx)?;
        batch.apply_all(&tx, &evs).await?;
        let out = batch.append(&tx).await?;
        let row = catalogues::by_id(&tx, cat.id).await?.ok_or_else(|| catalogue_not_found(cat.id))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(row)
    }

    /// Creates a decision organ if its code is new; returns it and whether it was created.
    pub async fn ensure_government(&self, seed: &GovernmentSeed) -> Result<(GovernmentRow, bool), EngineError> {
        let code = GovernmentCode::parse(&seed.code)?;
        let tx = self.begin().await?;
        if let Some(g) = governments::by_code(&tx, code.as_str()).await? {
            return Ok((g, false));
        }
        let now = db_time(self.clock.now());
        let row = governments::insert(
            &tx,
            GovernmentRow {
                id: Uuid::now_v7(),
                code: code.to_string(),
                name: seed.name.clone(),
                short_name: seed.short_name.clone(),
                level: seed.level.as_str().to_owned(),
                parent_code: seed.parent_code.clone(),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        Ok((row, true))
    }

    /// Creates a department of a decision organ if its name is new there.
    pub async fn ensure_department(
        &self,
        government_id: Uuid,
        seed: &DepartmentSeed,
    ) -> Result<(DepartmentRow, bool), EngineError> {
        let tx = self.begin().await?;
        if let Some(d) = departments::by_name(&tx, government_id, &seed.name).await? {
            return Ok((d, false));
        }
        let now = db_time(self.clock.now());
        let row = departments::insert(
            &tx,
            DepartmentRow {
                id: Uuid::now_v7(),
                government_id,
                name: seed.name.clone(),
                aliases: serde_json::json!(seed.aliases),
                kind: seed.kind.clone(),
                sources: serde_json::json!(seed.sources),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        Ok((row, true))
    }
}
