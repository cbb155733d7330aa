//! sea-orm entities, one per table of the foundation migration.

pub mod artefact;
pub mod audit_event;
pub mod catalogue;
pub mod catalogue_item;
pub mod department;
pub mod government;
pub mod region;
pub mod token;
pub mod user;
