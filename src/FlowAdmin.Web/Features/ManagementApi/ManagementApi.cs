using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// The management API, <c>/api/v1</c>: everything the screens do, through the same services and validators.
/// Authenticated by API keys (<see cref="ApiKeyAuthentication"/>); every route reads with <see cref="ReadPolicy"/>
/// and every change also needs <see cref="WritePolicy"/> (<see cref="Writes"/>). Each resource maps its routes
/// in its own file (<c>*Api.cs</c>).
/// </summary>
public static class ManagementApi
{
    public const string ReadPolicy = "ApiRead";
    public const string WritePolicy = "ApiWrite";
    public const string RateLimitPolicy = "api-key";
    public const string Prefix = "/api/v1";

    public static IServiceCollection AddManagementApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ManagementApiOptions>(configuration.GetSection(ManagementApiOptions.Section));
        services.AddScoped<ApiKeyService>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
                .RequireRole(Roles.Administrator, ApiKeyAuthentication.ReaderRole))
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Administrator));
        // Body binding errors throw (caught by ApiProblems as a 400 that says where the JSON broke) instead of
        // answering an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RateLimitPolicy, KeyPartition));
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = ApiDocument.Includes;
            o.AddDocumentTransformer<ApiDocument>();
        });
        return services;
    }

    /// <summary>Partitioned by the key's hash: one script's flood never slows another key.</summary>
    public static RateLimitPartition<string> KeyPartition(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<ManagementApiOptions>>().Value;
        return Common.SecretRateLimit.Partition(ApiKeyAuthentication.BearerOf(http.Request), options.PermitsPerSecond, options.Burst);
    }

    public static Task RejectAsync(HttpContext http, int retryAfterSeconds) =>
        ApiProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests,
            string.Create(CultureInfo.InvariantCulture, $"The rate limit of this API key was exceeded; retry after {retryAfterSeconds} s."));

    /// <summary>Early in the pipeline, so the API's errors are problem details and never the not-found page.</summary>
    public static IApplicationBuilder UseManagementApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Prefix), branch => branch.UseMiddleware<ApiProblems>());

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle(ApiDocument.Title));
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(ReadPolicy)
            .RequireRateLimiting(RateLimitPolicy)
            .DisableAntiforgery()
            .WithTags("Management API");
        ChannelsApi.Map(api.MapGroup("/channels").WithTags("channels"));
        DepartmentsApi.Map(api.MapGroup("/departments").WithTags("departments"));
        UsersApi.Map(api.MapGroup("/users").WithTags("users"));
        ClosingReasonsApi.Map(api.MapGroup("/closing-reasons").WithTags("closing-reasons"));
        TemplatesApi.Map(api.MapGroup("/templates").WithTags("templates"));
        ContactsApi.Map(api.MapGroup("/contacts").WithTags("contacts"));
        ApiConfigsApi.Map(api.MapGroup("/api-configs").WithTags("api-configs"));
        WebhooksApi.Map(api.MapGroup("/webhooks").WithTags("webhooks"));
        EventsApi.Map(api.MapGroup("/events").WithTags("events"));
        LogsApi.Map(api.MapGroup("/logs").WithTags("logs"));
        TicketsApi.Map(api.MapGroup("/tickets").WithTags("tickets"));
        return app;
    }

    /// <summary>Marks a route as a change: read-only keys get 403.</summary>
    public static TBuilder Writes<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(WritePolicy);
}
