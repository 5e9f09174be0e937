using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class LogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PushRequests_LogEntryId",
                table: "PushRequests",
                column: "LogEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_ApiConfigId_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "ApiConfigId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_DeliveryId",
                table: "LogEntries",
                columns: new[] { "TenantId", "DeliveryId" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_Event_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "Event", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_HttpStatus_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "HttpStatus", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_Success_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "Success", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_Type_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "Type", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_WebhookId_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "WebhookId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PushRequests_LogEntryId",
                table: "PushRequests");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_ApiConfigId_CreatedAt",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_DeliveryId",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_Event_CreatedAt",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_HttpStatus_CreatedAt",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_Success_CreatedAt",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_Type_CreatedAt",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_WebhookId_CreatedAt",
                table: "LogEntries");
        }
    }
}
