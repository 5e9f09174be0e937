using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;

namespace FlowAdmin.Web.Components.Account;

/// <summary>
/// A signed-in user without the page's policy (an Agent on an administrator screen) gets a 403 that renders the
/// app's own localized Forbidden message in the layout, at the URL asked for, instead of a redirect to a bare
/// access-denied page. The page itself is still never rendered: the router's AuthorizeRouteView checks the same
/// policy and shows its NotAuthorized content. Everything else keeps ASP.NET Core's default handling.
/// </summary>
public sealed class ForbiddenPageResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return next(context);
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
