using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using FlowAdmin.Web.Hosting;

namespace FlowAdmin.Web.Features.ApiConfigs;

/// <summary>The tenant's API (push) configs: CRUD, activation and token rotation. Works for the scope's tenant.</summary>
public sealed class ApiConfigService(
    IDbContextFactory<AppDbContext> factory,
    IValidator<ApiConfigForm> validator,
    PushTokens tokens,
    Push.PushConfigCache pushConfigs,
    IOptions<FlowAdminOptions> options,
    IStringLocalizer<ApiConfigsText> t)
{
    public async Task<(IReadOnlyList<ApiConfigRow> Items, int Total)> ListAsync(
        string? search, string? sortBy, bool descending, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.ApiConfigs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(c => c.Name.Contains(term) || c.Channel!.Name.Contains(term));
        }
        query = (sortBy, descending) switch
        {
            ("Name", false) => query.OrderBy(c => c.Name),
            ("Name", true) => query.OrderByDescending(c => c.Name),
            ("ChannelName", false) => query.OrderBy(c => c.Channel!.Name),
            ("ChannelName", true) => query.OrderByDescending(c => c.Channel!.Name),
            ("CreatedAt", false) => query.OrderBy(c => c.CreatedAt),
            _ => query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        };
        var total = await query.CountAsync(ct);
        var items = await Rows(db, query.Skip(page * pageSize).Take(pageSize)).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>One config as the grid shows it; null when the tenant has no such config.</summary>
    public async Task<ApiConfigRow?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Rows(db, db.ApiConfigs.AsNoTracking().Where(c => c.Id == id)).SingleOrDefaultAsync(ct);
    }

    private static IQueryable<ApiConfigRow> Rows(AppDbContext db, IQueryable<ApiConfig> query) =>
        query.Select(c => new ApiConfigRow(
            c.Id, c.Name, c.ChannelId, c.Channel!.Name, c.Channel.Kind, c.Action,
            db.Departments.Where(d => d.Id == c.ActionDepartmentId).Select(d => d.Name).FirstOrDefault(),
            db.TenantUsers.Where(u => u.Id == c.ActionUserId).Select(u => u.Name).FirstOrDefault(),
            c.IsActive, c.CreatedAt));

    public async Task<ApiConfigForm?> GetFormAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ApiConfigs.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new ApiConfigForm { Id = c.Id, Name = c.Name, ChannelId = c.ChannelId, Action = c.Action, DepartmentId = c.ActionDepartmentId, UserId = c.ActionUserId })
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The choices of the dialog: active channels, departments and users of the tenant.</summary>
    public async Task<(IReadOnlyList<Option> Channels, IReadOnlyList<Option> Departments, IReadOnlyList<Option> Users)> OptionsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channels = await db.Channels.Where(c => c.IsActive).OrderBy(c => c.Name).Select(c => new Option(c.Id, c.Name)).ToListAsync(ct);
        var departments = await db.Departments.Where(d => d.IsActive).OrderBy(d => d.Name).Select(d => new Option(d.Id, d.Name)).ToListAsync(ct);
        var users = await db.TenantUsers.Where(u => u.IsActive).OrderBy(u => u.Name).Select(u => new Option(u.Id, u.Name)).ToListAsync(ct);
        return (channels, departments, users);
    }

    /// <summary>Creates a config with a fresh token; returns its id.</summary>
    public async Task<int> CreateAsync(ApiConfigForm form, CancellationToken ct)
    {
        form.Id = 0;
        await validator.ValidateAndThrowAsync(form, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var config = new ApiConfig { Name = form.Name.Trim() };
        Apply(config, form);
        SetNewToken(config);
        db.ApiConfigs.Add(config);
        await db.SaveChangesAsync(ct);
        pushConfigs.Forget();
        return config.Id;
    }

    public async Task UpdateAsync(ApiConfigForm form, CancellationToken ct)
    {
        await validator.ValidateAndThrowAsync(form, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var config = await FindAsync(db, form.Id, ct);
        config.Name = form.Name.Trim();
        Apply(config, form);
        config.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        pushConfigs.Forget();
    }

    public async Task SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var config = await FindAsync(db, id, ct);
        config.IsActive = active;
        config.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        pushConfigs.Forget();
    }

    /// <summary>A new token; the old URL stops working at once (lookups go by the new hash).</summary>
    public async Task RotateTokenAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var config = await FindAsync(db, id, ct);
        SetNewToken(config);
        config.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        pushConfigs.Forget();
    }

    /// <summary>Deletes a config; refused while pushes of it are still queued.</summary>
    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.PushRequests.AnyAsync(p => p.ApiConfigId == id && p.Status != PushStatus.Done && p.Status != PushStatus.Failed, ct))
            throw new ValidationException([new ValidationFailure(nameof(ApiConfigForm.Name), t["Validation.InUse"])]);
        if (await db.ApiConfigs.Where(c => c.Id == id).ExecuteDeleteAsync(ct) == 0) throw Refuse.NotFound(nameof(ApiConfig), id);
        pushConfigs.Forget();
    }

    /// <summary>The push URL with its token (only administrators see it).</summary>
    public async Task<string> PushUrlAsync(int id, string requestBaseUri, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var protectedToken = await db.ApiConfigs.Where(c => c.Id == id).Select(c => c.TokenProtected).SingleOrDefaultAsync(ct)
            ?? throw Refuse.NotFound(nameof(ApiConfig), id);
        return PushUrl(requestBaseUri, tokens.Unprotect(protectedToken));
    }

    public string PushUrl(string requestBaseUri, string token)
    {
        var baseUri = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? requestBaseUri : options.Value.PublicBaseUrl;
        return baseUri.TrimEnd('/') + "/api/push/" + token;
    }

    /// <summary>The URL as the grid shows it: its path with the token's first characters only.</summary>
    public static string Masked(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        var slash = path.LastIndexOf('/') + 1;
        return path[..slash] + path[slash..][..Math.Min(6, path.Length - slash)] + "••••••••";
    }

    // Missing and another tenant's config look the same (the tenant filter): not found.
    private static async Task<ApiConfig> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.ApiConfigs.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw Refuse.NotFound(nameof(ApiConfig), id);

    private static void Apply(ApiConfig config, ApiConfigForm form)
    {
        config.ChannelId = form.ChannelId!.Value;
        config.Action = form.Action;
        config.ActionDepartmentId = form.Action == PostSendAction.RedirectToDepartment ? form.DepartmentId : null;
        config.ActionUserId = form.Action == PostSendAction.RedirectToUser ? form.UserId : null;
    }

    private void SetNewToken(ApiConfig config)
    {
        var token = PushTokens.NewToken();
        config.TokenHash = PushTokens.Hash(token);
        config.TokenProtected = tokens.Protect(token);
    }
}
