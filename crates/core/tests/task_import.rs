//! Reading execution tasks out of gazette texts: the five seed gazettes (expectations written from
//! reading the source text, not from the parser's output), the reporting of what cannot be read,
//! the deadline conventions, and that no input makes the parser panic.

use chrono::NaiveDate;
use juece_core::task_import::{
    DeadlineKind, GazetteDocument, ImportedTask, TaskFormat, UnreadKind, import_document, import_tasks, split_documents,
};
use proptest::prelude::*;

const G000: &str = include_str!("../../../seeds/gazettes/000_12860487c06f20a9.txt");
const G001: &str = include_str!("../../../seeds/gazettes/001_bbd8790e8b1422a3.txt");
const G002: &str = include_str!("../../../seeds/gazettes/002_f98ac25ff1ac2a02.txt");
const G003: &str = include_str!("../../../seeds/gazettes/003_fd149bfe66289cd6.txt");
const G004: &str = include_str!("../../../seeds/gazettes/004_55f7b91f59157288.txt");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn doc(text: &str, number: &str) -> GazetteDocument {
    split_documents(text).into_iter().find(|d| d.number == number).unwrap_or_else(|| panic!("no document {number}"))
}

fn tasks_of(text: &str, number: &str) -> Vec<ImportedTask> {
    let imp = import_document(&doc(text, number));
    assert!(imp.unread.is_empty(), "{number}: unexpected unread {:#?}", imp.unread);
    imp.tasks
}

fn task<'a>(tasks: &'a [ImportedTask], number: &str) -> &'a ImportedTask {
    let found: Vec<&ImportedTask> = tasks.iter().filter(|t| t.number.as_deref() == Some(number)).collect();
    assert_eq!(found.len(), 1, "exactly one task numbered {number}");
    found[0]
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn staged(t: &ImportedTask) -> Vec<NaiveDate> {
    t.deadlines.iter().filter(|d| d.kind == DeadlineKind::Staged).map(|d| d.due_on).collect()
}

fn finals(t: &ImportedTask) -> Vec<NaiveDate> {
    t.deadlines.iter().filter(|d| d.kind == DeadlineKind::Final).map(|d| d.due_on).collect()
}

fn count(tasks: &[ImportedTask], pick: impl Fn(&ImportedTask) -> &Vec<String>, unit: &str) -> usize {
    tasks.iter().filter(|t| pick(t).iter().any(|u| u == unit)).count()
}

// ------------------------------------------------------------------------------------------------
// Documents
// ------------------------------------------------------------------------------------------------

