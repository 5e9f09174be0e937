using System.Globalization;
using System.Text;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Bench.Logs;

/// <summary>
/// A realistic month of logs for one busy tenant (and a small second tenant, so the tenant filter is
/// exercised): 55 % pushes, 45 % webhook attempts; pushes mostly accepted (200) with 400/413/415/422/429
/// refusals, webhooks mostly 2xx with 4xx/5xx and network errors and 1–3 attempts per delivery; request
/// bodies 1–4 KiB; times spread uniformly over the 30 days before now, in id order.
/// </summary>
public static class Seeder
{
    public static readonly string[] Numbers = [.. Enumerable.Range(0, 20_000).Select(i => $"55119{i:D8}")];

    public static async Task<int> SeedAsync(string path, int rows, CancellationToken ct)
    {
        if (File.Exists(path)) File.Delete(path);
        var connectionString = $"Data Source={path}";
        var tenantId = await CreateSchemaAndConfigsAsync(connectionString, "Bench", ct);
        var otherTenantId = await CreateSchemaAndConfigsAsync(connectionString, "Other", ct);

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;", ct);
        var random = new Random(42);
        var now = DateTime.UtcNow;
        var filler = new string('x', 4096);
        long deliveryId = 0;
        (bool Ok, int Webhook, string Event, int Attempt, long Delivery)? last = null;
        var written = 0;
        while (written < rows)
        {
            await using var tx = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO "LogEntries" ("TenantId","Type","ConfigName","ApiConfigId","WebhookId","Event","Success","HttpStatus","Error",
                  "RequestHeaders","RequestBody","ResponseHeaders","ResponseBody","ExternalKey","Number","DurationMs","Attempt","DeliveryId","TicketId","CreatedAt")
                VALUES ($t,$type,$name,$api,$wh,$event,$ok,$status,$error,$reqh,$reqb,$resh,$resb,$key,$number,$ms,$attempt,$delivery,NULL,$at)
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "t", "type", "name", "api", "wh", "event", "ok", "status", "error", "reqh", "reqb", "resh", "resb", "key", "number", "ms", "attempt", "delivery", "at" })
                p[name] = insert.Parameters.Add(new SqliteParameter("$" + name, null));
            insert.Prepare();
            for (var i = 0; i < 10_000 && written < rows; i++)
            {
                var tenant = random.Next(100) < 2 ? otherTenantId : tenantId;
                // Written in time order, as the app writes them: ids grow with time (within a slot of
                // 30 days / rows), which the body search's id bound relies on for its speed (LogService).
                var at = now.AddSeconds(((written + random.NextDouble()) / rows - 1) * 30 * 86_400);
                var number = Numbers[random.Next(Numbers.Length)];
                var bodySize = 1024 + random.Next(3 * 1024);
                if (random.Next(100) < 55)
                {
                    var config = 1 + random.Next(5);
                    var roll = random.Next(100);
                    var (ok, status, error) = roll switch
                    {
                        < 90 => (true, 200, (string?)null),
                        < 95 => (false, 422, "number: 'number' must be digits only (DDI + DDD + number)."),
                        < 97 => (false, 400, "Malformed JSON. The body is not valid JSON."),
                        < 98 => (false, 415, "Unsupported Media Type."),
                        < 99 => (false, 413, "Content Too Large."),
                        _ => (false, 429, "Too Many Requests."),
                    };
                    Set(p, tenant, "Push", $"API {config}", config, null, "Push", ok, status, error,
                        """{"Content-Type":"application/json","User-Agent":"erp/1.0","Authorization":"***"}""",
                        PushBody(number, written, bodySize, filler), """{"Content-Type":"application/json"}""",
                        ok ? $$"""{"message":"Message add queue","id":{{written}}}""" : """{"title":"The push request is invalid"}""",
                        $"ext-{written}", number, 5 + random.Next(40), null, null, at);
                }
                else
                {
                    // A failed attempt is often retried: the next attempt shares its delivery (the detail's timeline).
                    var retry = last is { Ok: false } && random.Next(100) < 60;
                    var webhook = retry ? last!.Value.Webhook : 1 + random.Next(4);
                    var name = retry ? last!.Value.Event : EventNames.All[Weighted(random)];
                    var roll = random.Next(100);
                    var (ok, status, error) = roll switch
                    {
                        < 85 => (true, random.Next(10) == 0 ? 204 : 200, (string?)null),
                        < 90 => (false, 500, "HTTP 500"),
                        < 93 => (false, random.Next(2) == 0 ? 502 : 503, "HTTP 503"),
                        < 95 => (false, 404, "HTTP 404"),
                        _ => (false, (int?)null, "Connection refused (receiver.example.com:443)"),
                    };
                    var attempt = retry ? last!.Value.Attempt + 1 : 1;
                    var delivery = retry ? last!.Value.Delivery : ++deliveryId;
                    last = (ok, webhook, name, attempt, delivery);
                    Set(p, tenant, "Webhook", $"Webhook {webhook}", null, webhook, name, ok, status, error,
                        $$"""{"Content-Type":"application/json","webhook-id":"msg_{{written}}","webhook-timestamp":"1764600000","webhook-signature":"v1,***","X-Custom":"***"}""",
                        EventBody(name, number, written, bodySize, filler), """{"Content-Type":"text/plain"}""",
                        ok ? "ok" : status is null ? "" : "Internal Server Error", null, number, 20 + random.Next(400), attempt, delivery, at);
                }
                await insert.ExecuteNonQueryAsync(ct);
                written++;
            }
            await tx.CommitAsync(ct);
            if (written % 100_000 == 0) Console.WriteLine($"  {written:N0} rows");
        }
        await IndexBodiesAsync(connection, ct);
        await Exec(connection, "PRAGMA optimize; ANALYZE;", ct);
        return tenantId;
    }

    /// <summary>Creates the schema through the app's own migrations (so the bench uses the real indexes) and the configs.</summary>
    private static async Task<int> CreateSchemaAndConfigsAsync(string connectionString, string name, CancellationToken ct)
    {
        var scope = new BenchTenant();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        FlowAdmin.Web.Hosting.DataServices.Configure(options, "Sqlite", connectionString);
        await using (var db = new AppDbContext(options.Options, scope))
        {
            await db.Database.MigrateAsync(ct);
            var tenant = new Tenant { Name = name };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(ct);
            scope.TenantId = tenant.Id;
        }
        await using (var db = new AppDbContext(options.Options, scope))
        {
            var channel = new Channel { TenantId = scope.TenantId.Value, Name = "Linha 1", Number = "5511900000001" };
            db.Channels.Add(channel);
            await db.SaveChangesAsync(ct);
            for (var i = 1; i <= 5; i++)
                db.ApiConfigs.Add(new ApiConfig { TenantId = channel.TenantId, Name = $"API {i}", ChannelId = channel.Id, TokenHash = Guid.NewGuid().ToByteArray() });
            for (var i = 1; i <= 4; i++)
                db.Webhooks.Add(new Webhook { TenantId = channel.TenantId, Name = $"Webhook {i}", Url = $"https://receiver.example.com/{i}", Events = [.. EventNames.All] });
            await db.SaveChangesAsync(ct);
        }
        return scope.TenantId.Value;
    }

    /// <summary>NewMessage and AckMessage dominate real traffic; connection changes are rare.</summary>
    private static int Weighted(Random random) => random.Next(100) switch
    {
        < 35 => 7,  // NewMessage
        < 60 => 8,  // AckMessage
        < 68 => 2,  // NewTicket
        < 74 => 5,  // UpdateOnTicket
        < 80 => 6,  // FinishedTicket
        < 85 => 3,  // StartedTicket
        < 89 => 4,  // TransferOfTicket
        < 94 => 0,  // NewContact
        < 99 => 1,  // UpdateContact
        _ => 9,     // ConnectionStatusUpdate
    };

    internal static string PushBody(string number, int i, int size, string filler)
    {
        var head = $$"""{"number":"{{number}}","externalKey":"ext-{{i}}","body":"Pedido {{i}} enviado. """;
        return head + filler[..Math.Max(0, size - head.Length - 2)] + "\"}";
    }

    private static string EventBody(string name, string number, int i, int size, string filler)
    {
        var head = $$"""{"event":"{{name}}","data":{"ticket":{"id":{{i % 50_000}}},"contact":{"number":"{{number}}"},"message":{"body":" """;
        return head + filler[..Math.Max(0, size - head.Length - 4)] + "\"}}}";
    }

    private static void Set(Dictionary<string, SqliteParameter> p, int tenant, string type, string name, int? api, int? webhook, string @event,
        bool ok, int? status, string? error, string reqHeaders, string reqBody, string resHeaders, string resBody,
        string? key, string? number, int ms, int? attempt, long? delivery, DateTime at)
    {
        p["t"].Value = tenant; p["type"].Value = type; p["name"].Value = name;
        p["api"].Value = (object?)api ?? DBNull.Value; p["wh"].Value = (object?)webhook ?? DBNull.Value;
        p["event"].Value = @event; p["ok"].Value = ok ? 1 : 0; p["status"].Value = (object?)status ?? DBNull.Value;
        p["error"].Value = (object?)error ?? DBNull.Value; p["reqh"].Value = reqHeaders; p["reqb"].Value = reqBody;
        p["resh"].Value = resHeaders; p["resb"].Value = resBody; p["key"].Value = (object?)key ?? DBNull.Value;
        p["number"].Value = (object?)number ?? DBNull.Value; p["ms"].Value = ms; p["attempt"].Value = (object?)attempt ?? DBNull.Value;
        p["delivery"].Value = (object?)delivery ?? DBNull.Value;
        // EF Core's SQLite DateTime text format, so range comparisons and ordering match what the app writes.
        p["at"].Value = at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The app fills the body index a moment behind its writers (LogBodyIndex); the seeded month is indexed
    /// here at once, as the app would have done entry by entry (the <c>index</c> verb, for a file seeded without it).
    /// </summary>
    public static async Task IndexBodiesAsync(SqliteConnection connection, CancellationToken ct)
    {
        // In chunks of 20,000 committed one by one (as the app does, in smaller ones): one transaction for the
        // whole month kept FTS5's merges in the WAL and ran for over 40 minutes without ending.
        await Exec(connection, "PRAGMA cache_size = -262144;", ct); // 256 MiB
        var max = await Scalar(connection, """SELECT coalesce(max("Id"), 0) FROM "LogEntries" """, ct);
        for (var last = await Scalar(connection, """SELECT "LastId" FROM "LogBodySearchProgress" """, ct); last < max; last += 20_000)
        {
            await Exec(connection, $"""
                BEGIN;
                INSERT INTO "LogEntriesBodySearch" (rowid, "RequestBody", "ResponseBody")
                SELECT "Id", "RequestBody", "ResponseBody" FROM "LogEntries" WHERE "Id" > {last} AND "Id" <= {last + 20_000};
                UPDATE "LogBodySearchProgress" SET "LastId" = min({last + 20_000}, {max});
                COMMIT;
                """, ct);
            if ((last + 20_000) % 100_000 == 0) Console.WriteLine($"  {last + 20_000:N0} bodies indexed");
        }
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    private static async Task Exec(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The tenant every bench context works for.</summary>
public sealed class BenchTenant : ITenantScope
{
    public int? TenantId { get; set; }
}
