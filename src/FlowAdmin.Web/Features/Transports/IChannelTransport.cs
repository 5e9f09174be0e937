using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Transports;

/// <summary>The transport's answer: accepted with its own message id, or failed with a reason (ack -1).</summary>
public sealed record TransportResult(bool Accepted, string? TransportMessageId, string? Error);

/// <summary>
/// How a channel really sends. Implementations must be idempotent per <see cref="Message.Id"/>: the
/// worker may call again for the same message after a crash between the send and its commit.
/// </summary>
public interface IChannelTransport
{
    ChannelTransport Kind { get; }

    Task<TransportResult> SendAsync(Channel channel, Message message, string toNumber, CancellationToken ct);
}
