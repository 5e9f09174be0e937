using FluentValidation;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Common;

public static class NameRules
{
    public const int MaxLength = 120;

    /// <summary>
    /// Required, at most 120 characters, and not taken by another record of the tenant. The uniqueness check
    /// reads the database through the tenant-filtered context, so the dialog shows it on the field before saving.
    /// </summary>
    public static IRuleBuilderOptions<T, string> UniqueName<T>(
        this IRuleBuilderInitial<T, string> rule, IStringLocalizer<CommonText> c, Func<T, string, CancellationToken, Task<bool>> isTaken) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => c["Name.Required"])
            .MaximumLength(MaxLength).WithMessage(_ => c["Name.TooLong", MaxLength])
            .MustAsync(async (x, name, ct) => !await isTaken(x, name.Trim(), ct)).WithMessage(_ => c["Name.Taken"]);
}
