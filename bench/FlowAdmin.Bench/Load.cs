using System.Diagnostics;
using System.Net;

namespace FlowAdmin.Bench;

public sealed record LoadResult(double Seconds, long Ok, long Other, long Errors, Percentiles Latency, double ServerCpuCores)
{
    public double OkPerSecond => Ok / Seconds;
}

public sealed record Percentiles(double P50, double P90, double P99, double P999, double Max, int Count)
{
    public static Percentiles Of(List<double> values)
    {
        if (values.Count == 0) return new(0, 0, 0, 0, 0, 0);
        values.Sort();
        double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
        return new(At(0.50), At(0.90), At(0.99), At(0.999), values[^1], values.Count);
    }

    public override string ToString() => $"p50 {P50:0.00} ms, p90 {P90:0.00} ms, p99 {P99:0.00} ms, p99.9 {P999:0.00} ms, max {Max:0.00} ms (n={Count})";
}

/// <summary>The two load shapes: closed loop (N clients, each sends again as soon as it is answered) and open loop at a fixed rate.</summary>
public static class Load
{
    public const int WarmupRequests = 3000;

    public static HttpClient NewClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<HttpStatusCode?> PostAsync(HttpClient http, string url, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null; // the client's own 30 s timeout
        }
    }

    /// <summary>
    /// <paramref name="clients"/> loops, client i posting to urls[i % urls.Count] as fast as it is answered,
    /// for warm-up then measurement; only answers to requests sent inside the measured window count.
    /// The warm-up lasts at least <paramref name="warmup"/> and at least <see cref="WarmupRequests"/>
    /// answers (at most a minute), so the app's code is JIT-optimised (tier 1) before it is measured
    /// even on a slow or busy machine.
    /// </summary>
    public static async Task<LoadResult> ClosedAsync(HttpClient http, IReadOnlyList<string> urls, byte[] body, int clients,
        TimeSpan warmup, TimeSpan duration, Func<TimeSpan> serverCpu, CancellationToken ct)
    {
        long ok = 0, other = 0, errors = 0, warmed = 0;
        var latencies = new List<double>[clients];
        var begin = Stopwatch.GetTimestamp();
        long measureFrom = long.MaxValue, measureTo = long.MaxValue;
        var cpuAtStart = TimeSpan.Zero;
        var cpuTimer = Task.Run(async () =>
        {
            await Task.Delay(warmup, ct);
            while (Interlocked.Read(ref warmed) < WarmupRequests && Stopwatch.GetElapsedTime(begin) < TimeSpan.FromMinutes(1))
                await Task.Delay(50, ct);
            cpuAtStart = serverCpu();
            var now = Stopwatch.GetTimestamp();
            Volatile.Write(ref measureTo, now + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            Volatile.Write(ref measureFrom, now);
        }, ct);
        var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<double>(100_000);
            var url = urls[i % urls.Count];
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= Volatile.Read(ref measureTo)) return;
                var from = Volatile.Read(ref measureFrom);
                var status = await PostAsync(http, url, body, ct);
                if (sent < from)
                {
                    Interlocked.Increment(ref warmed);
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (status == HttpStatusCode.OK) Interlocked.Increment(ref ok);
                else if (status is null) Interlocked.Increment(ref errors);
                else Interlocked.Increment(ref other);
            }
        }, ct)).ToList();
        await cpuTimer;
        await Task.WhenAll(workers);
        var cpu = serverCpu() - cpuAtStart;
        // Requests sent just before the end finish a little after it; the window is the sent-time window.
        return new LoadResult(duration.TotalSeconds, ok, other, errors, Percentiles.Of([.. latencies.SelectMany(l => l)]), cpu.TotalSeconds / duration.TotalSeconds);
    }

    /// <summary>
    /// Open loop at <paramref name="rate"/> requests per second: request k is due at start + k/rate and is
    /// sent then whether or not earlier ones were answered; its latency is measured from that due time,
    /// so a stall of the server (or of this generator) counts against every request it delayed
    /// (no coordinated omission).
    /// </summary>
    public static async Task<LoadResult> OpenAsync(HttpClient http, IReadOnlyList<string> urls, byte[] body, int rate,
        TimeSpan warmup, TimeSpan duration, Func<TimeSpan> serverCpu, CancellationToken ct)
    {
        long ok = 0, other = 0, errors = 0;
        var latencies = new List<double>((int)(rate * duration.TotalSeconds) + 16);
        var inFlight = new List<Task>();
        var total = (long)(rate * (warmup + duration).TotalSeconds);
        var warmupCount = (long)(rate * warmup.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        var cpuAtStart = TimeSpan.Zero;
        for (long k = 0; k < total; k++)
        {
            var due = start + k * Stopwatch.Frequency / rate;
            // Sleep until due (to within the timer's ~1 ms), then send everything due: no spinning, which
            // would take one of the machine's two cores from the app under test.
            while (Stopwatch.GetTimestamp() < due) await Task.Delay(1, ct);
            if (k == warmupCount) cpuAtStart = serverCpu();
            var measured = k >= warmupCount;
            var url = urls[(int)(k % urls.Count)];
            inFlight.Add(Task.Run(async () =>
            {
                var status = await PostAsync(http, url, body, ct);
                if (!measured) return;
                var latency = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
                lock (latencies) latencies.Add(latency);
                if (status == HttpStatusCode.OK) Interlocked.Increment(ref ok);
                else if (status is null) Interlocked.Increment(ref errors);
                else Interlocked.Increment(ref other);
            }, ct));
            if (inFlight.Count > 4096) inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight);
        var cpu = serverCpu() - cpuAtStart;
        return new LoadResult(duration.TotalSeconds, ok, other, errors, Percentiles.Of(latencies), cpu.TotalSeconds / duration.TotalSeconds);
    }
}
