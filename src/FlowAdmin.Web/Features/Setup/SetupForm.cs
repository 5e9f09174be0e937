using FluentValidation;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Setup;

public sealed class SetupForm
{
    public string Organisation { get; set; } = "";
    public string AdminName { get; set; } = "";
    public string AdminEmail { get; set; } = "";
    public string Password { get; set; } = "";
    public string ConfirmPassword { get; set; } = "";
}

public sealed class SetupFormValidator : AbstractValidator<SetupForm>
{
    public SetupFormValidator(IStringLocalizer<SetupText> t)
    {
        RuleFor(x => x.Organisation).NotEmpty().WithMessage(_ => t["Organisation.Required"]).MaximumLength(120).WithMessage(_ => t["TooLong", 120]);
        RuleFor(x => x.AdminName).NotEmpty().WithMessage(_ => t["AdminName.Required"]).MaximumLength(120).WithMessage(_ => t["TooLong", 120]);
        RuleFor(x => x.AdminEmail).NotEmpty().WithMessage(_ => t["AdminEmail.Required"]).EmailAddress().WithMessage(_ => t["AdminEmail.Invalid"]);
        RuleFor(x => x.Password).NotEmpty().WithMessage(_ => t["Password.Required"]).MinimumLength(8).WithMessage(_ => t["Password.TooShort", 8]);
        RuleFor(x => x.ConfirmPassword).Equal(x => x.Password).WithMessage(_ => t["ConfirmPassword.Mismatch"]);
    }
}
