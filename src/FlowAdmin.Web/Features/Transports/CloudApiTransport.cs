using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Features.Outbound;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Transports;

/// <summary>
/// WhatsApp Cloud API: POST {baseUrl}/{version}/{phoneNumberId}/messages with the channel's Bearer token
/// (stored encrypted). Media goes by link: Meta downloads it, so FlowAdmin only checks that the link
/// answers, within the size limit it declares, and reads its type from the headers (no download of its
/// own: a second copy would double the traffic and the delay; a link that declares no length is left to
/// Meta's own limits).
///
/// Idempotency per <see cref="Message.Id"/> (Graph has no idempotency key, so this is at most once):
/// - before the call the message is claimed (status "sending", a conditional update: one claimer wins);
/// - Meta's wamid is written the moment Graph answers, before this method returns;
/// - a retry that finds a wamid sends nothing and reports it (the worker then finishes its bookkeeping);
/// - a retry that finds "sending" without a wamid (a crash or time-out during the call) sends nothing
///   and fails the message (ack -1): Meta may or may not have delivered it, and sending it again could
///   reach the contact twice. That message is the one case left for a person to check.
/// Graph's later acks (delivered, read) arrive by Meta's webhooks, which FlowAdmin does not receive yet.
/// </summary>
public sealed partial class CloudApiTransport(
    IServiceScopeFactory scopes, IHttpClientFactory clients, MediaFetcher media, ChannelTokenProtector tokens,
    IOptionsMonitor<CloudApiOptions> options, ILogger<CloudApiTransport> log) : IChannelTransport
{
    public const string ClientName = "FlowAdmin.CloudApi";
    public const string Sending = "sending";

    public ChannelTransport Kind => ChannelTransport.CloudApi;

    public async Task<TransportResult> SendAsync(Channel channel, Message message, string toNumber, CancellationToken ct)
    {
        if (message.TransportMessageId is { } recorded) return new TransportResult(true, recorded, null);
        if (message.Status == Sending)
            return TransportResult.Failed("Cloud API: an earlier attempt was interrupted before Meta's answer was recorded; "
                + "not sent again so the contact cannot receive it twice. Check the conversation and send again if it did not arrive.");
        if (!Credentials(channel, out var token, out var problem)) return TransportResult.Failed(problem);

        MediaInfo? info = null;
        if (message is { MediaUrl: { } link, TemplateId: null })
        {
            var check = await media.CheckAsync(link, download: false, ct);
            if (check.Media is null) return TransportResult.Failed(check.Error!);
            info = check.Media;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(message.TenantId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        Template? template = null;
        if (message.TemplateId is { } templateId
            && (template = await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, ct)) is null)
            return TransportResult.Failed($"Cloud API: template {templateId} no longer exists.", info);
        var payloads = CloudApiPayloads.For(toNumber, message, template, info);

        var claimed = await db.Messages
            .Where(m => m.Id == message.Id && m.TransportMessageId == null && m.Status != Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, Sending), ct);
        if (claimed == 0) throw new InvalidOperationException($"Message {message.Id} is being sent by another attempt.");

        var url = MessagesUrl(channel.CloudApiBaseUrl ?? options.CurrentValue.BaseUrl, options.CurrentValue.ApiVersion, channel.CloudApiPhoneNumberId!);
        string? wamid = null;
        foreach (var payload in payloads)
        {
            var (id, error) = await PostAsync(url, token, payload.ToJsonString(), ct);
            if (error is not null)
            {
                log.LogWarning("Cloud API send of message {MessageId} on channel {ChannelId} failed: {Reason}", message.Id, channel.Id, error);
                // The first call failing fails the message (after a time-out Meta may still have sent it: the reason
                // says so); a later one is only the caption sent apart, so the media stays sent.
                return wamid is null ? TransportResult.Failed(error, info) : new TransportResult(true, wamid, "Caption not sent: " + error, info);
            }
            if (wamid is not null) continue;
            wamid = id;
            await db.Messages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.TransportMessageId, wamid), ct);
        }
        return new TransportResult(true, wamid, null, info);
    }

    /// <summary>{base}/{version}/{phoneNumberId}/messages; a base URL that already ends in a version (…/v21.0) keeps it.</summary>
    public static string MessagesUrl(string baseUrl, string version, string phoneNumberId)
    {
        baseUrl = baseUrl.TrimEnd('/');
        return VersionSegment().IsMatch(baseUrl) ? $"{baseUrl}/{phoneNumberId}/messages" : $"{baseUrl}/{version.Trim('/')}/{phoneNumberId}/messages";
    }

    [GeneratedRegex(@"/v\d+(\.\d+)?$")]
    private static partial Regex VersionSegment();

    private bool Credentials(Channel channel, out string token, out string problem)
    {
        token = problem = "";
        if (string.IsNullOrWhiteSpace(channel.CloudApiPhoneNumberId))
            problem = $"Cloud API: channel '{channel.Name}' has no phone number id (Settings > Channels).";
        else if (string.IsNullOrEmpty(channel.CloudApiAccessTokenProtected))
            problem = $"Cloud API: channel '{channel.Name}' has no access token (Settings > Channels).";
        else
        {
            try
            {
                token = tokens.Unprotect(channel.CloudApiAccessTokenProtected);
            }
            catch (CryptographicException)
            {
                problem = $"Cloud API: the access token of channel '{channel.Name}' cannot be decrypted (lost key); enter it again in Settings > Channels.";
            }
        }
        return problem.Length == 0;
    }

    /// <summary>One Graph call: Meta's message id, or the reason it failed (never the token).</summary>
    private async Task<(string? Id, string? Error)> PostAsync(string url, string token, string json, CancellationToken ct)
    {
        var seconds = Math.Max(1, options.CurrentValue.TimeoutSeconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode) return (null, CloudApiPayloads.Error((int)response.StatusCode, body));
            return CloudApiPayloads.MessageId(body) is { Length: > 0 and <= 128 } id
                ? (id, null)
                : (null, $"Cloud API answered HTTP {(int)response.StatusCode} without a message id.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"Cloud API did not answer within {seconds} s (FlowAdmin:CloudApi:TimeoutSeconds); the message may have been delivered and is not sent again.");
        }
        catch (HttpRequestException e)
        {
            return (null, OutboundGuard.RefusalIn(e) is { } refused ? $"Cloud API refused: {refused.Message}" : $"Cloud API unreachable: {e.Message}");
        }
    }
}
