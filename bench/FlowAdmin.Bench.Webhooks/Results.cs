using System.Text;

namespace FlowAdmin.Bench.Webhooks;

public sealed record Throughput(double RecordedPerSecond, double SentPerSecond, double BarePerSecond)
{
    public double Ratio => RecordedPerSecond / BarePerSecond;
}

/// <summary>Percentiles over every measured delivery; one that never arrived counts as an infinite latency.</summary>
public sealed record Latency(int Count, int Missing, double P50, double P99, double Max)
{
    public static Latency Of(IEnumerable<double> values)
    {
        var all = values.ToList();
        var arrived = all.Where(v => v >= 0).Order().ToList();
        if (all.Count == 0) return new Latency(0, 0, double.NaN, double.NaN, double.NaN);
        // Ranked over all deliveries: a percentile that falls among the missing ones is infinite.
        double At(double q)
        {
            var rank = Math.Max(0, (int)Math.Ceiling(q * all.Count) - 1);
            return rank < arrived.Count ? arrived[rank] : double.PositiveInfinity;
        }
        var missing = all.Count - arrived.Count;
        return new Latency(arrived.Count, missing, At(0.50), At(0.99), missing > 0 ? double.PositiveInfinity : arrived[^1]);
    }

    public override string ToString() => $"p50 {Ms(P50)} ms, p99 {Ms(P99)} ms, max {Ms(Max)} ms (n={Count}, missing {Missing})";

    public static string Ms(double ms) => double.IsPositiveInfinity(ms) ? "∞" : ms.ToString("F1");
}

public sealed record Isolation(Latency Baseline, Latency NineWithOneTimingOut)
{
    public double P99Factor => NineWithOneTimingOut.P99 / Baseline.P99;
}

public sealed class RunResult(int run)
{
    public Throughput? Throughput { get; set; }
    public Latency? Latency { get; set; }
    public Isolation? Isolation { get; set; }

    public override string ToString()
    {
        var s = new StringBuilder($"run {run}:");
        if (Throughput is { } t)
            s.Append($"\n  throughput: {t.RecordedPerSecond:F0} deliveries/s recorded ({t.SentPerSecond:F0}/s at the receiver); bare HttpClient {t.BarePerSecond:F0}/s; ratio {t.Ratio:F2}");
        if (Latency is { } l) s.Append($"\n  committed → delivered: {l}");
        if (Isolation is { } i)
            s.Append($"\n  isolation: ten healthy {i.Baseline}; nine beside one timing out {i.NineWithOneTimingOut}; p99 ×{i.P99Factor:F2}");
        return s.ToString();
    }

    public static string Medians(IReadOnlyList<RunResult> runs)
    {
        static double Median(IEnumerable<double> values)
        {
            var v = values.Order().ToList();
            return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
        }
        var s = new StringBuilder($"medians of {runs.Count} runs:");
        var t = runs.Select(r => r.Throughput).OfType<Throughput>().ToList();
        if (t.Count > 0)
            s.Append($"\n| deliveries/s recorded | at receiver | bare HttpClient/s | ratio |\n| {Median(t.Select(x => x.RecordedPerSecond)):F0} | {Median(t.Select(x => x.SentPerSecond)):F0} | {Median(t.Select(x => x.BarePerSecond)):F0} | {Median(t.Select(x => x.Ratio)):F2} |");
        var l = runs.Select(r => r.Latency).OfType<Latency>().ToList();
        if (l.Count > 0)
            s.Append($"\n| latency p50 ms | p99 ms | max ms |\n| {Latency.Ms(Median(l.Select(x => x.P50)))} | {Latency.Ms(Median(l.Select(x => x.P99)))} | {Latency.Ms(Median(l.Select(x => x.Max)))} |");
        var i = runs.Select(r => r.Isolation).OfType<Isolation>().ToList();
        if (i.Count > 0)
            s.Append($"\n| baseline p50 / p99 ms | nine beside a timing-out one p50 / p99 ms | p99 factor |\n| {Latency.Ms(Median(i.Select(x => x.Baseline.P50)))} / {Latency.Ms(Median(i.Select(x => x.Baseline.P99)))} | {Latency.Ms(Median(i.Select(x => x.NineWithOneTimingOut.P50)))} / {Latency.Ms(Median(i.Select(x => x.NineWithOneTimingOut.P99)))} | {Median(i.Select(x => x.P99Factor)):F2} |");
        return s.ToString();
    }
}
