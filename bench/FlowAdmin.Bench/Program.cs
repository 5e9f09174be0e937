using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FlowAdmin.Bench;

// bench/push.sh publishes the app and this tool, then runs: FlowAdmin.Bench --app <published FlowAdmin.Web.dll> [options]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;

// The source's text example, byte for byte the body the tenants' systems send.
const string textExample = """
    {
       "body": "MENSAGEM",
       "number": "5511999999999",
       "externalKey": "123456"
    }
    """;
var body = Encoding.UTF8.GetBytes(textExample);
var report = new Report(options);
report.Machine();
var port = options.Port;

for (var run = 1; run <= options.Runs; run++)
{
    if (options.Phase is "all" or "throughput")
    {
        await using var app = await StartAsync(run, "throughput", worker: false, bare: true);
        var tokens = await BenchDatabase.SeedConfigsAsync(app.DatabasePath, options.Clients, ct);
        using var http = Load.NewClient(options.Clients);
        var push = tokens.Select(t => new Uri(app.BaseAddress, $"api/push/{t}").ToString()).ToList();
        var bare = tokens.Select(t => new Uri(app.BaseAddress, $"api/bench/bare/{t}").ToString()).ToList();
        var warm = TimeSpan.FromSeconds(options.WarmupSeconds);
        var span = TimeSpan.FromSeconds(options.DurationSeconds);
        var cpu = () => app.CpuTime;
        var bareResult = await Load.ClosedAsync(http, bare, body, options.Clients, warm, span, cpu, ct);
        var pushResult = await Load.ClosedAsync(http, push, body, options.Clients, warm, span, cpu, ct);
        var state = await BenchDatabase.ReadQueueAsync(app.DatabasePath, ct);
        report.Throughput(run, bareResult, pushResult, state);
    }
    if (options.Phase is "all" or "latency")
    {
        await using var app = await StartAsync(run, "latency", worker: options.WorkerDuringLatency, bare: false);
        var tokens = await BenchDatabase.SeedConfigsAsync(app.DatabasePath, options.Clients, ct);
        using var http = Load.NewClient(256);
        var push = tokens.Select(t => new Uri(app.BaseAddress, $"api/push/{t}").ToString()).ToList();
        var result = await Load.OpenAsync(http, push, body, options.Rate, TimeSpan.FromSeconds(options.WarmupSeconds + 2),
            TimeSpan.FromSeconds(options.LatencySeconds), () => app.CpuTime, ct);
        var state = await BenchDatabase.ReadQueueAsync(app.DatabasePath, ct);
        report.Latency(run, result, state);
    }
    if (options.Phase is "all" or "drain")
    {
        var folder = Folder(run, "drain");
        IReadOnlyList<string> tokens;
        await using (var loader = await AppProcess.StartAsync(options.AppDll, folder, port, Settings(worker: false, bare: false), ct))
        {
            tokens = await BenchDatabase.SeedConfigsAsync(loader.DatabasePath, options.Clients, ct);
            using var http = Load.NewClient(options.Clients);
            var urls = tokens.Select(t => new Uri(loader.BaseAddress, $"api/push/{t}").ToString()).ToList();
            await PreloadAsync(http, urls, options.DrainPushes, options.DrainContacts, ct);
        }
        var started = DateTime.UtcNow;
        var wall = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(options.AppDll, folder, port, Settings(worker: true, bare: false), ct);
        var cpuBefore = app.CpuTime;
        BenchDatabase.QueueState state;
        while (true)
        {
            state = await BenchDatabase.ReadQueueAsync(app.DatabasePath, ct);
            if (state.Done + state.Failed >= options.DrainPushes || wall.Elapsed > TimeSpan.FromMinutes(5)) break;
            await Task.Delay(200, ct);
        }
        report.Drain(run, state, wall.Elapsed, (app.CpuTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds, started);
    }
}
report.Summary();
await report.SaveAsync(ct);
return 0;

string Folder(int run, string phase) => Path.Combine(options.WorkFolder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{phase}-{run}");

Dictionary<string, string> Settings(bool worker, bool bare) => new()
{
    ["FlowAdmin:Push:WorkerEnabled"] = worker ? "true" : "false",
    ["FlowAdmin:Bench:BareEndpoint"] = bare ? "true" : "false",
};

Task<AppProcess> StartAsync(int run, string phase, bool worker, bool bare) =>
    AppProcess.StartAsync(options.AppDll, Folder(run, phase), port, Settings(worker, bare), ct);

// The worker's input: the text example to `contacts` different numbers, round robin, so consecutive
// pushes of one contact are spread over the queue as they would be in real traffic.
static async Task PreloadAsync(HttpClient http, IReadOnlyList<string> urls, int count, int contacts, CancellationToken ct)
{
    long next = -1, failed = 0;
    await Task.WhenAll(Enumerable.Range(0, urls.Count).Select(i => Task.Run(async () =>
    {
        long k;
        while ((k = Interlocked.Increment(ref next)) < count)
        {
            var json = $$"""{"body":"MENSAGEM {{k}}","number":"55119{{k % contacts:00000000}}","externalKey":"{{k}}"}""";
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(urls[i], content, ct);
            if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failed);
        }
    }, ct)));
    if (failed > 0) throw new InvalidOperationException($"{failed} pushes of the preload were not accepted.");
}
