using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.SqlServer.Migrations
{
    /// <summary>
    /// Nothing on SQL Server: "body contains" stays a LIKE '%text%' within the date range, case-insensitive
    /// through the default collation, with no index (SQLite has FTS5 and PostgreSQL pg_trgm; full-text
    /// search here would need a full-text catalog and finds words, not substrings). The migration exists
    /// so the three providers keep the same migration history.
    /// </summary>
    public partial class LogBodySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