/// Number, title, issuer, date, first and last line.
type DocRow = (&'static str, &'static str, &'static str, (i32, u32, u32), usize, usize);
type DocFacts = (String, String, Option<String>, Option<NaiveDate>, usize, usize);

fn assert_documents(text: &str, expected: &[DocRow]) {
    let docs = split_documents(text);
    let got: Vec<DocFacts> = docs
        .iter()
        .map(|d| (d.number.clone(), d.title.clone(), d.issuer.clone(), d.issued_on, d.first_line, d.last_line))
        .collect();
    let want: Vec<DocFacts> = expected
        .iter()
        .map(|(n, t, i, (y, m, day), f, l)| {
            ((*n).to_owned(), (*t).to_owned(), Some((*i).to_owned()), Some(d(*y, *m, *day)), *f, *l)
        })
        .collect();
    assert_eq!(got, want);
    let lines: Vec<&str> = text.lines().collect();
    for doc in &docs {
        assert_eq!(doc.body, lines[doc.first_line - 1..doc.last_line].join("\n"), "{} body", doc.number);
    }
}

#[test]
fn gazette_000_holds_three_documents() {
    assert_documents(
        G000,
        &[
            (
                "钢城政发〔2022〕6号",
                "关于全面加强和改进行政执法监督工作的实施意见",
                "济南市钢城区人民政府",
                (2022, 11, 18),
                1,
                453,
            ),
            (
                "钢城政字〔2022〕13号",
                "关于印发济南市钢城区“十四五”残疾人事业发展规划的通知",
                "济南市钢城区人民政府",
                (2022, 11, 8),
                454,
                1801,
            ),
            (
                "钢城政办字〔2022〕16号",
                "关于印发济南市钢城区加快推进大众创业万众创新工作方案（2022-2025年）的通知",
                "济南市钢城区人民政府办公室",
                (2022, 11, 18),
                1802,
                3228,
            ),
        ],
    );
}

#[test]
fn gazette_001_full_width_number_and_date() {
    assert_documents(
        G001,
        &[(
            "济政字〔2021〕89号",
            "关于印发济南市“十四五”残疾人事业发展规划的通知",
            "济南市人民政府",
            (2021, 12, 14),
            4,
            1658,
        )],
    );
}

#[test]
fn gazette_002_holds_seven_documents() {
    assert_documents(
        G002,
        &[
            (
                "市中政字〔2022〕27号",
                "关于公布济南市市中区人民政府2022年度重大行政决策事项目录的通知",
                "济南市市中区人民政府",
                (2022, 6, 1),
                1,
                78,
            ),
            (
                "市中政字〔2022〕28号",
                "关于印发济南市市中区“十四五”残疾人事业发展规划的通知",
                "济南市市中区人民政府",
                (2022, 6, 2),
                82,
                1606,
            ),
            (
                "市中政办字〔2022〕2号",
                "关于印发济南市市中区全民健身实施计划（2021—2025年）的通知",
                "济南市市中区人民政府办公室",
                (2022, 5, 18),
                1607,
                2170,
            ),
            (
                "市中政办字〔2022〕3号",
                "关于印发2022年济南市市中区政务公开工作要点的通知",
                "济南市市中区人民政府办公室",
                (2022, 6, 15),
                2171,
                3818,
            ),
            (
                "市中政任〔2022〕4号",
                "关于任命贾林等工作人员职务的通知",
                "济南市市中区人民政府",
                (2022, 4, 15),
                3819,
                3844,
            ),
            (
                "市中政任〔2022〕5号",
                "关于任命赵斌等工作人员职务的通知",
                "济南市市中区人民政府",
                (2022, 4, 27),
                3845,
                3874,
            ),
            (
                "市中政任〔2022〕6号",
                "关于周波等工作人员任免职务的通知",
                "济南市市中区人民政府",
                (2022, 6, 24),
                3875,
                3972,
            ),
        ],
    );
}

#[test]
fn gazette_003_number_above_the_title() {
    assert_documents(
        G003,
        &[(
            "钢城政办字〔2022〕16号",
            "关于印发济南市钢城区加快推进大众创业万众创新工作方案（2022-2025年）的通知",
            "济南市钢城区人民政府办公室",
            (2022, 11, 18),
            1,
            1411,
        )],
    );
}

#[test]
fn gazette_004_holds_four_documents() {
    assert_documents(
        G004,
        &[
            (
                "章政发〔2023〕2号",
                "关于印发济南市章丘区推进气象高质量发展实施方案的通知",
                "济南市章丘区人民政府",
                (2023, 3, 17),
                1,
                303,
            ),
            (
                "章政办发〔2023〕1号",
                "关于印发2023年重点工作任务责任分工的通知",
                "济南市章丘区人民政府办公室",
                (2023, 2, 21),
                304,
                1204,
            ),
            (
                "章政办发〔2023〕2号",
                "关于印发济南市章丘区残疾预防行动计划（2023-2025年）的通知",
                "济南市章丘区人民政府办公室",
                (2023, 2, 23),
                1205,
                1716,
            ),
            (
                "章政办发〔2023〕3号",
                "关于启用济南市章丘区刁镇街道办事处印章的通知",
                "济南市章丘区人民政府办公室",
                (2023, 3, 2),
                1717,
                1736,
            ),
        ],
    );
}

#[test]
fn text_without_a_number_line_has_no_document() {
    assert!(split_documents("").is_empty());
    assert!(split_documents("济南市钢城区人民政府\n关于某事的通知\n正文。").is_empty());
}

// ------------------------------------------------------------------------------------------------
// 钢城政发〔2022〕6号: every task, as printed
// ------------------------------------------------------------------------------------------------

const SFJ: &str = "区司法局";
const YFZQB: &str = "区委依法治区办";
const STREETS: &str = "各街道（功能区）";
const ENFORCERS: &str = "区级各行政执法部门";

/// (number, lead units, responsible units, staged deadline, final deadline), read off the text.
type Expected6 = (&'static str, Vec<&'static str>, Vec<&'static str>, Option<(i32, u32)>, Option<(i32, u32)>);

fn expected_6() -> Vec<Expected6> {
    let resp = || vec![STREETS, ENFORCERS];
    let resp_it = || vec!["区财政局", "区大数据局", STREETS, ENFORCERS];
    vec![
        ("1", vec![YFZQB, "区委编办", SFJ], resp(), Some((2022, 12)), Some((2023, 12))),
        ("2", vec![YFZQB, SFJ], resp(), Some((2022, 12)), Some((2023, 12))),
        ("3", vec![SFJ], resp(), None, Some((2022, 11))),
        ("4", vec![SFJ], resp(), None, Some((2022, 11))),
        ("5", vec![SFJ], resp(), None, Some((2022, 11))),
        ("6", vec![SFJ], resp(), None, Some((2022, 11))),
        ("7", vec![SFJ], resp(), None, Some((2022, 11))),
        ("8", vec![SFJ], resp(), None, Some((2022, 11))),
        ("9", vec![SFJ, "区纪委监委机关", "区检察院", "市公安局钢城区分局"], resp(), Some((2022, 11)), None),
        ("10", vec![SFJ], resp(), None, Some((2022, 11))),
        ("11", vec![SFJ], resp(), Some((2022, 11)), None),
        ("12", vec![YFZQB, SFJ], resp(), Some((2022, 12)), Some((2023, 12))),
        ("13", vec![SFJ], resp(), None, Some((2022, 12))),
        ("14", vec![SFJ], resp(), Some((2022, 12)), None),
        ("15", vec![SFJ], resp(), Some((2022, 12)), None),
        ("16", vec![SFJ], resp(), Some((2022, 12)), None),
        ("17", vec![SFJ], resp(), Some((2022, 11)), None),
        ("18", vec![SFJ], resp(), Some((2022, 12)), None),
        ("19", vec![SFJ], resp(), Some((2022, 11)), None),
        ("20", vec![SFJ], resp(), Some((2022, 12)), None),
        ("21", vec![SFJ], resp_it(), Some((2022, 12)), Some((2023, 12))),
        ("22", vec![SFJ], resp_it(), Some((2022, 12)), None),
        ("23", vec![YFZQB, SFJ], resp_it(), Some((2022, 12)), None),
        ("24", vec![YFZQB, SFJ, "区人力资源社会保障局"], resp(), Some((2022, 12)), None),
    ]
}

fn month_end(ym: Option<(i32, u32)>) -> Vec<NaiveDate> {
    ym.map(|(y, m)| if m == 12 { d(y, 12, 31) } else { d(y, m + 1, 1).pred_opt().expect("date") }).into_iter().collect()
}

#[test]
fn gangcheng_2022_6_has_24_tasks_each_as_printed() {
    let imp = import_document(&doc(G000, "钢城政发〔2022〕6号"));
    assert!(imp.unread.is_empty(), "{:#?}", imp.unread);
    let tasks = imp.tasks;
    assert_eq!(tasks.len(), 24);
    for (i, (t, (number, lead, resp, st, fin))) in tasks.iter().zip(expected_6()).enumerate() {
        assert_eq!(t.seq as usize, i + 1);
        assert_eq!(t.number.as_deref(), Some(number));
        assert_eq!(t.format, TaskFormat::LeadAndResponsible, "task {number}");
        assert_eq!(t.lead_units, names(&lead), "task {number} lead");
        assert_eq!(t.responsible_units, names(&resp), "task {number} responsible");
        assert!(t.supporting_units.is_empty() && t.lead_officials.is_empty());
        assert_eq!(staged(t), month_end(st), "task {number} staged");
        assert_eq!(finals(t), month_end(fin), "task {number} final");
        assert!(t.deadlines.len() <= 2);
        // Staged parts come first.
        assert!(t.deadlines.windows(2).all(|w| w[0].kind == DeadlineKind::Staged || w[1].kind == DeadlineKind::Final));
    }
    let t1 = &tasks[0];
    assert_eq!(t1.title.as_deref(), Some("建设全覆盖的行政执法监督体系"));
    assert_eq!(t1.section.as_deref(), Some("（一）加强行政执法监督体系建设"));
    assert_eq!((t1.first_line, t1.last_line), (55, 71));
    assert_eq!(t1.deadline_text.as_deref(), Some("2022年12月底前取得阶段性成果，2023年12月底前完成"));
    assert_eq!(t1.deadlines[0].text, "2022年12月底前取得阶段性成果");
    assert_eq!(t1.deadlines[1].text, "2023年12月底前完成");
    assert!(
        t1.description.starts_with("建设全覆盖的行政执法监督体系。加快建设覆盖区、街道二级贯通的行政执法监督体系。")
    );
    assert!(t1.description.ends_with("推动执法监督机构标准化、规范化、制度化建设。"));
    let t12 = task(&tasks, "12");
    assert_eq!(t12.title.as_deref(), Some("建设行政执法监督协调指挥中心"));
    assert_eq!(t12.section.as_deref(), Some("（四）创新行政执法监督方式"));
    // The page number "3" between items 2 and 3 is not part of any text.
    let t3 = task(&tasks, "3");
    assert!(t3.description.starts_with("编制行政执法监督权责清单。依据法律法规"));
    assert_eq!((t3.first_line, t3.last_line), (98, 108));
    let t24 = task(&tasks, "24");
    assert_eq!((t24.first_line, t24.last_line), (386, 408));
    assert!(t24.description.contains("严格依照《山东省行政执法监督条例》等规定追究责任。"));
}

#[test]
fn import_of_a_body_counts_body_lines() {
    let doc = doc(G000, "钢城政字〔2022〕13号");
    let in_body = import_tasks(&doc.body);
    let in_file = import_document(&doc);
    assert_eq!(in_body.tasks.len(), in_file.tasks.len());
    for (b, f) in in_body.tasks.iter().zip(&in_file.tasks) {
        assert_eq!(doc.file_line(b.first_line), f.first_line);
        assert_eq!(doc.file_line(b.last_line), f.last_line);
        assert_eq!(b.lead_units, f.lead_units);
    }
    // The first task, 1.巩固残疾人脱贫攻坚成果, is on line 689 of the gazette.
    assert_eq!(in_file.tasks[0].first_line, 689);
    assert_eq!(in_body.tasks[0].first_line, 689 - 454 + 1);
}

#[test]
fn whole_gazette_reads_like_its_documents() {
    for text in [G000, G001, G002, G003, G004] {
        let whole = import_tasks(text);
        let docs: Vec<ImportedTask> = split_documents(text).iter().flat_map(|d| import_document(d).tasks).collect();
        assert_eq!(whole.tasks.len(), docs.len());
        for (w, d) in whole.tasks.iter().zip(&docs) {
            assert_eq!(
                (w.first_line, &w.lead_units, &w.responsible_units),
                (d.first_line, &d.lead_units, &d.responsible_units)
            );
        }
    }
}

// ------------------------------------------------------------------------------------------------
// The disability plans: （牵头部门：…，参与部门：…）
// ------------------------------------------------------------------------------------------------

#[test]
fn gangcheng_disability_plan() {
    let tasks = tasks_of(G000, "钢城政字〔2022〕13号");
    assert_eq!(tasks.len(), 34);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::LeadAndParticipating && t.deadlines.is_empty()));
    let first = &tasks[0];
    assert_eq!(first.title.as_deref(), Some("巩固残疾人脱贫攻坚成果"));
    assert_eq!(first.lead_units, names(&["区乡村振兴局"]));
    assert_eq!(first.responsible_units, names(&["区残联", "区民政局", "区人力资源社会保障局"]));
    assert_eq!(first.section.as_deref(), Some("（一）健全残疾人社会保障体系，持续提升残疾人收入水平"));
    // 3.抓好残疾人工作者队伍建设 names lead departments only.
    let cadre = tasks.iter().find(|t| t.title.as_deref() == Some("抓好残疾人工作者队伍建设")).expect("task");
    assert_eq!(cadre.lead_units, names(&["区委组织部", "区残联"]));
    assert!(cadre.responsible_units.is_empty());
    // The unit list broken over three lines (区应 / 急局, 市 / 公安局钢城区分局).
    let prevention = &tasks[4];
    assert_eq!(prevention.title.as_deref(), Some("加强残疾预防工作"));
    assert_eq!(prevention.lead_units, names(&["区卫生健康局", "区残联"]));
    assert_eq!(
        prevention.responsible_units,
        names(&[
            "区委宣传部",
            "区妇联",
            "区教育和体育局",
            "区民政局",
            "区交通运输局",
            "区应急局",
            "区市场监管局",
            "区自然资源局",
            "区规划协调服务中心",
            "市公安局钢城区分局",
        ])
    );
    // The four tasks of 四、保障机制 are numbered （一）…（四）; the 专栏 boxes before them do not
    // become their section.
    let guarantee: Vec<&ImportedTask> = tasks.iter().filter(|t| t.section.as_deref() == Some("四、保障机制")).collect();
    assert_eq!(guarantee.len(), 4);
    assert_eq!(guarantee[0].number.as_deref(), Some("（一）"));
    assert_eq!(guarantee[0].title.as_deref(), Some("强化组织领导机制"));
    assert_eq!(guarantee[0].lead_units, names(&["区政府残工委"]));
    assert_eq!(guarantee[0].responsible_units, names(&["区政府有关部门"]));
    // Totals, counted in the text: 区残联 leads 22 tasks and takes part in 9.
    assert_eq!(count(&tasks, |t| &t.lead_units, "区残联"), 22);
    assert_eq!(count(&tasks, |t| &t.responsible_units, "区残联"), 9);
}

