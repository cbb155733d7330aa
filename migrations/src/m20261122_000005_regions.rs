//! Consultation regions: where each of an item's six regions (§2.4) stands, from the plan of T5 on.

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
                    .table("consultation_regions")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("item_id"))
                    .col(string_len("region", 32))
                    .col(string_len("state", 16))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_regions_item")
                            .from("consultation_regions", "item_id")
                            .to("catalogue_items", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_regions_item_region")
                    .table("consultation_regions")
                    .col("item_id")
                    .col("region")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("consultation_regions").if_exists().to_owned()).await
    }
}
