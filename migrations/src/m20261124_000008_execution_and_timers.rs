//! After the decision, and the clock: execution tasks, durable timers, the link from an
//! adjustment to the decision it adjusts, the moment a comment notice closed, and the register of
//! decisions recorded from a gazette beside each year's catalogue.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per execution task; its id names the task's audit stream and its version is that
        // stream's position. The deadlines and standing are columns so that supervision filters
        // in SQL; the whole task as assigned is kept in `spec`.
        manager
            .create_table(
                Table::create()
                    .table("execution_tasks")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("item_id"))
                    .col(uuid("government_id"))
                    .col(integer("seq"))
                    .col(text("description"))
                    .col(json_binary("lead_units"))
                    .col(json_binary("responsible_units"))
                    .col(date_null("staged_due"))
                    .col(date_null("final_due"))
                    .col(json_binary("spec"))
                    .col(small_integer("percent"))
                    .col(string_len("status", 16))
                    .col(date_null("completed_on"))
                    .col(boolean("overdue"))
                    .col(date_null("last_report_on"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_execution_tasks_item")
                            .from("execution_tasks", "item_id")
                            .to("catalogue_items", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_execution_tasks_item_seq")
                    .table("execution_tasks")
                    .col("item_id")
                    .col("seq")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_execution_tasks_supervision")
                    .table("execution_tasks")
                    .col("government_id")
                    .col("status")
                    .col("final_due")
                    .to_owned(),
            )
            .await?;

        // One row per deadline. `timer_key` names what the timer is for (kind and subject), so
        // that scheduling the same deadline twice is one row. A scheduler fires due rows once:
        // the firing and the row's move out of PENDING commit together.
        manager
            .create_table(
                Table::create()
                    .table("timers")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(string_len("timer_key", 200))
                    .col(string_len("kind", 40))
                    .col(uuid("government_id"))
                    .col(uuid_null("item_id"))
                    .col(uuid_null("catalogue_id"))
                    .col(uuid_null("task_id"))
                    .col(uuid_null("notice_id"))
                    .col(string_len_null("unit", 200))
                    .col(date("due_on"))
                    .col(timestamp_with_time_zone("fires_at"))
                    .col(string_len("state", 16))
                    .col(timestamp_with_time_zone_null("fired_at"))
                    .col(string_len_null("fired_by", 200))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("uq_timers_key").table("timers").col("timer_key").unique().to_owned())
            .await?;
        manager
            .create_index(Index::create().name("ix_timers_due").table("timers").col("state").col("fires_at").to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_timers_supervision")
                    .table("timers")
                    .col("government_id")
                    .col("state")
                    .col("due_on")
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(Table::alter().table("catalogue_items").add_column(uuid_null("parent_item_id")).to_owned())
            .await?;
        // Besides the annual catalogue (目录), a government keeps a register of decisions recorded
        // from its gazette: made before juece, entered as they were published. One of each per
        // year.
        manager
            .alter_table(
                Table::alter().table("catalogues").add_column(string_len("kind", 16).default("ANNUAL")).to_owned(),
            )
            .await?;
        manager.drop_index(Index::drop().name("uq_catalogues_government_year").table("catalogues").to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_catalogues_government_year_kind")
                    .table("catalogues")
                    .col("government_id")
                    .col("year")
                    .col("kind")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("comment_notices")
                    .add_column(timestamp_with_time_zone_null("closed_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("comment_notices").drop_column("closed_at").to_owned()).await?;
        manager.alter_table(Table::alter().table("catalogue_items").drop_column("parent_item_id").to_owned()).await?;
        manager
            .drop_index(Index::drop().name("uq_catalogues_government_year_kind").table("catalogues").to_owned())
            .await?;
        manager.alter_table(Table::alter().table("catalogues").drop_column("kind").to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_catalogues_government_year")
                    .table("catalogues")
                    .col("government_id")
                    .col("year")
                    .unique()
                    .to_owned(),
            )
            .await?;
        for t in ["timers", "execution_tasks"] {
            manager.drop_table(Table::drop().table(t).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