#[test]
fn jinan_disability_plan_with_half_width_punctuation() {
    let tasks = tasks_of(G001, "济政字〔2021〕89号");
    assert_eq!(tasks.len(), 34);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::LeadAndParticipating));
    let t = &tasks[1];
    assert_eq!(t.number.as_deref(), Some("2"));
    assert_eq!(t.title.as_deref(), Some("提升残疾人保险水平"));
    assert_eq!(t.lead_units, names(&["市人力资源社会保障局", "市医保局"]));
    assert_eq!(t.responsible_units, names(&["莱芜银保监分局", "市卫生健康委", "市残联"]));
    let last = &tasks[33];
    assert_eq!(last.number.as_deref(), Some("（四）"));
    assert_eq!(last.title.as_deref(), Some("强化监测评估机制"));
    assert_eq!(last.lead_units, names(&["市政府残工委"]));
    assert_eq!(count(&tasks, |t| &t.lead_units, "市残联"), 22);
    assert_eq!(count(&tasks, |t| &t.responsible_units, "市残联"), 9);
}

#[test]
fn shizhong_disability_plan_with_semicolons() {
    let tasks = tasks_of(G002, "市中政字〔2022〕28号");
    assert_eq!(tasks.len(), 35);
    let culture = tasks.iter().find(|t| t.title.as_deref() == Some("强化先进文化引领")).expect("task");
    // 牵头部门：区委宣传部、区文明办，区残联 — a comma inside the list.
    assert_eq!(culture.lead_units, names(&["区委宣传部", "区文明办", "区残联"]));
    assert_eq!(culture.responsible_units, names(&["区人力资源社会保障局", "区文化和旅游局"]));
    let rights = tasks.iter().find(|t| t.title.as_deref() == Some("依法维护残疾人合法权益")).expect("task");
    assert_eq!(rights.lead_units, names(&["区委政法委", "区司法局", "公安市中分局"]));
    // 3.提升残疾人职业素质和就业创 / 业技能。: the title runs over the line break.
    assert!(tasks.iter().any(|t| t.title.as_deref() == Some("提升残疾人职业素质和就业创业技能")));
    assert_eq!(count(&tasks, |t| &t.lead_units, "区残联"), 25);
    assert_eq!(count(&tasks, |t| &t.responsible_units, "区残联"), 7);
}

