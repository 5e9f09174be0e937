using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>The status filter: outcome, an HTTP status class, or a network error (no HTTP status at all).</summary>
public enum LogStatusFilter { Success, Failure, Status2xx, Status3xx, Status4xx, Status5xx, NetworkError }

/// <summary>
/// The combinable filters of the Logs screen (and of its CSV export). Times are UTC instants;
/// no <see cref="From"/> means "the last 24 hours". Config is either an API config or a webhook.
/// </summary>
public sealed record LogFilter
{
    public LogType? Type { get; init; }
    public LogStatusFilter? Status { get; init; }
    public int? ApiConfigId { get; init; }
    public int? WebhookId { get; init; }
    public string? Event { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? ExternalKey { get; init; }
    public string? Number { get; init; }
    public string? BodyContains { get; init; }

    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);

    /// <summary>
    /// The shortest "body contains" text: SQLite's trigram index looks up 3 characters or more, and a shorter
    /// text would scan the bodies of the whole range instead (~130-200 ms over 24 h at 1M rows). The filter
    /// bar, the URL and the management API refuse shorter texts (docs/benchmarks.md, Logs).
    /// </summary>
    public const int BodyMinLength = 3;

    /// <summary>True for a body text too short to search (counted in characters, not UTF-16 units).</summary>
    public static bool IsBodyTooShort(string? text) => text is not null && text.EnumerateRunes().Count() < BodyMinLength;

    /// <summary>The range actually searched: the chosen one, or the last 24 hours before <paramref name="now"/>.</summary>
    public (DateTime From, DateTime? To) Range(DateTime now) => (From ?? (To ?? now) - DefaultRange, To);
}

/// <summary>One row of the Logs grid (no headers, no bodies: those are for the detail).</summary>
public sealed record LogRow(long Id, LogType Type, string ConfigName, string Event, bool Success, int? HttpStatus, string? Error, DateTime CreatedAt);

/// <summary>A page of rows; <see cref="CountCapped"/> says the total was counted only up to <see cref="LogService.CountCap"/>.</summary>
public sealed record LogPage(IReadOnlyList<LogRow> Items, int TotalCount, bool CountCapped);

/// <summary>Everything the detail dialog shows; headers are already masked for the viewer.</summary>
public sealed record LogDetail(
    long Id, LogType Type, string ConfigName, int? ApiConfigId, int? WebhookId, string Event, bool Success, int? HttpStatus, string? Error,
    string RequestHeaders, string RequestBody, string ResponseHeaders, string ResponseBody,
    string? ExternalKey, string? Number, int DurationMs, int? Attempt, long? DeliveryId, int? TicketId, DateTime CreatedAt,
    IReadOnlyList<LogAttempt> Attempts);

/// <summary>One attempt of a webhook delivery, for the timeline.</summary>
public sealed record LogAttempt(long Id, int? Attempt, bool Success, int? HttpStatus, string? Error, int DurationMs, DateTime CreatedAt);

/// <summary>A choice of the config filter: "api-3" or "webhook-5" and the config's name.</summary>
public sealed record LogConfigOption(string Key, LogType Type, string Name);
