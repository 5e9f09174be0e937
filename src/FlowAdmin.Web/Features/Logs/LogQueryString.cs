using System.Globalization;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>
/// The filters as URL query parameters, so a filtered view can be bookmarked and shared and the CSV
/// export gets exactly the grid's filters: type, status, config, event, from, to (UTC, ISO 8601),
/// externalKey, number, body.
/// </summary>
public static class LogQueryString
{
    public const string Type = "type", Status = "status", Config = "config", Event = "event", From = "from", To = "to",
        ExternalKey = "externalKey", Number = "number", Body = "body";

    public static readonly string[] Keys = [Type, Status, Config, Event, From, To, ExternalKey, Number, Body];

    private static readonly Dictionary<string, LogStatusFilter> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["success"] = LogStatusFilter.Success, ["failure"] = LogStatusFilter.Failure,
        ["2xx"] = LogStatusFilter.Status2xx, ["3xx"] = LogStatusFilter.Status3xx,
        ["4xx"] = LogStatusFilter.Status4xx, ["5xx"] = LogStatusFilter.Status5xx,
        ["network"] = LogStatusFilter.NetworkError,
    };

    /// <summary>Every event name the filter accepts: the push and the ten webhook events.</summary>
    public static readonly string[] Events = ["Push", .. EventNames.All];

    /// <summary>Reads the filters; each parameter that cannot be read is named in <c>Invalid</c> (and ignored).</summary>
    public static (LogFilter Filter, IReadOnlyList<string> Invalid) Parse(string? query) =>
        Parse(QueryHelpers.ParseQuery(query));

    public static (LogFilter Filter, IReadOnlyList<string> Invalid) Parse(IReadOnlyDictionary<string, StringValues> query)
    {
        var invalid = new List<string>();
        string? Text(string key, int max)
        {
            var value = query.TryGetValue(key, out var v) ? v.ToString().Trim() : "";
            if (value.Length == 0) return null;
            if (value.Length <= max) return value;
            invalid.Add(key);
            return null;
        }
        var filter = new LogFilter
        {
            ExternalKey = Text(ExternalKey, 200),
            Number = Text(Number, 20),
            BodyContains = Text(Body, 200),
        };
        if (LogFilter.IsBodyTooShort(filter.BodyContains))
        {
            invalid.Add(Body);
            filter = filter with { BodyContains = null };
        }

        if (Text(Type, 16) is { } type)
        {
            if (type.Equals("push", StringComparison.OrdinalIgnoreCase)) filter = filter with { Type = LogType.Push };
            else if (type.Equals("webhook", StringComparison.OrdinalIgnoreCase)) filter = filter with { Type = LogType.Webhook };
            else invalid.Add(Type);
        }
        if (Text(Status, 16) is { } status)
        {
            if (Statuses.TryGetValue(status, out var s)) filter = filter with { Status = s };
            else invalid.Add(Status);
        }
        if (Text(Config, 32) is { } config)
        {
            if (ParseConfig(config) is { } c) filter = filter with { ApiConfigId = c.Type == LogType.Push ? c.Id : null, WebhookId = c.Type == LogType.Webhook ? c.Id : null };
            else invalid.Add(Config);
        }
        if (Text(Event, 32) is { } name)
        {
            var known = Events.FirstOrDefault(e => e.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (known is not null) filter = filter with { Event = known };
            else invalid.Add(Event);
        }
        if (Text(From, 40) is { } from)
        {
            if (ParseInstant(from) is { } f) filter = filter with { From = f };
            else invalid.Add(From);
        }
        if (Text(To, 40) is { } to)
        {
            if (ParseInstant(to) is { } t) filter = filter with { To = t };
            else invalid.Add(To);
        }
        if (filter is { From: { } start, To: { } end } && end < start)
        {
            invalid.Add(To);
            filter = filter with { To = null };
        }
        return (filter, invalid);
    }

    /// <summary>Why the parameter <paramref name="key"/> was refused, for the API's and the export's 422.</summary>
    public static string InvalidMessage(IStringLocalizer<LogsText> t, string key) =>
        key == Body ? t["Filter.BodyTooShort", LogFilter.BodyMinLength] : t["Filter.Invalid", key];

    /// <summary>The filter as query parameters (null for an unset one, so it disappears from the URL).</summary>
    public static Dictionary<string, object?> ToParameters(LogFilter filter) => new()
    {
        [Type] = filter.Type?.ToString().ToLowerInvariant(),
        [Status] = filter.Status is { } s ? Statuses.First(p => p.Value == s).Key : null,
        [Config] = ConfigKey(filter.ApiConfigId, filter.WebhookId),
        [Event] = filter.Event,
        [From] = filter.From is { } f ? FormatInstant(f) : null,
        [To] = filter.To is { } t ? FormatInstant(t) : null,
        [ExternalKey] = filter.ExternalKey,
        [Number] = filter.Number,
        [Body] = filter.BodyContains,
    };

    /// <summary>"?type=push&amp;..." for links (the CSV export) that must carry the same filters.</summary>
    public static string ToQuery(LogFilter filter) =>
        QueryHelpers.AddQueryString("", ToParameters(filter).Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value!.ToString())));

    public static string? ConfigKey(int? apiConfigId, int? webhookId) =>
        apiConfigId is { } a ? $"api-{a}" : webhookId is { } w ? $"webhook-{w}" : null;

    public static (LogType Type, int Id)? ParseConfig(string key)
    {
        var dash = key.IndexOf('-');
        if (dash < 0 || !int.TryParse(key[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0) return null;
        return key[..dash].ToLowerInvariant() switch
        {
            "api" => (LogType.Push, id),
            "webhook" => (LogType.Webhook, id),
            _ => null,
        };
    }

    private static string FormatInstant(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTime? ParseInstant(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : null;
}
