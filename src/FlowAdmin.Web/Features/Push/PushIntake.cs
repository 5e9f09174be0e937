using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Routing;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Push;

/// <summary>One push as received: the config its token found, the raw body and the request headers.</summary>
public sealed record PushCall(ApiConfig Config, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers, string? IdempotencyKey, long StartedAt);

/// <summary>
/// The endpoint's logic, shared with the UI's test send: checks the config and channel, the
/// Idempotency-Key, parses and validates the body, then commits the queue row and its log entry in one
/// transaction before answering (a group commit shared with concurrent requests, see PushCommitter).
/// Every call writes a log entry, accepted or rejected. The scope's tenant must already be the config's.
/// </summary>
public sealed class PushIntake(IDbContextFactory<AppDbContext> factory, PushBodyValidator validator, PushSignal signal, PushCommitter committer)
{
    private static readonly string[] SecretHeaders = ["Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key"];

    public async Task<PushOutcome> AcceptAsync(PushCall call, CancellationToken ct)
    {
        var config = call.Config;
        // The endpoint loads the channel with the config (one query per request on the hot path).
        var channel = config.Channel ?? await ChannelAsync(config.ChannelId, ct);
        var bodyHash = SHA256.HashData(call.Body);
        string? number = null, externalKey = null;

        PushOutcome outcome;
        long? pushId = null;
        if (!config.IsActive)
            outcome = PushOutcome.Problem(422, "API config inactive", "This API config is deactivated; activate it in Settings > API/WEBHOOK.",
                new Dictionary<string, string[]> { ["apiConfig"] = ["The API config is inactive."] });
        else if (!channel.IsActive)
            outcome = PushOutcome.Problem(422, "Channel inactive", $"The channel '{channel.Name}' of this API config is inactive.",
                new Dictionary<string, string[]> { ["channel"] = ["The channel is inactive."] });
        else if (call.IdempotencyKey is { Length: > 200 })
            outcome = PushOutcome.Problem(400, "Invalid Idempotency-Key", "Idempotency-Key must be at most 200 characters.");
        else if (await RepeatAsync(config.Id, call.IdempotencyKey, bodyHash, ct) is { } repeat)
            outcome = repeat;
        else
        {
            var (body, malformed) = TryParse(call.Body);
            if (body is null)
                outcome = malformed!;
            else
            {
                number = body.Number;
                externalKey = body.ExternalKey;
                var errors = await ValidateAsync(body, channel, ct);
                if (errors.Count > 0)
                    outcome = PushOutcome.Problem(422, "The push request is invalid", "See errors: each names a field of the body.", errors);
                else
                    (outcome, pushId) = await QueueAsync(call, channel, body, bodyHash, ct);
            }
        }

        if (pushId is null)
            await LogAsync(call, outcome, number, externalKey, ct);
        else
            signal.Notify();
        return outcome;
    }

