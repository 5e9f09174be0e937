using System.Text;

namespace FlowAdmin.Bench.Webhooks;

public sealed record Throughput(double RecordedPerSecond, double SentPerSecond, double BarePerSecond)
{
    public double Ratio => RecordedPerSecond / BarePerSecond;
}

public sealed record Latency(int Count, int Missing, double P50, double P99, double Max)
{
    public static Latency Of(IEnumerable<double> values)
    {
        var all = values.ToList();
        var arrived = all.Where(v => v >= 0).Order().ToList();
        if (arrived.Count == 0) return new Latency(0, all.Count, double.NaN, double.NaN, double.NaN);
        double At(double q) => arrived[Math.Min(arrived.Count - 1, (int)Math.Ceiling(q * arrived.Count) - 1)];
        return new Latency(arrived.Count, all.Count - arrived.Count, At(0.50), At(0.99), arrived[^1]);
    }

    public override string ToString() => $"p50 {P50:F1} ms, p99 {P99:F1} ms, max {Max:F0} ms (n={Count}, missing {Missing})";
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
            s.Append($"\n| latency p50 ms | p99 ms | max ms |\n| {Median(l.Select(x => x.P50)):F1} | {Median(l.Select(x => x.P99)):F1} | {Median(l.Select(x => x.Max)):F0} |");
        var i = runs.Select(r => r.Isolation).OfType<Isolation>().ToList();
        if (i.Count > 0)
            s.Append($"\n| baseline p50 / p99 ms | nine beside a timing-out one p50 / p99 ms | p99 factor |\n| {Median(i.Select(x => x.Baseline.P50)):F1} / {Median(i.Select(x => x.Baseline.P99)):F1} | {Median(i.Select(x => x.NineWithOneTimingOut.P50)):F1} / {Median(i.Select(x => x.NineWithOneTimingOut.P99)):F1} | {Median(i.Select(x => x.P99Factor)):F2} |");
        return s.ToString();
    }
}
