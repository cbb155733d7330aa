//! Execution of a real decision through GraphQL: its tasks imported from the text of 钢城政发〔2022〕6号
//! as published, assigned by hand, refused where R-15-1 and the content forbid; executors'
//! progress reports with stale versions refused as conflicts; and the supervision screen's
//! overdue, soon-due and per-unit figures.

use crate::decision::{People, at, executing, items_2022};
use juece_core::authz::{Principal, Role};
use juece_tests::{World, code};
use serde_json::{Value, json};

/// The gazette text holding 钢城政发〔2022〕6号, as published.
const GANGCHENG: &str = include_str!("../../../seeds/gazettes/000_12860487c06f20a9.txt");

const IMPORT: &str = r#"mutation($i: ImportTasksInput!) { importTasks(input: $i) {
    stored { id seq number leadUnits responsibleUnits deadlines { kind dueOn } source { documentNumber firstLine } version }
    read { number description leadUnits responsibleUnits deadlines { kind dueOn text } deadlineText source { documentNumber firstLine lastLine } }
    unread { line text reasonZh reasonEn } } }"#;

const ASSIGN: &str = r#"mutation($i: AssignTasksInput!) { assignTasks(input: $i) {
    id seq description leadUnits finalDue status standing version } }"#;

const REPORT: &str = r#"mutation($i: ReportTaskProgressInput!) { reportTaskProgress(input: $i) {
    id percent status completedOn standing version } }"#;

const SUPERVISION: &str = r#"query($g: String!, $d: Int, $u: String) { supervision(governmentCode: $g, withinDays: $d, unit: $u) {
    asOf overdueTasks { id description } dueSoonTasks { id description finalDue }
    overdueItems { kind rule dueOn state itemId } dueSoonItems { kind dueOn itemId }
    units { unit onTime late open overdue total } } }"#;

/// The code of an error `err_as` returned.
fn errors_code(e: &Value) -> &str {
    code(e)
}

/// The rule a refusal names.
fn rule(e: &Value) -> &str {
    assert_eq!(code(e), "PROCEDURE_VIOLATION", "{e}");
    e["extensions"]["rule"].as_str().unwrap_or("")
}

