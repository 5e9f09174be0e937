using FlowAdmin.Web.Features.Common;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// Every list of the API takes <c>?search=&amp;sort=&amp;desc=&amp;page=&amp;pageSize=</c> (page from 1, at most
/// <see cref="PagedQuery.MaxPageSize"/> rows) and answers <c>{ items, page, pageSize, total }</c>.
/// <c>sort</c> is a field name of the items; an unknown one sorts by id.
/// </summary>
public sealed record ApiPageRequest(string? Search, string? Sort, bool? Desc, int? Page, int? PageSize)
{
    public const int DefaultPageSize = 50;

    public int PageNumber => Math.Max(1, Page ?? 1);
    public int Size => Math.Clamp(PageSize ?? DefaultPageSize, 1, PagedQuery.MaxPageSize);

    public PagedQuery ToQuery() => new(Search, Sort, Desc ?? false, PageNumber - 1, Size);

    public ApiPage<T> Of<T>(PagedResult<T> result) => new(result.Items, PageNumber, Size, result.TotalCount);
}

public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
