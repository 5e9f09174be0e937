using System.Collections.Concurrent;
using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FlowAdmin.IntegrationTests.Transports;

/// <summary>One request as the fake server received it.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);

/// <summary>
/// A real HTTP server on a loopback port (Kestrel) standing in for Meta's Graph API and for the media
/// hosts of push requests: it records every request and answers as <see cref="Graph"/> and the media
/// routes say.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    public const string RejectedNumber = "5511900000400";
    public const string SlowNumber = "5511900000408";
    public const string GraphError = """
        {"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,
        "error_data":{"messaging_product":"whatsapp","details":"Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."},
        "error_subcode":2494010,"fbtrace_id":"AbCdEf"}}
        """;

    private LoopbackServer _server = null!;
    private int _wamids;

    private FakeServer() { }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public IEnumerable<ReceivedRequest> GraphCalls => Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal));

    public string BaseUrl => _server.BaseUrl;

    public string Media(string path) => $"{BaseUrl}/media/{path}";

    public static async Task<FakeServer> StartAsync()
    {
        var server = new FakeServer();
        server._server = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new ReceivedRequest(request.Method, request.Path.Value ?? "", request.Headers.Authorization.ToString(), request.ContentType, body));
        if (request.Path.StartsWithSegments("/media", out var rest))
        {
            try
            {
                await MediaAsync(context, rest.Value ?? "");
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // the client gave up (time-out, size limit, headers only): that is the point of those routes
            }
        }
        else if (request.Method == "POST" && request.Path.Value!.EndsWith("/messages", StringComparison.Ordinal))
            await GraphAsync(context, body);
        else
            context.Response.StatusCode = 404;
    }

    /// <summary>Graph's answers: a 400 (recipient not allowed) for <see cref="RejectedNumber"/>, else a wamid.</summary>
    private async Task GraphAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        var to = System.Text.Json.Nodes.JsonNode.Parse(body)?["to"]?.GetValue<string>();
        if (to == RejectedNumber)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(GraphError);
            return;
        }
        if (to == SlowNumber)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted); } catch (OperationCanceledException) { }
            return;
        }
        var wamid = $"wamid.TEST{Interlocked.Increment(ref _wamids)}";
        await context.Response.WriteAsync($$"""{"messaging_product":"whatsapp","contacts":[{"input":"{{to}}","wa_id":"{{to}}"}],"messages":[{"id":"{{wamid}}"}]}""");
    }

    private static async Task MediaAsync(HttpContext context, string path)
    {
        var response = context.Response;
        switch (path)
        {
            case "/photo.jpg": await FileAsync(response, "image/jpeg", 2048); break;
            case "/clip": await FileAsync(response, "video/mp4", 4096); break; // no extension: only the content type tells
            case "/song.mp3": await FileAsync(response, "application/octet-stream", 4096); break; // generic type: the extension tells
            case "/report.pdf": await FileAsync(response, "application/pdf", 1024); break;
            case "/download":
                response.Headers.ContentDisposition = "attachment; filename=\"Contrato assinado.pdf\"";
                await FileAsync(response, "application/pdf", 1024);
                break;
            case "/huge.mp4": await FileAsync(response, "video/mp4", 3 * 1024 * 1024); break; // declares its length
            case "/stream.bin": // chunked: no length declared, the download has to count
                response.ContentType = "application/octet-stream";
                var chunk = new byte[64 * 1024];
                for (var i = 0; i < 48 && !context.RequestAborted.IsCancellationRequested; i++)
                    await response.Body.WriteAsync(chunk, context.RequestAborted);
                break;
            case "/slow.jpg":
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
                await FileAsync(response, "image/jpeg", 10);
                break;
            default: response.StatusCode = 404; break;
        }
    }

    private static async Task FileAsync(HttpResponse response, string contentType, int bytes)
    {
        response.ContentType = contentType;
        response.ContentLength = bytes;
        await response.Body.WriteAsync(new byte[bytes]);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
