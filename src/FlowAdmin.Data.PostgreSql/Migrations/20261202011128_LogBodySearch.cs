using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.PostgreSql.Migrations
{
    /// <summary>
    /// The Logs screen's "body contains" filter: trigram GIN indexes over the request and response bodies,
    /// which answer the service's ILIKE '%text%' (docs/benchmarks.md, Logs). Not in the model (EF cannot
    /// describe an operator class index on an extension). pg_trgm ships with PostgreSQL (contrib).
    /// </summary>
    public partial class LogBodySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE INDEX \"IX_LogEntries_RequestBody_Trgm\" ON \"LogEntries\" USING gin (\"RequestBody\" gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX \"IX_LogEntries_ResponseBody_Trgm\" ON \"LogEntries\" USING gin (\"ResponseBody\" gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The extension stays: other objects may use it, and it costs nothing unused.
            migrationBuilder.Sql("DROP INDEX \"IX_LogEntries_ResponseBody_Trgm\";");
            migrationBuilder.Sql("DROP INDEX \"IX_LogEntries_RequestBody_Trgm\";");
        }
    }
}
