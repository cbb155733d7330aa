//! juece-seeds: facts from the seed gazettes (decision organs, their departments, the published
//! 2022 catalogue of 市中区) as data files, and their idempotent loading: loading twice is
//! loading once.
//!
//! The files are compiled into the binary so that a fresh install seeds itself with no data
//! directory to ship.

use chrono::NaiveDate;
use juece_core::GovernmentLevel;
use juece_core::authz::{Principal, Role};
use juece_engine::{
    AddItemInput, CreateCatalogueInput, DepartmentSeed, Engine, EngineError, GovernmentSeed, NewUser, PublicationInput,
};
use serde::Deserialize;
use std::collections::HashMap;

const GOVERNMENTS: &str = include_str!("../data/governments.toml");
const DEPARTMENTS: &str = include_str!("../data/departments.toml");
/// Every catalogue file, by name.
pub const CATALOGUES: &[(&str, &str)] = &[("370103-2022.toml", include_str!("../data/catalogues/370103-2022.toml"))];
const DECISIONS: &str = include_str!("../data/decisions.toml");
/// The gazette texts, as published, by file name.
pub const GAZETTES: &[(&str, &str)] = &[
    ("000_12860487c06f20a9.txt", include_str!("../gazettes/000_12860487c06f20a9.txt")),
    ("001_bbd8790e8b1422a3.txt", include_str!("../gazettes/001_bbd8790e8b1422a3.txt")),
    ("002_f98ac25ff1ac2a02.txt", include_str!("../gazettes/002_f98ac25ff1ac2a02.txt")),
    ("003_fd149bfe66289cd6.txt", include_str!("../gazettes/003_fd149bfe66289cd6.txt")),
    ("004_55f7b91f59157288.txt", include_str!("../gazettes/004_55f7b91f59157288.txt")),
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed file {file} is malformed: {message}")]
    Malformed { file: String, message: String },
    #[error("seeding failed: {0}")]
    Engine(#[from] EngineError),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GovernmentsFile {
    government: Vec<GovernmentEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GovernmentEntry {
    code: String,
    name: String,
    short_name: String,
    level: String,
    parent: Option<String>,
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentsFile {
    department: Vec<DepartmentEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentEntry {
    government: String,
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionsFile {
    decision: Vec<DecisionEntry>,
}

/// A decision to record from a gazette text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionEntry {
    gazette: String,
    government: String,
    document_number: String,
    sponsor: String,
    category: String,
    source: String,
}

/// A published catalogue as its gazette prints it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub government: String,
    pub year: i32,
    pub title: String,
    pub document_number: String,
    pub published_on: NaiveDate,
    pub source: String,
    pub item: Vec<CatalogueItemEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueItemEntry {
    pub seq: i32,
    pub title: String,
    pub sponsor: String,
    pub planned_completion: String,
    pub category: String,
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, SeedError> {
    toml::from_str(text).map_err(|e| SeedError::Malformed { file: file.to_owned(), message: e.to_string() })
}

/// Parses a catalogue file by name (tests compare the API's answers with it).
pub fn catalogue_file(name: &str) -> Result<CatalogueFile, SeedError> {
    let (_, text) = CATALOGUES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| SeedError::Malformed { file: name.to_owned(), message: "no such seed file".into() })?;
    parse(name, text)
}

/// What a seed run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub governments_created: usize,
    pub departments_created: usize,
    pub catalogues_created: usize,
    pub items_created: usize,
    /// Decisions recorded from the gazettes as executing items.
    pub decisions_recorded: usize,
    /// Their execution tasks, read from the texts.
    pub tasks_assigned: usize,
    /// Task text the reader could not read, line by line (`file:line: text`); kept in the report,
    /// never dropped silently.
    pub unread: Vec<String>,
}

impl SeedReport {
    pub fn is_empty(&self) -> bool {
        *self == SeedReport::default()
    }
}

/// Loads every seed file: the decision organs, their departments and catalogues, then the
/// decisions published in the gazettes with their tasks. Rows that exist already are left alone,
/// so running it twice changes nothing the second time.
pub async fn load(engine: &Engine) -> Result<SeedReport, SeedError> {
    let mut report = load_catalogues(engine).await?;
    let actor = Principal::system("seed");
    let dep_ids = department_ids(engine).await?;
    record_decisions(engine, &actor, &dep_ids, &mut report).await?;
    Ok(report)
}

/// The ids of the seeded departments, by government code and name.
async fn department_ids(engine: &Engine) -> Result<HashMap<(String, String), uuid::Uuid>, SeedError> {
    let mut ids = HashMap::new();
    for g in engine.governments().await? {
        for d in engine.departments_of(g.id).await? {
            ids.insert((g.code.clone(), d.name), d.id);
        }
    }
    Ok(ids)
}

/// Loads the decision organs, their departments and the published catalogues, without the
/// recorded decisions: the procedure's tests start from this.
pub async fn load_catalogues(engine: &Engine) -> Result<SeedReport, SeedError> {
    let actor = Principal::system("seed");
    let mut report = SeedReport::default();

    let govs: GovernmentsFile = parse("governments.toml", GOVERNMENTS)?;
    let mut gov_ids = HashMap::new();
    for g in &govs.government {
        let level = GovernmentLevel::parse(&g.level).ok_or_else(|| SeedError::Malformed {
            file: "governments.toml".into(),
            message: format!("unknown level {:?} for {}", g.level, g.code),
        })?;
        let seed = GovernmentSeed {
            code: g.code.clone(),
            name: g.name.clone(),
            short_name: g.short_name.clone(),
            level,
            parent_code: g.parent.clone(),
        };
        let (row, created) = engine.ensure_government(&seed).await?;
        report.governments_created += usize::from(created);
        gov_ids.insert(g.code.clone(), row.id);
    }

    let deps: DepartmentsFile = parse("departments.toml", DEPARTMENTS)?;
    let mut dep_ids = HashMap::new();
    for d in &deps.department {
        let gov_id = *gov_ids.get(&d.government).ok_or_else(|| SeedError::Malformed {
            file: "departments.toml".into(),
            message: format!("{} names unknown government {}", d.name, d.government),
        })?;
        let seed = DepartmentSeed {
            name: d.name.clone(),
            aliases: d.aliases.clone(),
            kind: d.kind.clone(),
            sources: d.sources.clone(),
        };
        let (row, created) = engine.ensure_department(gov_id, &seed).await?;
        report.departments_created += usize::from(created);
        dep_ids.insert((d.government.clone(), d.name.clone()), row.id);
    }

    for (name, text) in CATALOGUES {
        let cat: CatalogueFile = parse(name, text)?;
        if engine.catalogue(&actor, &cat.government, cat.year).await?.is_some() {
            continue;
        }
        let row = engine
            .create_catalogue(
                &actor,
                CreateCatalogueInput {
                    government_code: cat.government.clone(),
                    year: cat.year,
                    title: Some(cat.title.clone()),
                },
            )
            .await?;
        report.catalogues_created += 1;
        let mut items = cat.item.iter().collect::<Vec<_>>();
        items.sort_by_key(|i| i.seq);
        for (i, item) in items.iter().enumerate() {
            if item.seq != i as i32 + 1 {
                return Err(SeedError::Malformed {
                    file: (*name).to_owned(),
                    message: format!("序号 {} out of order", item.seq),
                });
            }
            let sponsor_id =
                *dep_ids.get(&(cat.government.clone(), item.sponsor.clone())).ok_or_else(|| SeedError::Malformed {
                    file: (*name).to_owned(),
                    message: format!("sponsor {} is not in departments.toml for {}", item.sponsor, cat.government),
                })?;
            engine
                .add_item(
                    &actor,
                    AddItemInput {
                        catalogue_id: row.id,
                        title: item.title.clone(),
                        sponsor_id,
                        category: item.category.clone(),
                        planned_completion: item.planned_completion.clone(),
                    },
                )
                .await?;
            report.items_created += 1;
        }
        engine
            .record_publication(
                &actor,
                PublicationInput {
                    catalogue_id: row.id,
                    document_number: cat.document_number.clone(),
                    published_on: cat.published_on,
                    source: cat.source.clone(),
                },
            )
            .await?;
    }
    Ok(report)
}

/// Records the decisions of `decisions.toml` with the tasks their texts assign. A decision
/// recorded before is left as it is, tasks and all.
async fn record_decisions(
    engine: &Engine,
    actor: &Principal,
    dep_ids: &HashMap<(String, String), uuid::Uuid>,
    report: &mut SeedReport,
) -> Result<(), SeedError> {
    use juece_core::task_import::{import_document, split_documents};
    let file: DecisionsFile = parse("decisions.toml", DECISIONS)?;
    let malformed = |message: String| SeedError::Malformed { file: "decisions.toml".into(), message };
    for d in &file.decision {
        let text = GAZETTES
            .iter()
            .find(|(n, _)| *n == d.gazette)
            .map(|(_, t)| *t)
            .ok_or_else(|| malformed(format!("no gazette {}", d.gazette)))?;
        let doc = split_documents(text)
            .into_iter()
            .find(|doc| doc.number == d.document_number)
            .ok_or_else(|| malformed(format!("{} holds no {}", d.gazette, d.document_number)))?;
        let issued_on = doc.issued_on.ok_or_else(|| malformed(format!("{} has no date", d.document_number)))?;
        let sponsor_id = *dep_ids.get(&(d.government.clone(), d.sponsor.clone())).ok_or_else(|| {
            malformed(format!("sponsor {} is not in departments.toml for {}", d.sponsor, d.government))
        })?;
        let category = juece_core::Category::parse(&d.category)
            .ok_or_else(|| malformed(format!("unknown category {}", d.category)))?;
        let (item, created) = engine
            .record_published_decision(
                actor,
                juece_engine::execution::RecordedDecision {
                    government_code: d.government.clone(),
                    title: doc.title.clone(),
                    document_number: doc.number.clone(),
                    issued_on,
                    sponsor_id,
                    category,
                    source: d.source.clone(),
                },
            )
            .await?;
        if !created {
            continue;
        }
        report.decisions_recorded += 1;
        let read = import_document(&doc);
        report.unread.extend(read.unread.iter().map(|u| format!("{}:{}: {}", d.gazette, u.line, u.text)));
        let specs: Vec<_> =
            read.tasks.iter().map(|t| juece_engine::execution::task_from_import(t, Some(&doc.number))).collect();
        if !specs.is_empty() {
            report.tasks_assigned += engine.assign_tasks(actor, item.id, specs).await?.len();
        }
    }
    Ok(())
}

/// The demo users of the embedded first run: one per role, all of 市中区 (370103), each in the
/// unit the role belongs to. They have no password; `juece user token USERNAME` issues a token.
pub const DEMO_USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("shizhong-gov-office", "政府办公室演示用户", Role::GovOffice, Some("区政府办公室")),
    ("shizhong-justice", "司法局演示用户", Role::Justice, Some("区司法局")),
    ("shizhong-sponsor", "教育体育局演示用户", Role::Sponsor, Some("区教育体育局")),
    ("shizhong-sponsor-fgj", "发展改革局演示用户", Role::Sponsor, Some("区发展改革局")),
    ("shizhong-head", "区长演示用户", Role::Head, None),
    ("shizhong-meeting-member", "常务会议组成人员演示用户", Role::MeetingMember, None),
    ("shizhong-expert", "专家演示用户", Role::Expert, None),
    ("shizhong-market-regulator", "市场监管局演示用户", Role::MarketRegulator, Some("区市场监管局")),
    ("shizhong-executor", "执行单位演示用户", Role::Executor, Some("区发展改革局")),
    ("shizhong-evaluator", "评估单位演示用户", Role::Evaluator, None),
    ("shizhong-auditor", "审计局演示用户", Role::Auditor, Some("区审计局")),
    ("shizhong-admin", "系统管理员演示用户", Role::Admin, Some("区政府办公室")),
];

/// Creates the demo users that do not exist yet; returns the usernames created. Only the embedded
/// demo calls this: a configured database never gets users by itself.
pub async fn load_demo_users(engine: &Engine) -> Result<Vec<String>, SeedError> {
    let system = Principal::system("demo-seed");
    let mut created = Vec::new();
    for (username, name, role, department) in DEMO_USERS {
        if engine.user_by_username(username).await?.is_some() {
            continue;
        }
        engine
            .create_user(
                &system,
                NewUser {
                    username: (*username).to_owned(),
                    display_name: (*name).to_owned(),
                    government_code: "370103".to_owned(),
                    department: department.map(str::to_owned),
                    roles: vec![role.as_str().to_owned()],
                    password: None,
                },
            )
            .await?;
        created.push((*username).to_owned());
    }
    Ok(created)
}
