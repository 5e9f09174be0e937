using System.Net;
using FlowAdmin.Web.Features.Outbound;
using FlowAdmin.Web.Routing;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Transports;

/// <summary>What a fetched media link turned out to be: the message's mediaType, its file name and declared type.</summary>
public sealed record MediaInfo(string Kind, string FileName, string? ContentType, long? Bytes);

/// <summary>A media check: the media, or the reason it cannot be sent (the message's ack -1 reason).</summary>
public sealed record MediaCheck(MediaInfo? Media, string? Error)
{
    public static MediaCheck Failed(string reason) => new(null, reason);
}

/// <summary>
/// Fetches a push's mediaUrl through the SSRF guard (the address connected to is checked, redirects too),
/// within the configured time and size limits, and types it by its content type (falling back to the
/// link's extension). Every failure is a sentence an administrator can act on; none throws.
/// </summary>
public sealed class MediaFetcher(IHttpClientFactory clients, IOptionsMonitor<MediaOptions> options, ILogger<MediaFetcher> log)
{
    public const string ClientName = "FlowAdmin.Media";

    /// <summary>
    /// <paramref name="download"/>: read the whole body (and count it against the limit); otherwise stop at the
    /// response headers, which is enough to check the link answers, its declared size and its type.
    /// </summary>
    public async Task<MediaCheck> CheckAsync(string url, bool download, CancellationToken ct)
    {
        var check = await FetchAsync(url, download, ct);
        // The reason names the host only: a media link's path and query may carry a signature.
        if (check.Error is { } reason) log.LogWarning("Media check failed: {Reason}", reason);
        return check;
    }

    private async Task<MediaCheck> FetchAsync(string url, bool download, CancellationToken ct)
    {
        var limits = options.CurrentValue;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, limits.TimeoutSeconds)));
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;
        try
        {
            // GET, not HEAD, even when only the headers are read: signed storage links are often valid for GET only.
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                return MediaCheck.Failed($"Media could not be fetched: {host} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            var declared = response.Content.Headers.ContentLength;
            if (declared > limits.MaxBytes)
                return TooBig(declared, limits.MaxBytes);
            long? bytes = declared;
            if (download)
            {
                bytes = await CountAsync(response, limits.MaxBytes, timeout.Token);
                if (bytes > limits.MaxBytes) return TooBig(null, limits.MaxBytes);
            }
            var contentType = response.Content.Headers.ContentType?.MediaType;
            // The final address after redirects names the file better than a short link does.
            var finalUrl = response.RequestMessage?.RequestUri?.ToString() ?? url;
            var kind = MediaTypes.FromContentType(contentType, finalUrl);
            return new MediaCheck(new MediaInfo(kind, FileName(response, finalUrl), contentType, bytes), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return MediaCheck.Failed($"Media could not be fetched: {host} did not answer within {limits.TimeoutSeconds} s (FlowAdmin:Media:TimeoutSeconds).");
        }
        catch (HttpRequestException e)
        {
            return MediaCheck.Failed(OutboundGuard.RefusalIn(e) is { } refused
                ? $"Media refused: {refused.Message}"
                : $"Media could not be fetched from {host}: {e.Message}");
        }
    }

    /// <summary>Reads the body, stopping as soon as it passes the limit (a chunked body declares no length).</summary>
    private static async Task<long> CountAsync(HttpResponseMessage response, long maxBytes, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes) break;
        }
        return total;
    }

    private static MediaCheck TooBig(long? declared, long maxBytes) => MediaCheck.Failed(declared is { } size
        ? $"Media too big: {Describe(size)} declared, over the limit of {Describe(maxBytes)} (FlowAdmin:Media:MaxBytes)."
        : $"Media too big: the download passed the limit of {Describe(maxBytes)} (FlowAdmin:Media:MaxBytes).");

    private static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MiB" : $"{bytes} bytes";

    private static string FileName(HttpResponseMessage response, string url)
    {
        var disposition = response.Content.Headers.ContentDisposition;
        var name = (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
        if (string.IsNullOrWhiteSpace(name) && Uri.TryCreate(url, UriKind.Absolute, out var uri))
            name = WebUtility.UrlDecode(uri.Segments.LastOrDefault() ?? "");
        name = Path.GetFileName(name ?? "");
        if (string.IsNullOrWhiteSpace(name)) return "file";
        return name.Length <= 200 ? name : name[..100] + "…" + name[^99..]; // keeps the extension; the column holds 255
    }
}
