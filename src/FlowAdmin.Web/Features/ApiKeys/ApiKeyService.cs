using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.ApiKeys;

/// <summary>The current tenant's management API keys: created (shown once), listed, revoked.</summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> factory, IValidator<ApiKeyInput> validator)
{
    private static readonly SortColumns<ApiKey> Sorts = new SortColumns<ApiKey>(nameof(ApiKeyRow.Id))
        .Add(nameof(ApiKeyRow.Id), x => x.Id)
        .Add(nameof(ApiKeyRow.Name), x => x.Name)
        .Add(nameof(ApiKeyRow.Scope), x => x.Scope)
        .Add(nameof(ApiKeyRow.CreatedAt), x => x.CreatedAt)
        .Add(nameof(ApiKeyRow.LastUsedAt), x => x.LastUsedAt);

    public async Task<PagedResult<ApiKeyRow>> ListAsync(PagedQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking()
            .Search(query.Search, x => x.Id, x => x.Name)
            .ToPagedResultAsync(query, Sorts, x => new ApiKeyRow(x.Id, x.Name, x.Scope, x.Prefix, x.CreatedAt, x.LastUsedAt, x.RevokedAt), ct);
    }

    public async Task<CreatedApiKey> CreateAsync(ApiKeyInput input, CancellationToken ct)
    {
        await validator.ValidateAndThrowAsync(input, ct);
        var secret = ApiKeySecrets.NewKey();
        var key = new ApiKey { Name = input.Name.Trim(), Scope = input.Scope, KeyHash = ApiKeySecrets.Hash(secret), Prefix = ApiKeySecrets.Display(secret) };
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveValidatedAsync(validator, input, ct);
        return new(new ApiKeyRow(key.Id, key.Name, key.Scope, key.Prefix, key.CreatedAt, null, null), secret);
    }

    /// <summary>Revoking is immediate: the next request with the key is refused. The row stays, for the record.</summary>
    public async Task RevokeAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = await db.ApiKeys.Where(k => k.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? DateTime.UtcNow), ct);
        if (changed == 0) throw Refuse.NotFound("API key", id);
    }
}
