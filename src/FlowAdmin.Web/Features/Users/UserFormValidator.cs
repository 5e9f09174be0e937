using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Users;

public sealed class UserFormValidator : AbstractValidator<UserForm>
{
    public UserFormValidator(IStringLocalizer<UsersText> t, IDbContextFactory<AppDbContext> factory)
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Validation.NameRequired"])
            .MaximumLength(120).WithMessage(_ => t["Validation.NameTooLong"]);

        RuleFor(x => x.Email).Cascade(CascadeMode.Stop)
            .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage(_ => t["Validation.EmailRequired"])
            .MaximumLength(256).WithMessage(_ => t["Validation.EmailTooLong"])
            .EmailAddress().WithMessage(_ => t["Validation.EmailInvalid"])
            // Identity needs unique emails across all tenants; the message does not say where it is used.
            .MustAsync(async (form, email, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var normalized = email.Trim().ToUpperInvariant();
                return !await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != form.Id, ct);
            }).WithMessage(_ => t["Validation.EmailInUse"]);

        RuleFor(x => x.Role)
            .Must(r => Roles.All.Contains(r)).WithMessage(_ => t["Validation.RoleInvalid"]);

        When(x => x.IsNew, () =>
            RuleFor(x => x.Password).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => t["Validation.PasswordRequired"])
                .MinimumLength(8).WithMessage(_ => t["Validation.PasswordTooShort"]));
    }
}
