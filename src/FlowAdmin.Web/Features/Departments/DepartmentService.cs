using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Departments;

/// <summary>
/// Departments of the current tenant. Every query goes through the tenant-filtered context, so an id of
/// another tenant is simply not found. UI-agnostic: the settings screen and the management API share it.
/// </summary>
public sealed class DepartmentService(
    IDbContextFactory<AppDbContext> factory, IValidator<DepartmentInput> validator,
    IStringLocalizer<CommonText> c, IStringLocalizer<DepartmentsText> t)
{
    private static readonly SortColumns<Department> Sorts = new SortColumns<Department>(nameof(DepartmentRow.Id))
        .Add(nameof(DepartmentRow.Id), d => d.Id)
        .Add(nameof(DepartmentRow.Name), d => d.Name)
        .Add(nameof(DepartmentRow.Color), d => d.Color)
        .Add(nameof(DepartmentRow.IsActive), d => d.IsActive);

    public async Task<PagedResult<DepartmentRow>> ListAsync(PagedQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking()
            .Search(query.Search, d => d.Id, d => d.Name)
            .ToPagedResultAsync(query, Sorts, d => new DepartmentRow(d.Id, d.Name, d.Color, d.IsActive), ct);
    }

    /// <summary>The active departments, by name (for selects such as a channel's default department).</summary>
    public async Task<IReadOnlyList<DepartmentOption>> ListActiveAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.Name)
            .Select(d => new DepartmentOption(d.Id, d.Name, d.Color)).ToListAsync(ct);
    }

    public async Task<DepartmentInput?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new DepartmentInput { Id = d.Id, Name = d.Name, Color = d.Color, IsActive = d.IsActive })
            .SingleOrDefaultAsync(ct);
    }

    public async Task<DepartmentRow> CreateAsync(DepartmentInput input, CancellationToken ct)
    {
        input = input with { Id = 0 };
        await validator.ValidateAndThrowAsync(input, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var department = new Department { Name = input.Name.Trim(), Color = input.Color.ToLowerInvariant(), IsActive = input.IsActive };
        db.Departments.Add(department);
        await db.SaveValidatedAsync(validator, input, ct);
        return ToRow(department);
    }

    public async Task<DepartmentRow> UpdateAsync(int id, DepartmentInput input, CancellationToken ct)
    {
        input = input with { Id = id };
        await using var db = await factory.CreateDbContextAsync(ct);
        // Not found before invalid: another tenant's id looks missing, whatever the body holds.
        var department = await FindAsync(db, id, ct);
        await validator.ValidateAndThrowAsync(input, ct);
        department.Name = input.Name.Trim();
        department.Color = input.Color.ToLowerInvariant();
        department.IsActive = input.IsActive;
        department.UpdatedAt = DateTime.UtcNow;
        await db.SaveValidatedAsync(validator, input, ct);
        return ToRow(department);
    }

    public async Task SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var department = await FindAsync(db, id, ct);
        department.IsActive = active;
        department.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes a department nothing refers to; one in use is refused (deactivate it instead).</summary>
    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var department = await FindAsync(db, id, ct);
        var usage = new Usage();
        await usage.AddAsync(t["Use.Channels"], db.Channels.CountAsync(x => x.DefaultDepartmentId == id, ct));
        await usage.AddAsync(t["Use.Tickets"], db.Tickets.CountAsync(x => x.DepartmentId == id, ct));
        await usage.AddAsync(t["Use.ApiConfigs"], db.ApiConfigs.CountAsync(x => x.ActionDepartmentId == id, ct));
        await usage.AddAsync(t["Use.Users"], db.Departments.Where(d => d.Id == id).SelectMany(d => d.Users).CountAsync(ct));
        usage.ThrowIfAny(nameof(DepartmentInput.Name), c);
        db.Departments.Remove(department);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Department> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw Refuse.NotFound(nameof(Department), id);

    private static DepartmentRow ToRow(Department d) => new(d.Id, d.Name, d.Color, d.IsActive);
}
