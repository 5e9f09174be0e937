using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowAdmin.Data.Sqlite.Migrations
{
    /// <summary>
    /// The Logs screen's "body contains" filter: an FTS5 trigram index over the request and response bodies
    /// (docs/benchmarks.md, Logs). Not in the model (EF cannot describe a virtual table or triggers).
    /// Contentless (content=''): the index holds no copy of the 1–4 KiB bodies, LogEntries does; with
    /// contentless_delete=1 (SQLite 3.43+) a deleted row is only marked in the index, so the retention
    /// job's deletes do not re-read and re-tokenize the bodies they remove. The triggers keep it in
    /// step with every insert, update and delete. A later migration that rebuilds LogEntries (EF's
    /// SQLite table rebuild drops the table) must create these triggers again.
    /// </summary>
    public partial class LogBodySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // case_sensitive 0: a search finds "Pedido" when the user types "pedido" (Unicode case folding).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "LogEntriesBodySearch" USING fts5(
                    "RequestBody", "ResponseBody",
                    content='', contentless_delete=1, tokenize='trigram case_sensitive 0');
                """);
            migrationBuilder.Sql("""
                INSERT INTO "LogEntriesBodySearch" (rowid, "RequestBody", "ResponseBody")
                SELECT "Id", "RequestBody", "ResponseBody" FROM "LogEntries";
                """);
            // Not a trigger on insert: indexing in the writers' transactions cost the push intake a third of its
            // throughput. LogBodyIndex indexes new entries in the background, in id order, and records how far
            // it got here; the search scans the few entries above that mark (LogService.BodyContains).
            migrationBuilder.Sql("""
                CREATE TABLE "LogBodySearchProgress" ("Id" INTEGER NOT NULL PRIMARY KEY CHECK ("Id" = 1), "LastId" INTEGER NOT NULL);
                INSERT INTO "LogBodySearchProgress" ("Id", "LastId") SELECT 1, coalesce(max("Id"), 0) FROM "LogEntries";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "LogEntries_BodySearch_Update" AFTER UPDATE OF "Id", "RequestBody", "ResponseBody" ON "LogEntries"
                WHEN old."Id" <= (SELECT "LastId" FROM "LogBodySearchProgress") BEGIN
                    DELETE FROM "LogEntriesBodySearch" WHERE rowid = old."Id";
                    INSERT INTO "LogEntriesBodySearch" (rowid, "RequestBody", "ResponseBody")
                    VALUES (new."Id", new."RequestBody", new."ResponseBody");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "LogEntries_BodySearch_Delete" AFTER DELETE ON "LogEntries"
                WHEN old."Id" <= (SELECT "LastId" FROM "LogBodySearchProgress") BEGIN
                    DELETE FROM "LogEntriesBodySearch" WHERE rowid = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER \"LogEntries_BodySearch_Delete\";");
            migrationBuilder.Sql("DROP TRIGGER \"LogEntries_BodySearch_Update\";");
            migrationBuilder.Sql("DROP TABLE \"LogBodySearchProgress\";");
            migrationBuilder.Sql("DROP TABLE \"LogEntriesBodySearch\";");
        }
    }
}