// ------------------------------------------------------------------------------------------------
// 责任单位 brackets and tables
// ------------------------------------------------------------------------------------------------

#[test]
fn fitness_plan_brackets_covering_a_whole_heading() {
    let tasks = tasks_of(G002, "市中政办字〔2022〕2号");
    assert_eq!(tasks.len(), 9);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::ResponsibleOnly));
    let numbers: Vec<&str> = tasks.iter().map(|t| t.number.as_deref().unwrap_or("")).collect();
    assert_eq!(numbers, ["（一）", "（二）", "（三）", "（四）", "（五）", "1", "2", "3", "4"]);
    // （一）'s bracket stands alone after items 1 and 2: one task for the heading.
    let first = &tasks[0];
    assert_eq!(first.title.as_deref(), Some("夯实全民健身服务基础"));
    assert_eq!(first.section.as_deref(), Some("三、主要任务"));
    assert!(
        first.description.contains("1.加大全民健身设施供给。")
            && first.description.contains("2.提高全民健身设施利用率。")
    );
    assert_eq!(
        first.responsible_units,
        names(&[
            "区发展改革局",
            "区教育体育局",
            "区自然资源局",
            "区住房城乡建设局",
            "区农业农村局",
            "区文化和旅游局",
            "区规划协调服务中心",
            "区园林绿化服务中心",
            "各街道办事处",
        ])
    );
    let sport_education = &tasks[5];
    assert_eq!(sport_education.section.as_deref(), Some("（六）推进全民健身融合发展"));
    assert_eq!(sport_education.responsible_units, names(&["区教育体育局"]));
    assert_eq!(count(&tasks, |t| &t.responsible_units, "各街道办事处"), 8);
}

#[test]
fn decision_catalogue_table() {
    let tasks = tasks_of(G002, "市中政字〔2022〕27号");
    assert_eq!(tasks.len(), 2);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::Table));
    assert_eq!(tasks[0].description, "制定出台《济南市市中区全民健身设施管理实施细则》");
    assert_eq!(tasks[0].responsible_units, names(&["区教育体育局"]));
    assert_eq!(finals(&tasks[0]), [d(2022, 10, 31)]);
    assert_eq!(tasks[1].description, "设立市中区省级经济开发区");
    assert_eq!(tasks[1].responsible_units, names(&["区发展改革局"]));
    assert_eq!(finals(&tasks[1]), [d(2022, 12, 31)]);
}

