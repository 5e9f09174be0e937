using System.Globalization;
using System.Security.Claims;
using FlowAdmin.Web.Features.ApiKeys;

namespace FlowAdmin.Web.Features.Tickets;

/// <summary>
/// Who closes, transfers or writes a note: a signed-in user (the screens), or a management API key, which has
/// no user: its actions are recorded without a user and the history names the key instead.
/// </summary>
public sealed record TicketActor(int? UserId, int? ApiKeyId)
{
    public static TicketActor User(int userId) => new(userId, null);

    public static TicketActor ApiKey(int apiKeyId) => new(null, apiKeyId);

    /// <summary>The user of the principal (Identity's NameIdentifier), else its API key (<see cref="ApiKeyAuthentication.KeyIdClaim"/>).</summary>
    public static TicketActor Of(ClaimsPrincipal principal)
    {
        if (CurrentUser.Id(principal) is { } userId) return User(userId);
        if (int.TryParse(principal.FindFirstValue(ApiKeyAuthentication.KeyIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var keyId))
            return ApiKey(keyId);
        throw new InvalidOperationException("No signed-in user and no API key.");
    }
}
