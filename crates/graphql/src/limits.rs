//! The size limits on a GraphQL document, checked before async-graphql parses and validates it.
//!
//! async-graphql's own depth and complexity limits run during validation, after the parser and
//! after its recursion check, and neither bounds what comes before them. A document of a few
//! hundred bytes whose fragments spread each other twice over (`fragment F0 { ...F1 ...F1 }`,
//! thirty times) makes that recursion check walk 2³⁰ selections before anything refuses it;
//! ten thousand aliases of `__typename` cost no complexity at all but take seconds to execute and
//! serialise; a directive repeated ten thousand times on one field is accepted. So each request is
//! first counted here, at a cost linear in its size and stopped at the first limit passed:
//!
//! - its lexical tokens and bracket nesting, before the parser sees it;
//! - then, on the parsed document, its fields with fragments expanded (each fragment counted once,
//!   so that the count itself cannot explode), fragment cycles, directives and definitions, and
//!   the depth of its fields. The depth limit is applied here rather than by async-graphql so that
//!   introspection, which reads the schema in memory and nests deeper than any data query, is not
//!   held to it.
//!
//! A refusal is a request error with code `BAD_USER_INPUT`, a bilingual message, a `limit`
//! extension naming the limit and, if it has a value, `max`; the HTTP layer answers it with 400.

use crate::error::CODE_BAD_USER_INPUT;
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, Request, ServerError, ServerResult};
use std::collections::HashMap;
use std::sync::Arc;

/// Deepest bracket nesting (`{`, `[`, `(`) a document may have. The parser recurses once per
/// level and refuses selection sets nested deeper than 64 itself, but only after its grammar has
/// recursed through them; value literals it does not bound at all. No useful query comes near it:
/// the selection depth limit is 15.
const MAX_NESTING: usize = 64;

/// How deeply fragment spreads and selection sets may nest while fields are counted: the same
/// bound as async-graphql's recursion check, which refuses deeper documents after this one.
const MAX_RECURSION: usize = 32;

/// The document limits, part of [`crate::Limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentLimits {
    /// Lexical tokens (names, punctuation, numbers, strings) in the document.
    pub max_tokens: usize,
    /// Fields selected, aliases and `__typename` included, with every fragment spread expanded.
    pub max_fields: usize,
    /// Directives in the document.
    pub max_directives: usize,
    /// Operations and fragments defined in the document.
    pub max_definitions: usize,
}

impl Default for DocumentLimits {
    fn default() -> Self {
        // The full introspection query of graphql-js has under 200 tokens and about 230 fields
        // with its fragments expanded, and 13 definitions. Ten thousand tokens is some 60 KB.
        DocumentLimits { max_tokens: 10_000, max_fields: 1_000, max_directives: 100, max_definitions: 100 }
    }
}

/// A request error naming the limit it passed, and its value when it has one.
fn refusal(limit: &str, max: Option<usize>, zh: String, en: String) -> ServerError {
    let mut e = ServerError::new(format!("{zh}（{en}）"), None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", CODE_BAD_USER_INPUT);
    ext.set("messageZh", zh);
    ext.set("messageEn", en);
    ext.set("limit", limit);
    if let Some(max) = max {
        ext.set("max", max as u64);
    }
    e.extensions = Some(ext);
    e
}

/// Counts the lexical tokens of a GraphQL document and the deepest bracket nesting, stopping as
/// soon as either passes its limit: the cost is bounded by the limits, not by the document.
///
/// The lexer is the specification's: whitespace, commas, line ends, comments and the byte order
/// mark are ignored; a string, a block string, a name, a number, `...` and each other punctuator
/// is one token. A byte the grammar does not know counts as one token and is left to the parser to
/// refuse.
pub fn check_text(query: &str, max_tokens: usize) -> Result<(), ServerError> {
    let b = query.as_bytes();
    let mut i = 0;
    let mut tokens = 0usize;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            // The UTF-8 byte order mark.
            0xEF if b[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => {
                i += 3;
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                    // `\"""` is an escaped triple quote inside a block string.
                    i += if b[i..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                i += 3;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' && b[i] != b'\r' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
            }
            c if c == b'-' || c.is_ascii_digit() => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'+' | b'-')) {
                    i += 1;
                }
            }
            b'.' if b[i..].starts_with(b"...") => i += 3,
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(refusal(
                        "nesting",
                        Some(MAX_NESTING),
                        format!("查询的括号嵌套超过 {MAX_NESTING} 层"),
                        format!("the document nests brackets deeper than {MAX_NESTING} levels"),
                    ));
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
        tokens += 1;
        if tokens > max_tokens {
            return Err(refusal(
                "tokens",
                Some(max_tokens),
                format!("查询文档超过 {max_tokens} 个词法单元，请拆分为较小的查询"),
                format!("the document has more than {max_tokens} tokens; split it into smaller queries"),
            ));
        }
    }
    Ok(())
}