#[test]
fn open_government_table_of_64_rows() {
    let tasks = tasks_of(G002, "市中政办字〔2022〕3号");
    assert_eq!(tasks.len(), 64);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::Table));
    let numbers: Vec<String> = tasks.iter().map(|t| t.number.clone().unwrap_or_default()).collect();
    assert_eq!(numbers, (1..=64).map(|n| n.to_string()).collect::<Vec<_>>());
    let all = || names(&["区政府各部门", "各街道办事处"]);
    let r1 = &tasks[0];
    assert_eq!(r1.section.as_deref(), Some("以重点领域为核心深化政务公开"));
    assert_eq!(r1.title.as_deref(), Some("持续推进高质量信息公开"));
    assert_eq!(r1.responsible_units, all());
    assert_eq!(r1.deadline_text.as_deref(), Some("全年"));
    assert!(r1.deadlines.is_empty());
    let r3 = &tasks[2];
    assert_eq!(r3.responsible_units, names(&["区财政局"]));
    assert_eq!(r3.deadline_text.as_deref(), Some("2022年年底前完成，长期坚持"));
    assert_eq!(finals(r3), [d(2022, 12, 31)]);
    // Rows 9 and 10 sit in row 8's merged unit and time cells.
    for r in &tasks[7..10] {
        assert_eq!(r.responsible_units, all());
        assert_eq!(r.deadline_text.as_deref(), Some("全年"));
        assert_eq!(r.title.as_deref(), Some("持续推进疫情防控进展信息公开"));
    }
    let r13 = &tasks[12];
    assert_eq!(r13.lead_units, names(&["区司法局", "区行政审批局", "区大数据局"]));
    assert_eq!(r13.responsible_units, names(&["各相关部门"]));
    let r14 = &tasks[13];
    assert_eq!(r14.lead_units, names(&["区市场监管局"]));
    assert_eq!(r14.responsible_units, names(&["相关部门"]));
    let r22 = &tasks[21];
    assert_eq!(
        r22.responsible_units,
        names(&[
            "区民政局",
            "区教育体育局",
            "区住房城乡建设局",
            "区人力资源社会保障局",
            "区卫健局",
            "区应急局",
            "区医保局"
        ])
    );
    assert_eq!(finals(&tasks[22]), [d(2022, 9, 30)]);
    assert_eq!(tasks[23].responsible_units, names(&["区教育体育局", "区卫生健康局"]));
    assert_eq!(tasks[23].deadline_text.as_deref(), Some("2022年9月底前完成，并长期坚持"));
    assert_eq!(finals(&tasks[23]), [d(2022, 9, 30)]);
    // Row 31 repeats only the narrow category column; its subject is row 30's.
    assert_eq!(tasks[30].title.as_deref(), Some("推进决策公开透明"));
    assert_eq!(tasks[30].section.as_deref(), Some("以政策精准服务推动常态化政务公开"));
    assert_eq!(tasks[34].deadline_text.as_deref(), Some("2022年6月底前"));
    assert_eq!(finals(&tasks[34]), [d(2022, 6, 30)]);
    assert_eq!(tasks[42].responsible_units, names(&["区政府办公室"]));
    assert_eq!(tasks[42].description, "2022年年底前，区政府网站全面支持互联网协议第6版。");
    assert_eq!(tasks[46].responsible_units, names(&["区政府有关部门"]));
    // Row 62: 本文件印发后30日内, from the document's date 2022-06-15.
    assert_eq!(tasks[61].deadline_text.as_deref(), Some("本文件印发后30日内"));
    assert_eq!(finals(&tasks[61]), [d(2022, 7, 15)]);
    assert_eq!(finals(&tasks[62]), [d(2022, 6, 30)]);
    assert_eq!(finals(&tasks[63]), [d(2022, 12, 31)]);
    // Counted in the table: 25 rows name 区政府各部门 and 19 more share its merged cell; 50 rows
    // run 全年; 14 have a date.
    assert_eq!(count(&tasks, |t| &t.responsible_units, "区政府各部门"), 44);
    assert_eq!(tasks.iter().filter(|t| t.deadline_text.as_deref() == Some("全年")).count(), 50);
    assert_eq!(tasks.iter().filter(|t| !t.deadlines.is_empty()).count(), 14);
    // Without the document's date, row 62's deadline is reported, on the body's line.
    let plain = import_tasks(&doc(G002, "市中政办字〔2022〕3号").body);
    assert_eq!(plain.unread.len(), 1);
    assert_eq!(plain.unread[0].kind, UnreadKind::DeadlineNeedsDocumentDate);
    assert_eq!(plain.unread[0].text, "本文件印发后30日内");
    assert_eq!(plain.unread[0].line, 3796 - 2171 + 1);
    assert!(plain.tasks[61].deadlines.is_empty());
}

fn check_innovation_plan(tasks: &[ImportedTask]) {
    assert_eq!(tasks.len(), 65);
    let (prose, table): (Vec<&ImportedTask>, Vec<&ImportedTask>) =
        tasks.iter().partition(|t| t.format == TaskFormat::ResponsibleOnly);
    assert_eq!(prose.len(), 24);
    assert_eq!(table.len(), 41);
    assert!(table.iter().all(|t| t.format == TaskFormat::Table));
    // 1. … 〔责任单位：区发展改革局、区工业和信息化局（区科技局）、区人力资源社会保障局、区科协，
    // 各街道、功能区按职能分工负责〕
    assert_eq!(
        prose[0].responsible_units,
        names(&["区发展改革局", "区工业和信息化局（区科技局）", "区人力资源社会保障局", "区科协", "各街道", "功能区"])
    );
    assert_eq!(prose[1].responsible_units, names(&["区工业和信息化局", "区地方金融监管局", "区金融发展服务中心"]));
    assert_eq!(prose[8].responsible_units, names(&["相关部门单位"]));
    assert_eq!(
        prose[19].responsible_units,
        names(&["区发展改革局", "区工业和信息化局", "区人力资源社会保障局", "区农业农村局", "活动参与单位"])
    );
    assert_eq!(prose[21].number.as_deref(), Some("（一）"));
    assert_eq!(prose[21].section.as_deref(), Some("三、保障措施"));
    assert_eq!(prose[21].responsible_units.last().map(String::as_str), Some("区科协"));
    assert_eq!(prose.iter().filter(|t| t.responsible_units.iter().any(|u| u == "区人力资源社会保障局")).count(), 12);
    // The task table: 牵头单位 and 配合单位 columns.
    let row = |n: usize| table[n - 1];
    assert_eq!(row(1).title.as_deref(), Some("打造创业创新公共服务平台"));
    assert_eq!(row(1).section.as_deref(), Some("一、建设创业创新平台，增强支撑能力"));
    assert_eq!(row(1).lead_units, names(&["区发展改革局", "区工业和信息化局", "区人力资源社会保障局"]));
    assert_eq!(row(1).responsible_units, names(&["各街道", "功能区"]));
    assert_eq!(finals(row(1)), [d(2025, 12, 31)]);
    assert!(row(1).description.ends_with("各类“双创”载体平台超过100家。"));
    assert_eq!(row(2).title.as_deref(), Some("打造创业创新公共服务平台"));
    assert_eq!(row(2).lead_units, names(&["区科协"]));
    assert_eq!(row(2).responsible_units, names(&["区发展改革局", "区工业和信息化局（区科技局）"]));
    assert_eq!(finals(row(2)), [d(2023, 12, 31)]);
    assert_eq!(row(5).lead_units, names(&["各街道", "功能区"]));
    assert_eq!(
        row(5).responsible_units,
        names(&["区发展改革局", "区工业和信息化局（区科技局）", "区人力资源社会保障局"])
    );
    assert_eq!(row(7).lead_units, names(&["区工业和信息化局", "区发展改革局", "区人力资源社会保障局"]));
    assert!(row(7).responsible_units.is_empty());
    assert_eq!(row(11).lead_units, names(&["区行政审批服务局"]));
    assert_eq!(row(11).responsible_units, names(&["区人力资源社会保障局", "区市场监管局"]));
    assert_eq!(row(12).responsible_units, names(&["区工程建设项目审批制度改革领导小组成员单位"]));
    assert_eq!(row(22).lead_units, names(&["区财政局"]));
    assert_eq!(row(22).responsible_units, names(&["各相关部门单位"]));
    assert_eq!(row(23).lead_units, names(&["区金融发展服务中心"]));
    assert_eq!(row(23).responsible_units, names(&["区发展改革局（区地方金融监管局）", "区财政局", "区市场监管局"]));
    assert_eq!(finals(row(24)), [d(2024, 12, 31)]);
    assert_eq!(finals(row(25)), [d(2026, 12, 31)]);
    assert_eq!(row(27).lead_units, names(&["区委组织部", "区科技局"]));
    assert_eq!(row(27).responsible_units, names(&["区教育和体育局", "区人力资源社会保障局", "区住房城乡建设局"]));
    assert_eq!(row(35).lead_units, names(&["区人力资源社会保障局"]));
    assert_eq!(finals(row(35)), [d(2023, 12, 31)]);
    assert_eq!(row(39).title.as_deref(), Some("开展多样“双创”活动"));
    assert_eq!(row(39).responsible_units, names(&["活动参与单位"]));
    assert_eq!(row(41).lead_units, names(&["区“双创”工作联席会议成员单位"]));
    assert_eq!(row(41).deadline_text.as_deref(), Some("长期"));
    // Counted in the table: 12 rows are dated, 29 run 长期; 区人力资源社会保障局 leads 15 rows and
    // cooperates in 5.
    assert_eq!(table.iter().filter(|t| !t.deadlines.is_empty()).count(), 12);
    assert_eq!(table.iter().filter(|t| t.deadline_text.as_deref() == Some("长期")).count(), 29);
    let table: Vec<ImportedTask> = table.into_iter().cloned().collect();
    assert_eq!(count(&table, |t| &t.lead_units, "区人力资源社会保障局"), 15);
    assert_eq!(count(&table, |t| &t.responsible_units, "区人力资源社会保障局"), 5);
}

