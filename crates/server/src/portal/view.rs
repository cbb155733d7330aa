//! What the portal reads from the engine, as the public may see it, shaped for display: a
//! government by its address, a catalogue with its items and their sponsors, the comment notices
//! open today, and the Chinese words for each item state.
//!
//! Every query runs as `Principal::Anonymous`. A value the database should never hold (an unknown
//! state code, an item whose sponsor is missing) is an internal error, logged, never shown.

use super::PortalError;
use chrono::NaiveDate;
use juece_core::authz::Principal;
use juece_core::{GovernmentCode, ItemState, YearMonth};
use juece_engine::{CatalogueRow, Engine, EngineError, GovernmentRow, ItemRow};
use std::collections::HashMap;
use uuid::Uuid;

const PUBLIC: Principal = Principal::Anonymous;

/// The stage an item is at, in the words the portal shows the public. Every state has its own
/// words, and the match has no wildcard, so a state added to the core cannot go unlabelled.
pub(crate) fn state_label(state: ItemState) -> &'static str {
    match state {
        ItemState::Proposed => "已提出决策建议",
        ItemState::UnderStudy => "决策建议研究论证中",
        ItemState::InCatalogue => "已列入目录",
        ItemState::Initiated => "已启动决策程序",
        ItemState::Drafting => "决策草案起草中",
        ItemState::Consultation => "征求意见等环节",
        ItemState::LegalitySubmitted => "合法性审查中",
        ItemState::ReturnedForSupplement => "合法性审查退回补充材料",
        ItemState::LegalityReviewed => "已完成合法性审查",
        ItemState::ReadyForMeeting => "待提请会议讨论",
        ItemState::Discussed => "已经会议讨论",
        ItemState::Decided => "已作出决定",
        ItemState::PartyReported => "已向同级党委请示报告",
        ItemState::Published => "决策已公布",
        ItemState::PublicationExempt => "依法不予公开",
        ItemState::Executing => "决策执行中",
        ItemState::Suspended => "暂停执行",
        ItemState::PostEvaluation => "决策后评估中",
        ItemState::Adjusting => "决策调整中",
        ItemState::Terminating => "拟停止执行",
        ItemState::Completed => "执行完毕",
        ItemState::Superseded => "已被调整后的决策替代",
        ItemState::Terminated => "已停止执行",
        ItemState::ClosedRejected => "决策未通过",
        ItemState::Withdrawn => "已调出目录",
    }
}

/// A government named by the code in an address. Only the canonical spelling (six digits, as
/// stored) names one: anything else is not found, never an error page.
pub(crate) async fn government(engine: &Engine, code: &str) -> Result<GovernmentRow, PortalError> {
    match GovernmentCode::parse(code) {
        Ok(c) if c.as_str() == code => engine.government_by_code(code).await?.ok_or(PortalError::NotFound),
        _ => Err(PortalError::NotFound),
    }
}

/// A year as an address spells it: four digits.
pub(crate) fn parse_year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// One item of a catalogue as the public sees it.
#[derive(Debug)]
pub(crate) struct ItemView {
    pub row: ItemRow,
    pub state: ItemState,
    pub sponsor: String,
    pub planned: YearMonth,
}

/// A published catalogue with its government and its items in 序号 order.
#[derive(Debug)]
pub(crate) struct CatalogueView {
    pub government: GovernmentRow,
    pub catalogue: CatalogueRow,
    pub items: Vec<ItemView>,
}

/// The catalogue of `code` for `year`, if the public may see it.
pub(crate) async fn catalogue(engine: &Engine, code: &str, year: i32) -> Result<CatalogueView, PortalError> {
    let government = government(engine, code).await?;
    let catalogue = engine.catalogue(&PUBLIC, &government.code, year).await?.ok_or(PortalError::NotFound)?;
    let mut rows = engine.items_of(&PUBLIC, catalogue.id).await?;
    rows.sort_by_key(|r| r.seq);
    let sponsors = department_names(engine, rows.iter().map(|r| r.sponsor_id)).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let state = stored_state(&row)?;
            let planned = YearMonth::parse(&row.planned_completion).map_err(|_| {
                EngineError::Internal(format!("item {} has planned completion {:?}", row.id, row.planned_completion))
            })?;
            let sponsor = sponsors.get(&row.sponsor_id).cloned().ok_or_else(|| {
                EngineError::Internal(format!("item {} has no sponsor row {}", row.id, row.sponsor_id))
            })?;
            Ok(ItemView { row, state, sponsor, planned })
        })
        .collect::<Result<Vec<_>, EngineError>>()?;
    Ok(CatalogueView { government, catalogue, items })
}

/// A government with its published annual catalogues, newest year first. The register of
/// decisions recorded from the gazette is not a catalogue the public pages list by year: its
/// items are reached from the open data and the API.
pub(crate) async fn catalogues_of(
    engine: &Engine,
    government: &GovernmentRow,
) -> Result<Vec<CatalogueRow>, EngineError> {
    let mut rows = engine.catalogues_of(&PUBLIC, government.id).await?;
    rows.retain(|c| c.kind == "ANNUAL");
    rows.sort_by_key(|c| std::cmp::Reverse(c.year));
    Ok(rows)
}

/// An item whose comment notice accepts comments today, as the home page lists it.
#[derive(Debug)]
pub(crate) struct OpenConsultation {
    pub item_id: Uuid,
    pub title: String,
    pub government: String,
    pub sponsor: String,
    pub notice_title: String,
    pub closes_on: NaiveDate,
}

/// The items whose comment notice accepts comments today (the engine's own test, the one intake
/// applies), soonest closing first.
pub(crate) async fn open_consultations(engine: &Engine) -> Result<Vec<OpenConsultation>, EngineError> {
    let open = engine.open_consultations().await?;
    let sponsors = department_names(engine, open.iter().map(|o| o.item.sponsor_id)).await?;
    open.into_iter()
        .map(|o| {
            let sponsor = sponsors.get(&o.item.sponsor_id).cloned().ok_or_else(|| {
                EngineError::Internal(format!("item {} has no sponsor row {}", o.item.id, o.item.sponsor_id))
            })?;
            Ok(OpenConsultation {
                item_id: o.item.id,
                title: o.item.title,
                government: o.government.name,
                sponsor,
                notice_title: o.notice.title,
                closes_on: o.notice.closes_on,
            })
        })
        .collect()
}

fn stored_state(row: &ItemRow) -> Result<ItemState, EngineError> {
    ItemState::parse(&row.state)
        .ok_or_else(|| EngineError::Internal(format!("item {} has state {:?}", row.id, row.state)))
}

/// Department names by id, each department read once.
pub(crate) async fn department_names(
    engine: &Engine,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, EngineError> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(engine.departments_by_ids(&ids).await?.into_iter().map(|d| (d.id, d.name)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_its_own_label() {
        let mut labels: Vec<&str> = ItemState::ALL.iter().map(|s| state_label(*s)).collect();
        assert!(labels.iter().all(|l| !l.is_empty() && !l.is_ascii()));
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), ItemState::ALL.len(), "two states share a label");
    }

    #[test]
    fn years_are_four_digits() {
        assert_eq!(parse_year("2022"), Some(2022));
        for bad in ["+202", "022", "20222", "２０２２", "2022 ", "abcd", ""] {
            assert_eq!(parse_year(bad), None, "{bad:?}");
        }
    }
}
