using System.Security.Claims;
using FlowAdmin.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Tenancy;

/// <summary>Puts the user's tenant and display name into the sign-in cookie.</summary>
public sealed class TenantClaimsFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole<int>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<int>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CurrentTenant.ClaimType, user.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("flowadmin:name", user.Name));
        return identity;
    }
}
