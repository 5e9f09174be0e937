using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.SqlServer.Migrations
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

            // In EXEC: a script runs as one batch, and SQL Server compiles a batch before the new column exists.
            migrationBuilder.Sql(
                "EXEC(N'UPDATE l SET l.[PushRequestId] = p.[Id] FROM [LogEntries] AS l INNER JOIN [PushRequests] AS p ON p.[LogEntryId] = l.[Id];');");

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
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.Sql(
                "EXEC(N'UPDATE p SET p.[LogEntryId] = l.[Id] FROM [PushRequests] AS p INNER JOIN [LogEntries] AS l ON l.[PushRequestId] = p.[Id];');");

            // The answer the old code stored with every accepted push (PushOutcome.Ok), which its repeat returns.
            migrationBuilder.Sql(
                "EXEC(N'UPDATE [PushRequests] SET [ResponseJson] = CONCAT(N''{\"message\":\"Message add queue\",\"id\":'', [Id], N''}'');');");

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
