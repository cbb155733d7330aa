//! juece-graphql: the GraphQL schema (queries, mutations, subscriptions) over the engine, and the
//! stable error codes it reports. It knows nothing of HTTP: the server crate carries requests in.

mod after;
mod audit;
mod calendar;
mod coordination;
mod decision;
mod error;
mod execution;
mod expert;
mod fair_competition;
mod hearing;
mod limits;
mod mutation;
mod order;
mod participation;
mod public;
mod query;
mod risk;
mod rules;
mod steps;
mod subscription;
mod types;

pub use error::{ApiError, CODE_BAD_USER_INPUT, annotate_request_errors, is_limit_error};
pub use limits::{DocumentLimits, check_text};
pub use mutation::{BearerToken, ClientAddr, MutationRoot};
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

use async_graphql::Schema;
use juece_engine::Engine;

pub type JueceSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Limits on what one request may ask for. A query beyond them is refused before it runs: the
/// document limits and the depth before it is validated (the tokens before it is parsed), the
/// complexity during validation.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How deeply fields may nest (a leaf field is one level); introspection is not held to it.
    pub max_depth: usize,
    /// The sum of field costs (a list field costs its page size times its children).
    pub max_complexity: usize,
    /// The size of the document: tokens, fields, directives, definitions.
    pub document: DocumentLimits,
}

impl Default for Limits {
    fn default() -> Self {
        // Depth 12 fits the deepest useful query (catalogue → items → sponsor → government →
        // catalogues → items …) with room.
        Limits { max_depth: 15, max_complexity: 5000, document: DocumentLimits::default() }
    }
}

impl Limits {
    /// The limits for requests without credentials: anyone may send them, so they are tighter.
    pub fn public() -> Self {
        Limits { max_depth: 13, max_complexity: 1500, document: DocumentLimits::default() }
    }
}

/// Builds the schema over an engine.
pub fn build_schema(engine: Engine, limits: Limits) -> JueceSchema {
    Schema::build(QueryRoot::default(), MutationRoot::default(), SubscriptionRoot)
        .data(engine)
        .extension(limits::DocumentLimitsExtension { limits: limits.document, max_depth: limits.max_depth })
        .extension(order::SelectionOrder)
        .limit_complexity(limits.max_complexity)
        .finish()
}

/// The SDL of the schema as the code defines it (committed as `schema/schema.graphql`).
pub fn sdl() -> String {
    Schema::build(QueryRoot::default(), MutationRoot::default(), SubscriptionRoot).finish().sdl()
}