#[test]
fn innovation_plan_in_gazette_003() {
    check_innovation_plan(&tasks_of(G003, "钢城政办字〔2022〕16号"));
}

#[test]
fn innovation_plan_printed_twice_reads_the_same() {
    let a = tasks_of(G000, "钢城政办字〔2022〕16号");
    let b = tasks_of(G003, "钢城政办字〔2022〕16号");
    check_innovation_plan(&a);
    let key = |t: &ImportedTask| {
        (t.number.clone(), t.lead_units.clone(), t.responsible_units.clone(), t.deadlines.clone(), t.format)
    };
    assert_eq!(a.iter().map(key).collect::<Vec<_>>(), b.iter().map(key).collect::<Vec<_>>());
}

// ------------------------------------------------------------------------------------------------
// 章丘: X牵头 phrases and 牵头领导
// ------------------------------------------------------------------------------------------------

#[test]
fn meteorology_plan_inline_lead() {
    let tasks = tasks_of(G004, "章政发〔2023〕2号");
    assert_eq!(tasks.len(), 18);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::Inline));
    assert_eq!(tasks[0].lead_units, names(&["区气象局"]));
    assert_eq!(
        tasks[0].responsible_units,
        names(&["区发展和改革局", "区自然资源局", "区城市管理局", "区文化和旅游局", "区生态环境分局"])
    );
    // …章丘水文中心等 / 单位按照职责分工负责
    assert_eq!(tasks[1].responsible_units, names(&["区自然资源局", "区城乡水务局", "章丘黄河河务局", "章丘水文中心"]));
    // （区气象局牵头，区生态环境分局配合）
    assert_eq!(tasks[11].responsible_units, names(&["区生态环境分局"]));
    // （五） is a heading on its own line with its text below.
    let five = task(&tasks, "（五）");
    assert_eq!(five.title.as_deref(), Some("提升人民美好生活气象服务供给水平"));
    assert_eq!(five.section.as_deref(), Some("二、主要任务"));
    assert!(five.description.starts_with("围绕人民群众衣食住行游购娱学康等多元化服务需求"));
    let finance = task(&tasks, "（三）");
    assert_eq!(finance.lead_units, names(&["区财政局"]));
    assert_eq!(finance.responsible_units, names(&["区发展和改革局", "区气象局"]));
    assert_eq!(count(&tasks, |t| &t.lead_units, "区气象局"), 17);
}

#[test]
fn key_tasks_with_lead_officials() {
    let tasks = tasks_of(G004, "章政办发〔2023〕1号");
    assert_eq!(tasks.len(), 148);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::LeaderAndResponsible && t.lead_units.is_empty()));
    let t5 = task(&tasks, "5");
    assert_eq!(t5.lead_officials, names(&["黄凯东"]));
    assert_eq!(t5.responsible_units, names(&["区财政局"]));
    assert_eq!(t5.supporting_units, names(&["区税务局"]));
    assert_eq!(t5.section.as_deref(), Some("一、2023年经济社会发展主要预期目标"));
    let t102 = task(&tasks, "102");
    assert_eq!(t102.lead_officials, names(&["黄凯东", "赵淑新"]));
    assert_eq!(t102.responsible_units, names(&["区文旅局", "产发集团"]));
    assert_eq!(t102.supporting_units.len(), 12);
    assert_eq!(t102.supporting_units.last().map(String::as_str), Some("明水街道"));
    let t128 = task(&tasks, "128");
    assert_eq!(t128.lead_officials, names(&["黄凯东", "李琦", "王玉洁", "王志栋"]));
    // The second attachment numbers its 20 tasks 一、 to 二十、.
    let eleven = task(&tasks, "十一");
    assert_eq!(eleven.title.as_deref(), Some("推进临时便民疏导点建设"));
    assert_eq!(eleven.responsible_units, names(&["区城市管理局", "明水街道", "双山街道"]));
    assert_eq!(task(&tasks, "十三").responsible_units, names(&["区残联"]));
    assert_eq!(task(&tasks, "二十").lead_officials, names(&["丁兆方"]));
    // Counted in the brackets.
    assert_eq!(count(&tasks, |t| &t.responsible_units, "区发改局"), 21);
    assert_eq!(count(&tasks, |t| &t.supporting_units, "区发改局"), 5);
    assert_eq!(count(&tasks, |t| &t.responsible_units, "开发区管委会"), 20);
    assert_eq!(count(&tasks, |t| &t.responsible_units, "区住建局"), 13);
    assert_eq!(count(&tasks, |t| &t.supporting_units, "区住建局"), 7);
    assert_eq!(count(&tasks, |t| &t.lead_officials, "黄凯东"), 39);
    assert_eq!(count(&tasks, |t| &t.lead_officials, "丁兆方"), 31);
    assert_eq!(tasks.iter().filter(|t| !t.supporting_units.is_empty()).count(), 27);
}

