//! A real server on port 0: subscriptions over graphql-transport-ws, and graceful shutdown.

use crate::catalogue::CREATE;
use futures_util::{SinkExt, StreamExt};
use juece_tests::World;
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

async fn next_json<S>(ws: &mut S) -> Value
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a message in time")
            .expect("open")
            .expect("ok");
        if let Message::Text(t) = msg {
            return serde_json::from_str(t.as_str()).expect("json");
        }
    }
}

/// A real server on a free loopback port, with the means to stop it.
struct Running {
    addr: std::net::SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

async fn start(w: &World) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(juece_server::run(w.engine.clone(), crate::http::serve_args(), listener, async {
        let _ = stop_rx.await;
    }));
    Running { addr, stop, task }
}

impl Running {
    async fn connect(
        &self,
    ) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
        let mut req = format!("ws://{}/graphql/ws", self.addr).into_client_request().expect("request");
        req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().expect("header"));
        tokio_tungstenite::connect_async(req).await.expect("websocket connects").0
    }

    /// Signals shutdown and waits for the server to stop cleanly.
    async fn stop(self) {
        self.stop.send(()).expect("server still running");
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("server stops after its grace period")
            .expect("join")
            .expect("clean stop");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_events_stream_to_subscribers_and_the_server_stops_on_signal() {
    let w = World::seeded().await;
    let server = start(&w).await;
    let mut ws = server.connect().await;
    let clerk = w.user("370117", Some("区司法局"), &[juece_core::authz::Role::Justice]).await;
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {}", clerk.token) } });
    ws.send(Message::Text(init.to_string().into())).await.expect("send");
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");
    let sub = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription($c: String) { auditEvents(governmentCode: $c) { eventType streamType actor { kind } } }",
        "variables": { "c": "370117" } } });
    ws.send(Message::Text(sub.to_string().into())).await.expect("send");
    // The protocol does not acknowledge a subscription: wait until the engine has a subscriber.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while w.engine.subscriber_count() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "subscription never registered");
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // An event of another government is filtered out; ours arrives.
    w.ok(CREATE, json!({ "i": { "governmentCode": "370114", "year": 2026 } })).await;
    w.ok(CREATE, json!({ "i": { "governmentCode": "370117", "year": 2026 } })).await;
    let msg = next_json(&mut ws).await;
    assert_eq!(msg["type"], "next", "{msg}");
    assert_eq!(
        msg["payload"]["data"]["auditEvents"],
        json!({ "eventType": "CatalogueCreated", "streamType": "CATALOGUE", "actor": { "kind": "SYSTEM" } })
    );

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_cannot_subscribe_to_audit_events_and_bad_tokens_are_refused() {
    let w = World::seeded().await;
    let server = start(&w).await;

    let mut ws = server.connect().await;
    ws.send(Message::Text(json!({ "type": "connection_init" }).to_string().into())).await.expect("send");
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");
    let sub =
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { auditEvents { eventType } }" } });
    ws.send(Message::Text(sub.to_string().into())).await.expect("send");
    let msg = next_json(&mut ws).await;
    assert_eq!(msg["type"], "next", "{msg}");
    assert!(msg["payload"]["data"].is_null());
    assert_eq!(msg["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

    let mut ws = server.connect().await;
    let init = json!({ "type": "connection_init", "payload": { "Authorization": "Bearer jc_not-a-real-token" } });
    ws.send(Message::Text(init.to_string().into())).await.expect("send");
    let closed = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.expect("an answer in time");
    assert!(
        matches!(closed, Some(Ok(Message::Close(_))) | None | Some(Err(_))),
        "a bad token closes the connection: {closed:?}"
    );

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn item_events_streams_one_items_steps() {
    let w = World::seeded().await;
    let server = start(&w).await;
    let head = w.user("370103", None, &[juece_core::authz::Role::Head]).await;
    let d = w
        .ok(r#"{ catalogue(governmentCode: "370103", year: 2022) { items { id version sponsor { id } } } }"#, json!({}))
        .await;
    let items = d["catalogue"]["items"].as_array().expect("items").clone();
    let (watched, other) = (&items[0], &items[1]);
    let id = watched["id"].as_str().expect("id");
    let q = "subscription($id: ID!) { itemEvents(itemId: $id) { eventType streamId } }";

    let mut ws = server.connect().await;
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {}", head.token) } });
    ws.send(Message::Text(init.to_string().into())).await.expect("send");
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");
    let sub = json!({ "id": "1", "type": "subscribe", "payload": { "query": q, "variables": { "id": id } } });
    ws.send(Message::Text(sub.to_string().into())).await.expect("send");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while w.engine.subscriber_count() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "subscription never registered");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The other item's step commits first: had it leaked through, it would be the first message.
    let initiate = "mutation($i: InitiateItemInput!) { initiateItem(input: $i) { state } }";
    for item in [other, watched] {
        w.ok_as(
            &head,
            initiate,
            json!({ "i": { "itemId": item["id"], "expectedVersion": item["version"], "decidedOn": "2022-07-01",
                           "leadSponsorId": item["sponsor"]["id"] } }),
        )
        .await;
    }
    let msg = next_json(&mut ws).await;
    assert_eq!(msg["type"], "next", "{msg}");
    assert_eq!(msg["payload"]["data"]["itemEvents"], json!({ "eventType": "ItemStateChanged", "streamId": id }));
    // The start decision is one event; nothing else follows.
    let more = tokio::time::timeout(Duration::from_millis(300), ws.next()).await;
    assert!(more.is_err(), "only the watched item's event arrives: {more:?}");

    // The public does not follow an item's internal steps.
    let mut anon = server.connect().await;
    anon.send(Message::Text(json!({ "type": "connection_init" }).to_string().into())).await.expect("send");
    assert_eq!(next_json(&mut anon).await["type"], "connection_ack");
    let sub = json!({ "id": "1", "type": "subscribe", "payload": { "query": q, "variables": { "id": id } } });
    anon.send(Message::Text(sub.to_string().into())).await.expect("send");
    let msg = next_json(&mut anon).await;
    assert_eq!(msg["type"], "next", "{msg}");
    assert!(msg["payload"]["data"].is_null(), "{msg}");
    assert_eq!(msg["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{msg}");

    server.stop().await;
}

/// The disclosure feed streams to anyone, without credentials.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_subscribes_to_the_disclosure_feed() {
    let w = World::seeded().await;
    let server = start(&w).await;
    let mut ws = server.connect().await;
    ws.send(Message::Text(json!({ "type": "connection_init" }).to_string().into())).await.expect("send");
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");
    let sub = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription { disclosureFeed(governmentCode: \"370103\") { kind titleZh } }" } });
    ws.send(Message::Text(sub.to_string().into())).await.expect("send");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while w.engine.feed_subscriber_count() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "subscription never registered");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    w.engine.sign_checkpoint(&juece_core::authz::Principal::system("test"), false).await.expect("signed");
    let msg = next_json(&mut ws).await;
    assert_eq!(msg["payload"]["data"]["disclosureFeed"]["kind"], "CHECKPOINT_SIGNED", "{msg}");
    server.stop().await;
}
