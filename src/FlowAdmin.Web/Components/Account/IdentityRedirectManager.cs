using Microsoft.AspNetCore.Components;

namespace FlowAdmin.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Prevent open redirects.
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative)
            || uri.StartsWith("//", StringComparison.Ordinal))
        {
            uri = navigationManager.ToBaseRelativePath(uri);
        }

        navigationManager.NavigateTo(uri);
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    /// <summary>Redirects and shows a status on the next page. The cookie carries a resource key of
    /// <see cref="AccountText"/> (never free text), so the next page shows it in the reader's language.</summary>
    public void RedirectToWithStatus(string uri, string messageKey, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, messageKey, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string messageKey, HttpContext context)
        => RedirectToWithStatus(CurrentPath, messageKey, context);

    public void RedirectToInvalidUser(HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", "Status.Error.InvalidUser", context);
}
