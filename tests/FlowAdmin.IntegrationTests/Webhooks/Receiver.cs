using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FlowAdmin.IntegrationTests.Webhooks;

/// <summary>A request as the receiver saw it.</summary>
public sealed record Received(string Path, IHeaderDictionary Headers, string Body, DateTime At)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
    public string Event => (string)Json["event"]!;
    public string Header(string name) => Headers[name].ToString();
}

/// <summary>
/// A real HTTP receiver on a loopback port (Kestrel), as a tenant's system would run one. Each request is
/// recorded; <see cref="Respond"/> decides the status per request (default 200 with a small body).
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<Received> _received = new();

    /// <summary>Status (and optional delay) for the n-th request (0-based) to a path.</summary>
    public Func<Received, int, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    private readonly ConcurrentDictionary<string, int> _counts = new();

    private Receiver() { }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = new HeaderDictionary();
        foreach (var (k, v) in context.Request.Headers) headers[k] = v;
        var received = new Received(context.Request.Path, headers, body, DateTime.UtcNow);
        _received.Enqueue(received);
        var n = _counts.AddOrUpdate(received.Path, 0, (_, c) => c + 1);
        var status = await Respond(received, n);
        context.Response.StatusCode = status;
        context.Response.Headers["X-Receiver"] = "test";
        await context.Response.WriteAsync(status is >= 200 and < 300 ? "{\"ok\":true}" : "{\"error\":\"nope\"}");
    }

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver();
        receiver._server = await LoopbackServer.StartAsync(receiver.HandleAsync);
        return receiver;
    }

    public string Url(string path = "/hook") => _server.BaseUrl + path;

    public IReadOnlyList<Received> All => [.. _received];

    public IReadOnlyList<Received> At(string path) => [.. _received.Where(r => r.Path == path)];

    /// <summary>Waits until <paramref name="condition"/> holds on what was received.</summary>
    public async Task<IReadOnlyList<Received>> WaitAsync(Func<IReadOnlyList<Received>, bool> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var all = All;
            if (condition(all)) return all;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Receiver condition not met in {timeoutSeconds}s; got {all.Count}: {string.Join(", ", all.Select(r => r.Path + " " + TryEvent(r)))}");
            await Task.Delay(50);
        }
    }

    private static string TryEvent(Received r)
    {
        try { return r.Event; } catch { return "?"; }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
