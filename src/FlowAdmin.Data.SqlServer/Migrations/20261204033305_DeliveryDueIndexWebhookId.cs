using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryDueIndexWebhookId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_Status_NextAttemptAt",
                table: "WebhookDeliveries");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_Status_NextAttemptAt_WebhookId",
                table: "WebhookDeliveries",
                columns: new[] { "Status", "NextAttemptAt", "WebhookId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_Status_NextAttemptAt_WebhookId",
                table: "WebhookDeliveries");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_Status_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "Status", "NextAttemptAt" });
        }
    }
}
