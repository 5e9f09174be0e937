using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>The grid's orders: each sort's ORDER BY, and the pages made value by value or newest id first.</summary>
public sealed partial class LogService
{
    /// <summary>
    /// A page sorted by a column of few values (Nome, Evento, Tipo, Status), made value by value: sorting the range's
    /// entries by the column read every one of them (30 days at 1M rows: 230-390 ms), where the first page
    /// only needs the first value's newest entries. The values come in order from an index led by the column
    /// (the next one is one seek: min above the last), and each value's entries newest first from the same
    /// index (equality, then the date range), until the page is full. Null for the other sorts.
    /// </summary>
    private static async Task<List<long>?> GroupedPageAsync(
        AppDbContext db, IQueryable<LogEntry> query, string? sortBy, bool descending, int skip, int take, CancellationToken ct)
    {
        if (sortBy is not (nameof(LogRow.ConfigName) or nameof(LogRow.Event) or nameof(LogRow.Type) or nameof(LogRow.HttpStatus))) return null;
        var ids = new List<long>(take);
        await foreach (var value in ColumnValuesAsync(db, sortBy, descending, ct))
        {
            var group = await query.Where(value).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
                .Select(e => e.Id).Take(skip + take - ids.Count).ToListAsync(ct);
            var skipped = Math.Min(skip, group.Count);
            skip -= skipped;
            ids.AddRange(group.Skip(skipped));
            if (ids.Count == take) break;
        }
        return ids;
    }

    /// <summary>"Column = value" for each of the tenant's values of the sort column, in the order Sorted gives them.</summary>
    private static async IAsyncEnumerable<Expression<Func<LogEntry, bool>>> ColumnValuesAsync(
        AppDbContext db, string sortBy, bool descending, [EnumeratorCancellation] CancellationToken ct)
    {
        if (sortBy == nameof(LogRow.Type))
        {
            // Stored by name: the database orders them as their names do.
            var types = Enum.GetValues<LogType>().OrderBy(t => t.ToString(), StringComparer.Ordinal);
            foreach (var type in descending ? types.Reverse() : types) yield return e => e.Type == type;
            yield break;
        }
        if (sortBy == nameof(LogRow.HttpStatus))
        {
            // Status: failures first, then by HTTP status (Sorted's order), each pair read from the HttpStatus index.
            var statuses = new List<int?>();
            for (int? status = await db.LogEntries.MinAsync(e => e.HttpStatus, ct); status is { } last; status = await db.LogEntries.Where(e => e.HttpStatus > last).MinAsync(e => e.HttpStatus, ct))
                statuses.Add(last);
            // No status (a network error) sorts as the database sorts NULL: first on SQLite and SQL Server, last on PostgreSQL.
            statuses.Insert(db.Database.IsNpgsql() ? statuses.Count : 0, null);
            bool[] outcomes = [false, true];
            foreach (var success in descending ? outcomes.Reverse() : outcomes)
            foreach (var status in descending ? Enumerable.Reverse(statuses) : statuses)
                yield return status is null ? e => e.Success == success && e.HttpStatus == null : e => e.Success == success && e.HttpStatus == status;
            yield break;
        }
        Expression<Func<LogEntry, string>> column = sortBy == nameof(LogRow.ConfigName) ? e => e.ConfigName : e => e.Event;
        var entries = db.LogEntries.AsNoTracking();
        var value = descending ? await entries.MaxAsync(column, ct) : await entries.MinAsync(column, ct);
        while (value is not null)
        {
            yield return Compare(column, value, ExpressionType.Equal);
            var beyond = entries.Where(Compare(column, value, descending ? ExpressionType.LessThan : ExpressionType.GreaterThan));
            value = descending ? await beyond.MaxAsync(column, ct) : await beyond.MinAsync(column, ct);
        }
    }

    // column = value, or string.Compare(column, value) < 0 / > 0 (which EF writes as column < value / > value).
    private static Expression<Func<LogEntry, bool>> Compare(Expression<Func<LogEntry, string>> column, string value, ExpressionType comparison)
    {
        Expression<Func<string>> parameter = () => value; // a parameter, not a constant in the SQL
        Expression body = comparison == ExpressionType.Equal
            ? Expression.Equal(column.Body, parameter.Body)
            : Expression.MakeBinary(comparison,
                Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column.Body, parameter.Body),
                Expression.Constant(0));
        return Expression.Lambda<Func<LogEntry, bool>>(body, column.Parameters);
    }

    /// <summary>The grid's default order (Data, newest first), which <see cref="Sorted"/> falls back to.</summary>
    private static bool NewestFirst(string? sortBy, bool descending) =>
        sortBy is not (nameof(LogRow.Id) or nameof(LogRow.ConfigName) or nameof(LogRow.Event) or nameof(LogRow.Type) or nameof(LogRow.HttpStatus))
        && !(sortBy == nameof(LogRow.CreatedAt) && !descending);

    private static IQueryable<LogEntry> Sorted(IQueryable<LogEntry> query, string? sortBy, bool descending) => (sortBy, descending) switch
    {
        (nameof(LogRow.Id), false) => query.OrderBy(e => e.Id),
        (nameof(LogRow.Id), true) => query.OrderByDescending(e => e.Id),
        // Within one name, event, type or status: newest first, as the page is made (GroupedPageAsync).
        (nameof(LogRow.ConfigName), false) => query.OrderBy(e => e.ConfigName).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.ConfigName), true) => query.OrderByDescending(e => e.ConfigName).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.Event), false) => query.OrderBy(e => e.Event).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.Event), true) => query.OrderByDescending(e => e.Event).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.Type), false) => query.OrderBy(e => e.Type).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.Type), true) => query.OrderByDescending(e => e.Type).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.HttpStatus), false) => query.OrderBy(e => e.Success).ThenBy(e => e.HttpStatus).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.HttpStatus), true) => query.OrderByDescending(e => e.Success).ThenByDescending(e => e.HttpStatus).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (nameof(LogRow.CreatedAt), false) => query.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id),
        _ => query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
    };
}
