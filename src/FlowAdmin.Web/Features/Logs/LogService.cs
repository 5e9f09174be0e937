using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>A CSV export row: the grid's columns and the keys a user searches by; never headers or bodies.</summary>
public sealed record LogExportRow(
    long Id, LogType Type, string ConfigName, string Event, bool Success, int? HttpStatus, string? Error,
    string? ExternalKey, string? Number, int DurationMs, int? Attempt, long? DeliveryId, DateTime CreatedAt);

/// <summary>The Logs screen's queries for the scope's tenant: the filtered page, the detail, the export.</summary>
public sealed partial class LogService(IDbContextFactory<AppDbContext> factory)
{
    /// <summary>
    /// Counting every match of a wide range costs more than the page itself; beyond this the pager
    /// shows "10000+" and the user narrows the filters (see docs/benchmarks.md).
    /// </summary>
    public const int CountCap = 10_000;

    public async Task<LogPage> ListAsync(LogFilter filter, string? sortBy, bool descending, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = DateTime.UtcNow;
        // A body search in the default order or by # is listed in id order (NewestMatchesAsync); with the body
        // index it finds its own bounds.
        var byIdList = db.Database.IsSqlite() && filter.BodyContains is not null && (NewestFirst(sortBy, descending) || sortBy == nameof(LogRow.Id));
        var bounds = await BodyIndexBoundsAsync(db, filter, now,
            needFirstInRange: (sortBy == nameof(LogRow.Id) || filter.BodyContains is not null) && !(byIdList && IndexDriven(filter)), ct);
        var query = Filtered(db, filter, now, bounds);
        // Sorted by #, SQLite walks ids in order and reads each entry's date: oldest first over the last 24 h
        // walked the 29 older days before the first match. No entry of the range has an id below its first.
        if (sortBy == nameof(LogRow.Id) && bounds.FirstInRange > 0)
        {
            var firstInRange = bounds.FirstInRange;
            query = query.Where(e => e.Id >= firstInRange);
        }
        pageSize = Math.Clamp(pageSize, 1, 200);
        var skip = Math.Max(page, 0) * pageSize;
        // Two steps in one statement: the page's ids are found and sorted from index entries alone
        // (every filter and sort column is in some index), then only those rows are read. Sorting the
        // rows themselves would read every match's 1-4 KiB row before keeping 25 (docs/benchmarks.md).
        var pageIds = Sorted(query, sortBy, descending).Skip(skip).Take(pageSize).Select(e => e.Id);
        Expression<Func<LogEntry, bool>> onPage = e => pageIds.Contains(e.Id);
        if (filter.BodyContains is null && await GroupedPageAsync(db, query, sortBy, descending, skip, pageSize, ct) is { } grouped)
            onPage = e => grouped.Contains(e.Id);
        int total;
        if (filter.BodyContains is not null)
        {
            // A body search's matches come from the body index (or a scan): the count and the page would each
            // read them again. They are read once instead, sorted and up to the cap, and both come from that
            // list (with the bounds read once and migration LogBodySearchIds, frequent text over 30 days: 484 →
            // 69 ms p95 on the bench; docs/benchmarks.md). A page past the cap, which only the API can ask for,
            // still goes to the database.
            var matches = byIdList
                ? await NewestMatchesAsync(db, query, filter, now, bounds, sortBy == nameof(LogRow.Id) ? descending : null, skip + pageSize, ct)
                : null;
            matches ??= await Sorted(query, sortBy, descending).Select(e => e.Id).Take(CountCap + 1).ToListAsync(ct);
            total = matches.Count;
            if (skip + pageSize <= CountCap || total <= CountCap)
            {
                var listed = matches.Skip(skip).Take(pageSize).ToList();
                onPage = e => listed.Contains(e.Id);
            }
        }
        else total = await query.Take(CountCap + 1).CountAsync(ct);
        var items = await Sorted(db.LogEntries.AsNoTracking().Where(onPage), sortBy, descending)
            .Select(e => new LogRow(e.Id, e.Type, e.ConfigName, e.Event, e.Success, e.HttpStatus, e.Error, e.CreatedAt))
            .ToListAsync(ct);
        return new LogPage(items, Math.Min(total, CountCap), total > CountCap);
    }

