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
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use juece_core::authz::{Principal, Role};
use juece_engine::PublicationInput;
use juece_server::portal::{atom_syndication, csv};
use juece_tests::{TestUser, World};
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
    send_to(juece_server::app(w.engine.clone(), &serve_args()), req).await
}

/// One application for every post of a test, as a server has: one comment intake.
fn server(w: &World) -> Router {
    juece_server::app(w.engine.clone(), &serve_args())
}

async fn send_to(app: Router, req: Request<Body>) -> Reply {
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

/// With the gazette decisions recorded too, every catalogue the home page and an organ's page link
/// is there: the registers of recorded decisions are not listed as yearly catalogues.
#[tokio::test]
async fn every_catalogue_linked_is_there_with_the_recorded_decisions_loaded() {
    let w = World::seeded().await;
    juece_seeds::load(&w.engine).await.expect("full load");
    for page in ["/", "/g/370100", "/g/370103", "/g/370117"] {
        let html = get(&w, page).await.text();
        let links: Vec<&str> = html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|l| l.starts_with("/g/") && l.matches('/').count() == 3 && !l.ends_with(".atom"))
            .collect();
        for link in links {
            assert_eq!(get(&w, link).await.status, StatusCode::OK, "{page} links {link}");
        }
    }
    assert!(!get(&w, "/").await.text().contains("/g/370100/2021"), "a register is not a yearly catalogue");
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
async fn items_whose_notice_is_open_are_listed_on_the_home_page_with_their_closing_date() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let items = items_2022(&w).await;
    let title = items[0]["title"].as_str().expect("title").to_owned();
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let id = open_for_comment(&w, &p, &jtj, &items[0], &[]).await;

    let html = assert_page(&get(&w, "/").await, "/");
    let section = &html[html.find("正在征求意见").expect("the section is there")..];
    assert!(section.contains(&format!(r#"<a href="/item/{id}">{title}</a>"#)), "{section}");
    assert!(section.contains(&format!("关于公开征求《{title}（征求意见稿）》意见的公告")), "{section}");
    assert!(section.contains("济南市市中区人民政府") && section.contains("区教育体育局"), "{section}");
    assert!(
        section.contains(r#"截止日期：<time datetime="2026-11-24"><span class="nw">2026年</span><span class="nw">11月24日</span></time>"#),
        "{section}"
    );
    assert!(!section.contains("设立市中区省级经济开发区"), "only the item with an open notice: {section}");
    let html = assert_page(&get(&w, "/g/370103/2022").await, "/g/370103/2022");
    assert!(html.contains("<td>征求意见等环节</td>"), "{html}");

    // Once the period is over, the item is no longer listed: it stays in consultation, but the
    // public can no longer comment.
    at(&w, 2026, 11, 25);
    let html = assert_page(&get(&w, "/").await, "/");
    assert!(!html.contains("正在征求意见"), "{html}");
}

/// The percent-encoding of a form field (`application/x-www-form-urlencoded`).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Posts the comment form as a browser on this server's page does: with `Host` and a matching
/// `Origin`, unless `origin` says otherwise (`None`: no `Origin` at all).
async fn post_comment(app: &Router, id: &str, fields: &[(&str, &str)], origin: Option<&str>) -> Reply {
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    let mut req = Request::post(format!("/item/{id}/comments"))
        .header(header::HOST, "juece.example.cn")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    send_to(app.clone(), req.body(Body::from(body.join("&"))).expect("request")).await
}

const SAME_ORIGIN: Option<&str> = Some("https://juece.example.cn");

/// Posts a comment that must be stored; returns its tracking number, from the receipt page the
/// post redirects to.
async fn comment(w: &World, app: &Router, id: &str, fields: &[(&str, &str)]) -> String {
    let r = post_comment(app, id, fields, SAME_ORIGIN).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let location = r.header(header::LOCATION).to_owned();
    let number = location.strip_prefix("/receipt/").expect("a receipt address").to_owned();
    let receipt = get(w, &location).await;
    assert_eq!(receipt.status, StatusCode::OK, "{location}");
    let html = assert_page(&receipt, &location);
    assert!(html.contains("<h1>意见回执</h1>"), "{html}");
    assert!(html.contains(&format!(r#"<p class="receipt-no"><code>{number}</code></p>"#)), "{html}");
    assert!(html.contains(&format!(r#"href="/receipt?no={number}""#)), "how to look it up later: {html}");
    assert!(html.contains("联系方式只用于承办单位与您联系，一律不公开"), "{html}");
    assert_eq!(receipt.header(header::CACHE_CONTROL), "no-store");
    number
}

async fn comment_ids(w: &World, who: &TestUser, id: &str) -> Vec<(String, String)> {
    let q = r#"query($id: ID!) { itemComments(itemId: $id, first: 100) { edges { node { id trackingNo } } } }"#;
    let r = w.gql_as(&who.principal, Some(&who.token), q, json!({ "id": id })).await;
    assert!(r.get("errors").is_none(), "{r}");
    r["data"]["itemComments"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["node"]["id"].as_str().unwrap_or("").to_owned(),
                e["node"]["trackingNo"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

async fn publish_all(w: &World, who: &TestUser, id: &str) {
    let ids: Vec<String> = comment_ids(w, who, id).await.into_iter().map(|(c, _)| c).collect();
    let q = r#"mutation($i: ModerateCommentsInput!) { moderateComments(input: $i) { count } }"#;
    let r = w
        .gql_as(
            &who.principal,
            Some(&who.token),
            q,
            json!({ "i": { "itemId": id, "commentIds": ids, "action": "PUBLISHED" } }),
        )
        .await;
    assert!(r.get("errors").is_none(), "{r}");
}

const LINKS: [&str; 6] =
    ["决策草案全文", "草案说明", "决策背景", "公众意见建议收集和采纳情况", "公众代表列席决策会议情况", "决策结果"];

#[tokio::test]
async fn an_items_page_shows_its_entry_links_timeline_and_each_published_document_with_its_hash() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let items = items_2022(&w).await;
    let id = items[0]["id"].as_str().expect("id").to_owned();
    let path = format!("/item/{id}");

    // In the catalogue: the entry, every link not yet published, no document, no form.
    let r = get(&w, &path).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = assert_page(&r, &path);
    assert!(html.contains("<h1>制定出台《济南市市中区全民健身设施管理实施细则》</h1>"), "{html}");
    for (label, value) in [
        ("序号", "1"),
        ("名称", "制定出台《济南市市中区全民健身设施管理实施细则》"),
        ("主要承办单位", "区教育体育局"),
        ("计划完成时间", "2022年10月"),
        ("当前阶段", "已列入目录"),
    ] {
        assert!(html.contains(&format!("<dt>{label}</dt><dd>{value}</dd>")), "{label}: {html}");
    }
    assert!(html.contains(r#"<dt>目录文号</dt><dd><a href="/g/370103/2022">市中政字〔2022〕27号</a></dd>"#), "{html}");
    for l in LINKS {
        assert!(html.contains(&format!(r#"<li>{l}：<span class="muted">尚未公开</span></li>"#)), "{l}: {html}");
    }
    assert!(!html.contains("公开的文件") && !html.contains("SHA-256"), "no document yet: {html}");
    assert!(!html.contains("<form"), "no comment form: {html}");
    assert!(html.contains(r#"<a href="/g/370103">济南市市中区人民政府</a>"#), "the breadcrumbs: {html}");

    // Open for comment: the notice and the draft it publishes, each with its hash, and the form.
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    let html = assert_page(&get(&w, &path).await, &path);
    assert!(html.contains("<dt>当前阶段</dt><dd>征求意见等环节</dd>"), "{html}");
    let public = w.engine.public_item(Uuid::parse_str(&id).expect("uuid")).await.expect("read").expect("public");
    assert_eq!(public.view.documents.len(), 2);
    for d in &public.view.documents {
        let hash = juece_core::audit::content_hash(&d.content);
        assert_eq!(hash, d.sha256);
        assert!(html.contains(&format!("SHA-256：<code>{hash}</code>")), "{hash}: {html}");
    }
    assert!(html.contains("RFC 8785"), "how to verify: {html}");
    assert!(
        html.contains("制定出台《济南市市中区全民健身设施管理实施细则》（草案）\n第一条 ……"),
        "the full text, its line breaks kept: {html}"
    );
    assert!(html.contains("起草说明：依据上位法并结合本区实际拟定。"), "{html}");
    assert!(html.contains("《重大行政决策程序暂行条例》（国务院令第713号）"), "the legal basis: {html}");
    assert!(
        html.contains("关于公开征求《制定出台《济南市市中区全民健身设施管理实施细则》（征求意见稿）》意见的公告"),
        "{html}"
    );
    assert!(html.contains("市中区人民政府门户网站重大行政决策意见征集专栏"), "the channels: {html}");
    assert!(html.contains("情况紧急，征求意见期限缩短"), "the shortening reason: {html}");
    // The first three links lead to the draft's parts, which are on the page; the rest wait.
    for (label, anchor) in [("决策草案全文", "full-text"), ("草案说明", "explanation"), ("决策背景", "background")]
    {
        let link = format!(r##"<a href="#doc-draft-1-{anchor}">{label}</a>"##);
        assert!(html.contains(&link), "{link}: {html}");
        assert!(html.contains(&format!(r#"id="doc-draft-1-{anchor}""#)), "{anchor}: {html}");
    }
    for l in &LINKS[3..] {
        assert!(html.contains(&format!(r#"<li>{l}：<span class="muted">尚未公开</span></li>"#)), "{l}: {html}");
    }
    // The timeline, in order, in Beijing time, with the rules and documents of each step.
    let timeline = &html[html.find(r#"<ol class="timeline">"#).expect("timeline")..];
    let order: Vec<usize> = ["启动决策程序", "发布征求意见公告"].iter().map(|t| timeline.find(t).expect(t)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{timeline}");
    assert!(timeline.contains(r#"<time datetime="2026-11-22T09:00:00+08:00">"#), "Beijing time: {timeline}");
    assert!(timeline.contains("R-05-4"), "the rules: {timeline}");
    // The form: every field labelled, the radios in a fieldset, contact said to stay private.
    let form = &html[html.find("<form").expect("the form")..];
    assert!(form.contains(&format!(r#"action="/item/{id}/comments""#)), "{form}");
    assert!(form.contains("<fieldset") && form.contains("<legend>提交身份（必填）</legend>"), "{form}");
    for (input, label) in [
        ("f-kind-individual", "个人"),
        ("f-kind-organisation", "单位或组织"),
        ("f-kind-anonymous", "匿名"),
        ("f-name", "姓名"),
        ("f-organisation", "单位名称"),
        ("f-contact", "联系方式（选填，仅用于承办单位联系，不公开）"),
        ("f-body", "意见内容（必填）"),
    ] {
        assert!(form.contains(&format!(r#"<label for="{input}">{label}</label>"#)), "{input}: {form}");
        assert!(form.contains(&format!(r#"id="{input}""#)), "{input}: {form}");
    }
    assert!(form.contains(r#"maxlength="5000" required"#), "{form}");

    // Not an item: malformed and unknown ids, and an item of an unpublished catalogue.
    let (_, hidden) = catalogue_with(&w, &[("钢城区尚未公布的决策事项", "区发展改革局")]).await;
    for bad in [
        "/item/not-a-uuid".to_owned(),
        format!("/item/{}", id.to_uppercase()),
        format!("/item/{{{id}}}"),
        format!("/item/{}", Uuid::nil()),
        format!("/item/{}", hidden[0]),
    ] {
        let r = get(&w, &bad).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(assert_page(&r, &bad).contains("<h1>页面不存在</h1>"));
    }
}

#[tokio::test]
async fn comments_go_from_the_form_to_a_receipt_and_are_published_escaped_without_contact_details() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let items = items_2022(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let id = open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    let path = format!("/item/{id}");
    let app = server(&w);

    // A comment: 303 to its receipt, which the lookup then finds.
    let first = comment(
        &w,
        &app,
        &id,
        &[
            ("kind", "INDIVIDUAL"),
            ("name", "朱小明"),
            ("contact", "13800000000"),
            ("body", "建议延长\n健身场馆开放时间"),
        ],
    )
    .await;
    assert!(first.starts_with("370103-2022-01-1-000001-"), "{first}");
    let lookup = format!("/receipt?no={first}");
    let r = get(&w, &lookup).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = assert_page(&r, &lookup);
    assert!(html.contains("<dt>审核状态</dt><dd>待审核</dd>"), "{html}");
    assert!(html.contains("<dt>是否为相同或相似意见</dt><dd>否</dd>"), "{html}");
    assert!(html.contains(r#"<label for="f-no">回执编号</label>"#), "{html}");
    let (head, check) = first.rsplit_once('-').expect("check character");
    let typo = format!("/receipt?no={head}-{}", if check == "0" { "1" } else { "0" });
    let r = get(&w, &typo).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let html = assert_page(&r, &typo);
    assert!(html.contains(r#"<p class="field-error" id="no-error"><span class="visually-hidden">错误：</span>回执编号格式不正确或校验位不符，请核对</p>"#), "{html}");
    assert!(html.contains(r#"aria-describedby="no-hint no-error""#), "{html}");
    let unknown = format!("/receipt?no={}", juece_core::comments::tracking_number("370103-2022-01-1", 999));
    let r = get(&w, &unknown).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(assert_page(&r, &unknown).contains("未找到该回执编号"));
    assert_eq!(get(&w, "/receipt").await.status, StatusCode::OK, "the lookup form alone");

    // Markup in a comment is text: escaped on the page once published, never a live tag.
    let hostile = "<script>alert(1)</script><img src=x onerror=\"alert(2)\">";
    comment(&w, &app, &id, &[("kind", "ANONYMOUS"), ("contact", "zhu@example.cn"), ("body", hostile)]).await;
    comment(
        &w,
        &app,
        &id,
        &[("kind", "ORGANISATION"), ("organisation", "市中区体育总会"), ("name", "李四"), ("body", "建议增加夜间照明")],
    )
    .await;
    let html = assert_page(&get(&w, &path).await, &path);
    assert!(html.contains("收到3条，已公开0条，不予公开0条，待审核3条，相同或相似意见0组。"), "{html}");
    assert!(html.contains("尚无公开的意见。"), "nothing public before moderation: {html}");
    publish_all(&w, &jtj, &id).await;
    let html = assert_page(&get(&w, &path).await, &path);
    assert!(html.contains("收到3条，已公开3条，不予公开0条，待审核0条"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"),
        "escaped: {html}"
    );
    assert!(!html.contains("<script") && !html.contains("<img"), "never a live tag: {html}");
    assert!(html.contains("反馈人：朱**") && html.contains("反馈人：市中区体育总会"), "masked names: {html}");
    assert!(html.contains("<div class=\"text\">建议延长\n健身场馆开放时间</div>"), "line breaks kept: {html}");
    assert!(!html.contains("朱小明") && !html.contains("下一页"), "{html}");

    // An empty comment: 422, the error next to the body, everything else kept.
    let r = post_comment(
        &app,
        &id,
        &[
            ("kind", "INDIVIDUAL"),
            ("name", "王五"),
            ("organisation", "某小区业委会"),
            ("contact", "0531-1234"),
            ("body", "  "),
        ],
        SAME_ORIGIN,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = assert_page(&r, "422");
    let body_field = &html[html.find(r#"<label for="f-body">"#).expect("body field")..];
    assert!(
        body_field.contains(
            r#"<p class="field-error" id="body-error"><span class="visually-hidden">错误：</span>意见内容不能为空</p>"#
        ),
        "the error at the body: {body_field}"
    );
    assert!(body_field.contains(r#"aria-describedby="body-hint body-error" aria-invalid="true""#), "{body_field}");
    assert!(html.contains(r##"<a href="#f-body">意见内容不能为空</a>"##), "the error summary links the field: {html}");
    for kept in [r#"value="王五""#, r#"value="某小区业委会""#, r#"value="0531-1234""#, r#"value="INDIVIDUAL" checked"#]
    {
        assert!(html.contains(kept), "{kept} kept: {html}");
    }
    let r =
        post_comment(&app, &id, &[("kind", "ANONYMOUS"), ("name", "王五"), ("body", "匿名却署名")], SAME_ORIGIN).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains(r#"id="name-error""#) && r.text().contains(r#"value="ANONYMOUS" checked"#),
        "{}",
        r.text()
    );
    let r = post_comment(&app, &id, &[("body", "没有选择身份")], SAME_ORIGIN).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains(r#"id="kind-error""#), "{}", r.text());

    // Another site's page may not post here; a client that is no browser page may.
    for origin in ["https://evil.example", "null", "http://juece.example.cn:8080"] {
        let r = post_comment(&app, &id, &[("kind", "ANONYMOUS"), ("body", "跨站提交")], Some(origin)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}");
        assert_page(&r, origin);
    }
    let r = post_comment(&app, &id, &[("kind", "ANONYMOUS"), ("body", "命令行提交的意见")], None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = post_comment(&app, &id, &[("kind", "ANONYMOUS"), ("body", "x".repeat(70_000).as_str())], SAME_ORIGIN).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Contact details are on no public page.
    let mut pages = vec![path.clone(), "/".to_owned(), lookup.clone(), format!("/receipt/{first}")];
    pages.extend(comment_ids(&w, &jtj, &id).await.into_iter().map(|(_, t)| format!("/receipt?no={t}")));
    for page in &pages {
        let html = get(&w, page).await.text();
        for secret in ["13800000000", "zhu@example.cn", "0531-1234", "朱小明"] {
            assert!(!html.contains(secret), "{secret} on {page}: {html}");
        }
    }

    // After the period: 409 with the engine's message, and no form on the page.
    at(&w, 2026, 11, 25);
    let r = post_comment(&app, &id, &[("kind", "ANONYMOUS"), ("body", "补充意见")], SAME_ORIGIN).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let html = assert_page(&r, "409");
    assert!(html.contains("征求意见已于2026-11-24 24:00截止，不再接收意见"), "{html}");
    let html = assert_page(&get(&w, &path).await, &path);
    assert!(!html.contains("<form") && html.contains("目前不接收意见"), "{html}");
}

#[tokio::test]
async fn the_published_comments_are_paged_twenty_at_a_time() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let items = items_2022(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let id = open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    let app = server(&w);
    // Texts with nothing in common, so that no two are grouped as similar.
    let words = ["路灯", "停车", "绿化", "学校", "医院", "公交", "菜场", "垃圾", "噪声", "养老", "图书", "健身"];
    for n in 0..25 {
        let body = format!("{}{}{}：编号{n}", words[n % 12], words[(n * 5 + 3) % 12], "。".repeat(n % 3 + 1));
        let r = post_comment(&app, &id, &[("kind", "ANONYMOUS"), ("body", &body)], None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "comment {n}");
    }
    publish_all(&w, &jtj, &id).await;
    let path = format!("/item/{id}");
    let html = assert_page(&get(&w, &path).await, &path);
    let shown = html.matches(r#"<li class="comment">"#).count();
    let groups = w.engine.public_item(Uuid::parse_str(&id).expect("uuid")).await.expect("read").expect("public");
    let groups = groups.consultation.expect("consultation").duplicate_groups;
    assert_eq!(shown, 20, "{groups} groups: {html}");
    let next = html
        .split(r#"<nav class="pager" aria-label="意见分页"><ul><li><a href=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a next page");
    assert!(next.starts_with(&format!("/item/{id}?after=")) && next.ends_with("#comments"), "{next}");
    let second = next.trim_end_matches("#comments");
    let html = assert_page(&get(&w, second).await, second);
    assert!(html.matches(r#"<li class="comment">"#).count() >= 1, "{html}");
    assert!(html.contains("回到第一页") && !html.contains("下一页"), "{html}");
    assert_eq!(get(&w, &format!("{path}?after=abc")).await.status, StatusCode::OK, "a bad cursor starts over");
}

#[tokio::test]
async fn after_the_feedback_each_comment_is_shown_with_its_answer() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let items = items_2022(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let id = open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    let app = server(&w);
    let number = comment(
        &w,
        &app,
        &id,
        &[
            ("kind", "INDIVIDUAL"),
            ("name", "朱小明"),
            ("contact", "13800000000"),
            ("body", "建议在每个街道设立健身驿站"),
        ],
    )
    .await;
    publish_all(&w, &jtj, &id).await;
    from_comment_to_legality(&w, &p, &jtj, &items[0], &id, &[]).await;
    at(&w, 2026, 12, 2);
    let legal = opinion("2026-12-02", "LEGAL", "COMPLIES", true);
    assert_eq!(ok(&w, &p.justice, "issueLegalityOpinion", &id, legal).await, "LEGALITY_REVIEWED");
    let lead = items[0]["sponsor"]["id"].as_str().expect("sponsor id").to_owned();
    to_execution(&w, &p, &jtj, &id, "市中政发〔2026〕20号", &lead).await;
    let comments = comment_ids(&w, &jtj, &id).await;
    let answer = r#"mutation($i: AnswerOpinionInput!) { answerOpinion(input: $i) { id } }"#;
    let reason = "按照全市规划，健身驿站按片区设置，已覆盖各街道";
    let r = w
        .gql_as(
            &jtj.principal,
            Some(&jtj.token),
            answer,
            json!({ "i": { "itemId": id, "commentIds": [comments[0].0], "summary": "在每个街道设立健身驿站",
                           "concentrated": false, "adoption": "NOT_ADOPTED", "reason": reason } }),
        )
        .await;
    assert!(r.get("errors").is_none(), "{r}");
    let v =
        w.ok(r#"query($id: ID!) { item(id: $id) { version } }"#, json!({ "id": id })).await["item"]["version"].clone();
    let feedback = r#"mutation($i: PublishFeedbackInput!) { publishFeedback(input: $i) { state } }"#;
    let r = w
        .gql_as(&jtj.principal, Some(&jtj.token), feedback, json!({ "i": { "itemId": id, "expectedVersion": v } }))
        .await;
    assert!(r.get("errors").is_none(), "{r}");

    let path = format!("/item/{id}");
    let html = assert_page(&get(&w, &path).await, &path);
    let head = r#"<th scope="col">序号</th><th scope="col">反馈人</th><th scope="col">意见内容</th><th scope="col">是否采纳</th><th scope="col">采纳理由</th>"#;
    assert!(html.contains(head), "{html}");
    let row = format!(
        r#"<tr><td class="num">1</td><td>朱**</td><td class="text">建议在每个街道设立健身驿站</td><td>不予采纳</td><td class="text">{reason}</td></tr>"#
    );
    assert!(html.contains(&row), "{row} in {html}");
    assert!(html.contains("共公开意见1条：采纳0条，部分采纳0条，不予采纳1条。"), "the totals: {html}");
    // The feedback document, its opinions table, and every R-02-8 link now on the page.
    assert!(html.contains(r#"<th scope="col">意见摘要</th><th scope="col">是否较为集中</th>"#), "{html}");
    for l in LINKS {
        assert!(!html.contains(&format!("{l}：<span")), "{l} is published: {html}");
    }
    assert!(html.contains(r##"<a href="#doc-adoption-feedback-1">公众意见建议收集和采纳情况</a>"##), "{html}");
    assert!(html.contains(r##"<a href="#doc-publication-1">决策结果</a>"##), "{html}");
    assert!(html.contains("市中政发〔2026〕20号"), "the publication record: {html}");
    for secret in ["13800000000", "朱小明", "财政承受能力需进一步论证"] {
        assert!(!html.contains(secret), "{secret}: {html}");
    }
    let html = assert_page(&get(&w, &format!("/receipt?no={number}")).await, "receipt");
    assert!(html.contains("<dt>是否采纳</dt><dd>不予采纳</dd>") && html.contains(reason), "{html}");
}
