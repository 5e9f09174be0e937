using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Departments;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/departments</c>: the Departamentos screen's list, create, edit, (de)activate and delete.</summary>
public static class DepartmentsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, DepartmentService service, CancellationToken ct) =>
            paging.Of(await service.ListAsync(paging.ToQuery(), ct)));

        group.MapGet("/{id:int}", async (int id, DepartmentService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) ?? throw Refuse.NotFound("Department", id));

        group.MapPost("/", async (DepartmentInput input, DepartmentService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(input, ct);
            return Results.Created($"{ManagementApi.Prefix}/departments/{created.Id}", created);
        }).Writes();

        group.MapPut("/{id:int}", async (int id, DepartmentInput input, DepartmentService service, CancellationToken ct) =>
            await service.UpdateAsync(id, input, ct)).Writes();

        group.MapPost("/{id:int}/activate", (int id, DepartmentService service, CancellationToken ct) =>
            SetActiveAsync(service, id, true, ct)).Writes();
        group.MapPost("/{id:int}/deactivate", (int id, DepartmentService service, CancellationToken ct) =>
            SetActiveAsync(service, id, false, ct)).Writes();

        group.MapDelete("/{id:int}", async (int id, DepartmentService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).Writes();
    }

    private static async Task<IResult> SetActiveAsync(DepartmentService service, int id, bool active, CancellationToken ct)
    {
        await service.SetActiveAsync(id, active, ct);
        return Results.Ok(await service.GetAsync(id, ct));
    }
}
