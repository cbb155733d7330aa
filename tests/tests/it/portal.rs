//! The public portal: the pages list what is published and nothing else, the catalogue page shows
//! the gazette's table with where each item stands, the JSON and CSV downloads hold every item and
//! parse, the Atom feeds parse and carry the disclosure feed, unknown addresses get a Chinese 404,
//! engine failures a 500 without their text, hostile text is escaped, and every page is an
//! accessible shell (one h1, language, viewport, landmarks, captions, no remote URL, strict CSP).
//! An item's page shows its entry, the R-02-8 links, the timeline and each published document with
//! its SHA-256; comments go from the form to a receipt, come back with their error next to the
//! field, are refused outside the period and from other origins, are shown escaped once published
//! and never with their contact details, and after the feedback each has its answer.

use crate::catalogue::catalogue_with;
use crate::decision::{People, at, from_comment_to_legality, items_2022, ok, open_for_comment, opinion, to_execution};
use crate::http::serve_args;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use juece_core::authz::{Principal, Role};
use juece_engine::PublicationInput;
use juece_server::portal::{atom_syndication, csv};
use juece_tests::World;
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

async fn get(w: &World, path: &str) -> Reply {
    send(w, Request::get(path).body(Body::empty()).expect("request")).await
}

async fn send(w: &World, req: Request<Body>) -> Reply {
    let app = juece_server::app(w.engine.clone(), &serve_args());
    let resp = app.oneshot(req).await.expect("router answers");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
}

