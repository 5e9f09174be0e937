using System.Text.RegularExpressions;
using FlowAdmin.Data;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Departments;

public sealed partial class DepartmentInputValidator : AbstractValidator<DepartmentInput>
{
    public DepartmentInputValidator(IDbContextFactory<AppDbContext> factory, IStringLocalizer<CommonText> c, IStringLocalizer<DepartmentsText> t)
    {
        RuleFor(x => x.Name).UniqueName(c, async (input, name, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var lower = name.ToLower();
            return await db.Departments.AnyAsync(d => d.Id != input.Id && d.Name.ToLower() == lower, ct);
        });
        RuleFor(x => x.Color).Must(color => HexColor().IsMatch(color ?? "")).WithMessage(_ => t["Color.Invalid"]);
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
