using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MessageAckIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Messages_Ack_UpdatedAt",
                table: "Messages",
                columns: new[] { "Ack", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Ack_UpdatedAt",
                table: "Messages");
        }
    }
}
