using System.Security.Claims;
using FlowAdmin.Data;
using Microsoft.AspNetCore.Components.Authorization;

namespace FlowAdmin.Web.Tenancy;

/// <summary>
/// The scope's tenant: set explicitly by the push endpoint and background jobs, otherwise the signed-in
/// user's tenant claim (from the HTTP request, or from the Blazor circuit's authentication state).
/// </summary>
public sealed class CurrentTenant(IHttpContextAccessor http, AuthenticationStateProvider authState) : ITenantScope
{
    public const string ClaimType = "flowadmin:tenant";

    private int? _explicit;

    public int? TenantId => _explicit ?? FromUser(http.HttpContext?.User) ?? FromUser(CircuitUser());

    /// <summary>Pins the scope to one tenant (push token, job). Cannot be changed once pinned.</summary>
    public void Use(int tenantId)
    {
        if (_explicit is { } current && current != tenantId)
            throw new InvalidOperationException("This scope already works for another tenant.");
        _explicit = tenantId;
    }

    public static int? FromUser(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && int.TryParse(user.FindFirstValue(ClaimType), out var id) ? id : null;

    private ClaimsPrincipal? CircuitUser()
    {
        try
        {
            // On the server the state is an already completed task; outside a circuit it throws.
            var task = authState.GetAuthenticationStateAsync();
            return task.IsCompletedSuccessfully ? task.Result.User : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
