using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Logs;
using FlowAdmin.Web.Features.Webhooks;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>A page of the Logs grid; <see cref="TotalCapped"/> says the total was counted only up to <see cref="LogService.CountCap"/>.</summary>
public sealed record LogApiPage(IReadOnlyList<LogRow> Items, int Page, int PageSize, int Total, bool TotalCapped);

/// <summary>
/// <c>/api/v1/logs</c>: the Logs screen's list, detail, "Reenviar" and CSV export. The filters are the screen's URL
/// parameters (<see cref="LogQueryString"/>: type, status, config, event, from, to, externalKey, number, body), so
/// a filtered screen's query string works here as it is; the detail is masked as for the caller (a read-only key
/// sees what an agent sees).
/// </summary>
public static class LogsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async (HttpRequest request, [AsParameters] ApiPageRequest paging, LogService logs, IStringLocalizer<LogsText> t, CancellationToken ct) =>
        {
            var filter = FilterOf(request, t);
            var page = await logs.ListAsync(filter, SortName(paging.Sort), paging.Desc ?? false, paging.PageNumber - 1, paging.Size, ct);
            return new LogApiPage(page.Items, paging.PageNumber, paging.Size, page.TotalCount, page.CountCapped);
        }).WithSummary("Lists log entries with the Logs screen's filters (default: the last 24 hours), newest first.")
            .WithDescription(FiltersDescription);

        group.MapGet("/{id:long}", async (long id, HttpContext http, LogService logs, CancellationToken ct) =>
            await logs.GetDetailAsync(id, http.User, ct) ?? throw NotFound(id))
            .WithSummary("One entry with its request, response and delivery attempts; headers masked for the key's scope.");

        group.MapPost("/{id:long}/replay", async (long id, HttpContext http, LogService logs, WebhookDeliveryService deliveries,
            IStringLocalizer<LogsText> t, CancellationToken ct) =>
        {
            var entry = await logs.GetDetailAsync(id, http.User, ct) ?? throw NotFound(id);
            if (entry.DeliveryId is not { } deliveryId) throw Refuse.On("id", t["Replay.NotADelivery"]);
            var replayed = await deliveries.ReplayAsync(deliveryId, ct);
            return await logs.GetDetailAsync(replayed.LogEntryId, http.User, ct) ?? throw NotFound(replayed.LogEntryId);
        }).Writes().WithSummary("Sends the entry's webhook delivery again now (\"Reenviar\") and returns the new attempt.");

        // "/export.csv" is not a long, so it never reaches "/{id:long}".
        group.MapGet("/export.csv", (HttpContext http, LogService logs, IStringLocalizer<LogsText> t, CancellationToken ct) =>
            LogCsv.StreamAsync(http.Response, logs, FilterOf(http.Request, t), t, ct))
            .WithSummary("The filtered entries as CSV (the screen's export), streamed row by row; no headers or bodies.")
            .WithDescription(FiltersDescription);
    }

    // The filters are read from the query string by LogQueryString (not bound one by one), so they are named here.
    private static readonly string FiltersDescription =
        $"Query filters, as in the Logs screen's URL: {string.Join(", ", LogQueryString.Keys)}. " +
        "type=push|webhook; status=success|failure|2xx|3xx|4xx|5xx|network; config=api-<id>|webhook-<id>; from/to are UTC ISO 8601.";

    /// <summary>The screen's filters from the query string; a value that cannot be read is refused by name (422).</summary>
    private static LogFilter FilterOf(HttpRequest request, IStringLocalizer<LogsText> t)
    {
        var (filter, invalid) = LogQueryString.Parse(request.Query.ToDictionary(q => q.Key, q => q.Value));
        if (invalid.Count > 0) throw new ValidationException(invalid.Select(k => new ValidationFailure(k, LogQueryString.InvalidMessage(t, k))));
        return filter;
    }

    /// <summary>The API's camelCase field names ("createdAt") as the service sorts them ("CreatedAt"); an unknown one sorts by date.</summary>
    private static string? SortName(string? sort) =>
        string.IsNullOrEmpty(sort) ? null : char.ToUpperInvariant(sort[0]) + sort[1..];

    private static KeyNotFoundException NotFound(long id) => new($"LogEntry {id} was not found.");
}
