using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Logs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Logs;

public sealed class LogRetentionTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Retention_deletes_only_entries_older_than_the_configured_days_in_every_tenant_batch_by_batch(string provider)
    {
        // Batches of 4 over 11 old rows per tenant: several statements, the last one short.
        await using var app = new FlowAdminApp(provider, new Dictionary<string, string?> { ["Logs:RetentionDays"] = "10", ["Logs:RetentionBatchSize"] = "4" });
        var tenants = new[] { await app.CreateTenantAsync("Acme"), await app.CreateTenantAsync("Other") };
        var now = DateTime.UtcNow;
        foreach (var tenant in tenants)
            await app.WithTenantAsync(tenant.Id, async db =>
            {
                for (var i = 0; i < 11; i++)
                    db.LogEntries.Add(LogFilterTests.Push(1, true, 200, $"old-{i}", "5511911111111", "{}", now.AddDays(-10.1 - i)));
                db.LogEntries.Add(LogFilterTests.Push(1, true, 200, "young-1", "5511911111111", "{}", now.AddDays(-9.9)));
                db.LogEntries.Add(LogFilterTests.Push(1, true, 200, "young-2", "5511911111111", "{}", now.AddMinutes(-1)));
                return await db.SaveChangesAsync();
            });

        var deleted = await app.Services.GetRequiredService<LogRetention>().PurgeExpiredAsync(default);

        Assert.Equal(22, deleted);
        foreach (var tenant in tenants)
        {
            var left = await app.WithTenantAsync(tenant.Id, db => db.LogEntries.OrderBy(e => e.CreatedAt).Select(e => e.ExternalKey).ToListAsync());
            Assert.Equal(["young-1", "young-2"], left);
        }
        Assert.Equal(0, await app.Services.GetRequiredService<LogRetention>().PurgeExpiredAsync(default));
    }
}
