using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlowAdmin.Web.Features.Outbound;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>What one delivery goes to: the webhook's URL, its clear signing secrets and custom headers.</summary>
public sealed record WebhookTarget(int Id, int TenantId, string Name, string Url, IReadOnlyList<string> Secrets, IReadOnlyDictionary<string, string> Headers);

/// <summary>One attempt's result, with what the log shows of it (secrets already masked).</summary>
public sealed record WebhookAttempt(
    bool Success, int? StatusCode, string? Error, TimeSpan? RetryAfter, int DurationMs, DateTime At,
    string RequestHeaders, string ResponseHeaders, string ResponseBody)
{
    public bool Gone => StatusCode == (int)HttpStatusCode.Gone;
}

/// <summary>
/// POSTs one payload the way the source platform does (Content-Type, Accept, User-Agent) plus the webhook's
/// custom headers and the Standard Webhooks headers. Success is a 2xx within the timeout; anything else is a
/// failure with the HTTP status or the network error. Never throws for the receiver's faults.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptionsMonitor<WebhookOptions> options, TimeProvider clock)
{
    // One client for the life of the app: its handler pools connections (PooledConnectionLifetime renews them).
    private readonly HttpClient http = clients.CreateClient(HttpClientName);

    public const string HttpClientName = "webhooks";
    public const string UserAgent = "FlowAdmin-Webhooks/1.0";
    public const string Accept = "application/json, text/plain, */*";
    public const int MaxLoggedBody = 64 * 1024;

    // Headers the platform owns: a custom header cannot replace them.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "webhook-id", "webhook-timestamp", "webhook-signature", "Content-Type", "Content-Length", "Host", "Transfer-Encoding",
    };

    private static readonly JsonSerializerOptions LogJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<WebhookAttempt> SendAsync(WebhookTarget target, string messageId, string body, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = WebhookSignature.Sign(target.Secrets, messageId, timestamp, bytes);

        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        var logged = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["Accept"] = Accept,
            ["User-Agent"] = UserAgent,
        };
        foreach (var (name, value) in target.Headers)
        {
            if (Reserved.Contains(name)) continue;
            request.Headers.Remove(name);
            if (request.Headers.TryAddWithoutValidation(name, value)) logged[name] = WebhookSecrets.Mask;
        }
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        logged["webhook-id"] = messageId;
        logged["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        logged["webhook-signature"] = string.Join(' ', target.Secrets.Select(_ => "v1," + WebhookSecrets.Mask));
        var requestHeaders = JsonSerializer.Serialize(logged, LogJson);

        var timeout = options.CurrentValue.Timeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var responseBody = response.StatusCode == HttpStatusCode.NoContent ? "" : await ReadLimitedAsync(response.Content, cts.Token);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and < 300;
            return new WebhookAttempt(ok, status, ok ? null : $"HTTP {status} {response.ReasonPhrase}".TrimEnd(),
                RetryAfterOf(response, at), Ms(watch), at.UtcDateTime, requestHeaders, ResponseHeadersOf(response), responseBody);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failure($"No response within {timeout.TotalSeconds:0.#} s (timeout).");
        }
        catch (HttpRequestException e)
        {
            return Failure(OutboundGuard.RefusalIn(e)?.Message ?? NetworkError(e));
        }

        WebhookAttempt Failure(string error) =>
            new(false, null, error, null, Ms(watch), at.UtcDateTime, requestHeaders, "{}", "");
    }

    private static int Ms(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    private static string NetworkError(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}";

    /// <summary>The body as text, cut at 64 KiB (what the log keeps); the rest is not read.</summary>
    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength == 0) return ""; // a 204, say: no stream and no 64 KiB buffer for nothing
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(MaxLoggedBody);
        try
        {
            var read = 0;
            int n;
            while (read < MaxLoggedBody && (n = await stream.ReadAsync(buffer.AsMemory(read, MaxLoggedBody - read), ct)) > 0) read += n;
            return read == 0 ? "" : Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string ResponseHeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // As received: the typed enumeration parses every header (under a lock) only to join it again.
        foreach (var (name, values) in response.Headers.NonValidated) headers[name] = values.ToString();
        foreach (var (name, values) in response.Content.Headers.NonValidated) headers[name] = values.ToString();
        return JsonSerializer.Serialize(headers, LogJson);
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
