using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.PostgreSql.Migrations
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
                type: "bigint",
                nullable: true);

            migrationBuilder.Sql(
                "UPDATE \"LogEntries\" AS l SET \"PushRequestId\" = p.\"Id\" FROM \"PushRequests\" AS p WHERE p.\"LogEntryId\" = l.\"Id\";");

            // After the copy: one index build, not an index change per copied row.
            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_PushRequestId",
                table: "LogEntries",
                column: "PushRequestId",
                filter: "\"PushRequestId\" IS NOT NULL");

            migrationBuilder.DropIndex(
                name: "IX_PushRequests_LogEntryId",
                table: "PushRequests");

            migrationBuilder.DropColumn(
                name: "LogEntryId",
                table: "PushRequests");

            migrationBuilder.DropColumn(
                name: "ResponseJson",
                table: "PushRequests");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LogEntryId",
                table: "PushRequests",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResponseJson",
                table: "PushRequests",
                type: "text",
                nullable: true);

            migrationBuilder.Sql(
                "UPDATE \"PushRequests\" AS p SET \"LogEntryId\" = l.\"Id\" FROM \"LogEntries\" AS l WHERE l.\"PushRequestId\" = p.\"Id\";");

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

            migrationBuilder.DropColumn(
                name: "PushRequestId",
                table: "LogEntries");
        }
    }
}
