using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using FlowAdmin.Bench.Logs;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Logs;
using FlowAdmin.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// dotnet run -c Release --project bench/FlowAdmin.Bench.Logs -- seed  [--db PATH] [--rows 1000000]
// dotnet run -c Release --project bench/FlowAdmin.Bench.Logs -- run   [--db PATH] [--runs 30] [--repeat 3]
// dotnet run -c Release --project bench/FlowAdmin.Bench.Logs -- export [--db PATH] [--rows 100000]
// dotnet run -c Release --project bench/FlowAdmin.Bench.Logs -- plan  [--db PATH] [--only TEXT]   (SQL + EXPLAIN QUERY PLAN)
// dotnet run -c Release --project bench/FlowAdmin.Bench.Logs -- writes [--db PATH] [--rows 2000]  (the body index's cost per write)
// dotnet run -c Release --project bench/FlowAdmin.Bench.Logs -- index [--db PATH]                 (fills the body index of a file seeded without it)
// run and plan take --only TEXT to keep the scenarios whose name contains TEXT.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var verb = args.FirstOrDefault() ?? "run";
string Arg(string name, string fallback) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback;
var path = Path.GetFullPath(Arg("db", Path.Combine(Path.GetTempPath(), "flowadmin-logs-bench.db")));

if (verb == "seed")
{
    var rows = int.Parse(Arg("rows", "1000000"));
    var watch = Stopwatch.StartNew();
    Console.WriteLine($"Seeding {rows:N0} log entries into {path}");
    await Seeder.SeedAsync(path, rows, default);
    Console.WriteLine($"Seeded in {watch.Elapsed.TotalSeconds:F0} s; file {new FileInfo(path).Length / 1024 / 1024:N0} MiB");
    return;
}

if (verb == "index")
{
    await using var connection = new SqliteConnection($"Data Source={path}");
    await connection.OpenAsync();
    await Seeder.IndexBodiesAsync(connection, default);
    return;
}

if (verb == "writes")
{
    await Writes.MeasureAsync(path, int.Parse(Arg("rows", "2000")));
    return;
}

var tenant = new BenchTenant { TenantId = 1 };
var services = new ServiceCollection()
    .AddSingleton<ITenantScope>(tenant)
    .AddDbContextFactory<AppDbContext>(o =>
    {
        DataServices.Configure(o, "Sqlite", $"Data Source={path}");
        if (verb == "plan") o.AddInterceptors(new QueryPlans());
    }, ServiceLifetime.Scoped)
    .AddScoped<LogService>()
    .BuildServiceProvider();
await using var scope = services.CreateAsyncScope();
var logs = scope.ServiceProvider.GetRequiredService<LogService>();
var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();

if (verb == "export")
{
    var rows = int.Parse(Arg("rows", "100000"));
    await Measure.ExportAsync(logs, factory, rows);
    return;
}

