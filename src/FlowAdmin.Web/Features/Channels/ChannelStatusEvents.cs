using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;

namespace FlowAdmin.Web.Features.Channels;

/// <summary>
/// ConnectionStatusUpdate (SPEC §6): raised in the unit of work that changes a channel's status, whoever changes
/// it (the Canais screen, or a transport reporting its line's state), so the event commits with the change.
/// </summary>
public static class ChannelStatusEvents
{
    public static async Task RaiseIfChangedAsync(AppDbContext db, Channel channel, string previousStatus, CancellationToken ct)
    {
        if (string.Equals(channel.Status, previousStatus, StringComparison.Ordinal)) return;
        await EventOutbox.AddAsync(db, channel.TenantId, EventNames.ConnectionStatusUpdate, EventPayloads.ConnectionStatusUpdate(channel), ct);
    }
}