    /// <summary>
    /// One entry with its headers masked for <paramref name="viewer"/> (agents see standard headers only),
    /// the other attempts of its webhook delivery, and the ticket its push created or updated. Null when
    /// the entry is missing or another tenant's.
    /// </summary>
    public async Task<LogDetail?> GetDetailAsync(long id, ClaimsPrincipal viewer, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.LogEntries.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return null;
        var administrator = viewer.IsInRole(Roles.Administrator);
        var ticketId = e.TicketId;
        if (ticketId is null && e.PushRequestId is { } pushId)
            ticketId = await db.PushRequests.Where(p => p.Id == pushId).Select(p => p.TicketId).FirstOrDefaultAsync(ct);
        IReadOnlyList<LogAttempt> attempts = e.DeliveryId is { } delivery
            ? await db.LogEntries.AsNoTracking().Where(x => x.DeliveryId == delivery).OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
                .Select(x => new LogAttempt(x.Id, x.Attempt, x.Success, x.HttpStatus, x.Error, x.DurationMs, x.CreatedAt)).ToListAsync(ct)
            : [];
        return new LogDetail(
            e.Id, e.Type, e.ConfigName, e.ApiConfigId, e.WebhookId, e.Event, e.Success, e.HttpStatus, e.Error,
            LogMasking.Headers(e.RequestHeaders, administrator), e.RequestBody,
            LogMasking.Headers(e.ResponseHeaders, administrator), e.ResponseBody,
            e.ExternalKey, e.Number, e.DurationMs, e.Attempt, e.DeliveryId, ticketId, e.CreatedAt, attempts);
    }

    /// <summary>The choices of the config filter: the tenant's API configs, then its webhooks.</summary>
    public async Task<IReadOnlyList<LogConfigOption>> ConfigOptionsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var apis = await db.ApiConfigs.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var webhooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(ct);
        return
        [
            .. apis.Select(a => new LogConfigOption(LogQueryString.ConfigKey(a.Id, null)!, LogType.Push, a.Name)),
            .. webhooks.Select(w => new LogConfigOption(LogQueryString.ConfigKey(null, w.Id)!, LogType.Webhook, w.Name)),
        ];
    }

    /// <summary>Every matching row, newest first, read one at a time from the database (the CSV export streams it).</summary>
    public async IAsyncEnumerable<LogExportRow> ExportAsync(LogFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = DateTime.UtcNow;
        var rows = Filtered(db, filter, now, await BodyIndexBoundsAsync(db, filter, now, needFirstInRange: filter.BodyContains is not null, ct)).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(e => new LogExportRow(e.Id, e.Type, e.ConfigName, e.Event, e.Success, e.HttpStatus, e.Error,
                e.ExternalKey, e.Number, e.DurationMs, e.Attempt, e.DeliveryId, e.CreatedAt))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
            yield return row;
    }

    private IQueryable<LogEntry> Filtered(AppDbContext db, LogFilter filter, DateTime now, BodyIndexBounds bodyIndex, IQueryable<LogEntry>? source = null)
    {
        var (from, to) = filter.Range(now);
        var query = (source ?? db.LogEntries).AsNoTracking().Where(e => e.CreatedAt >= from);
        if (to is { } end) query = query.Where(e => e.CreatedAt < end);
        if (filter.Type is { } type) query = query.Where(e => e.Type == type);
        // Success compared with a parameter: a bare boolean column ("WHERE Success") cannot seek the
        // (TenantId, Success, CreatedAt) index on SQLite, "Success = @p" can (500 ms → a few ms at 1M rows).
        var succeeded = filter.Status == LogStatusFilter.Success;
        query = filter.Status switch
        {
            LogStatusFilter.Success or LogStatusFilter.Failure => query.Where(e => e.Success == succeeded),
            LogStatusFilter.Status2xx => StatusClass(db, query, 2),
            LogStatusFilter.Status3xx => StatusClass(db, query, 3),
            LogStatusFilter.Status4xx => StatusClass(db, query, 4),
            LogStatusFilter.Status5xx => StatusClass(db, query, 5),
            LogStatusFilter.NetworkError => query.Where(e => !e.Success && e.HttpStatus == null),
            _ => query,
        };
        if (filter.ApiConfigId is { } api) query = query.Where(e => e.ApiConfigId == api);
        if (filter.WebhookId is { } webhook) query = query.Where(e => e.WebhookId == webhook);
        if (filter.Event is { } name) query = query.Where(e => e.Event == name);
        if (filter.ExternalKey is { } key) query = query.Where(e => e.ExternalKey == key);
        if (filter.Number is { } number) query = query.Where(e => e.Number == number);
        if (filter.BodyContains is { } text) query = BodyContains(db, query, text, filter.ExternalKey is not null || filter.Number is not null, bodyIndex);
        return query;
    }

    /// <summary>
    /// HTTP statuses of one class (4 = 400-499). SQLite and PostgreSQL have an index on the expression
    /// HttpStatus / 100 (migration LogCoveringIndexes), so the class is an equality read in date order;
    /// a range on HttpStatus would lose the order and sort every match. SQL Server has no such index
    /// and keeps the range, on the (TenantId, HttpStatus, CreatedAt) index.
    /// </summary>
    private static IQueryable<LogEntry> StatusClass(AppDbContext db, IQueryable<LogEntry> query, int statusClass)
    {
        if (!db.Database.IsSqlServer()) return query.Where(e => e.HttpStatus / 100 == statusClass);
        int low = statusClass * 100, high = low + 100;
        return query.Where(e => e.HttpStatus >= low && e.HttpStatus < high);
    }
}
