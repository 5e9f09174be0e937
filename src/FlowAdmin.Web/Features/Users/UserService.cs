using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Tenancy;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Users;

/// <summary>
/// The users of the current tenant: list, create, edit, activate/deactivate, delete. UI-agnostic (the
/// management API reuses it). Refusals are <see cref="ValidationException"/>s with localized messages: by field
/// for form errors, with an empty property name for rules about the whole user (last administrator, in use).
/// A user id of another tenant is simply not found (null/false), because users are read through TenantUsers.
/// </summary>
public sealed class UserService(
    ITenantScope tenant, IServiceScopeFactory scopes, IValidator<UserForm> validator, IStringLocalizer<UsersText> t)
{
    public async Task<UserList> ListAsync(UserListQuery query, CancellationToken ct) => await InTenantAsync(async (_, db) =>
    {
        var adminRoleId = await AdminRoleIdAsync(db, ct);
        var users = db.TenantUsers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = query.Search.Trim().ToLower();
            users = users.Where(u => u.Name.ToLower().Contains(s) || u.Email!.ToLower().Contains(s));
        }
        var rows = users.Select(u => new
        {
            u.Id,
            u.Name,
            Email = u.Email!,
            u.IsActive,
            IsAdmin = db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRoleId),
            Departments = u.Departments.OrderBy(d => d.Name).Select(d => d.Name).ToList(),
        });
        rows = (query.SortBy, query.Descending) switch
        {
            (nameof(UserRow.Id), false) => rows.OrderBy(u => u.Id),
            (nameof(UserRow.Id), true) => rows.OrderByDescending(u => u.Id),
            (nameof(UserRow.Email), false) => rows.OrderBy(u => u.Email),
            (nameof(UserRow.Email), true) => rows.OrderByDescending(u => u.Email),
            (nameof(UserRow.Role), false) => rows.OrderByDescending(u => u.IsAdmin).ThenBy(u => u.Name),
            (nameof(UserRow.Role), true) => rows.OrderBy(u => u.IsAdmin).ThenBy(u => u.Name),
            (nameof(UserRow.IsActive), false) => rows.OrderBy(u => u.IsActive).ThenBy(u => u.Name),
            (nameof(UserRow.IsActive), true) => rows.OrderByDescending(u => u.IsActive).ThenBy(u => u.Name),
            (_, true) => rows.OrderByDescending(u => u.Name).ThenByDescending(u => u.Id),
            _ => rows.OrderBy(u => u.Name).ThenBy(u => u.Id),
        };
        var total = await rows.CountAsync(ct);
        var page = await rows.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new UserList(
            [.. page.Select(u => new UserRow(u.Id, u.Name, u.Email, u.IsAdmin ? Roles.Administrator : Roles.Agent, u.Departments, u.IsActive))],
            total);
    });

    /// <summary>The user as an edit form (no password), or null when the tenant has no such user.</summary>
    public async Task<UserForm?> GetAsync(int id, CancellationToken ct) => await InTenantAsync(async (sp, db) =>
    {
        var user = await db.TenantUsers.AsNoTracking().Include(u => u.Departments).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return null;
        var isAdmin = await IsAdminAsync(db, user.Id, ct);
        return new UserForm
        {
            Id = user.Id,
            Name = user.Name,
            Email = user.Email ?? "",
            Role = isAdmin ? Roles.Administrator : Roles.Agent,
            DepartmentIds = [.. user.Departments.Select(d => d.Id)],
            IsActive = user.IsActive,
        };
    });

    /// <summary>The departments a user can be given: the tenant's active ones, plus those the user already has.</summary>
    public async Task<IReadOnlyList<DepartmentOption>> DepartmentOptionsAsync(int? userId, CancellationToken ct) => await InTenantAsync(async (_, db) =>
        (IReadOnlyList<DepartmentOption>)await db.Departments.AsNoTracking()
            .Where(d => d.IsActive || d.Users.Any(u => u.Id == userId))
            .OrderBy(d => d.Name)
            .Select(d => new DepartmentOption(d.Id, d.Name))
            .ToListAsync(ct));

    public async Task<int> CreateAsync(UserForm form, CancellationToken ct)
    {
        await validator.ValidateAndThrowAsync(form, ct);
        return await InTenantAsync(async (sp, db) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var email = form.Email.Trim();
            var user = new AppUser
            {
                TenantId = db.CurrentTenantId!.Value,
                Name = form.Name.Trim(),
                Email = email,
                UserName = email,
                EmailConfirmed = true,
                Departments = await AllowedDepartmentsAsync(db, form.DepartmentIds, [], ct),
            };
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            ThrowIfFailed(await users.CreateAsync(user, form.Password!));
            ThrowIfFailed(await users.AddToRoleAsync(user, form.Role));
            await tx.CommitAsync(ct);
            return user.Id;
        });
    }

    /// <summary>Saves name, email, role and departments; false when the tenant has no such user.</summary>
    public async Task<bool> UpdateAsync(UserForm form, CancellationToken ct)
    {
        await validator.ValidateAndThrowAsync(form, ct);
        return await InTenantAsync(async (sp, db) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await db.TenantUsers.Include(u => u.Departments).FirstOrDefaultAsync(u => u.Id == form.Id, ct);
            if (user is null) return false;

            var wasAdmin = await IsAdminAsync(db, user.Id, ct);
            var roleChanges = wasAdmin != (form.Role == Roles.Administrator);
            if (wasAdmin && roleChanges && user.IsActive && await ActiveAdminCountAsync(db, ct) <= 1)
                throw Refusal(nameof(UserForm.Role), t["Refused.LastAdminDemote"]);

            var departments = await AllowedDepartmentsAsync(db, form.DepartmentIds, [.. user.Departments.Select(d => d.Id)], ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            user.Name = form.Name.Trim();
            user.UpdatedAt = DateTime.UtcNow;
            user.Departments.Clear();
            user.Departments.AddRange(departments);
            var email = form.Email.Trim();
            if (!string.Equals(user.Email, email, StringComparison.Ordinal))
            {
                ThrowIfFailed(await users.SetEmailAsync(user, email));
                ThrowIfFailed(await users.SetUserNameAsync(user, email));
                user.EmailConfirmed = true;
            }
            if (roleChanges)
            {
                ThrowIfFailed(await users.RemoveFromRoleAsync(user, wasAdmin ? Roles.Administrator : Roles.Agent));
                ThrowIfFailed(await users.AddToRoleAsync(user, form.Role));
                // The role is in the sign-in cookie: a new stamp makes open sessions pick up the change.
                ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
            }
            ThrowIfFailed(await users.UpdateAsync(user));
            await tx.CommitAsync(ct);
            return true;
        });
    }

    /// <summary>
    /// Activates or deactivates a user; false when not found. Deactivating renews the security stamp, which ends
    /// the user's open sessions (cookies and circuits are revalidated every minute).
    /// </summary>
    public async Task<bool> SetActiveAsync(int id, bool active, int? actingUserId, CancellationToken ct) => await InTenantAsync(async (sp, db) =>
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = await db.TenantUsers.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return false;
        if (user.IsActive == active) return true;
        if (!active)
        {
            if (id == actingUserId) throw Refusal("", t["Refused.DeactivateSelf"]);
            if (await IsAdminAsync(db, id, ct) && await ActiveAdminCountAsync(db, ct) <= 1)
                throw Refusal("", t["Refused.LastAdminDeactivate"]);
        }
        user.IsActive = active;
        user.UpdatedAt = DateTime.UtcNow;
        ThrowIfFailed(active ? await users.UpdateAsync(user) : await users.UpdateSecurityStampAsync(user));
        return true;
    });

    /// <summary>Deletes a user nobody's history refers to; false when not found.</summary>
    public async Task<bool> DeleteAsync(int id, int? actingUserId, CancellationToken ct) => await InTenantAsync(async (sp, db) =>
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = await db.TenantUsers.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return false;
        if (id == actingUserId) throw Refusal("", t["Refused.DeleteSelf"]);
        var inUse = await db.Tickets.AnyAsync(x => x.UserId == id, ct)
            || await db.Messages.AnyAsync(x => x.UserId == id, ct)
            || await db.TicketEvents.AnyAsync(x => x.UserId == id, ct)
            || await db.ApiConfigs.AnyAsync(x => x.ActionUserId == id, ct)
            || await db.LeadStatuses.AnyAsync(x => x.UserId == id, ct);
        if (inUse) throw Refusal("", t["Refused.DeleteInUse"]);
        if (user.IsActive && await IsAdminAsync(db, id, ct) && await ActiveAdminCountAsync(db, ct) <= 1)
            throw Refusal("", t["Refused.LastAdminDeactivate"]);
        ThrowIfFailed(await users.DeleteAsync(user));
        return true;
    });

    /// <summary>
    /// One fresh DI scope per operation, pinned to the caller's tenant: UserManager and its context then never
    /// hold stale entities across a long-lived Blazor circuit.
    /// </summary>
    private async Task<T> InTenantAsync<T>(Func<IServiceProvider, AppDbContext, Task<T>> work)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Users are managed within a tenant.");
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId);
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private async Task<List<Department>> AllowedDepartmentsAsync(AppDbContext db, IReadOnlyCollection<int> ids, IReadOnlyCollection<int> current, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var found = await db.Departments.Where(d => wanted.Contains(d.Id)).ToListAsync(ct);
        if (found.Count != wanted.Count || found.Any(d => !d.IsActive && !current.Contains(d.Id)))
            throw Refusal(nameof(UserForm.DepartmentIds), t["Validation.DepartmentsInvalid"]);
        return found;
    }

    private static Task<int> AdminRoleIdAsync(AppDbContext db, CancellationToken ct) =>
        db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id).SingleAsync(ct);

    private static async Task<bool> IsAdminAsync(AppDbContext db, int userId, CancellationToken ct)
    {
        var adminRoleId = await AdminRoleIdAsync(db, ct);
        return await db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == adminRoleId, ct);
    }

    private static async Task<int> ActiveAdminCountAsync(AppDbContext db, CancellationToken ct)
    {
        var adminRoleId = await AdminRoleIdAsync(db, ct);
        return await db.TenantUsers.CountAsync(u => u.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRoleId), ct);
    }

    /// <summary>Identity's errors (already localized by the describer) on the field they are about.</summary>
    private static void ThrowIfFailed(IdentityResult result)
    {
        if (result.Succeeded) return;
        throw new ValidationException(result.Errors.Select(e => new ValidationFailure(
            e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(UserForm.Password)
            : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(UserForm.Email)
            : "", e.Description)));
    }

    private static ValidationException Refusal(string property, string message) => new([new ValidationFailure(property, message)]);
}
