using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>"Body contains": the body index's bounds, the filter itself, and the capped listing in id order.</summary>
public sealed partial class LogService
{
    private readonly record struct IdAndDate(long Id, DateTime CreatedAt);

    /// <summary>Up to this many matches of the range, a body search lists them forwards and checks them as one list; past it, it walks them newest first (IndexDrivenMatchesAsync).</summary>
    internal const int BodyProbeLimit = 1_000;

    /// <summary>
    /// A body search's matches in id order, up to the cap: newest first for the default order (then sorted by date
    /// here), or by # when <paramref name="byIdDescending"/> is set. The list then stops at the cap, where sorting by
    /// date lists and checks every match of the range first (a 3-character text in most bodies over 30 days: 550,000
    /// ids, ~475 ms p95). Ids grow with time, so the newest ids are the newest entries, but nothing forces that (a
    /// clock set back, an entry written late): when the list stops at the cap in the default order, the page is exact
    /// only if no entry below the smallest listed id is dated after the page's last row, which one seek of the date
    /// index tells. When one is, null: the caller sorts every match by date.
    /// </summary>
    private async Task<List<long>?> NewestMatchesAsync(
        AppDbContext db, IQueryable<LogEntry> query, LogFilter filter, DateTime now, BodyIndexBounds bounds, bool? byIdDescending, int pageEnd, CancellationToken ct)
    {
        var descending = byIdDescending ?? true;
        var listed = IndexDriven(filter)
            ? await IndexDrivenMatchesAsync(db, filter, now, bounds, descending, ct)
            : await (descending ? query.OrderByDescending(e => e.Id) : query.OrderBy(e => e.Id))
                .Take(CountCap + 1).Select(e => new IdAndDate(e.Id, e.CreatedAt)).ToListAsync(ct);
        if (byIdDescending is not null) return listed.ConvertAll(e => e.Id);
        var byDate = listed.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).ToList();
        if (listed.Count <= CountCap || pageEnd > byDate.Count) return byDate.ConvertAll(e => e.Id);
        var smallestListed = listed[^1].Id;
        var pageLast = byDate[pageEnd - 1].CreatedAt;
        var olderIdNewerDate = await db.LogEntries.AnyAsync(e => e.CreatedAt > pageLast && e.Id < smallestListed, ct);
        return olderIdNewerDate ? null : byDate.ConvertAll(e => e.Id);
    }

    /// <summary>SQLite's body index answers texts of 3+ characters; a number or an external key is checked entry by entry instead.</summary>
    private static bool IndexDriven(LogFilter filter) =>
        filter.BodyContains is { } text && text.EnumerateRunes().Count() >= 3 && filter.ExternalKey is null && filter.Number is null;

    /// <summary>
    /// The body index drives: FTS5 walks its rowids in the order asked and stops at the cap, each id checked against
    /// the range and the other filters in IX_LogEntries_BodySearchIds. With the same ids as an IN list (as
    /// <see cref="BodyContains"/> composes them), SQLite first built the whole list of the range's matches to walk it
    /// in order ("Ped" over 30 days: 126 → 36 ms p50, docs/benchmarks.md). The entries not indexed yet (above the
    /// mark, the newest ids) are read by LIKE, first when newest first, last otherwise.
    /// <para>Newest first, the walk starts bounded by the id of the range's oldest entry by date (one seek), not by
    /// the exact smallest id of the range (a walk of the range's index entries, ~25 ms over 7 days). When it fills
    /// the cap, no id below that bound could be on the list; when it does not, the ids between the exact smallest
    /// and that bound are walked too, so an entry written out of order is still found.</para>
    /// </summary>
    private async Task<List<IdAndDate>> IndexDrivenMatchesAsync(
        AppDbContext db, LogFilter filter, DateTime now, BodyIndexBounds bounds, bool descending, CancellationToken ct)
    {
        var text = filter.BodyContains!;
        var others = filter with { BodyContains = null };
        var indexedUpTo = bounds.IndexedUpTo;
        var recentPattern = LikePattern(text, sqlServer: false);
        var recent = Filtered(db, others, now, bounds)
            .Where(e => e.Id > indexedUpTo && (EF.Functions.Like(e.RequestBody, recentPattern, @"\") || EF.Functions.Like(e.ResponseBody, recentPattern, @"\")));
        var phrase = FtsPhrase(text);
        var listed = new List<IdAndDate>();
        async Task AddRecentAsync() => listed.AddRange(await (descending ? recent.OrderByDescending(e => e.Id) : recent.OrderBy(e => e.Id))
            .Take(CountCap + 1 - listed.Count).Select(e => new IdAndDate(e.Id, e.CreatedAt)).ToListAsync(ct));
        // The order is the statement's own (EF adds none: its ORDER BY on a column of a raw query gets a CAST
        // that SQLite cannot hand to FTS5, which then lists every match to sort them). SQLite flattens the
        // raw join into EF's filters, so the ORDER BY and the LIMIT apply to the whole.
        async Task AddIndexedAsync(long low, long high) => listed.AddRange(await Filtered(db, others, now, bounds, descending
                ? db.LogEntries.FromSql($"""
                    SELECT l.* FROM "LogEntriesBodySearch" s JOIN "LogEntries" l INDEXED BY "IX_LogEntries_BodySearchIds" ON l."Id" = s.rowid
                    WHERE "LogEntriesBodySearch" MATCH {phrase} AND s.rowid >= {low} AND s.rowid <= {high} ORDER BY s.rowid DESC
                    """)
                : db.LogEntries.FromSql($"""
                    SELECT l.* FROM "LogEntriesBodySearch" s JOIN "LogEntries" l INDEXED BY "IX_LogEntries_BodySearchIds" ON l."Id" = s.rowid
                    WHERE "LogEntriesBodySearch" MATCH {phrase} AND s.rowid >= {low} AND s.rowid <= {high} ORDER BY s.rowid
                    """))
            .Take(CountCap + 1 - listed.Count).Select(e => new IdAndDate(e.Id, e.CreatedAt)).ToListAsync(ct));
        var from = filter.Range(now).From;
        if (!descending)
        {
            await AddIndexedAsync(await FirstInRangeAsync(db, from, ct), indexedUpTo);
            if (listed.Count <= CountCap) await AddRecentAsync();
            return listed;
        }
        await AddRecentAsync();
        if (listed.Count > CountCap) return listed;
        var oldestByDate = await db.LogEntries.Where(e => e.CreatedAt >= from).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        if (oldestByDate is not { } bound) return listed; // nothing in the range
        // FTS5 walks a phrase whose trigrams are in most bodies about twice as slowly backwards as forwards (a
        // contact number's digits, 56 matches among 1M entries: ~85 against ~45 ms), while a frequent text walked
        // newest first stops at the cap ("Ped", 550,000 matches: 9 ms, against 120 ms to list them all). So a few
        // ids are asked forwards first: a rare text is listed whole and checked as one list; a text found more than
        // BodyProbeLimit times is walked newest first. (At 4 x the cap, "FinishedTicket" over 30 days, 27,000
        // matches, was listed whole and checked: 90 ms p50, against 62 before the walk; docs/benchmarks.md.)
        var probe = await IndexIdsAsync(db, phrase, bound, indexedUpTo, BodyProbeLimit, ct);
        var first = 0L;
        if (probe.Count >= BodyProbeLimit) await AddIndexedAsync(bound, indexedUpTo);
        else
        {
            first = await FirstInRangeAsync(db, from, ct);
            if (first < bound) probe.AddRange(await IndexIdsAsync(db, phrase, first, bound - 1, int.MaxValue, ct));
            await AddCheckedAsync(probe);
            return listed;
        }
        if (listed.Count > CountCap) return listed;
        first = await FirstInRangeAsync(db, from, ct);
        if (first < bound) await AddIndexedAsync(first, bound - 1);
        return listed;

        // The ids' range and other filters, from IX_LogEntries_BodySearchIds (one JSON parameter, not one per id).
        async Task AddCheckedAsync(List<long> ids) => listed.AddRange(await Filtered(db, others, now, bounds)
            .Where(e => EF.Parameter(ids).Contains(e.Id)).OrderByDescending(e => e.Id)
            .Take(CountCap + 1 - listed.Count).Select(e => new IdAndDate(e.Id, e.CreatedAt)).ToListAsync(ct));
    }

    /// <summary>The body index's matching ids between <paramref name="low"/> and <paramref name="high"/>, ascending, at most <paramref name="limit"/>.</summary>
    private static Task<List<long>> IndexIdsAsync(AppDbContext db, string phrase, long low, long high, int limit, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""
            SELECT rowid AS "Value" FROM "LogEntriesBodySearch"
            WHERE "LogEntriesBodySearch" MATCH {phrase} AND rowid >= {low} AND rowid <= {high} ORDER BY rowid LIMIT {limit}
            """).ToListAsync(ct);

    /// <summary>
    /// The smallest id dated in the range. Exact (a minimum, not an estimate), so an entry written out of order is
    /// still found; "+ 0" makes SQLite read it from the (TenantId, CreatedAt) index rather than walk ids in order
    /// reading each row's date. That walk of the range's index entries costs ~25 ms over 7 days and ~90 ms over 30:
    /// when the range starts before the tenant's oldest entry (a month with 30 days' retention), 0 (no bound).
    /// </summary>
    private static async Task<long> FirstInRangeAsync(AppDbContext db, DateTime from, CancellationToken ct)
    {
        var oldest = await db.LogEntries.MinAsync(e => (DateTime?)e.CreatedAt, ct);
        return oldest is null || oldest >= from
            ? 0
            : await db.LogEntries.Where(e => e.CreatedAt >= from).Select(e => (long?)(e.Id + 0)).MinAsync(ct) ?? long.MaxValue;
    }

    /// <summary>
    /// What SQLite's body search and sort by # need to know before they are composed, read first as values (as subqueries in
    /// their place, SQLite scanned the range, or computed them once per statement: twice per page).
    /// <para><c>IndexedUpTo</c>: the last entry the body index holds (LogBodyIndex fills it a moment behind
    /// the writers); the entries above it, the last second or so, are searched by LIKE, which ignores ASCII
    /// case only.</para>
    /// <para><c>FirstInRange</c> (when <paramref name="needFirstInRange"/>): see <see cref="FirstInRangeAsync"/>; it
    /// bounds the index's rowids and the walk of a sort by #. The index-driven listing finds its own bounds.</para>
    /// </summary>
    private static async Task<BodyIndexBounds> BodyIndexBoundsAsync(AppDbContext db, LogFilter filter, DateTime now, bool needFirstInRange, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return default;
        var indexedUpTo = filter.BodyContains is null ? 0
            : await db.Database.SqlQuery<long>($"""SELECT "LastId" AS "Value" FROM "LogBodySearchProgress" """).SingleAsync(ct);
        var firstInRange = needFirstInRange ? await FirstInRangeAsync(db, filter.Range(now).From, ct) : 0;
        return new BodyIndexBounds(indexedUpTo, firstInRange);
    }

    private readonly record struct BodyIndexBounds(long IndexedUpTo, long FirstInRange);

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
}
