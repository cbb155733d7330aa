//! Public comments on a comment notice: the notice's ingest counters, the comments themselves,
//! their duplicate groups, and the opinions (clusters of comments) the sponsor answers.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    name: &str,
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per comment notice (an item's notice version). Its id names the notice's audit
        // stream; updating it serialises the writers of that stream across processes.
        manager
            .create_table(
                Table::create()
                    .table("comment_notices")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("item_id"))
                    .col(uuid("government_id"))
                    .col(integer("notice_version"))
                    .col(string_len("tracking_prefix", 64))
                    .col(date("opens_on"))
                    .col(date("closes_on"))
                    .col(big_integer("comment_count"))
                    .col(big_integer("group_count"))
                    .col(integer("cluster_count"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone_null("feedback_published_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_comment_notices_item", "comment_notices", "item_id", "catalogue_items"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_comment_notices_item_version")
                    .table("comment_notices")
                    .col("item_id")
                    .col("notice_version")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("comment_groups")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("notice_id"))
                    .col(big_integer("seq"))
                    .col(uuid("representative_id"))
                    .col(string_len("exact_fp", 64))
                    .col(binary("signature"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_comment_groups_notice", "comment_groups", "notice_id", "comment_notices"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_comment_groups_notice_seq")
                    .table("comment_groups")
                    .col("notice_id")
                    .col("seq")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("opinion_clusters")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("notice_id"))
                    .col(integer("seq"))
                    .col(text("summary"))
                    .col(boolean("concentrated"))
                    .col(string_len("adoption", 16))
                    .col(text("reason"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_opinion_clusters_notice",
                        "opinion_clusters",
                        "notice_id",
                        "comment_notices",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("comments")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("notice_id"))
                    .col(uuid("item_id"))
                    .col(big_integer("seq"))
                    .col(string_len("tracking_no", 64))
                    .col(timestamp_with_time_zone("submitted_at"))
                    .col(string_len("submitter_kind", 16))
                    .col(string_len_null("name", 64))
                    .col(string_len_null("organisation", 128))
                    .col(string_len_null("contact", 128))
                    .col(text("body"))
                    .col(string_len("content_hash", 64))
                    .col(uuid("group_id"))
                    .col(string_len_null("duplicate_kind", 8))
                    .col(string_len_null("client_hash", 64))
                    .col(string_len("moderation", 16))
                    .col(text_null("hidden_reason"))
                    .col(timestamp_with_time_zone_null("moderated_at"))
                    .col(uuid_null("cluster_id"))
                    .foreign_key(&mut fk("fk_comments_notice", "comments", "notice_id", "comment_notices"))
                    .foreign_key(&mut fk("fk_comments_group", "comments", "group_id", "comment_groups"))
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            ("uq_comments_tracking_no", &["tracking_no"][..], true),
            ("uq_comments_notice_seq", &["notice_id", "seq"][..], true),
            ("ix_comments_notice_group", &["notice_id", "group_id"][..], false),
            ("ix_comments_item_moderation", &["item_id", "moderation", "seq"][..], false),
            ("ix_comments_cluster", &["cluster_id"][..], false),
        ] {
            let mut idx = Index::create().name(name).table("comments").to_owned();
            for c in cols {
                idx.col(*c);
            }
            if unique {
                idx.unique();
            }
            manager.create_index(idx).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["comments", "opinion_clusters", "comment_groups", "comment_notices"] {
            manager.drop_table(Table::drop().table(t).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
