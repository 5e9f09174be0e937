using System.Diagnostics;
using System.Text;

namespace FlowAdmin.Bench;

/// <summary>Prints each run as it ends and the medians at the end; saves the lot as Markdown under bench/results.</summary>
public sealed class Report(BenchOptions options)
{
    private readonly StringBuilder _text = new();
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly List<(double Bare, double Push, double Ratio)> _throughput = [];
    private readonly List<(double P50, double P99, double P999, double Achieved)> _latency = [];
    private readonly List<(double PerSecondDb, double PerSecondWall)> _drain = [];

    private void Line(string line)
    {
        Console.WriteLine(line);
        _text.AppendLine(line);
    }

    public void Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        Line($"# FlowAdmin benchmark, {_started:yyyy-MM-dd HH:mm} UTC");
        Line("");
        Line($"- Machine: {Environment.ProcessorCount} logical CPUs ({cpu ?? "unknown CPU"}), {Environment.OSVersion}, .NET {Environment.Version}");
        Line($"- Load average at start: {LoadAverage()}");
        Line($"- Options: runs {options.Runs}, clients {options.Clients}, warm-up {options.WarmupSeconds} s, measured {options.DurationSeconds} s; " +
             $"open loop {options.Rate}/s for {options.LatencySeconds} s (worker {(options.WorkerDuringLatency ? "on" : "off")}); " +
             $"drain {options.DrainPushes} pushes to {options.DrainContacts} contacts");
        Line("");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public void Throughput(int run, LoadResult bare, LoadResult push, BenchDatabase.QueueState state)
    {
        var ratio = push.OkPerSecond / bare.OkPerSecond;
        _throughput.Add((bare.OkPerSecond, push.OkPerSecond, ratio));
        Line($"## Run {run}: intake throughput ({options.Clients} clients, closed loop)");
        Line($"- bare endpoint: {bare.OkPerSecond:0} answers/s (other {bare.Other}, errors {bare.Errors}), app CPU {bare.ServerCpuCores:0.00} cores; {bare.Latency}");
        Line($"- POST /api/push/{{token}}: {push.OkPerSecond:0} accepted/s (other {push.Other}, errors {push.Errors}), app CPU {push.ServerCpuCores:0.00} cores; {push.Latency}");
        Line($"- ratio push/bare: {ratio:0.00}; in the database afterwards: {state.Queued} queued pushes, {state.LogEntries} log entries");
        Line("");
    }

    public void Latency(int run, LoadResult result, BenchDatabase.QueueState state)
    {
        _latency.Add((result.Latency.P50, result.Latency.P99, result.Latency.P999, result.OkPerSecond));
        Line($"## Run {run}: latency at a steady {options.Rate} requests/s (open loop, from the scheduled send time)");
        Line($"- {result.OkPerSecond:0} accepted/s (other {result.Other}, errors {result.Errors}), app CPU {result.ServerCpuCores:0.00} cores");
        Line($"- {result.Latency}");
        Line($"- queue afterwards: {state.Queued} queued, {state.Routed} routed, {state.Done} done, {state.Failed} failed");
        Line("");
    }

    public void Drain(int run, BenchDatabase.QueueState state, TimeSpan wall, double cpuCores, DateTime started)
    {
        var processed = state.Done + state.Failed;
        var span = state.LastProcessed - state.FirstProcessed;
        var perSecondDb = span is { TotalSeconds: > 0 } s ? processed / s.TotalSeconds : 0;
        var perSecondWall = processed / wall.TotalSeconds;
        _drain.Add((perSecondDb, perSecondWall));
        Line($"## Run {run}: worker drain ({options.DrainPushes} queued pushes, {options.DrainContacts} contacts, Sandbox transport)");
        Line($"- {processed} processed ({state.Done} done, {state.Failed} failed, {state.Queued + state.Routed} left), {state.Messages} messages, {state.Tickets} tickets");
        Line($"- {perSecondDb:0} pushes/s between the first and the last ProcessedAt ({span?.TotalSeconds:0.0} s); " +
             $"{perSecondWall:0}/s over the wall time including app start ({wall.TotalSeconds:0.0} s); app CPU {cpuCores:0.00} cores");
        Line("");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public void Summary()
    {
        Line($"## Medians of {options.Runs} run(s)");
        Line("");
        Line("| Figure | Median | Goal |");
        Line("|---|---|---|");
        if (_throughput.Count > 0)
        {
            Line($"| Accepted pushes/s, {options.Clients} clients | {Median(_throughput.Select(t => t.Push)):0} | >= 5000 |");
            Line($"| Bare endpoint answers/s, same run | {Median(_throughput.Select(t => t.Bare)):0} | |");
            Line($"| Ratio push/bare | {Median(_throughput.Select(t => t.Ratio)):0.00} | >= 0.25 |");
        }
        if (_latency.Count > 0)
        {
            Line($"| p50 at {options.Rate}/s | {Median(_latency.Select(l => l.P50)):0.00} ms | |");
            Line($"| p99 at {options.Rate}/s | {Median(_latency.Select(l => l.P99)):0.00} ms | < 25 ms |");
            Line($"| p99.9 at {options.Rate}/s | {Median(_latency.Select(l => l.P999)):0.00} ms | |");
        }
        if (_drain.Count > 0)
            Line($"| Queued pushes routed and sent/s (Sandbox) | {Median(_drain.Select(d => d.PerSecondDb)):0} | >= 2000 |");
        Line("");
        Line($"Load average at the end: {LoadAverage()}; total time {(DateTime.UtcNow - _started).TotalMinutes:0.0} min.");
    }

    public async Task SaveAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(options.ResultsFolder);
        var path = Path.Combine(options.ResultsFolder, $"push-{_started:yyyy-MM-ddTHHmm}Z-{options.Phase}.md");
        await File.WriteAllTextAsync(path, _text.ToString(), ct);
        Console.WriteLine($"Saved {path}");
    }
}
