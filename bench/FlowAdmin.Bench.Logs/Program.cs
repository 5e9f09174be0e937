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

var tenant = new BenchTenant { TenantId = 1 };
var services = new ServiceCollection()
    .AddSingleton<ITenantScope>(tenant)
    .AddDbContextFactory<AppDbContext>(o => DataServices.Configure(o, "Sqlite", $"Data Source={path}"), ServiceLifetime.Scoped)
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

var (externalKey, number) = await Sample(factory);
var now = DateTime.UtcNow;
var week = new LogFilter { From = now.AddDays(-7) };
var month = new LogFilter { From = now.AddDays(-31) };
var scenarios = new (string Name, LogFilter Filter, string? Sort)[]
{
    ("default: last 24 h", new(), null),
    ("type = webhook", new() { Type = LogType.Webhook }, null),
    ("type = push", new() { Type = LogType.Push }, null),
    ("status = success", new() { Status = LogStatusFilter.Success }, null),
    ("status = failure", new() { Status = LogStatusFilter.Failure }, null),
    ("status = 4xx", new() { Status = LogStatusFilter.Status4xx }, null),
    ("status = 5xx", new() { Status = LogStatusFilter.Status5xx }, null),
    ("status = network error", new() { Status = LogStatusFilter.NetworkError }, null),
    ("config = API 3", new() { ApiConfigId = 3 }, null),
    ("config = Webhook 2", new() { WebhookId = 2 }, null),
    ("event = FinishedTicket", new() { Event = "FinishedTicket" }, null),
    ("event = ConnectionStatusUpdate", new() { Event = "ConnectionStatusUpdate" }, null),
    ("externalKey (30 days)", month with { ExternalKey = externalKey }, null),
    ("number (30 days)", month with { Number = number }, null),
    ("body contains, frequent (24 h)", new() { BodyContains = "FinishedTicket" }, null),
    ("body contains, absent (24 h)", new() { BodyContains = "no-such-text" }, null),
    ("range: last 7 days", week, null),
    ("range: last 30 days", month, null),
    ("sort by Nome (24 h)", new(), nameof(LogRow.ConfigName)),
    ("webhook + failure", new() { Type = LogType.Webhook, Status = LogStatusFilter.Failure }, null),
    ("Webhook 2 + NewMessage + failure (7 d)", week with { WebhookId = 2, Event = "NewMessage", Status = LogStatusFilter.Failure }, null),
    ("push + 4xx (7 d)", week with { Type = LogType.Push, Status = LogStatusFilter.Status4xx }, null),
    ("API 3 + failure (30 d)", month with { ApiConfigId = 3, Status = LogStatusFilter.Failure }, null),
    ("number + push (30 d)", month with { Number = number, Type = LogType.Push }, null),
    ("push + body contains (24 h)", new() { Type = LogType.Push, BodyContains = "Pedido 1" }, null),
};
var runs = int.Parse(Arg("runs", "30"));
var repeat = int.Parse(Arg("repeat", "3"));
await Measure.PagesAsync(logs, scenarios, runs, repeat);
await Measure.DetailsAsync(logs, factory, runs * 5, repeat);

static async Task<(string ExternalKey, string Number)> Sample(IDbContextFactory<AppDbContext> factory)
{
    await using var db = await factory.CreateDbContextAsync();
    var push = await db.LogEntries.Where(e => e.Type == LogType.Push && e.ExternalKey != null).OrderByDescending(e => e.Id).Skip(5000)
        .Select(e => new { e.ExternalKey, e.Number }).FirstAsync();
    return (push.ExternalKey!, push.Number!);
}
