using System.Diagnostics;
using System.Security.Claims;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Logs;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Bench.Logs;

/// <summary>Times the Logs service calls: each scenario's first page, the detail, the CSV export (with peak memory).</summary>
public static class Measure
{
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Administrator)], "bench"));

    public static async Task PagesAsync(LogService logs, IReadOnlyList<(string Name, LogFilter Filter, string? Sort)> scenarios, int runs, int repeat)
    {
        Console.WriteLine($"First page (25 rows + capped count), {runs} runs per scenario after 3 warm-ups, {repeat} repeats: median of the repeats' p50 / p95 (ms)");
        Console.WriteLine($"| scenario | rows counted | p50 | p95 |");
        Console.WriteLine($"| --- | ---: | ---: | ---: |");
        foreach (var (name, filter, sort) in scenarios)
        {
            var p50s = new List<double>();
            var p95s = new List<double>();
            var count = "";
            for (var r = 0; r < repeat; r++)
            {
                for (var w = 0; w < 3; w++) await logs.ListAsync(filter, SortOf(sort).By, SortOf(sort).Descending, 0, 25, default);
                var times = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var page = await logs.ListAsync(filter, SortOf(sort).By, SortOf(sort).Descending, 0, 25, default);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    count = page.CountCapped ? $"{page.TotalCount}+" : page.TotalCount.ToString();
                }
                p50s.Add(Percentile(times, 50));
                p95s.Add(Percentile(times, 95));
            }
            Console.WriteLine($"| {name} | {count} | {Median(p50s):F1} | {Median(p95s):F1} |");
        }
    }

    /// <summary>A scenario's sort: none is the grid's default (Data, newest first); "-Name" is Name descending.</summary>
    public static (string? By, bool Descending) SortOf(string? sort) =>
        sort is null ? (null, true) : sort.StartsWith('-') ? (sort[1..], true) : (sort, false);

    public static async Task DetailsAsync(LogService logs, IDbContextFactory<AppDbContext> factory, int runs, int repeat)
    {
        List<long> ids;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var max = await db.LogEntries.MaxAsync(e => e.Id);
            var random = new Random(7);
            ids = [.. Enumerable.Range(0, runs).Select(_ => (long)random.NextInt64(1, max))];
        }
        var p50s = new List<double>();
        var p95s = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var times = new List<double>();
            foreach (var id in ids)
            {
                var start = Stopwatch.GetTimestamp();
                await logs.GetDetailAsync(id, Admin, default);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            p50s.Add(Percentile(times, 50));
            p95s.Add(Percentile(times, 95));
        }
        Console.WriteLine($"Detail (random ids, timeline of the delivery included), {runs} per repeat, {repeat} repeats: p50 {Median(p50s):F1} ms, p95 {Median(p95s):F1} ms");
    }

    /// <summary>Streams the newest <paramref name="rows"/> entries as CSV to nowhere, sampling the managed heap and the working set.</summary>
    public static async Task ExportAsync(LogService logs, IDbContextFactory<AppDbContext> factory, int rows)
    {
        DateTime from;
        await using (var db = await factory.CreateDbContextAsync())
            from = await db.LogEntries.OrderByDescending(e => e.CreatedAt).Skip(rows - 1).Select(e => e.CreatedAt).FirstAsync();
        var filter = new LogFilter { From = from };
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var heapBefore = GC.GetTotalMemory(true);
        var wsBefore = process.WorkingSet64;
        long peakHeap = heapBefore, peakWs = wsBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                process.Refresh();
                peakWs = Math.Max(peakWs, process.WorkingSet64);
                await Task.Delay(5);
            }
        });
        var counting = new CountingStream();
        var start = Stopwatch.GetTimestamp();
        var written = await LogCsv.WriteAsync(counting, logs.ExportAsync(filter, default), [.. Enumerable.Range(0, 13).Select(i => $"c{i}")], default);
        var elapsed = Stopwatch.GetElapsedTime(start);
        stop.Cancel();
        await sampler;
        Console.WriteLine($"CSV export: {written:N0} rows, {counting.Length / 1024 / 1024.0:F1} MiB in {elapsed.TotalMilliseconds:F0} ms " +
            $"({written / elapsed.TotalSeconds:N0} rows/s); managed heap before {heapBefore / 1024 / 1024.0:F1} MiB, peak {peakHeap / 1024 / 1024.0:F1} MiB; " +
            $"working set before {wsBefore / 1024 / 1024.0:F0} MiB, peak {peakWs / 1024 / 1024.0:F0} MiB");
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static double Median(List<double> values) => Percentile(values, 50);

    /// <summary>A sink that keeps only the byte count (the export's size) and no data.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