/// Checks a parsed document against the limits: definitions, directives, fields with fragments
/// expanded, fragment cycles, and how deeply fields nest (`max_depth`, introspection aside).
fn check_document(doc: &ExecutableDocument, limits: &DocumentLimits, max_depth: usize) -> Result<(), ServerError> {
    let definitions = doc.operations.iter().count() + doc.fragments.len();
    if definitions > limits.max_definitions {
        let max = limits.max_definitions;
        return Err(refusal(
            "definitions",
            Some(max),
            format!("查询文档定义的操作和片段超过 {max} 个"),
            format!("the document defines more than {max} operations and fragments"),
        ));
    }
    let mut counter = Counter { doc, limits, memo: HashMap::new(), fields: 0, directives: 0 };
    // Every directive written counts, also in fragments no operation uses: validation reads them
    // all. A fragment's are counted once, where it is defined.
    for (_, op) in doc.operations.iter() {
        counter.directives += op.node.directives.len();
        for v in &op.node.variable_definitions {
            counter.directives += v.node.directives.len();
        }
        counter.count_directives(&op.node.selection_set.node);
    }
    for fragment in doc.fragments.values() {
        counter.directives += fragment.node.directives.len();
        counter.count_directives(&fragment.node.selection_set.node);
    }
    counter.check_directives()?;
    for (_, op) in doc.operations.iter() {
        let size = counter.count(&op.node.selection_set.node, 0)?;
        counter.fields = counter.fields.saturating_add(size.fields);
        if size.height > max_depth {
            return Err(refusal(
                "depth",
                Some(max_depth),
                format!("查询嵌套超过 {max_depth} 层"),
                format!("the query nests fields deeper than {max_depth} levels"),
            ));
        }
    }
    Ok(())
}

/// What a selection set yields with its fragments expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    fields: usize,
    /// How deeply its fields nest, a leaf field being 1: async-graphql's measure of depth.
    height: usize,
}

struct Counter<'d> {
    doc: &'d ExecutableDocument,
    limits: &'d DocumentLimits,
    /// Each fragment, expanded; `None` while it is being counted, so that a spread of a fragment
    /// being counted is a cycle.
    memo: HashMap<&'d str, Option<Size>>,
    fields: usize,
    directives: usize,
}

impl<'d> Counter<'d> {
    fn too_many_fields(&self) -> ServerError {
        let max = self.limits.max_fields;
        refusal(
            "fields",
            Some(max),
            format!("查询选择的字段（含别名和展开的片段）超过 {max} 个"),
            format!("the query selects more than {max} fields (aliases and expanded fragments included)"),
        )
    }

    fn check_directives(&self) -> Result<(), ServerError> {
        let max = self.limits.max_directives;
        if self.directives > max {
            return Err(refusal(
                "directives",
                Some(max),
                format!("查询文档的指令超过 {max} 个"),
                format!("the document has more than {max} directives"),
            ));
        }
        Ok(())
    }

    /// The fields a selection set yields with its fragments expanded, and how deeply they nest;
    /// an error as soon as the running total of fields passes the limit, or at a cycle.
    fn count(&mut self, set: &'d SelectionSet, recursion: usize) -> Result<Size, ServerError> {
        if recursion > MAX_RECURSION {
            return Err(refusal(
                "recursiveDepth",
                Some(MAX_RECURSION),
                format!("查询（含片段展开）嵌套超过 {MAX_RECURSION} 层"),
                format!("the query nests deeper than {MAX_RECURSION} levels with its fragments expanded"),
            ));
        }
        let mut size = Size::default();
        for sel in &set.items {
            let here = match &sel.node {
                Selection::Field(f) => {
                    let inner = self.count(&f.node.selection_set.node, recursion + 1)?;
                    // Introspection reads the schema in memory, whatever its depth, and the
                    // introspection queries of GraphiQL and code generators nest fourteen levels
                    // and more: they do not count towards the depth limit (the field limit bounds
                    // them).
                    let introspection = matches!(f.node.name.node.as_str(), "__schema" | "__type");
                    Size {
                        fields: inner.fields.saturating_add(1),
                        height: if introspection { 0 } else { inner.height + 1 },
                    }
                }
                Selection::InlineFragment(f) => self.count(&f.node.selection_set.node, recursion + 1)?,
                Selection::FragmentSpread(s) => {
                    let name = s.node.fragment_name.node.as_str();
                    match self.memo.get(name) {
                        Some(Some(k)) => *k,
                        Some(None) => {
                            return Err(refusal(
                                "fragmentCycle",
                                None,
                                format!("片段 {name} 直接或间接展开了自身"),
                                format!("fragment {name} spreads itself, directly or through other fragments"),
                            ));
                        }
                        None => match self.doc.fragments.get(name) {
                            // An unknown fragment is left to validation, which names it.
                            None => Size::default(),
                            Some(fragment) => {
                                self.memo.insert(name, None);
                                let k = self.count(&fragment.node.selection_set.node, recursion + 1)?;
                                self.memo.insert(name, Some(k));
                                k
                            }
                        },
                    }
                }
            };
            size.fields = size.fields.saturating_add(here.fields);
            size.height = size.height.max(here.height);
            // The running total of the operations counted so far and of this set: the walk stops
            // as soon as it passes the limit.
            if self.fields.saturating_add(size.fields) > self.limits.max_fields {
                return Err(self.too_many_fields());
            }
        }
        Ok(size)
    }

    /// Adds the directives written in a selection set (not through spreads: each fragment's own
    /// are counted once, from its definition).
    fn count_directives(&mut self, set: &'d SelectionSet) {
        for sel in &set.items {
            self.directives += sel.node.directives().len();
            match &sel.node {
                Selection::Field(f) => self.count_directives(&f.node.selection_set.node),
                Selection::InlineFragment(f) => self.count_directives(&f.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
}

/// The extension that applies the limits to every request a schema runs, HTTP and websocket
/// alike: the document limits and the depth limit.
pub(crate) struct DocumentLimitsExtension {
    pub limits: DocumentLimits,
    pub max_depth: usize,
}

impl ExtensionFactory for DocumentLimitsExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Checker { limits: self.limits, max_depth: self.max_depth })
    }
}

struct Checker {
    limits: DocumentLimits,
    max_depth: usize,
}

#[async_trait::async_trait]
impl Extension for Checker {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        check_text(&request.query, self.limits.max_tokens)?;
        // Parsed here once: async-graphql reuses the document instead of parsing it again.
        check_document(request.parsed_query()?, &self.limits, self.max_depth)?;
        next.run(ctx, request).await
    }
}
