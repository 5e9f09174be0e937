namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// The benchmark's yardstick (bench/, docs/benchmarks.md): POST /api/bench/bare/{token} goes through the
/// same pipeline, rate limiter and body reading as the push endpoint and answers the same JSON shape,
/// but never touches the database. Off unless FlowAdmin:Bench:BareEndpoint is true.
/// </summary>
public static class BareBenchEndpoint
{
    public const string Setting = "FlowAdmin:Bench:BareEndpoint";

    private static long _counter;

    public static IEndpointRouteBuilder MapBareBenchEndpoint(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>(Setting)) return app;
        app.MapPost("/api/bench/bare/{token}", async (HttpContext http, CancellationToken ct) =>
            {
                var limit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PushOptions>>().Value.MaxBodyBytes;
                var (_, refusal) = await PushEndpoint.ReadBodyAsync(http, limit, ct);
                await PushEndpoint.WriteAsync(http, refusal ?? PushOutcome.Ok(Interlocked.Increment(ref _counter)), ct);
            })
            .RequireRateLimiting(PushEndpoint.RateLimitPolicy).DisableAntiforgery().WithDisplayName("Bench: bare push answer")
            .ExcludeFromDescription(); // a measuring tool, not part of the API
        return app;
    }
}
