namespace FlowAdmin.Bench;

/// <summary>Command-line options; every default is the documented benchmark (docs/benchmarks.md).</summary>
public sealed record BenchOptions
{
    public required string AppDll { get; init; }
    public string WorkFolder { get; init; } = Path.Combine(Path.GetTempPath(), "flowadmin-bench");
    public string ResultsFolder { get; init; } = "bench/results";
    /// <summary>all, throughput, latency or drain.</summary>
    public string Phase { get; init; } = "all";
    public int Runs { get; init; } = 3;
    public int Clients { get; init; } = 64;
    public int WarmupSeconds { get; init; } = 3;
    public int DurationSeconds { get; init; } = 10;
    public int Rate { get; init; } = 1000;
    public int LatencySeconds { get; init; } = 30;
    public bool WorkerDuringLatency { get; init; } = true;
    public int DrainPushes { get; init; } = 20_000;
    public int DrainContacts { get; init; } = 1_000;
    public int Port { get; init; } = 5391;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --option value, got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }
        string? Get(string name) => values.GetValueOrDefault(name);
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v) : fallback;
        var defaults = new BenchOptions { AppDll = Get("app") ?? throw new ArgumentException("--app <path to the published FlowAdmin.Web.dll> is required.") };
        return defaults with
        {
            WorkFolder = Get("work") ?? defaults.WorkFolder,
            ResultsFolder = Get("results") ?? defaults.ResultsFolder,
            Phase = Get("phase") ?? defaults.Phase,
            Runs = Int("runs", defaults.Runs),
            Clients = Int("clients", defaults.Clients),
            WarmupSeconds = Int("warmup", defaults.WarmupSeconds),
            DurationSeconds = Int("duration", defaults.DurationSeconds),
            Rate = Int("rate", defaults.Rate),
            LatencySeconds = Int("latency-duration", defaults.LatencySeconds),
            WorkerDuringLatency = Get("worker-during-latency") is not { } w || bool.Parse(w),
            DrainPushes = Int("drain-pushes", defaults.DrainPushes),
            DrainContacts = Int("drain-contacts", defaults.DrainContacts),
            Port = Int("port", defaults.Port),
        };
    }
}
