using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.Sqlite.Migrations
{
    /// <summary>
    /// The link between a push and its log entry is reversed: the entry carries its queue row's id
    /// (LogEntries.PushRequestId), so the group commit writes each row once instead of updating every queue row
    /// with its entry's id and its answer afterwards. The stored answer (PushRequests.ResponseJson) goes too: an
    /// accepted push's answer is always the same JSON around its id, and an idempotent repeat rebuilds it.
    /// The existing links are copied before the old column is dropped.
    /// </summary>
    public partial class PushLogLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PushRequestId",
                table: "LogEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.Sql(
                "UPDATE \"LogEntries\" SET \"PushRequestId\" = p.\"Id\" FROM \"PushRequests\" AS p WHERE p.\"LogEntryId\" = \"LogEntries\".\"Id\";");

            // After the copy: one index build, not an index change per copied row.
            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_PushRequestId",
                table: "LogEntries",
                column: "PushRequestId",
                filter: "\"PushRequestId\" IS NOT NULL");

            migrationBuilder.DropIndex(
                name: "IX_PushRequests_LogEntryId",
                table: "PushRequests");

            // SQLite's own DROP COLUMN, not EF's DropColumn: EF rebuilds the table for that (copy, drop, rename) with
            // PRAGMA foreign_keys off between commits, so a crash in between left a half-applied migration (EF warns
            // 20410); this way the whole migration is one transaction, and the table keeps its AUTOINCREMENT counter.
            migrationBuilder.Sql("ALTER TABLE \"PushRequests\" DROP COLUMN \"LogEntryId\";");
            migrationBuilder.Sql("ALTER TABLE \"PushRequests\" DROP COLUMN \"ResponseJson\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LogEntryId",
                table: "PushRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResponseJson",
                table: "PushRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.Sql(
                "UPDATE \"PushRequests\" SET \"LogEntryId\" = l.\"Id\" FROM \"LogEntries\" AS l WHERE l.\"PushRequestId\" = \"PushRequests\".\"Id\";");

            // The answer the old code stored with every accepted push (PushOutcome.Ok), which its repeat returns.
            migrationBuilder.Sql(
                "UPDATE \"PushRequests\" SET \"ResponseJson\" = '{\"message\":\"Message add queue\",\"id\":' || \"Id\" || '}';");

            migrationBuilder.CreateIndex(
                name: "IX_PushRequests_LogEntryId",
                table: "PushRequests",
                column: "LogEntryId");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_PushRequestId",
                table: "LogEntries");

            // SQLite's own DROP COLUMN here too: a LogEntries rebuilt by EF would also lose what the model does not
            // describe (the body search triggers, IX_LogEntries_StatusClass, IX_LogEntries_BodySearchIds).
            migrationBuilder.Sql("ALTER TABLE \"LogEntries\" DROP COLUMN \"PushRequestId\";");
        }
    }
}
