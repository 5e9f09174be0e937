using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace FlowAdmin.Web.Features.Common;

/// <summary>What a list screen (or the management API) asks for: a search term, one sort column, a page.</summary>
public sealed record PagedQuery(string? Search = null, string? SortBy = null, bool Descending = false, int Page = 0, int PageSize = 25)
{
    public const int MaxPageSize = 200;
}

/// <summary>One page of rows and the total number of rows that match.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>
/// The sortable columns of a list, by the name the caller uses (the row DTO's property name).
/// Anything else falls back to the default column, so a client can never sort by an arbitrary member.
/// </summary>
public sealed class SortColumns<T>(string defaultColumn)
{
    private readonly Dictionary<string, LambdaExpression> _columns = new(StringComparer.OrdinalIgnoreCase);

    public SortColumns<T> Add<TKey>(string name, Expression<Func<T, TKey>> key)
    {
        _columns[name] = key;
        return this;
    }

    internal IOrderedQueryable<T> Apply(IQueryable<T> source, string? sortBy, bool descending)
    {
        var primary = _columns.GetValueOrDefault(sortBy ?? "") ?? _columns[defaultColumn];
        var ordered = Order(source, primary, descending ? nameof(Queryable.OrderByDescending) : nameof(Queryable.OrderBy));
        // A stable tie-break keeps rows from jumping between pages.
        var tieBreak = _columns[defaultColumn];
        return tieBreak == primary ? ordered : Order(ordered, tieBreak, nameof(Queryable.ThenBy));
    }

    private static IOrderedQueryable<T> Order(IQueryable<T> source, LambdaExpression key, string method)
    {
        var call = Expression.Call(typeof(Queryable), method, [typeof(T), key.ReturnType], source.Expression, Expression.Quote(key));
        return (IOrderedQueryable<T>)source.Provider.CreateQuery<T>(call);
    }
}

public static class PagedQueryExtensions
{
    /// <summary>
    /// Keeps the rows whose id is the search term or whose text contains it (case-insensitive on every provider).
    /// </summary>
    public static IQueryable<T> Search<T>(this IQueryable<T> source, string? term, Expression<Func<T, int>> id, params Expression<Func<T, string>>[] texts)
    {
        if (string.IsNullOrWhiteSpace(term)) return source;
        var needle = term.Trim().ToLowerInvariant();
        var parameter = id.Parameters[0];
        Expression? match = null;
        foreach (var text in texts)
        {
            var body = ReplacingExpressionVisitor.Replace(text.Parameters[0], parameter, text.Body);
            var contains = Expression.Call(
                Expression.Call(body, nameof(string.ToLower), Type.EmptyTypes),
                nameof(string.Contains), Type.EmptyTypes, Expression.Constant(needle));
            match = match is null ? contains : Expression.OrElse(match, contains);
        }
        if (int.TryParse(needle, out var number))
        {
            var equalsId = Expression.Equal(id.Body, Expression.Constant(number));
            match = match is null ? equalsId : Expression.OrElse(equalsId, match);
        }
        return match is null ? source : source.Where(Expression.Lambda<Func<T, bool>>(match, parameter));
    }

    /// <summary>Sorts, counts and pages <paramref name="source"/>, then projects the page to rows.</summary>
    public static async Task<PagedResult<TRow>> ToPagedResultAsync<T, TRow>(
        this IQueryable<T> source, PagedQuery query, SortColumns<T> sorts, Expression<Func<T, TRow>> projection, CancellationToken ct)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, PagedQuery.MaxPageSize);
        var page = Math.Max(query.Page, 0);
        var total = await source.CountAsync(ct);
        var items = await sorts.Apply(source, query.SortBy, query.Descending)
            .Skip(page * pageSize).Take(pageSize)
            .Select(projection)
            .ToListAsync(ct);
        return new PagedResult<TRow>(items, total);
    }
}
