using System.Collections.Concurrent;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Push;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Transports;

/// <summary>
/// The built-in transport of the demo's channels: accepts every message (or fails a configured share
/// with ack -1); the push worker then advances its acks 1 → 2 → 3. Idempotent per message id: a second
/// call for the same message returns the first answer and does not count as a second delivery.
/// </summary>
public sealed class SandboxTransport(IOptions<PushOptions> options) : IChannelTransport
{
    private readonly ConcurrentDictionary<Guid, TransportResult> _sent = new();
    private int _deliveries;

    public ChannelTransport Kind => ChannelTransport.Sandbox;

    /// <summary>How many distinct messages reached the (simulated) contact; repeats are not counted.</summary>
    public int Deliveries => _deliveries;

    public bool WasDelivered(Guid messageId) => _sent.TryGetValue(messageId, out var result) && result.Accepted;

    public Task<TransportResult> SendAsync(Channel channel, Message message, string toNumber, CancellationToken ct)
    {
        var result = _sent.GetOrAdd(message.Id, id =>
        {
            var failureRate = options.Value.Sandbox.FailureRate;
            if (failureRate > 0 && Random.Shared.NextDouble() < failureRate)
                return new TransportResult(false, null, "Sandbox: simulated delivery failure (FlowAdmin:Push:Sandbox:FailureRate).");
            Interlocked.Increment(ref _deliveries);
            return new TransportResult(true, "SBX" + id.ToString("N")[..19].ToUpperInvariant(), null);
        });
        return Task.FromResult(result);
    }
}