/// Every portal response carries these, downloads and error pages included.
fn assert_security_headers(r: &Reply, path: &str) {
    let csp = r.header(header::CONTENT_SECURITY_POLICY);
    for directive in
        ["default-src 'none'", "style-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"]
    {
        assert!(csp.contains(directive), "{path}: CSP {csp:?} lacks {directive}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("http"), "{path}: CSP {csp:?}");
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
    assert_eq!(r.header(header::REFERRER_POLICY), "same-origin", "{path}");
}

/// A portal page: HTML in Chinese, one h1, landmarks, a skip link first, captioned tables with
/// scoped headers, nothing from another origin; returns its text.
fn assert_page(r: &Reply, path: &str) -> String {
    assert_security_headers(r, path);
    assert_eq!(r.header(header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
    let html = r.text();
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"zh-CN\">"), "{path}: {html}");
    assert!(html.contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#), "{path}");
    assert_eq!(html.matches("<h1").count(), 1, "{path}: exactly one h1 in {html}");
    assert!(html.find("<h1").expect("h1") < html.find("</main>").expect("main"), "{path}: the h1 is in main");
    for landmark in ["<header", "<nav", "<main", "<footer"] {
        assert!(html.contains(landmark), "{path}: no {landmark} in {html}");
    }
    assert_eq!(html.matches("<main").count(), 1, "{path}");
    let body = &html[html.find("<body>").expect("body") + "<body>".len()..];
    assert!(
        body.starts_with(r##"<a class="skip" href="#main">跳到主要内容</a>"##),
        "{path}: the skip link comes first"
    );
    assert!(html.contains(r#"id="main""#), "{path}: the skip link's target");
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<table><caption>").count(),
        "{path}: a table without caption"
    );
    assert_eq!(html.matches("<th>").count(), 0, "{path}: a header cell without scope");
    assert!(html.contains(r#"type="application/atom+xml""#), "{path}: the feed is announced");
    for remote in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http", "@import"] {
        assert!(!html.contains(remote), "{path}: remote reference {remote} in {html}");
    }
    assert!(!html.contains("<script"), "{path}: the portal needs no script");
    html
}

#[tokio::test]
async fn the_home_page_lists_the_decision_organs_and_their_published_catalogues() {
    let w = World::seeded().await;
    let r = get(&w, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = assert_page(&r, "/");
    assert!(html.contains("<h1>重大行政决策公开</h1>"), "{html}");
    for organ in ["济南市市中区人民政府", "济南市钢城区人民政府", "济南市人民政府"] {
        assert!(html.contains(organ), "{organ} is listed: {html}");
    }
    assert!(html.contains(r#"<a href="/g/370103">济南市市中区人民政府</a>"#), "{html}");
    assert!(
        html.contains(r#"<a href="/g/370103/2022">2022年度：济南市市中区人民政府2022年度重大行政决策事项目录</a>"#),
        "{html}"
    );
    assert!(html.contains("市中政字〔2022〕27号") && html.contains("共2项"), "{html}");
    // No item is in consultation, so the section is not there at all.
    assert!(!html.contains("正在征求意见"), "{html}");
    // The footer points developers at the public API and everyone at the feed.
    assert!(html.contains(r#"href="/graphql""#) && html.contains(r#"href="/feed.atom""#), "{html}");

    // The stylesheet the pages link comes from the binary, cacheable for a year.
    let href = html.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|s| s.split('"').next()).expect("stylesheet");
    assert!(href.starts_with("/portal/style.css?v="), "{href}");
    let css = get(&w, href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header(header::CONTENT_TYPE), "text/css; charset=utf-8");
    assert!(css.header(header::CACHE_CONTROL).contains("max-age=31536000"));
    assert!(css.text().contains(":focus-visible") && !css.text().contains("http"), "no remote fonts or images");
}

#[tokio::test]
async fn the_catalogue_page_shows_the_gazette_table_with_each_items_stage() {
    let w = World::seeded().await;
    let items = items_2022(&w).await;
    let r = get(&w, "/g/370103/2022").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = assert_page(&r, "/g/370103/2022");
    assert!(html.contains("<h1>济南市市中区人民政府2022年度重大行政决策事项目录</h1>"), "{html}");
    assert!(html.contains("<caption>2022年度重大行政决策事项</caption>"), "{html}");
    let head = r#"<th scope="col">序号</th><th scope="col">重大行政决策事项名称</th><th scope="col">主要承办单位</th><th scope="col">计划完成时间</th><th scope="col">当前阶段</th>"#;
    assert!(html.contains(head), "the gazette's columns, in order: {html}");
    for (i, (title, sponsor, month)) in [
        ("制定出台《济南市市中区全民健身设施管理实施细则》", "区教育体育局", "10"),
        ("设立市中区省级经济开发区", "区发展改革局", "12"),
    ]
    .into_iter()
    .enumerate()
    {
        let id =
            items.iter().find(|x| x["title"] == title).expect("seeded item")["id"].as_str().expect("id").to_owned();
        let row = format!(
            r#"<tr><td class="num">{}</td><th scope="row"><a href="/item/{id}">{title}</a></th><td>{sponsor}</td><td><span class="nw">2022年</span><span class="nw">{month}月</span></td><td>已列入目录</td></tr>"#,
            i + 1
        );
        assert!(html.contains(&row), "row {row} in {html}");
    }
    assert!(html.contains("市中政字〔2022〕27号"), "the document number");
    assert!(
        html.contains(
            r#"<time datetime="2022-06-01"><span class="nw">2022年</span><span class="nw">6月1日</span></time>"#
        ),
        "the publication date: {html}"
    );
    assert!(html.contains(r#"href="/g/370103/2022.csv""#) && html.contains(r#"href="/g/370103/2022.json""#), "{html}");
    assert!(html.contains(r#"<a href="/g/370103">济南市市中区人民政府</a>"#), "the way back to the organ");

    // The organ's page lists the catalogue by year and offers the organ's own feed.
    let r = get(&w, "/g/370103").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = assert_page(&r, "/g/370103");
    assert!(html.contains("<h1>济南市市中区人民政府</h1>"), "{html}");
    assert!(html.contains(r#"<th scope="row">2022年度</th>"#), "{html}");
    assert!(
        html.contains(r#"<a href="/g/370103/2022">济南市市中区人民政府2022年度重大行政决策事项目录</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"href="/g/370103/feed.atom""#), "{html}");
    let html = assert_page(&get(&w, "/g/370100").await, "/g/370100");
    assert!(html.contains("尚未公布年度重大行政决策事项目录"), "{html}");
}

#[tokio::test]
async fn the_downloads_hold_every_item_and_parse() {
    let w = World::seeded().await;
    let titles = ["制定出台《济南市市中区全民健身设施管理实施细则》", "设立市中区省级经济开发区"];

    let r = get(&w, "/g/370103/2022.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_security_headers(&r, ".json");
    assert_eq!(r.header(header::CONTENT_TYPE), "application/json");
    assert_eq!(r.header(header::CONTENT_DISPOSITION), r#"attachment; filename="370103-2022.json""#);
    let v: Value = serde_json::from_slice(&r.body).expect("the JSON parses");
    assert_eq!(v["government"], json!({ "code": "370103", "name": "济南市市中区人民政府" }));
    assert_eq!(v["year"], 2022);
    assert_eq!(v["documentNumber"], "市中政字〔2022〕27号");
    assert_eq!(v["publishedOn"], "2022-06-01");
    assert_eq!(v["itemCount"], 2);
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.iter().map(|i| i["title"].as_str().expect("title")).collect::<Vec<_>>(), titles);
    assert_eq!(items[0]["sponsor"]["name"], "区教育体育局");
    assert_eq!(items[1]["sponsor"]["name"], "区发展改革局");
    assert_eq!(items[0]["plannedCompletion"], "2022-10");
    assert_eq!(
        (items[0]["state"].as_str(), items[0]["stateLabel"].as_str()),
        (Some("IN_CATALOGUE"), Some("已列入目录"))
    );
    assert_eq!(items[1]["category"], "SD3_7");

    let r = get(&w, "/g/370103/2022.csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_security_headers(&r, ".csv");
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/csv; charset=utf-8"));
    assert_eq!(r.header(header::CONTENT_DISPOSITION), r#"attachment; filename="370103-2022.csv""#);
    assert!(r.body.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 byte order mark for Excel");
    let mut reader = csv::Reader::from_reader(&r.body[3..]);
    let head: Vec<String> = reader.headers().expect("a header row").iter().map(str::to_owned).collect();
    assert_eq!(head, ["序号", "重大行政决策事项名称", "主要承办单位", "计划完成时间", "当前阶段", "事项编号"]);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("the CSV parses");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        &rows[0].iter().take(5).collect::<Vec<_>>(),
        &["1", titles[0], "区教育体育局", "2022年10月", "已列入目录"]
    );
    assert_eq!(
        &rows[1].iter().take(5).collect::<Vec<_>>(),
        &["2", titles[1], "区发展改革局", "2022年12月", "已列入目录"]
    );
    assert_eq!(rows[0][5], *items[0]["id"].as_str().expect("id"), "the id joins the CSV to the JSON");
    assert!(r.text().contains("\r\n"), "RFC 4180 line ends");
}

#[tokio::test]
async fn the_atom_feeds_parse_and_carry_signed_checkpoints() {
    let w = World::seeded().await;
    w.engine.sign_checkpoint(&Principal::system("test"), false).await.expect("a checkpoint is signed");
    for path in ["/feed.atom", "/g/370103/feed.atom"] {
        let r = get(&w, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_security_headers(&r, path);
        assert_eq!(r.header(header::CONTENT_TYPE), "application/atom+xml; charset=utf-8", "{path}");
        let feed = atom_syndication::Feed::read_from(&r.body[..]).expect("the feed parses as Atom");
        assert!(feed.id().starts_with("urn:uuid:"), "{path}: {}", feed.id());
        assert_eq!(feed.lang(), Some("zh-CN"));
        let me = feed.links().iter().find(|l| l.rel() == "self").expect("a self link");
        assert_eq!(me.href(), path);
        assert!(!feed.entries().is_empty(), "{path} has entries");
        let newest = &feed.entries()[0];
        assert!(newest.title().as_str().starts_with("审计检查点第1号已签署"), "{path}: {:?}", newest.title());
        assert!(newest.categories().iter().any(|c| c.term() == "CHECKPOINT_SIGNED"));
        assert_eq!(newest.links()[0].href(), "/", "a checkpoint concerns no item");
        assert_eq!(newest.content().and_then(|c| c.content_type()), Some("text"));
        assert!(newest.updated().to_rfc3339().ends_with("+08:00"), "{path}: Beijing time");
        for e in feed.entries() {
            let id = e.id().strip_prefix("urn:uuid:").expect("urn:uuid: ids");
            Uuid::parse_str(id).expect("a UUID");
        }
        // Newest first.
        let times: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
        assert!(times.windows(2).all(|p| p[0] >= p[1]), "{path}: {times:?}");
    }
    // Each feed has an id of its own, the same on every request.
    let id = |b: &[u8]| atom_syndication::Feed::read_from(b).expect("Atom").id().to_owned();
    let (site, organ) = (id(&get(&w, "/feed.atom").await.body), id(&get(&w, "/g/370103/feed.atom").await.body));
    assert_ne!(site, organ);
    assert_eq!(site, id(&get(&w, "/feed.atom").await.body));
    assert_eq!(get(&w, "/g/999999/feed.atom").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_and_malformed_addresses_get_the_chinese_404_page() {
    let w = World::seeded().await;
    for path in [
        "/g/999999",
        "/g/abc",
        "/g/0370103",
        "/g/%20370103",
        "/g/%FF%FE",
        "/g/370103/2021",
        "/g/370103/2021.csv",
        "/g/370103/2021.json",
        "/g/370103/22",
        "/g/370103/+2022",
        "/g/370103/2022.xml",
        "/g/370103/2022.json.csv",
        "/g/370103/2022/",
        "/g/999999/2022",
        "/no/such/page",
    ] {
        let r = get(&w, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        let html = assert_page(&r, path);
        assert!(html.contains("<h1>页面不存在</h1>"), "{path}: {html}");
    }
}

#[tokio::test]
async fn an_engine_failure_is_a_500_page_without_its_text() {
    let w = World::seeded().await;
    w.db.exec("DROP TABLE disclosure_feed").await;
    let r = get(&w, "/feed.atom").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let html = assert_page(&r, "/feed.atom");
    assert!(html.contains("<h1>服务暂时不可用</h1>"), "{html}");
    for leak in ["disclosure_feed", "no such table", "relation", "SQL", "sqlx"] {
        assert!(!html.contains(leak), "database text {leak:?} leaked: {html}");
    }
}

#[tokio::test]
async fn an_unpublished_catalogue_is_nowhere_on_the_portal() {
    let w = World::seeded().await;
    let (_, ids) = catalogue_with(&w, &[("钢城区尚未公布的决策事项", "区发展改革局")]).await;
    let html = assert_page(&get(&w, "/").await, "/");
    assert!(!html.contains("/g/370117/2026") && !html.contains("2026年度"), "{html}");
    let html = assert_page(&get(&w, "/g/370117").await, "/g/370117");
    assert!(html.contains("尚未公布年度重大行政决策事项目录") && !html.contains("2026"), "{html}");
    for path in ["/g/370117/2026", "/g/370117/2026.json", "/g/370117/2026.csv"] {
        let r = get(&w, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.text().contains("钢城区尚未公布的决策事项"), "{path}");
    }
    // The same catalogue, once published, is there.
    let cid = w.engine.catalogue(&Principal::system("test"), "370117", 2026).await.expect("load").expect("exists").id;
    publish(&w, cid).await;
    let r = get(&w, "/g/370117/2026.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: Value = serde_json::from_slice(&r.body).expect("JSON");
    assert_eq!(v["items"][0]["id"], ids[0].as_str());
}

async fn publish(w: &World, catalogue_id: Uuid) {
    w.engine
        .record_publication(
            &Principal::system("test"),
            PublicationInput {
                catalogue_id,
                document_number: "钢政字〔2026〕1号".to_owned(),
                published_on: NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"),
                source: "济南市钢城区人民政府公报（2026年第1期）".to_owned(),
            },
        )
        .await
        .expect("the catalogue is published");
}

#[tokio::test]
async fn hostile_text_is_shown_as_text_and_never_runs() {
    let w = World::seeded().await;
    let script = r#"<script>alert("x")</script> & "引号" '单引号'"#;
    let formula = "=HYPERLINK(\"x\",\"点击\")";
    let (cid, _) = catalogue_with(&w, &[(script, "区发展改革局"), (formula, "区发展改革局")]).await;
    publish(&w, Uuid::parse_str(&cid).expect("uuid")).await;

    let html = assert_page(&get(&w, "/g/370117/2026").await, "/g/370117/2026");
    assert!(
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;引号&quot; '单引号'"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");

    let r = get(&w, "/g/370117/2026.csv").await;
    let mut reader = csv::Reader::from_reader(&r.body[3..]);
    let titles: Vec<String> = reader.records().map(|r| r.expect("a row")[1].to_owned()).collect();
    assert_eq!(titles, [script.to_owned(), format!("'{formula}")], "a formula is made inert, the rest kept as is");

    let v: Value = serde_json::from_slice(&get(&w, "/g/370117/2026.json").await.body).expect("JSON");
    assert_eq!(v["items"][0]["title"], script, "JSON carries the text exactly");

    let r = get(&w, "/g/370117/feed.atom").await;
    atom_syndication::Feed::read_from(&r.body[..]).expect("the feed parses with hostile text in it");
    assert!(!r.text().contains("<script"));
}

#[tokio::test]
async fn items_in_consultation_are_listed_on_the_home_page() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let item = items_2022(&w).await.into_iter().next().expect("an item");
    let id = item["id"].as_str().expect("id").to_owned();
    let title = item["title"].as_str().expect("title");
    let sponsor = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    at(&w, 2026, 11, 20);
    ok(&w, &p.head, "initiateItem", &id, json!({ "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] }))
        .await;
    ok(&w, &sponsor, "startDrafting", &id, draft(title, "第一条 ……")).await;
    // Public participation applies; every other region is skipped with its record (§2.5).
    let skip = |why: &str, basis: &str| {
        json!({ "determination": why, "basis": basis, "determinedBy": "区教育体育局 法规科 经办人",
                "approvedBy": "区教育体育局 主要负责人", "date": "2026-11-20" })
    };
    let mut plan = vec![json!({ "region": "PARTICIPATION", "applies": true })];
    for (region, skip) in [
        ("HEARING", skip("不直接涉及公民切身利益，各方无较大分歧", "《重大行政决策程序暂行条例》第十六条第一款")),
        ("EXPERT_REVIEW", skip("专业性、技术性问题已在前期调研中研究论证", "《重大行政决策程序暂行条例》第十九条")),
        (
            "RISK_ASSESSMENT",
            skip("经初步研判不涉及社会稳定、公共安全等重大风险", "《重大行政决策程序暂行条例》第二十二条"),
        ),
        ("FAIR_COMPETITION_REVIEW", skip("不涉及经营者经济活动", "《公平竞争审查条例》第二条")),
        ("COORDINATION", skip("不涉及其他单位职责", "《山东省重大行政决策程序规定》第十四条")),
    ] {
        plan.push(json!({ "region": region, "applies": false, "skip": skip }));
    }
    assert_eq!(ok(&w, &sponsor, "openConsultation", &id, json!({ "regions": plan })).await, "CONSULTATION");

    let html = assert_page(&get(&w, "/").await, "/");
    let section = &html[html.find("正在征求意见").expect("the section is there")..];
    assert!(section.contains(&format!(r#"<a href="/item/{id}">{title}</a>"#)), "{section}");
    assert!(section.contains("济南市市中区人民政府") && section.contains("区教育体育局"), "{section}");
    assert!(!section.contains("设立市中区省级经济开发区"), "only the item in consultation: {section}");
    let html = assert_page(&get(&w, "/g/370103/2022").await, "/g/370103/2022");
    assert!(html.contains("<td>征求意见等环节</td>"), "{html}");
}
