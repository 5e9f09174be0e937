using System.Security.Claims;
using FlowAdmin.Data;
using Microsoft.AspNetCore.Components.Authorization;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// A DI scope for the dispatcher, which works across tenants (every query ignores the tenant filter). It holds an
/// anonymous authentication state: without one, each read of the context's tenant asks the circuit's
/// authentication state, which throws outside a circuit — once per saved row, thousands a second here.
/// </summary>
public static class BackgroundScope
{
    public static (AsyncServiceScope Scope, AppDbContext Db) Create(IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider auth)
            auth.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        return (scope, scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
