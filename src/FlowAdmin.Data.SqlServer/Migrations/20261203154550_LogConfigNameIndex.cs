using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class LogConfigNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_ConfigName",
                table: "LogEntries",
                columns: new[] { "TenantId", "ConfigName", "CreatedAt", "Success", "HttpStatus", "Event" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LogEntries_ConfigName",
                table: "LogEntries");
        }
    }
}
