using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Setup;
using FlowAdmin.Web.Features.Webhooks;
using FlowAdmin.Web.Hosting;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowAdmin.Bench.Webhooks;

public sealed record BenchOptions(int Runs, string Phase, int Count, int Rate, int Seconds, int IsolationRate, int Concurrency, int Warmup);

/// <summary>The real app (AddFlowAdmin: Quartz, dispatcher, interceptor, SQLite in WAL) on a fresh data folder.</summary>
public sealed class BenchApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _data;

    public int TenantId { get; private set; }
    public IServiceProvider Services => _app.Services;

    private BenchApp(WebApplication app, DirectoryInfo data)
    {
        _app = app;
        _data = data;
    }

    public static async Task<BenchApp> StartAsync(BenchOptions options)
    {
        var data = Directory.CreateTempSubdirectory("flowadmin-webhook-bench-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = data.FullName });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["FlowAdmin:DataFolder"] = data.FullName,
            ["FlowAdmin:Outbound:AllowPrivateTargets"] = "true", // the receiver is on loopback
            ["FlowAdmin:Push:WorkerEnabled"] = "false",
            ["FlowAdmin:Webhooks:MaxConcurrencyPerWebhook"] = options.Concurrency.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        });
        builder.AddFlowAdmin();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        await app.StartAsync();
        var bench = new BenchApp(app, data);
        await using var scope = app.Services.CreateAsyncScope();
        var (tenant, _) = await scope.ServiceProvider.GetRequiredService<SetupService>()
            .CreateTenantAsync("Bench", "Bench Admin", "admin@bench.test", "Str0ng!Passw0rd", CancellationToken.None);
        bench.TenantId = tenant!.Id;
        return bench;
    }

    /// <summary>A scope pinned to the bench tenant, with its context.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(TenantId);
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task<int> AddWebhookAsync(string name, string url, string eventName, bool held = false)
    {
        var secrets = _app.Services.GetRequiredService<WebhookSecrets>();
        return WithDbAsync(async db =>
        {
            var webhook = new Webhook
            {
                Name = name, Url = url, Events = [eventName], SecretProtected = secrets.Protect(WebhookSecrets.NewSecret()),
                CustomHeadersProtected = secrets.ProtectHeaders(new Dictionary<string, string> { ["Authorization"] = "Bearer bench" }),
                DisabledAt = held ? DateTime.UtcNow : null, DisabledReason = held ? "bench: held until the start" : null,
            };
            db.Webhooks.Add(webhook);
            await db.SaveChangesAsync();
            return webhook.Id;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _data.Delete(recursive: true); } catch (IOException) { }
    }
}
