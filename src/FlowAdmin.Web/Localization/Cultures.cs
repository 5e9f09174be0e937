using Microsoft.AspNetCore.Localization;

namespace FlowAdmin.Web.Localization;

public static class Cultures
{
    /// <summary>Brazilian Portuguese first: the neutral .resx files hold pt-BR, the .en.resx files English.</summary>
    public const string Default = "pt-BR";
    public static readonly string[] Supported = [Default, "en"];

    /// <summary>GET /culture?name=en&amp;redirectUri=/logs sets the culture cookie and goes back.</summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture", (HttpContext context, string name, string? redirectUri) =>
        {
            if (Supported.Contains(name))
            {
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(name)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            }
            // Only local redirects: the parameter comes from the browser.
            var target = string.IsNullOrEmpty(redirectUri) || !redirectUri.StartsWith('/') || redirectUri.StartsWith("//") ? "/" : redirectUri;
            return Results.LocalRedirect(target);
        });
        return endpoints;
    }
}
