using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Features.Common;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// <c>/api/v1/channels</c>: the Canais screen's list, create, edit, (de)activate and delete, plus the Sandbox's
/// simulations (a customer's message, the line's status). The Cloud API access token is write-only: reads carry
/// <c>maskedAccessToken</c> only.
/// </summary>
public static class ChannelsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, ChannelService service, CancellationToken ct) =>
            paging.Of(await service.ListAsync(paging.ToQuery(), ct)))
            .WithSummary("Lists the channels (search over id, name and number).");

        group.MapGet("/{id:int}", async (int id, ChannelService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) ?? throw Refuse.NotFound("Channel", id))
            .WithSummary("One channel; the access token only masked.");

        group.MapPost("/", async (ChannelInput input, ChannelService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(input, ct);
            return Results.Created($"{ManagementApi.Prefix}/channels/{created.Id}", created);
        }).Writes().WithSummary("Creates a channel (Sandbox or WhatsApp Cloud API).");

        group.MapPut("/{id:int}", async (int id, ChannelInput input, ChannelService service, CancellationToken ct) =>
            await service.UpdateAsync(id, input, ct))
            .Writes().WithSummary("Edits a channel; an empty cloudApiAccessToken keeps the stored one. A status change emits ConnectionStatusUpdate.");

        group.MapPost("/{id:int}/activate", (int id, ChannelService service, CancellationToken ct) =>
            SetActiveAsync(service, id, true, ct)).Writes().WithSummary("Activates a channel.");
        group.MapPost("/{id:int}/deactivate", (int id, ChannelService service, CancellationToken ct) =>
            SetActiveAsync(service, id, false, ct)).Writes().WithSummary("Deactivates a channel: its API configs stop sending.");

        group.MapDelete("/{id:int}", async (int id, ChannelService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).Writes().WithSummary("Deletes a channel nothing refers to.");

        group.MapPost("/{id:int}/sandbox/inbound", async (int id, SandboxInboundInput input, ChannelSandbox sandbox, CancellationToken ct) =>
            await sandbox.ReceiveAsync(id, input, ct))
            .Writes().WithSummary("Sandbox channels: a customer's message, routed as a real inbound one (NewContact, NewTicket or the open ticket, NewMessage).");

        group.MapPost("/{id:int}/sandbox/status", async (int id, SandboxStatusInput input, ChannelSandbox sandbox, CancellationToken ct) =>
            await sandbox.SetStatusAsync(id, input, ct))
            .Writes().WithSummary("Sandbox channels: sets the line's connection status (ConnectionStatusUpdate).");
    }

    private static async Task<IResult> SetActiveAsync(ChannelService service, int id, bool active, CancellationToken ct)
    {
        await service.SetActiveAsync(id, active, ct);
        return Results.Ok(await service.GetAsync(id, ct));
    }
}
