//! The query root: the catalogues and items, the rules and the calendar here, merged with the
//! audit trail's queries (`audit.rs`).

use crate::error::ApiError;
use crate::types::{
    Catalogue, CatalogueItem, Category, CategoryInfo, Government, IdCursor, ItemState, User, engine, parse_id, viewer,
};
use async_graphql::connection::{Connection, Edge, EmptyFields, query};
use async_graphql::{Context, ID, InputObject, MergedObject, Object, Result};
use juece_engine::{ItemFilter, PageFrom};

/// The largest page a list returns; larger requests are refused, not silently cut.
pub const MAX_PAGE: usize = 100;
/// The page size when the client names none.
pub const DEFAULT_PAGE: usize = 20;

/// Which items to list. Every field given narrows the list.
#[derive(InputObject, Default, Debug)]
pub struct ItemFilterInput {
    /// 行政区划代码 of the decision organ.
    pub government_code: Option<String>,
    pub year: Option<i32>,
    pub catalogue_id: Option<ID>,
    pub sponsor_id: Option<ID>,
    /// Any of these states.
    pub states: Option<Vec<ItemState>>,
    pub category: Option<Category>,
    /// Part of the title (名称).
    pub title_contains: Option<String>,
}

/// The query root: every read, from the catalogues to the audit trail.
#[derive(MergedObject, Default)]
#[graphql(name = "QueryRoot")]
pub struct QueryRoot(
    CatalogueQueries,
    crate::audit::AuditQueries,
    crate::public::PublicQueries,
    crate::execution::ExecutionQueries,
);

#[derive(Default)]
pub struct CatalogueQueries;

#[Object]
impl CatalogueQueries {
    /// Every decision organ, by code.
    async fn governments(&self, ctx: &Context<'_>) -> Result<Vec<Government>> {
        Ok(engine(ctx).governments().await.map_err(ApiError)?.into_iter().map(Government).collect())
    }

    /// A decision organ by its 行政区划代码 (370103 for 市中区).
    async fn government(&self, ctx: &Context<'_>, code: String) -> Result<Option<Government>> {
        Ok(engine(ctx).government_by_code(&code).await.map_err(ApiError)?.map(Government))
    }

    /// The annual catalogue of a decision organ, or null if it has none for that year.
    async fn catalogue(&self, ctx: &Context<'_>, government_code: String, year: i32) -> Result<Option<Catalogue>> {
        Ok(engine(ctx).catalogue(&viewer(ctx), &government_code, year).await.map_err(ApiError)?.map(Catalogue))
    }

    /// A decision item by id, or null.
    async fn item(&self, ctx: &Context<'_>, id: ID) -> Result<Option<CatalogueItem>> {
        let id = parse_id("id", &id)?;
        Ok(engine(ctx).item(&viewer(ctx), id).await.map_err(ApiError)?.map(CatalogueItem))
    }

