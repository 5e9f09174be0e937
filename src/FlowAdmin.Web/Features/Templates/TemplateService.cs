using System.Linq.Expressions;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Templates;

/// <summary>
/// WABA templates of the current tenant, through the tenant-filtered context (another tenant's id is not found).
/// The variable count is always derived from the body, never taken from the caller.
/// </summary>
public sealed class TemplateService(
    IDbContextFactory<AppDbContext> factory, IValidator<TemplateInput> validator,
    IStringLocalizer<CommonText> c, IStringLocalizer<TemplatesText> t)
{
    private static readonly SortColumns<Template> Sorts = new SortColumns<Template>(nameof(TemplateRow.Id))
        .Add(nameof(TemplateRow.Id), x => x.Id)
        .Add(nameof(TemplateRow.Name), x => x.Name)
        .Add(nameof(TemplateRow.Language), x => x.Language)
        .Add(nameof(TemplateRow.Category), x => x.Category)
        .Add(nameof(TemplateRow.VariableCount), x => x.VariableCount)
        .Add(nameof(TemplateRow.ChannelName), x => x.Channel!.Name)
        .Add(nameof(TemplateRow.IsActive), x => x.IsActive);

    private static readonly Expression<Func<Template, TemplateRow>> ToRow = x => new TemplateRow(
        x.Id, x.Name, x.Language, x.Category, x.VariableCount, x.ChannelId, x.Channel!.Name, x.IsActive);

    public async Task<PagedResult<TemplateRow>> ListAsync(PagedQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking()
            .Search(query.Search, x => x.Id, x => x.Name, x => x.Channel!.Name)
            .ToPagedResultAsync(query, Sorts, ToRow, ct);
    }

    public async Task<TemplateInput?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new TemplateInput
            {
                Id = x.Id, ChannelId = x.ChannelId, Name = x.Name, Language = x.Language,
                Category = x.Category, Body = x.Body, IsActive = x.IsActive,
            })
            .SingleOrDefaultAsync(ct);
    }

    public async Task<TemplateRow> CreateAsync(TemplateInput input, CancellationToken ct)
    {
        input = Normalize(input) with { Id = 0 };
        await validator.ValidateAndThrowAsync(input, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var template = new Template { Name = input.Name };
        Apply(template, input);
        db.Templates.Add(template);
        await db.SaveValidatedAsync(validator, input, ct);
        return await db.Templates.AsNoTracking().Where(x => x.Id == template.Id).Select(ToRow).SingleAsync(ct);
    }

    public async Task<TemplateRow> UpdateAsync(int id, TemplateInput input, CancellationToken ct)
    {
        input = Normalize(input) with { Id = id };
        await using var db = await factory.CreateDbContextAsync(ct);
        // Not found before invalid: another tenant's id looks missing, whatever the body holds.
        var template = await FindAsync(db, id, ct);
        await validator.ValidateAndThrowAsync(input, ct);
        Apply(template, input);
        await db.SaveValidatedAsync(validator, input, ct);
        return await db.Templates.AsNoTracking().Where(x => x.Id == template.Id).Select(ToRow).SingleAsync(ct);
    }

    public async Task SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var template = await FindAsync(db, id, ct);
        template.IsActive = active;
        template.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes a template no message used; one in use is refused (deactivate it instead).</summary>
    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var template = await FindAsync(db, id, ct);
        var usage = new Usage();
        await usage.AddAsync(t["Use.Messages"], db.Messages.CountAsync(x => x.TemplateId == id, ct));
        usage.ThrowIfAny(nameof(TemplateInput.Name), c);
        db.Templates.Remove(template);
        await db.SaveChangesAsync(ct);
    }

    private static TemplateInput Normalize(TemplateInput input) =>
        input with { Name = input.Name?.Trim() ?? "", Language = input.Language?.Trim() ?? "", Body = input.Body?.Trim() ?? "" };

    private static void Apply(Template template, TemplateInput input)
    {
        template.ChannelId = input.ChannelId!.Value;
        template.Name = input.Name;
        template.Language = input.Language;
        template.Category = input.Category;
        template.Body = input.Body;
        template.VariableCount = Template.CountVariables(input.Body);
        template.IsActive = input.IsActive;
        template.UpdatedAt = DateTime.UtcNow;
    }

    private static async Task<Template> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.Templates.SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw Refuse.NotFound(nameof(Template), id);
}
