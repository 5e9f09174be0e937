using FlowAdmin.Web.Features.ClosingReasons;
using FlowAdmin.Web.Features.Common;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/closing-reasons</c>: the Motivos de encerramento screen's list, create, edit, (de)activate and delete.</summary>
public static class ClosingReasonsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, ClosingReasonService service, CancellationToken ct) =>
            paging.Of(await service.ListAsync(paging.ToQuery(), ct)))
            .WithSummary("Lists the closing reasons (search over id and name).");

        group.MapGet("/{id:int}", async (int id, ClosingReasonService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) ?? throw Refuse.NotFound("ClosingReason", id))
            .WithSummary("One closing reason; its id is the push API's closingReasonId.");

        group.MapPost("/", async (ClosingReasonInput input, ClosingReasonService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(input, ct);
            return Results.Created($"{ManagementApi.Prefix}/closing-reasons/{created.Id}", created);
        }).Writes().WithSummary("Creates a closing reason.");

        group.MapPut("/{id:int}", async (int id, ClosingReasonInput input, ClosingReasonService service, CancellationToken ct) =>
            await service.UpdateAsync(id, input, ct)).Writes().WithSummary("Edits a closing reason.");

        group.MapPost("/{id:int}/activate", (int id, ClosingReasonService service, CancellationToken ct) =>
            SetActiveAsync(service, id, true, ct)).Writes().WithSummary("Activates a closing reason.");
        group.MapPost("/{id:int}/deactivate", (int id, ClosingReasonService service, CancellationToken ct) =>
            SetActiveAsync(service, id, false, ct)).Writes().WithSummary("Deactivates a closing reason.");

        group.MapDelete("/{id:int}", async (int id, ClosingReasonService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).Writes().WithSummary("Deletes a closing reason no ticket refers to.");
    }

    private static async Task<IResult> SetActiveAsync(ClosingReasonService service, int id, bool active, CancellationToken ct)
    {
        await service.SetActiveAsync(id, active, ct);
        return Results.Ok(await service.GetAsync(id, ct));
    }
}
