using FlowAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Setup;

/// <summary>
/// Until the first tenant exists, every page request goes to /setup. Once setup is done the check is
/// skipped for the life of the process (setup never reopens).
/// </summary>
public sealed class SetupRedirect(RequestDelegate next)
{
    private volatile bool _done;

    // The context is resolved only while setup may be open: a parameter here would build one per request, API calls included.
    public async Task InvokeAsync(HttpContext context)
    {
        if (!_done && IsPageRequest(context.Request))
        {
            _done = await context.RequestServices.GetRequiredService<AppDbContext>().Tenants.AnyAsync(context.RequestAborted);
            if (!_done && !context.Request.Path.StartsWithSegments("/setup"))
            {
                context.Response.Redirect("/setup");
                return;
            }
        }
        await next(context);
    }

    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.Ordinal) == true)
        && !request.Path.StartsWithSegments("/culture");
}
