using System.Collections.Concurrent;
using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// Token hash → its API config (with the channel) for a few seconds, so a busy push URL does not cost a
/// query per request. Every change to a config or channel in this process calls <see cref="Forget"/>, so a
/// rotated token, a deactivation or a deletion takes effect at once here; another instance of the app
/// sees it within <see cref="Lifetime"/>. Unknown tokens are not cached (a flood of made-up tokens
/// would only fill memory).
/// </summary>
public sealed class PushConfigCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ApiConfig Config, long LoadedAt)> _entries = new();
    private long _generation;

    public async Task<ApiConfig?> GetAsync(byte[] tokenHash, Func<Task<ApiConfig?>> load)
    {
        var key = Convert.ToBase64String(tokenHash);
        if (_entries.TryGetValue(key, out var hit) && time.GetElapsedTime(hit.LoadedAt) < Lifetime) return hit.Config;
        var generation = Interlocked.Read(ref _generation);
        var config = await load();
        // A change committed while this load ran may not be in what it read: then it is not kept.
        if (config is not null && Interlocked.Read(ref _generation) == generation)
        {
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[key] = (config, time.GetTimestamp());
        }
        return config;
    }

    /// <summary>Called after a config or channel was saved: the next push reads them again.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
