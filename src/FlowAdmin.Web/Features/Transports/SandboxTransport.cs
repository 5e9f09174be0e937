using System.Collections.Concurrent;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Push;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Transports;

/// <summary>
/// The built-in transport of the demo's channels: accepts every message (or fails a configured share
/// with ack -1); the push worker then advances its acks 1 → 2 → 3. Idempotent per message id: a second
/// call for the same message returns the first answer and does not count as a second delivery.
/// A message with media downloads it first (time and size limits, SSRF guard): there is no real
/// WhatsApp to fetch it, so the Sandbox does what a gateway that uploads files would, and a link that
/// would fail in production fails here too.
/// </summary>
public sealed class SandboxTransport(IOptions<PushOptions> options, MediaFetcher media) : IChannelTransport
{
    private readonly ConcurrentDictionary<Guid, TransportResult> _sent = new();
    private int _deliveries;

    public ChannelTransport Kind => ChannelTransport.Sandbox;

    /// <summary>How many distinct messages reached the (simulated) contact; repeats are not counted.</summary>
    public int Deliveries => _deliveries;

    public bool WasDelivered(Guid messageId) => _sent.TryGetValue(messageId, out var result) && result.Accepted;

    public async Task<TransportResult> SendAsync(Channel channel, Message message, string toNumber, CancellationToken ct)
    {
        if (_sent.TryGetValue(message.Id, out var first)) return first;
        MediaInfo? info = null;
        if (message.MediaUrl is { } link)
        {
            var check = await media.CheckAsync(link, download: true, ct);
            if (check.Media is null) return _sent.GetOrAdd(message.Id, TransportResult.Failed(check.Error!));
            info = check.Media;
        }
        return _sent.GetOrAdd(message.Id, id =>
        {
            var failureRate = options.Value.Sandbox.FailureRate;
            if (failureRate > 0 && Random.Shared.NextDouble() < failureRate)
                return TransportResult.Failed("Sandbox: simulated delivery failure (FlowAdmin:Push:Sandbox:FailureRate).", info);
            Interlocked.Increment(ref _deliveries);
            return new TransportResult(true, "SBX" + id.ToString("N")[..19].ToUpperInvariant(), null, info);
        });
    }
}