    private async Task<Channel> ChannelAsync(int channelId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channelId, ct);
    }

    /// <summary>A request refused before its body could be read (413, 415): still a log entry.</summary>
    public async Task<PushOutcome> RejectAsync(PushCall call, PushOutcome refusal, CancellationToken ct)
    {
        await LogAsync(call, refusal, null, null, ct);
        return refusal;
    }

    private static (PushBody? Body, PushOutcome? Malformed) TryParse(byte[] utf8)
    {
        try
        {
            return (PushBody.Parse(utf8), null);
        }
        catch (JsonException e)
        {
            return (null, PushOutcome.Problem(400, "Malformed JSON",
                $"The body is not valid JSON: line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of the line ({FirstSentence(e.Message)})."));
        }
    }

    private async Task<Dictionary<string, string[]>> ValidateAsync(PushBody body, Channel channel, CancellationToken ct)
    {
        var errors = body.TypeErrors.ToDictionary(e => e.Key, e => new[] { e.Value });
        var context = new ValidationContext<PushBody>(body);
        context.RootContextData[PushBodyValidator.ChannelKey] = channel;
        context.RootContextData[PushBodyValidator.DbKey] = factory;
        var result = await validator.ValidateAsync(context, ct);
        foreach (var group in result.Errors.GroupBy(e => e.PropertyName))
            if (!errors.ContainsKey(group.Key)) // a type error already says what is wrong with this field
                errors[group.Key] = [.. group.Select(e => e.ErrorMessage)];
        return errors;
    }

    /// <summary>Same key and body: the first answer again, nothing queued. Same key, other body: 422.</summary>
    private async Task<PushOutcome?> RepeatAsync(int configId, string? key, byte[] bodyHash, CancellationToken ct)
    {
        if (key is null) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        var first = await db.PushRequests.AsNoTracking().Where(p => p.ApiConfigId == configId && p.IdempotencyKey == key)
            .Select(p => new { p.Id, p.BodyHash }).SingleOrDefaultAsync(ct);
        if (first is null) return null;
        // The first answer is not stored: an accepted push's answer is always Ok(its id), rebuilt here.
        return first.BodyHash is { } hash && CryptographicOperations.FixedTimeEquals(hash, bodyHash)
            ? PushOutcome.Ok(first.Id) with { Headers = new Dictionary<string, string> { ["Idempotent-Replayed"] = "true" } }
            : PushOutcome.Problem(422, "Idempotency-Key reused", "This Idempotency-Key was already used with a different body.",
                new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Already used with a different body."] });
    }

    private async Task<(PushOutcome Outcome, long? PushId)> QueueAsync(PushCall call, Channel channel, PushBody body, byte[] bodyHash, CancellationToken ct)
    {
        try
        {
            var request = new LogRequest(call);
            var push = new PushRequest
            {
                TenantId = call.Config.TenantId, ApiConfigId = call.Config.Id, ChannelId = channel.Id,
                Number = body.Number!, ExternalKey = body.ExternalKey, BodyJson = request.Body,
                IdempotencyKey = call.IdempotencyKey, BodyHash = bodyHash, Status = PushStatus.Queued,
            };
            var outcome = await committer.CommitAsync(push, null, o => NewLog(call, request, o, body.Number, body.ExternalKey), ct);
            return (outcome, push.Id);
        }
        catch (DbUpdateException e) when (call.IdempotencyKey is not null && UniqueViolation.IsUniqueViolation(e))
        {
            // A concurrent request with the same key won the race: answer as its repeat.
            var repeat = await RepeatAsync(call.Config.Id, call.IdempotencyKey, bodyHash, ct);
            return (repeat ?? throw new InvalidOperationException("Idempotency collision without a first request."), null);
        }
    }

    private Task LogAsync(PushCall call, PushOutcome outcome, string? number, string? externalKey, CancellationToken ct)
    {
        var request = new LogRequest(call);
        return committer.CommitAsync(null, outcome, o => NewLog(call, request, o, number, externalKey), ct);
    }

    /// <summary>
    /// The log entry's request side, made on the request's thread: the group commit's one writer then only
    /// adds the answer (which carries the push's id) before it inserts.
    /// </summary>
    private sealed class LogRequest(PushCall call)
    {
        public string Headers { get; } = HeadersJson(call.Headers);
        public string Body { get; } = Encoding.UTF8.GetString(call.Body);
    }

    private static LogEntry NewLog(PushCall call, LogRequest request, PushOutcome outcome, string? number, string? externalKey) => new()
    {
        TenantId = call.Config.TenantId,
        Type = LogType.Push,
        ConfigName = call.Config.Name,
        ApiConfigId = call.Config.Id,
        Event = "Push",
        Success = outcome.Accepted,
        HttpStatus = outcome.Status,
        Error = outcome.Accepted ? null : Truncate(ErrorSummary(outcome.Body), 1000),
        RequestHeaders = request.Headers,
        RequestBody = request.Body,
        ResponseHeaders = outcome.Headers is null ? ContentTypeOnly(outcome.ContentType)
            : HeadersJson([KeyValuePair.Create("Content-Type", outcome.ContentType), .. outcome.Headers]),
        ResponseBody = outcome.Body,
        ExternalKey = Truncate(externalKey, 200),
        Number = Truncate(number, 20),
        DurationMs = (int)Stopwatch.GetElapsedTime(call.StartedAt).TotalMilliseconds,
    };

    /// <summary>Request headers as JSON with every secret masked (the token is in the path, never in a header we keep).</summary>
    public static string HeadersJson(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var json = new JsonObject();
        foreach (var (name, value) in headers)
            json[name] = SecretHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) ? "***" : value;
        return json.ToJsonString();
    }

    // Almost every answer has only its Content-Type (two kinds): the same JSON each time.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ContentTypeJson = new();

    private static string ContentTypeOnly(string contentType) =>
        ContentTypeJson.Count < 16 ? ContentTypeJson.GetOrAdd(contentType, t => HeadersJson([KeyValuePair.Create("Content-Type", t)]))
            : HeadersJson([KeyValuePair.Create("Content-Type", contentType)]);

    private static string ErrorSummary(string problemJson)
    {
        try
        {
            var problem = JsonNode.Parse(problemJson)!;
            var errors = problem["errors"]?.AsObject().Select(e => $"{e.Key}: {string.Join(" ", e.Value!.AsArray().Select(m => (string?)m))}");
            return errors is null ? $"{problem["title"]}. {problem["detail"]}" : string.Join("; ", errors);
        }
        catch (JsonException)
        {
            return problemJson;
        }
    }

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