    /// The signed-in user, or null for the public.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        match viewer(ctx) {
            juece_core::authz::Principal::User(u) => {
                Ok(engine(ctx).user_by_id(u.user_id).await.map_err(ApiError)?.map(User))
            }
            _ => Ok(None),
        }
    }

    /// The statutory rules juece checks and records, in catalogue order; narrowed to a profile
    /// (the rules a deployment is bound by) or a kind if given.
    async fn rules(
        &self,
        profile: Option<crate::rules::RuleProfile>,
        kind: Option<crate::rules::RuleKind>,
    ) -> Vec<crate::rules::Rule> {
        crate::rules::list(profile, kind)
    }

    /// The `days`-th working day after `from` (the start day not counted, 国务院令 periods in
    /// 工作日 such as the 7-working-day legality review), on the official calendar with 调休.
    async fn add_working_days(&self, from: crate::calendar::Date, days: i32) -> Result<crate::calendar::Date> {
        Ok(crate::calendar::add_working_days(from, days)?)
    }

    /// How many working days lie after `from` up to and including `to` (negative if `to` is
    /// earlier).
    async fn working_days_between(&self, from: crate::calendar::Date, to: crate::calendar::Date) -> Result<i32> {
        Ok(crate::calendar::working_days_between(from, to)?)
    }

    /// Every version of every rule profile, with its parameters.
    async fn rule_profiles(&self) -> Vec<crate::rules::ProfileVersionGql> {
        juece_core::profile::VERSIONS.iter().map(crate::rules::ProfileVersionGql).collect()
    }

    /// One rule by its id (R-10-7), or null.
    async fn rule(&self, id: String) -> Option<crate::rules::Rule> {
        juece_core::rule_catalogue::rule(id.trim()).map(crate::rules::Rule)
    }

    /// The seven categories of R-01-2 with their wording.
    async fn categories(&self) -> Vec<CategoryInfo> {
        CategoryInfo::all()
    }

    /// Decision items across catalogues, oldest first, as a Relay connection. At most 100 a page;
    /// 20 if neither `first` nor `last` is given.
    #[graphql(complexity = "first.or(last).unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn items(
        &self,
        ctx: &Context<'_>,
        filter: Option<ItemFilterInput>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<Connection<IdCursor, CatalogueItem, EmptyFields, EmptyFields>> {
        let engine = engine(ctx);
        let viewer = viewer(ctx);
        let f = filter.unwrap_or_default();
        for (name, v) in [("first", first), ("last", last)] {
            if v.is_some_and(|n| n > MAX_PAGE as i32) {
                return Err(ApiError::bad_input(
                    name,
                    format!("每页最多{MAX_PAGE}条"),
                    format!("a page holds at most {MAX_PAGE} items"),
                )
                .into());
            }
        }
        if first.is_some() && last.is_some() {
            return Err(ApiError::bad_input(
                "first",
                "first 与 last 不能同时使用",
                "first and last cannot be used together",
            )
            .into());
        }
        let mut filter = ItemFilter {
            year: f.year,
            catalogue_id: f.catalogue_id.as_ref().map(|id| parse_id("filter.catalogueId", id)).transpose()?,
            sponsor_id: f.sponsor_id.as_ref().map(|id| parse_id("filter.sponsorId", id)).transpose()?,
            states: f
                .states
                .map(|s| s.into_iter().map(|s| juece_core::ItemState::from(s).as_str().to_owned()).collect()),
            category: f.category.map(|c| juece_core::Category::from(c).as_str().to_owned()),
            title_contains: f.title_contains.filter(|s| !s.trim().is_empty()),
            // The engine narrows the list to what the viewer may see.
            visible_to: None,
            internal_states: Vec::new(),
            government_id: None,
        };
        let mut unknown_government = false;
        if let Some(code) = &f.government_code {
            match engine.government_by_code(code).await.map_err(ApiError)? {
                Some(g) => filter.government_id = Some(g.id),
                None => unknown_government = true,
            }
        }
        query(after, before, first, last, |after: Option<IdCursor>, before: Option<IdCursor>, first, last| async move {
            let mut conn = Connection::new(false, false);
            if unknown_government {
                return Ok::<_, async_graphql::Error>(conn);
            }
            let (from, limit) = page_window(first, last, after, before);
            let (rows, more) = engine.items_page(&viewer, &filter, from, limit as u64).await.map_err(ApiError)?;
            (conn.has_previous_page, conn.has_next_page) = page_flags(from, more);
            conn.edges.extend(rows.into_iter().map(|r| Edge::new(IdCursor(r.id), CatalogueItem(r))));
            Ok(conn)
        })
        .await
    }
}

/// Where a page of an id-ordered Relay connection starts and how long it is: `last` pages back
/// from `before`, otherwise `first` (or the default) pages on from `after`.
pub(crate) fn page_window(
    first: Option<usize>,
    last: Option<usize>,
    after: Option<IdCursor>,
    before: Option<IdCursor>,
) -> (PageFrom, usize) {
    match (first, last) {
        (_, Some(l)) => (PageFrom::Last { before: before.map(|c| c.0) }, l),
        (Some(n), None) => (PageFrom::First { after: after.map(|c| c.0) }, n),
        (None, None) => (PageFrom::First { after: after.map(|c| c.0) }, DEFAULT_PAGE),
    }
}

/// A connection's `(hasPreviousPage, hasNextPage)` from the direction it was read in and whether
/// more lay beyond.
pub(crate) fn page_flags(from: PageFrom, more: bool) -> (bool, bool) {
    match from {
        PageFrom::First { after } => (after.is_some(), more),
        PageFrom::Last { before } => (more, before.is_some()),
    }
}
