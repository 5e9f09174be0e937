using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class LogCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_ApiConfigId_CreatedAt",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_TenantId_CreatedAt",
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

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_ApiConfig",
                table: "LogEntries",
                columns: new[] { "TenantId", "ApiConfigId", "CreatedAt", "Success", "HttpStatus" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_Event",
                table: "LogEntries",
                columns: new[] { "TenantId", "Event", "CreatedAt", "Success", "HttpStatus", "WebhookId" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_HttpStatus",
                table: "LogEntries",
                columns: new[] { "TenantId", "HttpStatus", "CreatedAt", "Success", "Type", "WebhookId", "Event" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_Range",
                table: "LogEntries",
                columns: new[] { "TenantId", "CreatedAt", "Type", "Success", "HttpStatus", "ConfigName", "Event" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_Success",
                table: "LogEntries",
                columns: new[] { "TenantId", "Success", "CreatedAt", "Type", "HttpStatus" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_Type",
                table: "LogEntries",
                columns: new[] { "TenantId", "Type", "CreatedAt", "Success", "HttpStatus" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_Webhook",
                table: "LogEntries",
                columns: new[] { "TenantId", "WebhookId", "CreatedAt", "Success", "HttpStatus", "Event" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LogEntries_ApiConfig",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_Event",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_HttpStatus",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_Range",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_Success",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_Type",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_Webhook",
                table: "LogEntries");

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_ApiConfigId_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "ApiConfigId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_TenantId_CreatedAt",
                table: "LogEntries",
                columns: new[] { "TenantId", "CreatedAt" });

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
    }
}
