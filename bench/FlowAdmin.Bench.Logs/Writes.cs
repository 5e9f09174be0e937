using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FlowAdmin.Bench.Logs;

/// <summary>
/// The <c>writes</c> verb: what the body index (migration LogBodySearch) costs each log write and the
/// retention job's deletes. The same push entries are inserted one transaction each (as the app writes
/// them), then deleted in batches of 1,000 (as LogRetention does), with the index's triggers and with
/// them dropped, alternately, twice each. Leaves the database as it found it, apart from the ids used.
/// </summary>
public static class Writes
{
    public static async Task MeasureAsync(string path, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA synchronous=NORMAL"); // as the app's connections (Hosting/SqlitePragmas.cs)
        var triggers = new List<string>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'LogEntries_BodySearch_%'";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) triggers.Add(reader.GetString(1));
        }
        if (triggers.Count == 0) throw new InvalidOperationException("No body index triggers: apply migration LogBodySearch first.");
        Console.WriteLine($"Writes: {rows:N0} push entries (1–4 KiB bodies), one transaction each, then deleted 1,000 per statement");
        Console.WriteLine("| round | triggers | insert µs/row | delete µs/row |");
        Console.WriteLine("| --- | --- | ---: | ---: |");
        var random = new Random(3);
        var filler = new string('x', 4096);
        for (var round = 1; round <= 4; round++)
        {
            var indexed = round % 2 == 1;
            if (!indexed)
                foreach (var name in new[] { "Insert", "Update", "Delete" })
                    await Exec(connection, $"DROP TRIGGER \"LogEntries_BodySearch_{name}\"");
            var first = (long)(await Scalar(connection, "SELECT max(Id) FROM LogEntries"))! + 1;
            var insert = Stopwatch.StartNew();
            for (var i = 0; i < rows; i++)
            {
                await using var tx = connection.BeginTransaction();
                await using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = """
                    INSERT INTO "LogEntries" ("TenantId","Type","ConfigName","ApiConfigId","Event","Success","HttpStatus",
                      "RequestHeaders","RequestBody","ResponseHeaders","ResponseBody","ExternalKey","Number","DurationMs","CreatedAt")
                    VALUES (1,'Push','API 1',1,'Push',1,200,'{}',$body,'{}','{"message":"Message add queue"}',$key,$number,10,$at)
                    """;
                var number = Seeder.Numbers[random.Next(Seeder.Numbers.Length)];
                command.Parameters.AddWithValue("$body", Seeder.PushBody(number, 2_000_000 + i, 1024 + random.Next(3 * 1024), filler));
                command.Parameters.AddWithValue("$key", $"bench-write-{round}-{i}");
                command.Parameters.AddWithValue("$number", number);
                command.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                await command.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }
            var insertMicros = insert.Elapsed.TotalMicroseconds / rows;
            var delete = Stopwatch.StartNew();
            while (await Exec(connection, $"DELETE FROM LogEntries WHERE Id IN (SELECT Id FROM LogEntries WHERE Id >= {first} ORDER BY Id LIMIT 1000)") > 0) { }
            var deleteMicros = delete.Elapsed.TotalMicroseconds / rows;
            if (!indexed)
                foreach (var sql in triggers)
                    await Exec(connection, sql);
            Console.WriteLine($"| {round} | {(indexed ? "yes" : "no")} | {insertMicros:F0} | {deleteMicros:F0} |");
        }
    }

    private static async Task<int> Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
