//! A catalogue as open data: `/g/{code}/{year}.json` and `/g/{code}/{year}.csv`.
//!
//! The two files serve two audiences, and their headers follow:
//!
//! - JSON is for programs. Its keys are stable English camelCase names, the same as the GraphQL
//!   API's fields, and its values are codes (`state: "IN_CATALOGUE"`, `plannedCompletion:
//!   "2022-10"`, `category: "SD3_1"`), each next to the Chinese words where people read it
//!   (`stateLabel`).
//! - CSV is for people with a spreadsheet. It has one header row, in Chinese: the gazette's four
//!   columns (序号, 重大行政决策事项名称, 主要承办单位, 计划完成时间) as the gazette prints
//!   them, then 当前阶段 in the portal's words and 事项编号 (the item's id, the key to the JSON and
//!   the GraphQL API). A second, English header row would break every CSV reader that takes the
//!   first row as the header. The file is UTF-8 with a byte order mark (without one, Excel reads
//!   it as the local code page and garbles the Chinese) and CRLF line ends (RFC 4180). A cell
//!   that starts with `=`, `+`, `-` or `@` gets a leading apostrophe, so that a spreadsheet shows
//!   it as text instead of running it as a formula.
//!
//! Both are downloads (`Content-Disposition: attachment`) named after the government and year,
//! and neither is ever empty for a catalogue that exists: CSV always has its header row.

use super::view::{self, CatalogueView};
use super::{PortalError, PortalResult};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use juece_engine::EngineError;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CatalogueJson<'a> {
    government: GovernmentJson<'a>,
    year: i32,
    title: &'a str,
    document_number: Option<&'a str>,
    published_on: Option<String>,
    source: Option<&'a str>,
    item_count: usize,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GovernmentJson<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemJson<'a> {
    id: String,
    seq: i32,
    title: &'a str,
    sponsor: SponsorJson<'a>,
    planned_completion: String,
    category: &'a str,
    state: &'static str,
    state_label: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SponsorJson<'a> {
    id: String,
    name: &'a str,
}

pub(crate) fn json(v: &CatalogueView) -> PortalResult {
    let c = &v.catalogue;
    let doc = CatalogueJson {
        government: GovernmentJson { code: &v.government.code, name: &v.government.name },
        year: c.year,
        title: &c.title,
        document_number: c.document_number.as_deref(),
        published_on: c.published_on.map(|d| d.format("%Y-%m-%d").to_string()),
        source: c.source.as_deref(),
        item_count: v.items.len(),
        items: v
            .items
            .iter()
            .map(|i| ItemJson {
                id: i.row.id.to_string(),
                seq: i.row.seq,
                title: &i.row.title,
                sponsor: SponsorJson { id: i.row.sponsor_id.to_string(), name: &i.sponsor },
                planned_completion: i.planned.to_string(),
                category: &i.row.category,
                state: i.state.as_str(),
                state_label: view::state_label(i.state),
            })
            .collect(),
    };
    let body = serde_json::to_vec_pretty(&doc).map_err(|e| EngineError::Internal(format!("catalogue JSON: {e}")))?;
    Ok(download(v, "json", "application/json", body))
}

const CSV_HEADER: [&str; 6] = ["序号", "重大行政决策事项名称", "主要承办单位", "计划完成时间", "当前阶段", "事项编号"];

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn csv(v: &CatalogueView) -> PortalResult {
    let failed = |e: &dyn std::fmt::Display| PortalError::from(EngineError::Internal(format!("catalogue CSV: {e}")));
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(BOM.to_vec());
    w.write_record(CSV_HEADER).map_err(|e| failed(&e))?;
    for i in &v.items {
        w.write_record([
            i.row.seq.to_string(),
            inert(&i.row.title),
            inert(&i.sponsor),
            i.planned.to_zh(),
            view::state_label(i.state).to_owned(),
            i.row.id.to_string(),
        ])
        .map_err(|e| failed(&e))?;
    }
    let body = w.into_inner().map_err(|e| failed(&e))?;
    Ok(download(v, "csv", "text/csv; charset=utf-8; header=present", body))
}

/// A text cell a spreadsheet will not take for a formula.
fn inert(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() }
}

fn download(v: &CatalogueView, ext: &str, content_type: &'static str, body: Vec<u8>) -> axum::response::Response {
    // The code is six digits and the year four, so the name needs no quoting rules beyond these.
    let disposition = format!("attachment; filename=\"{}-{}.{ext}\"", v.government.code, v.catalogue.year);
    let disposition = HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment"));
    ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type)), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formula_cells_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("设立市中区省级经济开发区"), "设立市中区省级经济开发区");
    }
}
