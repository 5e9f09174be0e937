using FlowAdmin.Data;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.ClosingReasons;

public sealed class ClosingReasonInputValidator : AbstractValidator<ClosingReasonInput>
{
    public ClosingReasonInputValidator(IDbContextFactory<AppDbContext> factory, IStringLocalizer<CommonText> c)
    {
        RuleFor(x => x.Name).UniqueName(c, async (input, name, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var lower = name.ToLower();
            return await db.ClosingReasons.AnyAsync(r => r.Id != input.Id && r.Name.ToLower() == lower, ct);
        });
    }
}
