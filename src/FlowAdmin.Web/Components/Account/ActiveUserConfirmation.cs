using FlowAdmin.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace FlowAdmin.Web.Components.Account;

/// <summary>
/// A deactivated user is "not confirmed": SignInManager then answers NotAllowed before it even checks the
/// password (needs <c>SignIn.RequireConfirmedAccount</c>). The login page shows its usual "wrong email or
/// password" message, so a stranger cannot learn that an address belongs to a deactivated account.
/// </summary>
public sealed class ActiveUserConfirmation : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(user.IsActive);
}
