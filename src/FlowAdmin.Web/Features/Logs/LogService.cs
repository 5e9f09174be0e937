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
        var bounds = await BodyIndexBoundsAsync(db, filter, now, byId: sortBy == nameof(LogRow.Id), ct);
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
            var matches = NewestFirst(sortBy, descending) && db.Database.IsSqlite()
                ? await NewestMatchesAsync(db, query, skip + pageSize, ct)
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
    /// A body search's matches newest first, up to the cap, listed in id order rather than date order: the body
    /// index then walks its ids downwards and stops at the cap, where sorting by date lists and checks every
    /// match of the range first (a 3-character text in most bodies over 30 days: 550,000 ids, ~475 ms p95).
    /// Ids grow with time, so the newest ids are the newest entries, but nothing forces that (a clock set back,
    /// an entry written late): the ids listed are sorted by date here, and when the list stops at the cap the
    /// page is exact only if no entry below the smallest listed id is dated after the page's last row, which
    /// one seek of the date index tells. When one is, null: the caller sorts every match by date as before.
    /// </summary>
    private static async Task<List<long>?> NewestMatchesAsync(AppDbContext db, IQueryable<LogEntry> query, int pageEnd, CancellationToken ct)
    {
        var listed = await query.OrderByDescending(e => e.Id).Take(CountCap + 1)
            .Select(e => new { e.Id, e.CreatedAt }).ToListAsync(ct);
        var byDate = listed.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).ToList();
        if (listed.Count <= CountCap || pageEnd > byDate.Count) return byDate.ConvertAll(e => e.Id);
        var smallestListed = listed[^1].Id;
        var pageLast = byDate[pageEnd - 1].CreatedAt;
        var olderIdNewerDate = await db.LogEntries.AnyAsync(e => e.CreatedAt > pageLast && e.Id < smallestListed, ct);
        return olderIdNewerDate ? null : byDate.ConvertAll(e => e.Id);
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
        if (ticketId is null && e.Type == LogType.Push)
            ticketId = await db.PushRequests.Where(p => p.LogEntryId == e.Id).Select(p => p.TicketId).FirstOrDefaultAsync(ct);
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
        var rows = Filtered(db, filter, now, await BodyIndexBoundsAsync(db, filter, now, byId: false, ct)).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(e => new LogExportRow(e.Id, e.Type, e.ConfigName, e.Event, e.Success, e.HttpStatus, e.Error,
                e.ExternalKey, e.Number, e.DurationMs, e.Attempt, e.DeliveryId, e.CreatedAt))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
            yield return row;
    }

    /// <summary>
    /// What SQLite's body search and sort by # need to know before they are composed, read first as values (as subqueries in
    /// their place, SQLite scanned the range, or computed them once per statement: twice per page).
    /// <para><c>IndexedUpTo</c>: the last entry the body index holds (LogBodyIndex fills it a moment behind
    /// the writers); the entries above it, the last second or so, are searched by LIKE, which ignores ASCII
    /// case only.</para>
    /// <para><c>FirstInRange</c>: the smallest id dated in the range, which bounds the index's rowids (and the
    /// walk of a sort by #). Exact
    /// (a minimum, not an estimate), so an entry written out of order is still found; "+ 0" makes SQLite
    /// read it from the (TenantId, CreatedAt) index rather than walk ids in order reading each row's date.
    /// That walk of the range's index entries costs ~25 ms over 7 days and ~90 ms over 30: when the range
    /// starts before the tenant's oldest entry (a month with 30 days' retention) no bound is needed (0).</para>
    /// </summary>
    private static async Task<BodyIndexBounds> BodyIndexBoundsAsync(AppDbContext db, LogFilter filter, DateTime now, bool byId, CancellationToken ct)
    {
        if ((filter.BodyContains is null && !byId) || !db.Database.IsSqlite()) return default;
        var indexedUpTo = filter.BodyContains is null ? 0
            : await db.Database.SqlQuery<long>($"""SELECT "LastId" AS "Value" FROM "LogBodySearchProgress" """).SingleAsync(ct);
        var from = filter.Range(now).From;
        var oldest = await db.LogEntries.MinAsync(e => (DateTime?)e.CreatedAt, ct);
        var firstInRange = oldest is null || oldest >= from
            ? 0
            : await db.LogEntries.Where(e => e.CreatedAt >= from).Select(e => (long?)(e.Id + 0)).MinAsync(ct) ?? long.MaxValue;
        return new BodyIndexBounds(indexedUpTo, firstInRange);
    }

    private readonly record struct BodyIndexBounds(long IndexedUpTo, long FirstInRange);

    private IQueryable<LogEntry> Filtered(AppDbContext db, LogFilter filter, DateTime now, BodyIndexBounds bodyIndex)
    {
        var (from, to) = filter.Range(now);
        var query = db.LogEntries.AsNoTracking().Where(e => e.CreatedAt >= from);
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
    /// Entries whose request or response body contains <paramref name="text"/>, ignoring case, always with
    /// the date range and the other filters. SQLite asks its FTS5 trigram index (migration LogBodySearch)
    /// for the matching ids; PostgreSQL's ILIKE uses its pg_trgm indexes; SQL Server's LIKE is
    /// case-insensitive through its default collation and scans the range (docs/benchmarks.md, Logs).
    /// </summary>
    private static IQueryable<LogEntry> BodyContains(AppDbContext db, IQueryable<LogEntry> query, string text, bool fewEntries, BodyIndexBounds bounds)
    {
        var indexedUpTo = bounds.IndexedUpTo;
        if (db.Database.IsSqlite() && text.EnumerateRunes().Count() >= 3 && fewEntries)
        {
            // An external key or a number leaves a few dozen entries even over 30 days: the index is asked
            // about each of them (rowid = Id), ~0.3 ms apiece, instead of listing every match of a
            // frequent text over the whole range first (number + "Pedido" over 30 days: 670 → 20 ms).
            var search = db.Database.SqlQuery<long>(
                $"""SELECT rowid AS "Value" FROM "LogEntriesBodySearch" WHERE "LogEntriesBodySearch" MATCH {FtsPhrase(text)}""");
            var recent = LikePattern(text, sqlServer: false);
            return query.Where(e => search.Count(id => id == e.Id) > 0 // a correlated count: EF turns Any(==) into IN
                || (e.Id > indexedUpTo && (EF.Functions.Like(e.RequestBody, recent, @"\") || EF.Functions.Like(e.ResponseBody, recent, @"\"))));
        }
        if (db.Database.IsSqlite() && text.EnumerateRunes().Count() >= 3)
        {
            // The index knows no dates: a frequent text matches across all retained days (27,000 ids for
            // one event name at 1M rows, ~30 ms to list). Ids grow with time, so the range's smallest id
            // bounds the index's rowid and it lists only the range's matches (1-3 ms for 24 h). Each listed
            // id's date and filters are then checked in IX_LogEntries_BodySearchIds (migration
            // LogBodySearchIds), not in its row, whose CreatedAt comes after the bodies and their overflow pages.
            var firstInRange = bounds.FirstInRange;
            var matches = db.Database.SqlQuery<long>(
                    $"""SELECT rowid AS "Value" FROM "LogEntriesBodySearch" WHERE "LogEntriesBodySearch" MATCH {FtsPhrase(text)}""")
                .Where(id => id >= firstInRange);
            // One id list (UNION ALL) with the entries not yet indexed: an OR beside the IN made SQLite scan
            // the range instead of reading the list (absent text over 24 h: 8 → 155 ms).
            var recent = LikePattern(text, sqlServer: false);
            var unindexed = db.LogEntries
                .Where(r => r.Id > indexedUpTo && (EF.Functions.Like(r.RequestBody, recent, @"\") || EF.Functions.Like(r.ResponseBody, recent, @"\")))
                .Select(r => r.Id);
            var ids = matches.Concat(unindexed);
            return query.Where(e => ids.Contains(e.Id));
        }
        var sqlServer = db.Database.IsSqlServer();
        var pattern = LikePattern(text, sqlServer);
        if (db.Database.IsNpgsql())
            return query.Where(e => EF.Functions.ILike(e.RequestBody, pattern, @"\") || EF.Functions.ILike(e.ResponseBody, pattern, @"\"));
        // SQL Server; and SQLite for 1-2 characters, which a trigram index cannot look up: there LIKE scans
        // the bodies of the range (as every search did before the index) and ignores ASCII case only. The
        // filter bar, the URL and the API refuse such texts (LogFilter.BodyMinLength): only a direct caller gets here.
        return query.Where(e => EF.Functions.Like(e.RequestBody, pattern, @"\") || EF.Functions.Like(e.ResponseBody, pattern, @"\"));
    }

    /// <summary>
    /// The user's text as one FTS5 string: embedded quotes doubled, the whole wrapped in quotes, so
    /// operators (OR, NOT, *, ^, column filters) are searched for literally rather than obeyed.
    /// </summary>
    internal static string FtsPhrase(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

    /// <summary>'%text%' with LIKE's wildcards (and SQL Server's [ ranges) escaped by a backslash.</summary>
    internal static string LikePattern(string text, bool sqlServer)
    {
        var escaped = text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
        if (sqlServer) escaped = escaped.Replace("[", @"\[");
        return "%" + escaped + "%";
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