#[test]
fn disability_prevention_plan_reports_its_unclosed_brackets() {
    let imp = import_document(&doc(G004, "章政办发〔2023〕2号"));
    let tasks = &imp.tasks;
    assert_eq!(tasks.len(), 22);
    assert!(tasks.iter().all(|t| t.format == TaskFormat::Inline));
    // Items 11, 12 and 14 open `(` and never close it; each is still read, and reported.
    let lines: Vec<(usize, UnreadKind)> = imp.unread.iter().map(|u| (u.line, u.kind)).collect();
    assert_eq!(
        lines,
        [(1511, UnreadKind::UnclosedBracket), (1529, UnreadKind::UnclosedBracket), (1561, UnreadKind::UnclosedBracket)]
    );
    let t11 = task(tasks, "11");
    assert_eq!(t11.lead_units, names(&["区应急管理局", "区消防救援大队"]));
    assert_eq!(t11.responsible_units.last().map(String::as_str), Some("区总工会"));
    assert!(!t11.description.contains("公报"));
    let t14 = task(tasks, "14");
    assert!(t14.lead_units.is_empty());
    assert_eq!(t14.responsible_units.len(), 6);
    let t3 = task(tasks, "3");
    assert_eq!(t3.responsible_units[0], "区委宣传部<区委网信办>");
    assert!(task(tasks, "5").responsible_units.is_empty());
    assert_eq!(count(tasks, |t| &t.lead_units, "区残联"), 6);
    assert_eq!(count(tasks, |t| &t.responsible_units, "区残联"), 5);
    assert!(tasks_of(G004, "章政办发〔2023〕3号").is_empty());
}

// ------------------------------------------------------------------------------------------------
// What cannot be read
// ------------------------------------------------------------------------------------------------

#[test]
fn unread_text_is_reported_with_its_line() {
    let text = [
        "二、主要任务",                                                                               // 1
        "1.建设平台。做好工作。〔牵头单位：区司法局；责任单位：各街道（功能区）；完成时限：2022年13", // 2
        "月底前〕",                                                                                   // 3
        "",                                                                                           // 4
        "2.完善制度。做好工作。〔牵头单位：区司法局；责任单位：区级各行政",                           // 5
        "",                                                                                           // 6
        "执法部门",                                                                                   // 7
        "3.加强保障。落实经费。（责任单位：）",                                                       // 8
        "4.强化督导。定期调度。〔牵头单位：区司法局；协调单位：区财政局〕",                           // 9
        "各部门要明确责任单位：区财政局要保障经费（含人员经费）。各责任单位各负其责。",               // 10
        "5.长期任务。持续推进。〔责任单位：区财政局；完成时限：长期坚持〕",                           // 11
        "6.年度任务。年底完成。〔责任单位：区财政局；完成时限：年底前〕",                             // 12
    ]
    .join("\n");
    let imp = import_tasks(&text);
    let numbers: Vec<&str> = imp.tasks.iter().map(|t| t.number.as_deref().unwrap_or("")).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
    let got: Vec<(usize, UnreadKind)> = imp.unread.iter().map(|u| (u.line, u.kind)).collect();
    assert_eq!(
        got,
        [
            (2, UnreadKind::UnreadableDeadline),
            (5, UnreadKind::UnclosedBracket),
            (8, UnreadKind::EmptyUnitList),
            (9, UnreadKind::UnknownClause),
            (10, UnreadKind::StrayLabel),
            (12, UnreadKind::DeadlineNeedsDocumentDate),
        ]
    );
    for u in &imp.unread {
        assert!(!u.zh.is_empty() && !u.en.is_empty() && !u.text.is_empty());
    }
    // The task with the unreadable date keeps its words.
    let t1 = &imp.tasks[0];
    assert_eq!(t1.deadline_text.as_deref(), Some("2022年13月底前"));
    assert!(t1.deadlines.is_empty());
    assert_eq!(t1.responsible_units, names(&["各街道（功能区）"]));
    assert_eq!((t1.first_line, t1.last_line), (2, 3));
    // The unclosed bracket is read to the end of its paragraph, joined across the broken lines.
    let t2 = &imp.tasks[1];
    assert_eq!(t2.responsible_units, names(&["区级各行政执法部门"]));
    assert_eq!((t2.first_line, t2.last_line), (5, 7));
    assert_eq!(imp.unread[1].text, "〔牵头单位：区司法局；责任单位：区级各行政执法部门");
    assert_eq!(imp.unread[3].text, "协调单位：区财政局");
    // 长期坚持 names no date and is not reported.
    assert_eq!(imp.tasks[4].deadline_text.as_deref(), Some("长期坚持"));
    assert!(imp.tasks[4].deadlines.is_empty());
}

#[test]
fn prose_that_is_not_a_task_is_not_reported() {
    let text = "一、总体要求\n（一）指导思想。坚持以人民为中心（含辅助性就业），推动发展。\n由区司法局牵头，区委编办等部门参加的工作专班统筹推进。各牵头责任单位及配合单位要强化协调。\n（联系电话：区残联办公室，87081148）";
    let imp = import_tasks(text);
    assert!(imp.tasks.is_empty());
    assert!(imp.unread.is_empty(), "{:#?}", imp.unread);
}

// ------------------------------------------------------------------------------------------------
// Deadline conventions and normalisation
// ------------------------------------------------------------------------------------------------

