using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Users;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// <c>/api/v1/users</c>: the Usuários screen's list, create, edit, (de)activate and delete. The password is taken on
/// create only and never read back. An API key acts for no user, so the "not yourself" refusals do not apply; the
/// last active administrator is still protected.
/// </summary>
public static class UsersApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, UserService service, CancellationToken ct) =>
        {
            var list = await service.ListAsync(new UserListQuery(paging.Search, paging.Sort, paging.Desc ?? false, paging.PageNumber - 1, paging.Size), ct);
            return new ApiPage<UserRow>(list.Items, paging.PageNumber, paging.Size, list.Total);
        }).WithSummary("Lists the users (search over name and email).");

        group.MapGet("/{id:int}", (int id, UserService service, CancellationToken ct) => GetAsync(service, id, ct))
            .WithSummary("One user: name, email, role, department ids, active.");

        group.MapPost("/", async (UserForm form, UserService service, CancellationToken ct) =>
        {
            form.Id = 0;
            var id = await service.CreateAsync(form, ct);
            return Results.Created($"{ManagementApi.Prefix}/users/{id}", await GetAsync(service, id, ct));
        }).Writes().WithSummary("Creates a user (Administrator or Agent) with a password and departments.");

        group.MapPut("/{id:int}", async (int id, UserForm form, UserService service, CancellationToken ct) =>
        {
            form.Id = id;
            if (!await service.UpdateAsync(form, ct)) throw Refuse.NotFound("User", id);
            return await GetAsync(service, id, ct);
        }).Writes().WithSummary("Edits a user's name, email, role and departments (the password and isActive are not changed here).");

        group.MapPost("/{id:int}/activate", (int id, UserService service, CancellationToken ct) =>
            SetActiveAsync(service, id, true, ct)).Writes().WithSummary("Activates a user.");
        group.MapPost("/{id:int}/deactivate", (int id, UserService service, CancellationToken ct) =>
            SetActiveAsync(service, id, false, ct)).Writes().WithSummary("Deactivates a user and ends their open sessions.");

        group.MapDelete("/{id:int}", async (int id, UserService service, CancellationToken ct) =>
        {
            if (!await service.DeleteAsync(id, actingUserId: null, ct)) throw Refuse.NotFound("User", id);
            return Results.NoContent();
        }).Writes().WithSummary("Deletes a user no ticket, message or history refers to.");
    }

    private static async Task<UserForm> GetAsync(UserService service, int id, CancellationToken ct) =>
        await service.GetAsync(id, ct) ?? throw Refuse.NotFound("User", id);

    private static async Task<UserForm> SetActiveAsync(UserService service, int id, bool active, CancellationToken ct)
    {
        if (!await service.SetActiveAsync(id, active, actingUserId: null, ct)) throw Refuse.NotFound("User", id);
        return await GetAsync(service, id, ct);
    }
}
