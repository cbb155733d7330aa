//! Keeps each result object's fields in the order the query selected them.
//!
//! GraphQL's execution algorithm builds every result map in selection-set order, and clients and
//! people reading GraphiQL rely on it. async-graphql resolves sibling fields concurrently and
//! inserts each as it completes, so a field that waits on the database lands after its faster
//! siblings. This extension remembers the parsed document and, after execution, puts every
//! object's keys back in selection order (fragments expanded where they stand).

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Response, ServerResult, Value, Variables};
use std::sync::{Arc, Mutex};

/// The factory registered on the schema; one [`OrderExtension`] per request.
pub struct SelectionOrder;

impl ExtensionFactory for SelectionOrder {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OrderExtension { doc: Mutex::new(None) })
    }
}

struct OrderExtension {
    // A std Mutex: it is only held to store or take the document, never across an await.
    doc: Mutex<Option<ExecutableDocument>>,
}

#[async_trait::async_trait]
impl Extension for OrderExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        *self.doc.lock().unwrap_or_else(|p| p.into_inner()) = Some(doc.clone());
        Ok(doc)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut resp = next.run(ctx, operation_name).await;
        let doc = self.doc.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(doc) = doc {
            let op = match operation_name {
                Some(name) => {
                    doc.operations.iter().find(|(n, _)| n.is_some_and(|n| n.as_str() == name)).map(|(_, o)| o)
                }
                None => doc.operations.iter().next().map(|(_, o)| o),
            };
            if let Some(op) = op {
                reorder(&mut resp.data, &[&op.node.selection_set.node], &doc);
            }
        }
        resp
    }
}

/// The response keys a group of selection sets yields, in order, each with the selection sets of
/// its sub-fields.
fn collect<'d>(
    sets: &[&'d SelectionSet],
    doc: &'d ExecutableDocument,
    out: &mut Vec<(Name, Vec<&'d SelectionSet>)>,
    depth: usize,
) {
    // Fragments cannot form cycles in a valid document; the bound guards an invalid one.
    if depth > 64 {
        return;
    }
    for set in sets {
        for sel in &set.items {
            match &sel.node {
                Selection::Field(f) => {
                    let key = f.node.response_key().node.clone();
                    let children = &f.node.selection_set.node;
                    match out.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, c)) => c.push(children),
                        None => out.push((key, vec![children])),
                    }
                }
                Selection::FragmentSpread(s) => {
                    if let Some(frag) = doc.fragments.get(&s.node.fragment_name.node) {
                        collect(&[&frag.node.selection_set.node], doc, out, depth + 1);
                    }
                }
                Selection::InlineFragment(i) => collect(&[&i.node.selection_set.node], doc, out, depth + 1),
            }
        }
    }
}

fn reorder(value: &mut Value, sets: &[&SelectionSet], doc: &ExecutableDocument) {
    match value {
        Value::List(items) => {
            for v in items {
                reorder(v, sets, doc);
            }
        }
        Value::Object(map) => {
            let mut fields = Vec::new();
            collect(sets, doc, &mut fields, 0);
            let mut old = std::mem::take(map);
            for (key, children) in fields {
                if let Some(mut v) = old.shift_remove(&key) {
                    reorder(&mut v, &children, doc);
                    map.insert(key, v);
                }
            }
            // Anything the selection does not name (none in practice) keeps its place at the end.
            map.extend(old);
        }
        _ => {}
    }
}