#[test]
fn deadline_conventions() {
    type Case = (&'static str, &'static [(DeadlineKind, (i32, u32, u32))]);
    let cases: &[Case] = &[
        ("2022年12月底前", &[(DeadlineKind::Final, (2022, 12, 31))]),
        ("２０２２ 年 ６ 月底前完成", &[(DeadlineKind::Final, (2022, 6, 30))]),
        ("2022年6月前", &[(DeadlineKind::Final, (2022, 5, 31))]),
        ("2023年1月前", &[(DeadlineKind::Final, (2022, 12, 31))]),
        ("2022年2月", &[(DeadlineKind::Final, (2022, 2, 28))]),
        ("2022年6月15日前", &[(DeadlineKind::Final, (2022, 6, 15))]),
        ("2022年6月上旬", &[(DeadlineKind::Final, (2022, 6, 10))]),
        ("2022年6月中旬", &[(DeadlineKind::Final, (2022, 6, 20))]),
        ("2022年6月下旬", &[(DeadlineKind::Final, (2022, 6, 30))]),
        ("2022年底前", &[(DeadlineKind::Final, (2022, 12, 31))]),
        ("2022年年底", &[(DeadlineKind::Final, (2022, 12, 31))]),
        ("2022年内", &[(DeadlineKind::Final, (2022, 12, 31))]),
        ("2022年上半年", &[(DeadlineKind::Final, (2022, 6, 30))]),
        ("2022年下半年", &[(DeadlineKind::Final, (2022, 12, 31))]),
        ("2022年第三季度", &[(DeadlineKind::Final, (2022, 9, 30))]),
        ("2025年前", &[(DeadlineKind::Final, (2024, 12, 31))]),
        ("“十四五”末", &[(DeadlineKind::Final, (2025, 12, 31))]),
        (
            "2023年12月底前完成，2022年6月底前取得阶段性成果",
            &[(DeadlineKind::Staged, (2022, 6, 30)), (DeadlineKind::Final, (2023, 12, 31))],
        ),
        ("长期坚持", &[]),
        ("持续推进", &[]),
    ];
    for (words, want) in cases {
        let text = format!("1.做好工作。落实到位。〔责任单位：区司法局；完成时限：{words}〕");
        let imp = import_tasks(&text);
        assert!(imp.unread.is_empty(), "{words}: {:#?}", imp.unread);
        let got: Vec<(DeadlineKind, NaiveDate)> = imp.tasks[0].deadlines.iter().map(|d| (d.kind, d.due_on)).collect();
        let want: Vec<(DeadlineKind, NaiveDate)> = want.iter().map(|(k, (y, m, day))| (*k, d(*y, *m, *day))).collect();
        assert_eq!(got, want, "{words}");
    }
}

#[test]
fn year_less_deadlines_read_against_the_document_date() {
    let text = "济南市钢城区人民政府\n关于做好某项工作的通知\n钢城政发〔２０２２〕７ 号\n1.做好工作。落实到位。〔责任单位：区司法局；完成时限：年底前〕\n2.开展检查。及时总结。〔责任单位：区司法局；完成时限：印发后10日内〕\n济南市钢城区人民政府\n2022 年 3 月 1 日";
    let docs = split_documents(text);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].number, "钢城政发〔2022〕7号");
    assert_eq!(docs[0].issued_on, Some(d(2022, 3, 1)));
    let imp = import_document(&docs[0]);
    assert!(imp.unread.is_empty(), "{:#?}", imp.unread);
    assert_eq!(finals(&imp.tasks[0]), [d(2022, 12, 31)]);
    assert_eq!(finals(&imp.tasks[1]), [d(2022, 3, 11)]);
    assert_eq!(imp.tasks[1].first_line, 5);
    let plain = import_tasks(&docs[0].body);
    assert_eq!(plain.unread.iter().filter(|u| u.kind == UnreadKind::DeadlineNeedsDocumentDate).count(), 2);
}

#[test]
fn serialises_in_camel_case() {
    let imp = import_tasks("1.做好工作。落实到位。〔牵头单位：区司法局；完成时限：2022年6月底前〕");
    let json = serde_json::to_value(&imp).expect("json");
    let t = &json["tasks"][0];
    assert_eq!(t["leadUnits"][0], "区司法局");
    assert_eq!(t["format"], "leadAndResponsible");
    assert_eq!(t["deadlines"][0]["dueOn"], "2022-06-30");
    assert_eq!(t["deadlines"][0]["kind"], "final");
    let back: juece_core::task_import::TaskImport = serde_json::from_value(json).expect("round trip");
    assert_eq!(back, imp);
}

// ------------------------------------------------------------------------------------------------
// No input makes the parser panic
// ------------------------------------------------------------------------------------------------

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("〔".to_owned()),
        Just("〕".to_owned()),
        Just("（".to_owned()),
        Just("）".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just(" ".to_owned()),
        Just("牵头单位：".to_owned()),
        Just("牵头部门:".to_owned()),
        Just("责任单位：".to_owned()),
        Just("参与部门：".to_owned()),
        Just("配合单位：".to_owned()),
        Just("牵头领导：".to_owned()),
        Just("完成时限：".to_owned()),
        Just("牵头，".to_owned()),
        Just("按职责分工负责".to_owned()),
        Just("区司法局、".to_owned()),
        Just("各街道（功能区）".to_owned()),
        Just("；".to_owned()),
        Just("，".to_owned()),
        Just("。".to_owned()),
        Just("1.".to_owned()),
        Just("12．".to_owned()),
        Just("（三）".to_owned()),
        Just("二十、".to_owned()),
        Just("专栏".to_owned()),
        Just("附件".to_owned()),
        Just("序号 主要内容 具体措施 时间要求 牵头单位 配合单位\n".to_owned()),
        Just("工作任务 具 体 要 求 责任单位 完成时限\n".to_owned()),
        Just("济南市钢城区人民政府\n".to_owned()),
        Just("钢城政发〔2022〕6 号\n".to_owned()),
        Just("2022 年 12 月底前取得阶段性成果".to_owned()),
        Just("9999年99月99日".to_owned()),
        Just("本文件印发后99999日内".to_owned()),
        Just("“十四五”末".to_owned()),
        Just("２０２２".to_owned()),
        Just("长期".to_owned()),
        "[0-9]{1,6}",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_fragments(parts in proptest::collection::vec(fragment(), 0..60)) {
        let text: String = parts.concat();
        let line_count = text.lines().count().max(1);
        let imp = import_tasks(&text);
        for (i, t) in imp.tasks.iter().enumerate() {
            prop_assert_eq!(t.seq as usize, i + 1);
            prop_assert!(t.first_line >= 1 && t.first_line <= t.last_line && t.last_line <= line_count);
        }
        for u in &imp.unread {
            prop_assert!(u.line >= 1 && u.line <= line_count);
        }
        for doc in split_documents(&text) {
            prop_assert!(doc.first_line <= doc.last_line);
            let _ = import_document(&doc);
        }
    }

    #[test]
    fn never_panics_on_any_string(text in "\\PC{0,300}") {
        let _ = import_tasks(&text);
        for doc in split_documents(&text) {
            let _ = import_document(&doc);
        }
    }
}
