using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Templates;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/templates</c>: the Templates screen's list, create, edit, (de)activate and delete (WABA channels).</summary>
public static class TemplatesApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, TemplateService service, CancellationToken ct) =>
            paging.Of(await service.ListAsync(paging.ToQuery(), ct)))
            .WithSummary("Lists the WABA templates.");

        group.MapGet("/{id:int}", async (int id, TemplateService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) ?? throw Refuse.NotFound("Template", id))
            .WithSummary("One template; its id is the push API's templateId.");

        group.MapPost("/", async (TemplateInput input, TemplateService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(input, ct);
            return Results.Created($"{ManagementApi.Prefix}/templates/{created.Id}", created);
        }).Writes().WithSummary("Creates a template on a WABA channel; its variable count comes from the body's {{n}}.");

        group.MapPut("/{id:int}", async (int id, TemplateInput input, TemplateService service, CancellationToken ct) =>
            await service.UpdateAsync(id, input, ct)).Writes().WithSummary("Edits a template.");

        group.MapPost("/{id:int}/activate", (int id, TemplateService service, CancellationToken ct) =>
            SetActiveAsync(service, id, true, ct)).Writes().WithSummary("Activates a template.");
        group.MapPost("/{id:int}/deactivate", (int id, TemplateService service, CancellationToken ct) =>
            SetActiveAsync(service, id, false, ct)).Writes().WithSummary("Deactivates a template.");

        group.MapDelete("/{id:int}", async (int id, TemplateService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).Writes().WithSummary("Deletes a template no message refers to.");
    }

    private static async Task<IResult> SetActiveAsync(TemplateService service, int id, bool active, CancellationToken ct)
    {
        await service.SetActiveAsync(id, active, ct);
        return Results.Ok(await service.GetAsync(id, ct));
    }
}
