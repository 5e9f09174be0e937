using FlowAdmin.Data;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.ApiKeys;

public sealed class ApiKeyInputValidator : AbstractValidator<ApiKeyInput>
{
    public ApiKeyInputValidator(IDbContextFactory<AppDbContext> factory, IStringLocalizer<CommonText> c, IStringLocalizer<ApiKeysText> t)
    {
        // A revoked key's name can be used again: revoked keys stay listed, for the record.
        RuleFor(x => x.Name).UniqueName(c, async (_, name, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var lower = name.ToLower();
            return await db.ApiKeys.AnyAsync(k => k.RevokedAt == null && k.Name.ToLower() == lower, ct);
        });
        RuleFor(x => x.Scope).IsInEnum().WithMessage(_ => t["Scope.Invalid"]);
    }
}
