using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Setup;

/// <summary>First-run setup: the first tenant and its administrator. Closed for good once a tenant exists.</summary>
public sealed class SetupService(AppDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole<int>> roles)
{
    public async Task<bool> IsOpenAsync(CancellationToken ct) => !await db.Tenants.AnyAsync(ct);

    /// <summary>Creates a tenant with one administrator; returns the errors by field, empty on success.</summary>
    public async Task<(Tenant? Tenant, Dictionary<string, string> Errors)> CreateTenantAsync(
        string organisation, string adminName, string adminEmail, string password, CancellationToken ct)
    {
        await EnsureRolesAsync();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tenant = new Tenant { Name = organisation.Trim() };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);

        var admin = new AppUser { TenantId = tenant.Id, Name = adminName.Trim(), UserName = adminEmail.Trim(), Email = adminEmail.Trim(), EmailConfirmed = true };
        var created = await users.CreateAsync(admin, password);
        var errors = created.Errors
            .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "Password" : "Email")
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Description).Distinct()));
        if (errors.Count == 0)
        {
            var role = await users.AddToRoleAsync(admin, Roles.Administrator);
            if (!role.Succeeded) throw new InvalidOperationException(string.Join("; ", role.Errors.Select(e => e.Description)));
            await tx.CommitAsync(ct);
            return (tenant, errors);
        }
        await tx.RollbackAsync(ct);
        return (null, errors);
    }

    /// <summary>Creates a user of the current tenant with one role and its department access.</summary>
    public async Task<IdentityResult> CreateUserAsync(AppUser user, string password, string role, IReadOnlyCollection<int> departmentIds, CancellationToken ct)
    {
        await EnsureRolesAsync();
        user.Departments = await db.Departments.IgnoreQueryFilters().Where(d => d.TenantId == user.TenantId && departmentIds.Contains(d.Id)).ToListAsync(ct);
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
    }

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole<int>(role));
    }
}
