using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using FlowAdmin.Data;
using FlowAdmin.Web.Features.ApiConfigs;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// POST /api/push/{token} (the source's tokenized URL) and POST /api/push with Authorization: Bearer.
/// The route template names the token "{token}", so ASP.NET's own endpoint logs show the template, not the value.
/// </summary>
public static class PushEndpoint
{
    public const string RateLimitPolicy = "push";

    public static IServiceCollection AddPushApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PushOptions>(configuration.GetSection(PushOptions.Section));
        services.AddSingleton<PushSignal>();
        services.AddSingleton<PushConfigCache>();
        services.AddScoped<PushIntake>();
        services.AddSingleton<PushCommitter>();
        services.AddHostedService(sp => sp.GetRequiredService<PushCommitter>());
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimitPolicy, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<PushOptions>>().Value;
                return Common.SecretRateLimit.Partition(TokenOf(http), options.PermitsPerSecond, options.Burst);
            });
            // One OnRejected for the app's two limits: the management API's refusal is its own problem body.
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (context.HttpContext.Request.Path.StartsWithSegments(ManagementApi.ManagementApi.Prefix))
                {
                    await ManagementApi.ManagementApi.RejectAsync(context.HttpContext, seconds);
                    return;
                }
                await WriteAsync(context.HttpContext, PushOutcome.Problem(429, "Too Many Requests",
                    $"The rate limit of this push URL was exceeded; retry after {seconds} s."), ct);
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(PushApiDocs.TokenPath, (HttpContext http, CancellationToken ct) => HandleAsync(http, ct))
            .RequireRateLimiting(RateLimitPolicy).DisableAntiforgery().WithDisplayName("Push (tokenized URL)").DescribedAsPush(bearer: false);
        app.MapPost(PushApiDocs.BearerPath, (HttpContext http, CancellationToken ct) => HandleAsync(http, ct))
            .RequireRateLimiting(RateLimitPolicy).DisableAntiforgery().WithDisplayName("Push (bearer token)").DescribedAsPush(bearer: true);
        app.MapBareBenchEndpoint();
        return app;
    }

    // The channel comes along (the intake checks it); PushConfigCache keeps the answer a few seconds.
    private static Task<Data.Entities.ApiConfig?> ConfigByTokenHash(AppDbContext db, byte[] hash, CancellationToken ct) =>
        db.ApiConfigs.IgnoreQueryFilters().AsNoTracking().Include(c => c.Channel).SingleOrDefaultAsync(c => c.TokenHash == hash, ct);

    private static string? TokenOf(HttpContext http)
    {
        if (http.Request.RouteValues.TryGetValue("token", out var value) && value is string path) return path;
        var authorization = http.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static async Task HandleAsync(HttpContext http, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var token = TokenOf(http);
        if (!PushTokens.LooksLikeToken(token))
        {
            await WriteAsync(http, PushOutcome.NotFound, ct);
            return;
        }
        var hash = PushTokens.Hash(token!);
        var services = http.RequestServices;
        var config = await services.GetRequiredService<PushConfigCache>().GetAsync(hash, async () =>
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            return await ConfigByTokenHash(db, hash, ct);
        });
        // Unknown and rotated tokens look the same: 404, nothing revealed, nothing logged for a tenant.
        if (config is null || !PushTokens.Matches(token!, config.TokenHash))
        {
            await WriteAsync(http, PushOutcome.NotFound, ct);
            return;
        }
        services.GetRequiredService<CurrentTenant>().Use(config.TenantId);

        var headers = http.Request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())).ToList();
        var idempotencyKey = http.Request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null;
        var intake = services.GetRequiredService<PushIntake>();
        var (body, early) = await ReadBodyAsync(http, services.GetRequiredService<IOptions<PushOptions>>().Value.MaxBodyBytes, ct);
        var outcome = early is not null
            ? await intake.RejectAsync(new PushCall(config, body, headers, idempotencyKey, started), early, ct)
            : await intake.AcceptAsync(new PushCall(config, body, headers, idempotencyKey, started), ct);
        await WriteAsync(http, outcome, ct);
    }

    /// <summary>Reads the body within the size limit; a refusal (413, 415) comes back instead of the body.</summary>
    internal static async Task<(byte[] Body, PushOutcome? Refusal)> ReadBodyAsync(HttpContext http, long limit, CancellationToken ct)
    {
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            return ([], PushOutcome.Problem(415, "Unsupported Media Type", "Send the body as JSON with Content-Type: application/json."));
        if (http.Request.ContentLength > limit)
            return ([], PushOutcome.Problem(413, "Content Too Large", $"The body may be at most {limit} bytes."));
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = limit;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            return buffer.Length > limit
                ? ([], PushOutcome.Problem(413, "Content Too Large", $"The body may be at most {limit} bytes."))
                : (buffer.ToArray(), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], PushOutcome.Problem(413, "Content Too Large", $"The body may be at most {limit} bytes."));
        }
    }

    internal static async Task WriteAsync(HttpContext http, PushOutcome outcome, CancellationToken ct)
    {
        http.Response.StatusCode = outcome.Status;
        http.Response.ContentType = outcome.ContentType;
        foreach (var (name, value) in outcome.Headers ?? new Dictionary<string, string>())
            http.Response.Headers[name] = value;
        await http.Response.WriteAsync(outcome.Body, ct);
    }
}
