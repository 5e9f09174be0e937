using System.Globalization;
using System.Security.Claims;

namespace FlowAdmin.Web.Features.Tickets;

/// <summary>The signed-in user's id (Identity's NameIdentifier claim): who closes, transfers or writes a note.</summary>
public static class CurrentUser
{
    public static int? Id(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
