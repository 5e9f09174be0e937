using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace FlowAdmin.Web.Features.Common;

/// <summary>
/// A token bucket per secret (push token, API key), keyed by the secret's hash so the limiter never holds the
/// secret itself: one client's flood never slows another's.
/// </summary>
public static class SecretRateLimit
{
    public static RateLimitPartition<string> Partition(string? secret, int permitsPerSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? ""))),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, burst),
                TokensPerPeriod = Math.Max(1, permitsPerSecond),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
}
