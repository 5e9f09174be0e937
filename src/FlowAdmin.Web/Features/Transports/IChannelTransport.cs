using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Transports;

/// <summary>
/// The transport's answer: accepted with its own message id, or failed with a reason (ack -1). An accepted
/// send may still carry an <see cref="Error"/> (a part that did not go, such as a caption sent apart).
/// <see cref="Media"/> is what the media link turned out to be, for the message's mediaType and file name.
/// </summary>
public sealed record TransportResult(bool Accepted, string? TransportMessageId, string? Error, MediaInfo? Media = null)
{
    public static TransportResult Failed(string reason, MediaInfo? media = null) => new(false, null, reason, media);
}

/// <summary>
/// How a channel really sends. Implementations must be idempotent per <see cref="Message.Id"/>: the
/// worker calls again for a message still at ack 0 after a crash between the send and its commit, and
/// a message that already has a <see cref="Message.TransportMessageId"/> must not be sent again.
/// </summary>
public interface IChannelTransport
{
    ChannelTransport Kind { get; }

    Task<TransportResult> SendAsync(Channel channel, Message message, string toNumber, CancellationToken ct);
}
