using System.Security.Cryptography;
using System.Text;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Bench;

/// <summary>
/// Direct access to the app's SQLite file: seeds API configs with tokens the bench knows (the app
/// itself only stores their hash) and reads the queue's state to measure the worker.
/// </summary>
public static class BenchDatabase
{
    private static AppDbContext Open(string databasePath) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={databasePath}").Options, new FixedTenantScope(null));

    /// <summary>One API config per client on the demo tenant's whatsapp (Sandbox) channel; returns their tokens.</summary>
    public static async Task<IReadOnlyList<string>> SeedConfigsAsync(string databasePath, int count, CancellationToken ct)
    {
        await using var db = Open(databasePath);
        var channel = await db.Channels.IgnoreQueryFilters().OrderBy(c => c.Id).FirstAsync(c => c.Kind == ChannelKind.Whatsapp, ct);
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            tokens.Add(token);
            db.ApiConfigs.Add(new ApiConfig
            {
                TenantId = channel.TenantId, ChannelId = channel.Id, Name = $"bench-{i:00}",
                TokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token)),
                // Only the UI decrypts this (to show the URL again); the bench never opens the UI.
                TokenProtected = "bench",
            });
        }
        await db.SaveChangesAsync(ct);
        return tokens;
    }

    public sealed record QueueState(int Queued, int Routed, int Done, int Failed, DateTime? FirstProcessed, DateTime? LastProcessed, int Messages, int LogEntries, int Tickets);

    public static async Task<QueueState> ReadQueueAsync(string databasePath, CancellationToken ct)
    {
        await using var db = Open(databasePath);
        var pushes = db.PushRequests.IgnoreQueryFilters();
        var byStatus = await pushes.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(PushStatus s) => byStatus.FirstOrDefault(x => x.Key == s)?.Count ?? 0;
        var first = await pushes.Where(p => p.ProcessedAt != null).MinAsync(p => p.ProcessedAt, ct);
        var last = await pushes.Where(p => p.ProcessedAt != null).MaxAsync(p => p.ProcessedAt, ct);
        return new QueueState(Count(PushStatus.Queued), Count(PushStatus.Routed), Count(PushStatus.Done), Count(PushStatus.Failed), first, last,
            await db.Messages.IgnoreQueryFilters().CountAsync(ct), await db.LogEntries.IgnoreQueryFilters().CountAsync(ct),
            await db.Tickets.IgnoreQueryFilters().CountAsync(ct));
    }
}