var (externalKey, number, newest) = await Sample(factory);
// "Now" is the newest entry's time, not the clock: the seeded 30 days end when seeding ended, and a
// run hours later would otherwise find fewer rows in "the last 24 h" and look faster than it is.
var now = newest.AddSeconds(1);
var day = new LogFilter { From = now.AddHours(-24) };
var week = new LogFilter { From = now.AddDays(-7) };
var month = new LogFilter { From = now.AddDays(-31) };
var scenarios = new (string Name, LogFilter Filter, string? Sort)[]
{
    ("default: last 24 h", day, null),
    ("type = webhook", day with { Type = LogType.Webhook }, null),
    ("type = push", day with { Type = LogType.Push }, null),
    ("status = success", day with { Status = LogStatusFilter.Success }, null),
    ("status = failure", day with { Status = LogStatusFilter.Failure }, null),
    ("status = 4xx", day with { Status = LogStatusFilter.Status4xx }, null),
    ("status = 5xx", day with { Status = LogStatusFilter.Status5xx }, null),
    ("status = network error", day with { Status = LogStatusFilter.NetworkError }, null),
    ("config = API 3", day with { ApiConfigId = 3 }, null),
    ("config = Webhook 2", day with { WebhookId = 2 }, null),
    ("event = FinishedTicket", day with { Event = "FinishedTicket" }, null),
    ("event = ConnectionStatusUpdate", day with { Event = "ConnectionStatusUpdate" }, null),
    ("externalKey (30 days)", month with { ExternalKey = externalKey }, null),
    ("number (30 days)", month with { Number = number }, null),
    ("body contains, frequent (24 h)", day with { BodyContains = "FinishedTicket" }, null),
    ("body contains, absent (24 h)", day with { BodyContains = "no-such-text" }, null),
    ("body contains, other case (24 h)", day with { BodyContains = "finishedticket" }, null),
    ("body contains, a number (30 days)", month with { BodyContains = number }, null),
    ("body contains, frequent (7 d)", week with { BodyContains = "FinishedTicket" }, null),
    ("body contains, frequent (30 d)", month with { BodyContains = "FinishedTicket" }, null),
    ("body contains, 3 characters (24 h)", day with { BodyContains = "Ped" }, null),
    ("body contains, 3 characters (7 d)", week with { BodyContains = "Ped" }, null),
    ("body contains, 3 characters (30 d)", month with { BodyContains = "Ped" }, null),
    ("body contains, 3 characters, sort by # (30 d)", month with { BodyContains = "Ped" }, "-" + nameof(LogRow.Id)),
    ("range: last 7 days", week, null),
    ("range: last 30 days", month, null),
    ("sort by Nome (24 h)", day, nameof(LogRow.ConfigName)),
    ("sort by Nome (7 d)", week, nameof(LogRow.ConfigName)),
    ("sort by Nome (30 d)", month, nameof(LogRow.ConfigName)),
    ("sort by Nome descending (30 d)", month, "-" + nameof(LogRow.ConfigName)),
    ("sort by Evento (30 d)", month, nameof(LogRow.Event)),
    ("sort by Tipo (30 d)", month, nameof(LogRow.Type)),
    ("sort by Status (30 d)", month, nameof(LogRow.HttpStatus)),
    ("sort by # ascending (24 h)", day, nameof(LogRow.Id)),
    ("sort by # ascending (7 d)", week, nameof(LogRow.Id)),
    ("sort by # descending (24 h)", day, "-" + nameof(LogRow.Id)),
    ("sort by Data ascending (24 h)", day, nameof(LogRow.CreatedAt)),
    ("sort by Nome + failure (7 d)", week with { Status = LogStatusFilter.Failure }, nameof(LogRow.ConfigName)),
    ("webhook + failure", day with { Type = LogType.Webhook, Status = LogStatusFilter.Failure }, null),
    ("Webhook 2 + NewMessage + failure (7 d)", week with { WebhookId = 2, Event = "NewMessage", Status = LogStatusFilter.Failure }, null),
    ("push + 4xx (7 d)", week with { Type = LogType.Push, Status = LogStatusFilter.Status4xx }, null),
    ("API 3 + failure (30 d)", month with { ApiConfigId = 3, Status = LogStatusFilter.Failure }, null),
    ("number + push (30 d)", month with { Number = number, Type = LogType.Push }, null),
    ("push + 5xx (30 d; no push answers 5xx)", month with { Type = LogType.Push, Status = LogStatusFilter.Status5xx }, null),
    ("API 3 + network error (30 d; none)", month with { ApiConfigId = 3, Status = LogStatusFilter.NetworkError }, null),
    ("push + body contains (24 h)", day with { Type = LogType.Push, BodyContains = "Pedido 99" }, null),
    ("webhook + failure + body contains (7 d)", week with { Type = LogType.Webhook, Status = LogStatusFilter.Failure, BodyContains = "FinishedTicket" }, null),
    ("Webhook 2 + body contains (24 h)", day with { WebhookId = 2, BodyContains = "NewMessage" }, null),
    ("number + body contains (30 d)", month with { Number = number, BodyContains = "Pedido" }, null),
};
var only = Arg("only", "");
scenarios = [.. scenarios.Where(s => s.Name.Contains(only, StringComparison.OrdinalIgnoreCase))];
if (verb == "plan")
{
    foreach (var (name, filter, sort) in scenarios)
    {
        Console.WriteLine($"## {name}");
        await logs.ListAsync(filter, Measure.SortOf(sort).By, Measure.SortOf(sort).Descending, 0, 25, default);
    }
    return;
}
var runs = int.Parse(Arg("runs", "30"));
var repeat = int.Parse(Arg("repeat", "3"));
await Measure.PagesAsync(logs, scenarios, runs, repeat);
await Measure.DetailsAsync(logs, factory, runs * 5, repeat);

static async Task<(string ExternalKey, string Number, DateTime Newest)> Sample(IDbContextFactory<AppDbContext> factory)
{
    await using var db = await factory.CreateDbContextAsync();
    var newest = await db.LogEntries.MaxAsync(e => e.CreatedAt);
    var push = await db.LogEntries.Where(e => e.Type == LogType.Push && e.ExternalKey != null).OrderByDescending(e => e.Id).Skip(5000)
        .Select(e => new { e.ExternalKey, e.Number }).FirstAsync();
    return (push.ExternalKey!, push.Number!, newest);
}
