using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowAdmin.Bench.Webhooks;

/// <summary>
/// A loopback Kestrel receiver answering 204 at once; "/slow/..." never answers within the sender's timeout.
/// It records when each webhook-id first arrived (Stopwatch ticks), per path.
/// </summary>
public sealed class BenchReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentDictionary<string, long> Arrivals { get; } = new();
    private long _count;
    public long Count => Interlocked.Read(ref _count);

    private BenchReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/slow"))
            {
                try { await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted); } catch (OperationCanceledException) { }
                return;
            }
            // Read the body as a real receiver would.
            var buffer = new byte[16 * 1024];
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0) { }
            var id = context.Request.Headers["webhook-id"].ToString();
            if (id.Length > 0) Arrivals.TryAdd(id, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref _count);
            context.Response.StatusCode = 204;
        });
    }

    public static async Task<BenchReceiver> StartAsync()
    {
        var receiver = new BenchReceiver();
        await receiver._app.StartAsync();
        return receiver;
    }

    public string Url(string path) =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + path;

    public void Reset()
    {
        Arrivals.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
