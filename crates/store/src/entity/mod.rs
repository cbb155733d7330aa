//! sea-orm entities, one per table.

pub mod artefact;
pub mod audit_checkpoint;
pub mod audit_event;
pub mod audit_head;
pub mod catalogue;
pub mod catalogue_item;
pub mod comment;
pub mod comment_group;
pub mod comment_notice;
pub mod department;
pub mod execution_task;
pub mod feed_entry;
pub mod government;
pub mod opinion_cluster;
pub mod region;
pub mod timer;
pub mod token;
pub mod user;
