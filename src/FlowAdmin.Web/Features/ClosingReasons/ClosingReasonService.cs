using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.ClosingReasons;

/// <summary>Closing reasons of the current tenant, through the tenant-filtered context (another tenant's id is not found).</summary>
public sealed class ClosingReasonService(
    IDbContextFactory<AppDbContext> factory, IValidator<ClosingReasonInput> validator,
    IStringLocalizer<CommonText> c, IStringLocalizer<ClosingReasonsText> t)
{
    private static readonly SortColumns<ClosingReason> Sorts = new SortColumns<ClosingReason>(nameof(ClosingReasonRow.Id))
        .Add(nameof(ClosingReasonRow.Id), r => r.Id)
        .Add(nameof(ClosingReasonRow.Name), r => r.Name)
        .Add(nameof(ClosingReasonRow.IsActive), r => r.IsActive);

    public async Task<PagedResult<ClosingReasonRow>> ListAsync(PagedQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ClosingReasons.AsNoTracking()
            .Search(query.Search, r => r.Id, r => r.Name)
            .ToPagedResultAsync(query, Sorts, r => new ClosingReasonRow(r.Id, r.Name, r.IsActive), ct);
    }

    public async Task<ClosingReasonInput?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ClosingReasons.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new ClosingReasonInput { Id = r.Id, Name = r.Name, IsActive = r.IsActive })
            .SingleOrDefaultAsync(ct);
    }

    public async Task<ClosingReasonRow> CreateAsync(ClosingReasonInput input, CancellationToken ct)
    {
        input = input with { Id = 0 };
        await validator.ValidateAndThrowAsync(input, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var reason = new ClosingReason { Name = input.Name.Trim(), IsActive = input.IsActive };
        db.ClosingReasons.Add(reason);
        await db.SaveValidatedAsync(validator, input, ct);
        return new ClosingReasonRow(reason.Id, reason.Name, reason.IsActive);
    }

    public async Task<ClosingReasonRow> UpdateAsync(int id, ClosingReasonInput input, CancellationToken ct)
    {
        input = input with { Id = id };
        await using var db = await factory.CreateDbContextAsync(ct);
        // Not found before invalid: another tenant's id looks missing, whatever the body holds.
        var reason = await FindAsync(db, id, ct);
        await validator.ValidateAndThrowAsync(input, ct);
        reason.Name = input.Name.Trim();
        reason.IsActive = input.IsActive;
        reason.UpdatedAt = DateTime.UtcNow;
        await db.SaveValidatedAsync(validator, input, ct);
        return new ClosingReasonRow(reason.Id, reason.Name, reason.IsActive);
    }

    public async Task SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var reason = await FindAsync(db, id, ct);
        reason.IsActive = active;
        reason.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes a closing reason no ticket was closed with; one in use is refused (deactivate it instead).</summary>
    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var reason = await FindAsync(db, id, ct);
        var usage = new Usage();
        await usage.AddAsync(t["Use.Tickets"], db.Tickets.CountAsync(x => x.ClosingReasonId == id, ct));
        usage.ThrowIfAny(nameof(ClosingReasonInput.Name), c);
        db.ClosingReasons.Remove(reason);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<ClosingReason> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.ClosingReasons.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw Refuse.NotFound(nameof(ClosingReason), id);
}
