//! Artefacts: every document a step produces, versioned per item and kind, with the SHA-256 of
//! its canonical content. Rows are only ever inserted.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("artefacts")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("item_id"))
                    .col(string_len("kind", 32))
                    .col(integer("version"))
                    .col(json("content"))
                    .col(string_len("sha256", 64))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_artefacts_item")
                            .from("artefacts", "item_id")
                            .to("catalogue_items", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // Two writers that both believe they add version N of a kind cannot both commit.
        manager
            .create_index(
                Index::create()
                    .name("uq_artefacts_item_kind_version")
                    .table("artefacts")
                    .col("item_id")
                    .col("kind")
                    .col("version")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("artefacts").if_exists().to_owned()).await
    }
}
