using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.Sqlite.Migrations
{
    /// <summary>
    /// SQLite only (raw SQL, not in the model): an index led by Id with the date and the filter and sort columns,
    /// so the ids the body index lists are checked against the range and the other filters from index entries.
    /// The row itself is no place for that check: CreatedAt is its last column, after the 1-4 KiB bodies and
    /// their overflow pages (frequent text over 30 days, the page query: 162 → 79 ms; docs/benchmarks.md).
    /// PostgreSQL and SQL Server filter their body searches by other means and need no such index.
    /// </summary>
    public partial class LogBodySearchIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE INDEX \"IX_LogEntries_BodySearchIds\" ON \"LogEntries\" " +
                "(\"Id\", \"TenantId\", \"CreatedAt\", \"Type\", \"Success\", \"HttpStatus\", \"ApiConfigId\", \"WebhookId\", \"Event\", \"ConfigName\");");
            // Without statistics SQLite takes the primary key for "Id IN (...)" (an index equality counts as 10
            // rows, the key as 1) and reads the rows. On an existing database this records the index's own (and
            // nothing else's); on a new one, empty, it records nothing, and the retention job's PRAGMA optimize
            // gathers them later (LogRetention).
            migrationBuilder.Sql("ANALYZE \"IX_LogEntries_BodySearchIds\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_LogEntries_BodySearchIds\";");
        }
    }
}