#[tokio::test]
async fn the_tasks_of_a_published_decision_are_imported_reported_and_supervised() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let (id, sponsor) = executing(&w, &p, 0).await;

    // A preview reads all 24 tasks of 钢城政发〔2022〕6号 and stores nothing.
    let preview =
        json!({ "i": { "itemId": id, "text": GANGCHENG, "documentNumber": "钢城政发〔2022〕6号", "preview": true } });
    let r = w.ok_as(&p.office, IMPORT, preview).await;
    let read = r["importTasks"]["read"].as_array().expect("read").clone();
    assert_eq!(read.len(), 24, "{r}");
    assert_eq!(r["importTasks"]["stored"], json!([]));
    assert_eq!(r["importTasks"]["unread"], json!([]), "every task of the decision is read");
    assert_eq!(read[0]["leadUnits"], json!(["区委依法治区办", "区委编办", "区司法局"]));
    assert_eq!(read[0]["responsibleUnits"], json!(["各街道（功能区）", "区级各行政执法部门"]));
    assert_eq!(
        read[0]["deadlines"].as_array().map(|d| d.iter().map(|x| x["dueOn"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("2022-12-31"), json!("2023-12-31")])
    );
    assert_eq!(read[0]["deadlines"][0]["kind"], "STAGED");
    assert_eq!(read[0]["source"]["documentNumber"], "钢城政发〔2022〕6号");
    // Line numbers refer to the gazette text as sent.
    let first_line = read[0]["source"]["firstLine"].as_u64().expect("line") as usize;
    let line = GANGCHENG.lines().nth(first_line - 1).unwrap_or("");
    assert!(line.contains("建设全覆盖的行政执法监督体系"), "line {first_line}: {line}");
    for t in &read {
        assert!(t["leadUnits"].as_array().is_some_and(|u| !u.is_empty()), "every task has a lead: {t}");
    }

    // A document number the text does not hold is named, not guessed.
    let wrong = json!({ "i": { "itemId": id, "text": GANGCHENG, "documentNumber": "钢城政发〔2022〕7号" } });
    let r = w.err_as(&p.office, IMPORT, wrong).await;
    assert_eq!(errors_code(&r), "BAD_USER_INPUT", "{r}");

    // Only the office, the head or the item's own sponsor assign; an executor does not.
    let executor = w.user("370103", Some("区司法局"), &[Role::Executor]).await;
    let import = json!({ "i": { "itemId": id, "text": GANGCHENG, "documentNumber": "钢城政发〔2022〕6号" } });
    assert_eq!(errors_code(&w.err_as(&executor, IMPORT, import.clone()).await), "FORBIDDEN");
    let r = w.ok_as(&sponsor, IMPORT, import).await;
    let stored = r["importTasks"]["stored"].as_array().expect("stored").clone();
    assert_eq!(stored.len(), 24);
    assert_eq!(stored.iter().map(|t| t["seq"].as_i64().unwrap_or(0)).collect::<Vec<_>>(), (1..=24).collect::<Vec<_>>());

    // By hand: a task names a unit to carry it (R-15-1), and no staged result after the end.
    let task = |units: Value, staged: &str, fin: &str| {
        json!({ "description": "制定全民健身设施管理台账", "leadUnits": units,
                "deadlines": [ { "kind": "STAGED", "dueOn": staged }, { "kind": "FINAL", "dueOn": fin } ] })
    };
    let r = w
        .err_as(
            &p.office,
            ASSIGN,
            json!({ "i": { "itemId": id, "tasks": [task(json!([]), "2027-01-10", "2027-06-30")] } }),
        )
        .await;
    assert_eq!(rule(&r), "R-15-1", "{r}");
    let r = w
        .err_as(
            &p.office,
            ASSIGN,
            json!({ "i": { "itemId": id, "tasks": [task(json!(["区教育体育局"]), "2027-07-10", "2027-06-30")] } }),
        )
        .await;
    assert_eq!(errors_code(&r), "BAD_USER_INPUT", "{r}");
    let r = w
        .ok_as(
            &p.office,
            ASSIGN,
            json!({ "i": { "itemId": id, "tasks": [
                task(json!(["区教育体育局"]), "2027-01-10", "2027-06-30"),
                { "description": "公布全民健身设施开放目录", "leadUnits": ["区教育体育局"],
                  "deadlines": [ { "kind": "FINAL", "dueOn": "2026-12-20" } ] }
            ] } }),
        )
        .await;
    let manual = r["assignTasks"].as_array().expect("tasks").clone();
    assert_eq!(manual.iter().map(|t| t["seq"].as_i64().unwrap_or(0)).collect::<Vec<_>>(), [25, 26]);
    assert_eq!(manual[0]["standing"], "OPEN");

    // Tasks are assigned once the decision is executing: the other 2022 item is still in the catalogue.
    let other = items_2022(&w).await[1]["id"].as_str().expect("id").to_owned();
    let r = w
        .err_as(
            &p.office,
            ASSIGN,
            json!({ "i": { "itemId": other, "tasks": [task(json!(["区发展改革局"]), "2027-01-10", "2027-06-30")] } }),
        )
        .await;
    assert_eq!(rule(&r), "R-15-1", "{r}");

    // Progress: executors report; it never goes backwards; a stale version is a conflict.
    let t26 = manual[1]["id"].as_str().expect("id").to_owned();
    let report = |v: i64, pct: i64, done: bool| {
        json!({ "i": { "taskId": t26, "expectedVersion": v, "reportedOn": "2026-12-08", "percent": pct,
                        "summary": "已完成开放目录初稿", "done": done } })
    };
    assert_eq!(errors_code(&w.err_as(&sponsor, REPORT, report(1, 50, false)).await), "FORBIDDEN");
    let r = w.ok_as(&executor, REPORT, report(1, 50, false)).await;
    assert_eq!(r["reportTaskProgress"]["percent"], 50);
    assert_eq!(r["reportTaskProgress"]["version"], 2);
    assert_eq!(errors_code(&w.err_as(&executor, REPORT, report(1, 60, false)).await), "CONFLICT");
    assert_eq!(errors_code(&w.err_as(&executor, REPORT, report(2, 40, false)).await), "BAD_USER_INPUT");
    assert_eq!(errors_code(&w.err_as(&executor, REPORT, report(2, 100, false)).await), "BAD_USER_INPUT");
    let r = w.ok_as(&executor, REPORT, report(2, 100, true)).await;
    assert_eq!(r["reportTaskProgress"]["status"], "DONE");
    assert_eq!(r["reportTaskProgress"]["standing"], "ON_TIME");
    assert_eq!(errors_code(&w.err_as(&executor, REPORT, report(3, 100, true)).await), "BAD_USER_INPUT");

    // One imported task done years late.
    let t1 = stored[0]["id"].as_str().expect("id").to_owned();
    let r = w
        .ok_as(
            &executor,
            REPORT,
            json!({ "i": { "taskId": t1, "expectedVersion": stored[0]["version"], "reportedOn": "2026-12-08",
                            "percent": 100, "summary": "区街两级行政执法监督体系已建成", "done": true } }),
        )
        .await;
    assert_eq!(r["reportTaskProgress"]["standing"], "LATE");

    // The screen on 2026-12-08. The 23 imported tasks still open are overdue: their deadlines were
    // in 2022 and 2023 (a task with only a staged date is judged by it). Task 25 is due 2027-06-30,
    // outside a 14-day window. The seeded 市中区 disability plan's tasks set no dates: open.
    let ids = |v: &Value| -> Vec<String> {
        v.as_array().expect("list").iter().map(|t| t["id"].as_str().unwrap_or("").to_owned()).collect()
    };
    let imported: Vec<String> = stored.iter().map(|t| t["id"].as_str().unwrap_or("").to_owned()).collect();
    let vars = |days: i64, unit: Option<&str>| json!({ "g": "370103", "d": days, "u": unit });
    let r = w.ok_as(&p.office, SUPERVISION, vars(14, None)).await;
    let s = &r["supervision"];
    assert_eq!(s["asOf"], "2026-12-08");
    let overdue = ids(&s["overdueTasks"]);
    assert_eq!(overdue, imported[1..].to_vec(), "every open imported task, in order, and nothing else");
    assert_eq!(s["dueSoonTasks"], json!([]));
    // The other 2022 item was planned for December 2022 and is still undecided: 久拖不决 (R-18-2).
    let late_items: Vec<(Value, Value)> =
        s["overdueItems"].as_array().expect("items").iter().map(|i| (i["kind"].clone(), i["itemId"].clone())).collect();
    assert_eq!(late_items, vec![(json!("PLANNED_COMPLETION"), json!(other))], "{s}");
    let units = s["units"].as_array().expect("units");
    let line = |name: &str| units.iter().find(|u| u["unit"] == name).cloned().unwrap_or(Value::Null);
    // 区委编办 leads only task 1, done late.
    assert_eq!(
        line("区委编办"),
        json!({ "unit": "区委编办", "onTime": 0, "late": 1, "open": 0, "overdue": 0, "total": 1 })
    );
    assert_eq!(line("区司法局")["late"], 1);
    let r = w.ok_as(&p.office, SUPERVISION, vars(365, Some("区教育体育局"))).await;
    let s = &r["supervision"];
    assert_eq!(ids(&s["overdueTasks"]), Vec::<String>::new());
    assert_eq!(ids(&s["dueSoonTasks"]), [manual[0]["id"].as_str().unwrap_or("").to_owned()]);
    assert_eq!(
        s["units"].as_array().map(|u| u.iter().map(|x| x["unit"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("区教育体育局")])
    );

    // On 1 July 2027, with no report since, task 25 (due 30 June) is overdue: standing is computed
    // from the dates on the day asked.
    at(&w, 2027, 7, 1);
    let r = w.ok_as(&p.office, SUPERVISION, vars(14, Some("区教育体育局"))).await;
    assert_eq!(ids(&r["supervision"]["overdueTasks"]), [manual[0]["id"].as_str().unwrap_or("").to_owned()]);

    // The screen is internal: the public, and other governments, are refused.
    let r = w.gql_as(&Principal::Anonymous, None, SUPERVISION, vars(14, None)).await;
    assert_eq!(errors_code(&r["errors"][0]), "UNAUTHENTICATED");
    let outsider = w.user("370117", None, &[Role::GovOffice]).await;
    assert_eq!(errors_code(&w.err_as(&outsider, SUPERVISION, vars(14, None)).await), "FORBIDDEN");

    // The decision completes only when its tasks are done (R-15-2).
    let v = crate::decision::version(&w, &id).await;
    let complete = json!({ "i": { "itemId": id, "expectedVersion": v, "completedOn": "2027-07-01",
                                  "finalReport": "执行情况总结报告" } });
    let r = w
        .err_as(&p.office, "mutation($i: CompleteExecutionInput!) { completeExecution(input: $i) { state } }", complete)
        .await;
    assert_eq!(rule(&r), "R-15-2", "{r}");
    // While the head has suspended execution, no progress is reported (R-17-2).
    let suspend = json!({ "i": { "itemId": id, "expectedVersion": v, "decidedOn": "2027-07-01",
                                 "situation": "CIRCUMSTANCES_CHANGED", "facts": "上位规划调整", "urgency": "须立即停止新建设施" } });
    let r = w
        .ok_as(&p.head, "mutation($i: SuspendExecutionInput!) { suspendExecution(input: $i) { state } }", suspend)
        .await;
    assert_eq!(r["suspendExecution"]["state"], "SUSPENDED");
    let r = w
        .err_as(
            &executor,
            REPORT,
            json!({ "i": { "taskId": manual[0]["id"], "expectedVersion": 1, "reportedOn": "2027-07-01",
                            "percent": 10, "summary": "已启动" } }),
        )
        .await;
    assert_eq!(rule(&r), "R-17-2", "{r}");

    // The item's tasks, in order, for its government.
    let r =
        w.ok_as(&p.office, r#"query($id: ID!) { item(id: $id) { tasks { seq status } } }"#, json!({ "id": id })).await;
    assert_eq!(r["item"]["tasks"].as_array().map(Vec::len), Some(26));
    crate::catalogue::assert_state_is_fold(&w, &id).await;
}

/// The task mutations of the authorization matrix.
pub(crate) const MUTATIONS: &[&str] = &["assignTasks", "importTasks", "reportTaskProgress"];

/// A request for each task mutation of the authorization matrix. Allowed cells act on an executing
/// scene item (and, for a report, on a task assigned to it); refused cells need the same, since a
/// report is refused only once its task is found. Boxed so that the matrix's frame stays small.
pub(crate) fn matrix_request<'a>(
    w: &'a World,
    jtj: &'a str,
    m: &'a str,
    want: bool,
    fallback: &'a str,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = (&'static str, Value)> + 'a>> {
    Box::pin(async move {
        let task = json!({ "description": "制定实施细则配套文件", "leadUnits": ["区教育体育局"],
                           "deadlines": [ { "kind": "FINAL", "dueOn": "2027-06-30" } ] });
        match m {
            "assignTasks" => {
                let id = if want {
                    crate::after_decision::scene_item(w, jtj, "EXECUTING").await.0
                } else {
                    fallback.to_owned()
                };
                (
                    "mutation($i: AssignTasksInput!) { assignTasks(input: $i) { seq } }",
                    json!({ "i": { "itemId": id, "tasks": [task] } }),
                )
            }
            "importTasks" => {
                let id = if want {
                    crate::after_decision::scene_item(w, jtj, "EXECUTING").await.0
                } else {
                    fallback.to_owned()
                };
                (
                    "mutation($i: ImportTasksInput!) { importTasks(input: $i) { stored { seq } } }",
                    json!({ "i": { "itemId": id, "text": GANGCHENG, "documentNumber": "钢城政发〔2022〕6号" } }),
                )
            }
            _ => {
                let (id, _) = crate::after_decision::scene_item(w, jtj, "EXECUTING").await;
                let spec: juece_core::execution::TaskSpec = serde_json::from_value(task).expect("task");
                let item = uuid::Uuid::parse_str(&id).expect("uuid");
                let rows =
                    w.engine.assign_tasks(&Principal::system("test"), item, vec![spec]).await.expect("scene task");
                let on = crate::after_decision::scene_today(w).to_string();
                (
                    "mutation($i: ReportTaskProgressInput!) { reportTaskProgress(input: $i) { percent } }",
                    json!({ "i": { "taskId": rows[0].id.to_string(), "expectedVersion": 1, "reportedOn": on,
                                   "percent": 30, "summary": "已起草" } }),
                )
            }
        }
    })
}
