using System.Security.Claims;
using System.Text.Encodings.Web;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.ApiKeys;

/// <summary>
/// The management API's authentication: <c>Authorization: Bearer fak_…</c>. The key's tenant becomes the
/// request's tenant (every service then sees that tenant only); an admin key acts as an administrator, a
/// read-only key as a reader that every write refuses. Failures answer as problem details, not pages.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "flowadmin:apikey";
    /// <summary>The role of a read-only key: it satisfies no policy that allows writes.</summary>
    public const string ReaderRole = "ApiReader";

    // Last-used times are written at most once a minute per key: a busy script must not turn reads into writes.
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public static string? BearerOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = BearerOf(Request);
        if (secret is null) return AuthenticateResult.NoResult();
        if (!ApiKeySecrets.LooksLikeKey(secret)) return AuthenticateResult.Fail("Not an API key.");

        var hash = ApiKeySecrets.Hash(secret);
        await using var db = await Context.RequestServices.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Context.RequestAborted);
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (key is null || !ApiKeySecrets.Matches(secret, key.KeyHash)) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var now = DateTime.UtcNow;
        if (key.LastUsedAt is not { } used || now - used > LastUsedPrecision)
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);

        Context.RequestServices.GetRequiredService<CurrentTenant>().Use(key.TenantId);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentTenant.ClaimType, key.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Role, key.Scope == ApiKeyScope.Admin ? Roles.Administrator : ReaderRole),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ManagementApi.ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            "Send a valid API key as Authorization: Bearer <key>. Keys are created in Configurações > Chaves de API.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ManagementApi.ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "This API key is read-only: it cannot change anything.");
}
