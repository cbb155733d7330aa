//! Identities: users (who belong to one organisation and hold roles) and their tokens (bearer
//! tokens and session tokens, stored only as SHA-256 hashes), and the organisation and role of the
//! actor on every audit event.

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
                    .table("users")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("government_id"))
                    .col(uuid_null("department_id"))
                    .col(string_len_uniq("username", 64))
                    .col(string("display_name"))
                    // Role codes as a JSON array of strings.
                    .col(json("roles"))
                    // An argon2 PHC string; null for users who only have bearer tokens.
                    .col(string_null("password_hash"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(integer("failed_logins"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_government")
                            .from("users", "government_id")
                            .to("governments", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_department")
                            .from("users", "department_id")
                            .to("departments", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("tokens")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    // Hex SHA-256 of the token; the token itself is shown once and never stored.
                    .col(string_len_uniq("token_hash", 64))
                    .col(string_len("kind", 16))
                    .col(timestamp_with_time_zone_null("expires_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tokens_user")
                            .from("tokens", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("ix_tokens_user").table("tokens").col("user_id").to_owned()).await?;
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(Table::alter().table("audit_events").add_column(string_null("actor_org")).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table("audit_events").add_column(string_len_null("actor_role", 32)).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("audit_events").drop_column("actor_role").to_owned()).await?;
        manager.alter_table(Table::alter().table("audit_events").drop_column("actor_org").to_owned()).await?;
        manager.drop_table(Table::drop().table("tokens").if_exists().to_owned()).await?;
        manager.drop_table(Table::drop().table("users").if_exists().to_owned()).await?;
        Ok(())
    }
}
