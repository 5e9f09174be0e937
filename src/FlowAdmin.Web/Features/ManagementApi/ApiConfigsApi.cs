using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.ApiConfigs;
using FlowAdmin.Web.Features.Common;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>An API (push) config as the API answers it: the grid's row, its form's ids and the push URL.</summary>
/// <param name="PushUrl">The URL with its token, built as the screen builds it; null for read-only keys (agents never see tokens).</param>
public sealed record ApiConfigView(
    int Id, string Name, int ChannelId, string ChannelName, ChannelKind ChannelKind, PostSendAction Action,
    int? DepartmentId, string? DepartmentName, int? UserId, string? UserName, bool IsActive, DateTime CreatedAt, string? PushUrl);

/// <summary><c>/api/v1/api-configs</c>: the API tab's list, create, edit, (de)activate, rotate token and delete.</summary>
public static class ApiConfigsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, ApiConfigService service, HttpContext http, CancellationToken ct) =>
        {
            var (items, total) = await service.ListAsync(paging.Search, ServiceSort(paging.Sort), paging.Desc ?? false, paging.PageNumber - 1, paging.Size, ct);
            var views = new List<ApiConfigView>(items.Count);
            foreach (var row in items) views.Add(await ViewAsync(service, http, row, ct));
            return paging.Of(new PagedResult<ApiConfigView>(views, total));
        }).WithSummary("Lists the API configs (push URLs), newest first.");

        group.MapGet("/{id:int}", (int id, ApiConfigService service, HttpContext http, CancellationToken ct) =>
            GetAsync(service, http, id, ct)).WithSummary("An API config with its push URL.");

        group.MapPost("/", async (ApiConfigForm form, ApiConfigService service, HttpContext http, CancellationToken ct) =>
        {
            var id = await service.CreateAsync(form, ct);
            return Results.Created($"{ManagementApi.Prefix}/api-configs/{id}", await GetAsync(service, http, id, ct));
        }).Writes().WithSummary("Creates an API config with a fresh token.");

        group.MapPut("/{id:int}", async (int id, ApiConfigForm form, ApiConfigService service, HttpContext http, CancellationToken ct) =>
        {
            form.Id = id;
            await service.UpdateAsync(form, ct);
            return await GetAsync(service, http, id, ct);
        }).Writes().WithSummary("Changes an API config's name, channel and post-send action; the token stays.");

        group.MapPost("/{id:int}/activate", (int id, ApiConfigService service, HttpContext http, CancellationToken ct) =>
            SetActiveAsync(service, http, id, true, ct)).Writes().WithSummary("Activates an API config.");
        group.MapPost("/{id:int}/deactivate", (int id, ApiConfigService service, HttpContext http, CancellationToken ct) =>
            SetActiveAsync(service, http, id, false, ct)).Writes().WithSummary("Deactivates an API config: its pushes are refused.");

        group.MapPost("/{id:int}/rotate-token", async (int id, ApiConfigService service, HttpContext http, CancellationToken ct) =>
        {
            await service.RotateTokenAsync(id, ct);
            return await GetAsync(service, http, id, ct);
        }).Writes().WithSummary("Replaces the token: the old push URL answers 404 at once; the answer carries the new URL.");

        group.MapDelete("/{id:int}", async (int id, ApiConfigService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).Writes().WithSummary("Deletes an API config; refused while pushes of it are still queued.");
    }

    private static async Task<ApiConfigView> SetActiveAsync(ApiConfigService service, HttpContext http, int id, bool active, CancellationToken ct)
    {
        await service.SetActiveAsync(id, active, ct);
        return await GetAsync(service, http, id, ct);
    }

    private static async Task<ApiConfigView> GetAsync(ApiConfigService service, HttpContext http, int id, CancellationToken ct) =>
        await ViewAsync(service, http, await service.GetAsync(id, ct) ?? throw Refuse.NotFound(nameof(ApiConfig), id), ct);

    private static async Task<ApiConfigView> ViewAsync(ApiConfigService service, HttpContext http, ApiConfigRow row, CancellationToken ct)
    {
        var form = await service.GetFormAsync(row.Id, ct) ?? throw Refuse.NotFound(nameof(ApiConfig), row.Id);
        // The token is an administrator's business, as on the screen: a read-only key sees that the config exists, not its URL.
        var url = http.User.IsInRole(Roles.Administrator) ? await service.PushUrlAsync(row.Id, RequestBaseUri(http.Request), ct) : null;
        return new ApiConfigView(row.Id, row.Name, row.ChannelId, row.ChannelName, row.ChannelKind, row.Action,
            form.DepartmentId, row.DepartmentName, form.UserId, row.UserName, row.IsActive, row.CreatedAt, url);
    }

    /// <summary>What NavigationManager.BaseUri is on the screen; FlowAdmin:PublicBaseUrl, when set, wins in the service.</summary>
    private static string RequestBaseUri(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";

    /// <summary>The API's camelCase field names ("channelName") are the service's property names ("ChannelName").</summary>
    private static string? ServiceSort(string? sort) => string.IsNullOrEmpty(sort) ? null : char.ToUpperInvariant(sort[0]) + sort[1..];
}
