using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Settings;
using FlowAdmin.Web.Features.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Logs;

/// <summary>The Logs screen's filters on the real database: each alone, combined, from the URL, with paging and sorting.</summary>
public sealed class LogFilterTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Every_filter_alone_and_combined_finds_exactly_its_entries_of_the_tenant(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var tenant = await app.CreateTenantAsync("Acme");
        var other = await app.CreateTenantAsync("Other");
        var now = DateTime.UtcNow;
        var ids = await app.WithTenantAsync(tenant.Id, async db =>
        {
            var entries = new Dictionary<string, LogEntry>
            {
                ["a"] = Push(1, true, 200, "k-a", "5511911111111", """{"body":"pedido azul"}""", now.AddHours(-1)),
                ["b"] = Push(2, false, 422, "k-b", "5511922222222", """{"body":"pedido"}""", now.AddHours(-2)),
                ["c"] = Hook(1, "NewMessage", true, 200, null, 10, 2, """{"body":"mensagem verde"}""", now.AddHours(-3)),
                ["d"] = Hook(1, "NewMessage", false, 503, "HTTP 503", 10, 1, """{"body":"mensagem verde"}""", now.AddHours(-3.2)),
                ["e"] = Hook(2, "FinishedTicket", false, null, "Connection refused", 11, 1, "{}", now.AddHours(-5)),
                ["f"] = Hook(2, "AckMessage", false, 302, "HTTP 302", 12, 1, "{}", now.AddHours(-6)),
                ["g"] = Push(1, true, 200, "k-g", "5511911111111", """{"body":"pedido azul antigo"}""", now.AddDays(-3)),
            };
            db.LogEntries.AddRange(entries.Values);
            await db.SaveChangesAsync();
            return entries.ToDictionary(e => e.Value.Id, e => e.Key);
        });
        // Same keys, same number, same text, another tenant: never found.
        await app.WithTenantAsync(other.Id, async db =>
        {
            db.LogEntries.Add(Push(1, true, 200, "k-a", "5511911111111", """{"body":"pedido azul"}""", now.AddHours(-1)));
            return await db.SaveChangesAsync();
        });

        Task<string> Find(string query, string? sort = null, bool descending = true, int page = 0, int size = 25) =>
            FindAsync(app, tenant.Id, ids, query, sort, descending, page, size);
        string Days(int from, int? to = null) =>
            $"from={now.AddDays(-from):yyyy-MM-ddTHH:mm:ssZ}" + (to is { } t ? $"&to={now.AddDays(-t):yyyy-MM-ddTHH:mm:ssZ}" : "");

        Assert.Equal("abcdef", await Find("")); // the last 24 hours, newest first
        Assert.Equal("abcdefg", await Find(Days(4)));
        Assert.Equal("g", await Find(Days(4, 2)));
        Assert.Equal("ab", await Find("type=push"));
        Assert.Equal("cdef", await Find("type=webhook"));
        Assert.Equal("ac", await Find("status=success"));
        Assert.Equal("bdef", await Find("status=failure"));
        Assert.Equal("ac", await Find("status=2xx"));
        Assert.Equal("f", await Find("status=3xx"));
        Assert.Equal("b", await Find("status=4xx"));
        Assert.Equal("d", await Find("status=5xx"));
        Assert.Equal("e", await Find("status=network"));
        Assert.Equal("a", await Find("config=api-1"));
        Assert.Equal("ag", await Find("config=api-1&" + Days(4)));
        Assert.Equal("cd", await Find("config=webhook-1"));
        Assert.Equal("cd", await Find("event=NewMessage"));
        Assert.Equal("ab", await Find("event=push"));
        Assert.Equal("a", await Find("externalKey=k-a"));
        Assert.Equal("", await Find("externalKey=k-g")); // older than 24 h
        Assert.Equal("g", await Find("externalKey=k-g&" + Days(4)));
        Assert.Equal("b", await Find("number=5511922222222"));
        Assert.Equal("a", await Find("body=pedido%20azul"));
        Assert.Equal("ag", await Find("body=pedido%20azul&" + Days(4)));
        Assert.Equal("ab", await Find("body=PEDIDO")); // case-insensitive on every database
        Assert.Equal("cd", await Find("body=verde"));

        Assert.Equal("d", await Find("type=webhook&status=failure&config=webhook-1"));
        Assert.Equal("e", await Find("type=webhook&status=failure&event=FinishedTicket"));
        Assert.Equal("ag", await Find("type=push&status=success&" + Days(4)));
        Assert.Equal("", await Find("number=5511911111111&type=webhook"));
        Assert.Equal("d", await Find("status=5xx&body=verde&event=NewMessage&config=webhook-1&type=webhook"));

        Assert.Equal("fedcba", await Find("", nameof(LogRow.CreatedAt), descending: false));
        Assert.Equal("abcdef", await Find("", nameof(LogRow.Id), descending: false));
        Assert.Equal("cd", await Find("", nameof(LogRow.Id), descending: false, page: 1, size: 2));
        Assert.Equal("abcdef", await Find("", nameof(LogRow.Type), descending: false)); // API (Push) before Webhook, newest first within
        Assert.Equal("cdefab", await Find("", nameof(LogRow.Type), descending: true));
        // Name by name and event by event (LogService.GroupedPageAsync), newest first within one, pages across them.
        Assert.Equal("efcdba", await Find("", nameof(LogRow.ConfigName), descending: true));
        Assert.Equal("cd", await Find("", nameof(LogRow.ConfigName), descending: true, page: 1, size: 2));
        Assert.Equal("ba", await Find("", nameof(LogRow.ConfigName), descending: true, page: 2, size: 2));
        Assert.Equal("agb", await Find("type=push&" + Days(4), nameof(LogRow.ConfigName), descending: false));
        Assert.Equal("fecdab", await Find("", nameof(LogRow.Event), descending: false));
        Assert.Equal("def", await Find("status=failure&type=webhook", nameof(LogRow.Event), descending: true));
        Assert.Equal("bdef", string.Concat((await Find("", nameof(LogRow.HttpStatus), descending: false))[..4].Order())); // failures first
        // Failures, then successes, each by HTTP status; no status (a network error) where the database puts NULL.
        Assert.Equal(provider == "PostgreSql" ? "fbdeac" : "efbdac", await Find("", nameof(LogRow.HttpStatus), descending: false));
        Assert.Equal(provider == "PostgreSql" ? "acedbf" : "acdbfe", await Find("", nameof(LogRow.HttpStatus), descending: true));
        Assert.Equal(provider == "PostgreSql" ? "bf" : "fe", await Find("", nameof(LogRow.HttpStatus), descending: true, page: 2, size: 2));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Body_contains_ignores_case_searches_request_and_response_takes_the_text_literally_and_forgets_deleted_entries(string provider)
    {
        // The background indexer is off, so the test decides when entries reach SQLite's body index.
        await using var app = new FlowAdminApp(provider, new Dictionary<string, string?> { ["Logs:RetentionDays"] = "10", ["Logs:BodyIndexEnabled"] = "false" });
        var tenant = await app.CreateTenantAsync("Acme");
        var now = DateTime.UtcNow;
        var ids = await app.WithTenantAsync(tenant.Id, async db =>
        {
            var answered = Hook(1, "NewMessage", true, 200, null, 10, 1, "{}", now.AddHours(-2));
            answered.ResponseBody = "Recebido: PROTOCOLO 7781";
            var entries = new Dictionary<string, LogEntry>
            {
                ["r"] = Push(1, true, 200, "k-r", "5511911111111", """{"body":"Pedido AZUL enviado"}""", now.AddHours(-1)),
                ["s"] = answered,
                ["f"] = Hook(1, "NewMessage", false, 503, "HTTP 503", 11, 1, """{"body":"protocolo pendente"}""", now.AddHours(-3)),
                ["q"] = Push(2, true, 200, "k-q", "5511922222222", """texto: "a" OR b* fim""", now.AddHours(-4)),
                ["n"] = Push(2, true, 200, "k-n", "5511922222222", "a b* OR 50% off", now.AddHours(-5)),
                ["o"] = Push(1, true, 200, "k-o", "5511911111111", """{"body":"Pedido azul antigo"}""", now.AddDays(-11)),
            };
            db.LogEntries.AddRange(entries.Values);
            await db.SaveChangesAsync();
            return entries.ToDictionary(e => e.Value.Id, e => e.Key);
        });
        Task<string> Find(string query) => FindAsync(app, tenant.Id, ids, query);
        var month = $"from={now.AddDays(-30):yyyy-MM-ddTHH:mm:ssZ}";

        async Task FindsEveryCaseAsync()
        {
            Assert.Equal("r", await Find("body=pedido%20azul"));
            Assert.Equal("ro", await Find("body=PEDIDO%20AZUL&" + month));
            Assert.Equal("sf", await Find("body=protocolo")); // s by its response body, f by its request body
            Assert.Equal("s", await Find("body=protocolo&status=success"));
            Assert.Equal("f", await Find("body=PROTOCOLO&config=webhook-1&status=5xx"));
            Assert.Equal("", await Find("body=pedido&type=webhook"));
            // Exactly 3 characters: the shortest text the trigram index (and the filter) accepts.
            Assert.Equal("r", await Find("body=zul"));
            Assert.Equal("ro", await Find("body=Zul&" + month));
            Assert.Equal("n", await Find("body=50%25")); // a LIKE wildcard, taken literally
            // FTS5 and LIKE syntax is searched for, not obeyed.
            Assert.Equal("q", await Find("body=" + Uri.EscapeDataString("\"a\" OR b*")));
            Assert.Equal("n", await Find("body=" + Uri.EscapeDataString("b* OR 50%")));
            Assert.Equal("", await Find("body=" + Uri.EscapeDataString("NOT \"")));
            // With a number or an external key, SQLite asks the index about each of their few entries instead.
            Assert.Equal("ro", await Find("number=5511911111111&body=PEDIDO&" + month));
            Assert.Equal("q", await Find("externalKey=k-q&body=" + Uri.EscapeDataString("\"A\" or B*")));
            Assert.Equal("", await Find("externalKey=k-n&body=" + Uri.EscapeDataString("\"a\" OR b*")));

        }

        // Not yet indexed: the entries above the index's mark are read directly. Then the same through the index.
        await FindsEveryCaseAsync();
        if (provider == "Sqlite") Assert.Equal(0, await IndexedAsync(app, tenant.Id, "antigo"));
        Assert.Equal(provider == "Sqlite" ? 6 : 0, await app.Services.GetRequiredService<LogBodyIndex>().CatchUpAsync(TimeSpan.FromSeconds(5), default));
        await FindsEveryCaseAsync();

        // An edited body is found by its new text only (the SQLite index's update trigger).
        await app.WithTenantAsync(tenant.Id, db => db.LogEntries.Where(e => e.ExternalKey == "k-r")
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.RequestBody, """{"body":"Pedido VERDE enviado"}""")));
        Assert.Equal("r", await Find("body=verde"));
        Assert.Equal("o", await Find("body=azul&" + month));

        if (provider == "Sqlite") Assert.Equal(1, await IndexedAsync(app, tenant.Id, "antigo"));
        Assert.Equal(1, await app.Services.GetRequiredService<LogRetention>().PurgeExpiredAsync(default));
        Assert.Equal("", await Find("body=azul&" + month));
        // The retention job's delete removed the entry from SQLite's index too, not only from the table.
        if (provider == "Sqlite") Assert.Equal(0, await IndexedAsync(app, tenant.Id, "antigo"));
    }

    [Theory]
    [InlineData("Sqlite", false)]
    [InlineData("Sqlite", true)]
    [InlineData("PostgreSql", false)]
    public async Task A_body_search_past_the_count_cap_pages_and_counts_as_the_same_entries_without_it(string provider, bool idsGrowWithTime)
    {
        // A body search reads its matches once, up to the cap, and pages from that list: the same pages and
        // the same capped count as the filters without the body, including a page past the cap (API only).
        // On SQLite the newest ids are listed first: with ids growing with time (as the app writes them) that
        // list is the page's, once sorted by date; with ids against time it is not, and the search must notice.
        await using var app = new FlowAdminApp(provider, new Dictionary<string, string?> { ["Logs:BodyIndexEnabled"] = "false" });
        var tenant = await app.CreateTenantAsync("Acme");
        var now = DateTime.UtcNow;
        var rows = LogService.CountCap + 30;
        await app.WithTenantAsync(tenant.Id, async db =>
        {
            // Ids against dates out of step every 7th entry, so an order by id alone would differ from the page's.
            // "sete" (every 7th) and "raro" (every 97th) are found fewer times than the cap, one past the probe
            // (LogService.BodyProbeLimit, walked newest first) and one within it (listed whole).
            db.LogEntries.AddRange(Enumerable.Range(0, rows).Select(i =>
                Push(1, true, 200, $"k-{i}", "5511911111111",
                    "{\"body\":\"" + (i % 7 == 0 ? "alfa sete" : "Alfa beta") + (i % 97 == 0 ? " raro" : "") + "\"}",
                    now.AddSeconds(-(idsGrowWithTime ? rows - i : i) * 3 + (i % 7 == 0 ? 5 : 0)))));
            db.LogEntries.Add(Push(2, true, 200, "k-other", "5511911111111", "gama", now.AddSeconds(-1)));
            return await db.SaveChangesAsync();
        });
        if (provider == "Sqlite") Assert.Equal(rows + 1, await app.Services.GetRequiredService<LogBodyIndex>().CatchUpAsync(TimeSpan.FromSeconds(120), default));

        async Task<LogPage> List(LogFilter filter, string? sort, int page) =>
            await app.AsTenantAsync<LogService, LogPage>(tenant.Id, s => s.ListAsync(filter, sort, sort is null, page, 25, default));
        var all = new LogFilter { ApiConfigId = 1, From = now.AddDays(-2) }; // 3 s apart, 10,000 entries span 8 hours
        var body = all with { BodyContains = "ALFA" };
        foreach (var (sort, page) in new (string?, int)[] { (null, 0), (null, 7), (null, 399), (null, 400), (null, 401), (nameof(LogRow.Id), 0), (nameof(LogRow.Id), 400) })
        {
            var expected = await List(all, sort, page);
            var found = await List(body, sort, page);
            Assert.True(found.CountCapped, $"{sort} page {page}");
            Assert.Equal(LogService.CountCap, found.TotalCount);
            Assert.Equal(expected.Items.Select(r => r.Id), found.Items.Select(r => r.Id));
            Assert.Equal(Math.Clamp(rows - page * 25, 0, 25), found.Items.Count);
        }
        var beta = await List(all with { BodyContains = "beta" }, null, 0);
        Assert.False(beta.CountCapped);
        Assert.Equal(rows - (rows + 6) / 7, beta.TotalCount);
        // Fewer matches than the cap: the same pages as the search entry by entry that a number makes (every entry
        // here has that number), which reads each entry's row and sorts by date.
        foreach (var (text, count) in new[] { ("sete", (rows + 6) / 7), ("raro", (rows + 96) / 97) })
            foreach (var (sort, page) in new (string?, int)[] { (null, 0), (null, 3), (nameof(LogRow.Id), 0), (nameof(LogRow.Id), 3) })
            {
                var expected = await List(all with { BodyContains = text, Number = "5511911111111" }, sort, page);
                var found = await List(all with { BodyContains = text }, sort, page);
                Assert.Equal(count, found.TotalCount);
                Assert.Equal(expected.TotalCount, found.TotalCount);
                Assert.Equal(expected.Items.Select(r => r.Id), found.Items.Select(r => r.Id));
            }
    }

    /// <summary>How many entries SQLite's body index itself (not the table) finds for a text.</summary>
    private static Task<int> IndexedAsync(FlowAdminApp app, int tenantId, string text) => app.WithTenantAsync(tenantId, db => db.Database
        .SqlQuery<int>($"""SELECT count(*) AS "Value" FROM "LogEntriesBodySearch" WHERE "LogEntriesBodySearch" MATCH {'"' + text + '"'}""")
        .SingleAsync());

    /// <summary>The keys of the page's entries for a Logs URL query, in the page's order; checks the count too.</summary>
    private static async Task<string> FindAsync(FlowAdminApp app, int tenantId, IReadOnlyDictionary<long, string> keys, string query,
        string? sort = null, bool descending = true, int page = 0, int size = 25)
    {
        var (filter, invalid) = LogQueryString.Parse(query);
        Assert.Empty(invalid);
        var result = await app.AsTenantAsync<LogService, LogPage>(tenantId, s => s.ListAsync(filter, sort, descending, page, size, default));
        Assert.False(result.CountCapped);
        var found = string.Concat(result.Items.Select(r => keys[r.Id]));
        Assert.True(page > 0 || found.Length == result.TotalCount, $"{query}: total {result.TotalCount} for {found}");
        return found;
    }

    [Fact]
    public void The_URL_names_each_unreadable_filter_and_round_trips_the_readable_ones()
    {
        var (_, invalid) = LogQueryString.Parse("type=fax&status=6xx&config=api-x&event=Nope&from=yesterday&to=2026-13-01&body=%20zu%20&number=" + new string('1', 21));
        Assert.Equal(["number", "body", "type", "status", "config", "event", "from", "to"], invalid);
        // The body's minimum counts characters: "olá" is 3 (4 UTF-8 bytes), "😀😀" is 2 (4 UTF-16 units).
        Assert.Equal("olá", LogQueryString.Parse("body=ol%C3%A1").Filter.BodyContains);
        Assert.Equal(["body"], LogQueryString.Parse("body=" + Uri.EscapeDataString("😀😀")).Invalid);

        var filter = new LogFilter
        {
            Type = LogType.Webhook, Status = LogStatusFilter.NetworkError, WebhookId = 7, Event = "AckMessage",
            From = new DateTime(2026, 11, 30, 3, 0, 0, DateTimeKind.Utc), To = new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc),
            ExternalKey = "a&b=c", Number = "5511999999999", BodyContains = "olá mundo",
        };
        var query = LogQueryString.ToQuery(filter);
        Assert.Contains("from=2026-11-30T03%3A00%3A00Z", query);
        var (parsed, none) = LogQueryString.Parse(query);
        Assert.Empty(none);
        Assert.Equal(filter, parsed);
    }

    internal static LogEntry Push(int config, bool ok, int? status, string key, string number, string body, DateTime at) => new()
    {
        Type = LogType.Push, ConfigName = $"API {config}", ApiConfigId = config, Event = "Push", Success = ok, HttpStatus = status,
        Error = ok ? null : "number: invalid", RequestHeaders = """{"Content-Type":"application/json"}""", RequestBody = body,
        ResponseBody = """{"message":"Message add queue"}""", ExternalKey = key, Number = number, CreatedAt = at,
    };

    internal static LogEntry Hook(int webhook, string name, bool ok, int? status, string? error, long delivery, int attempt, string body, DateTime at) => new()
    {
        Type = LogType.Webhook, ConfigName = $"Webhook {webhook}", WebhookId = webhook, Event = name, Success = ok, HttpStatus = status,
        Error = error, RequestBody = body, DeliveryId = delivery, Attempt = attempt, CreatedAt = at,
    };
}
