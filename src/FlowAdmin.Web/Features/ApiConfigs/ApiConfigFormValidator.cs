using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.ApiConfigs;

/// <summary>Name unique in the tenant; an active channel of the tenant; the action's department or user when it needs one.</summary>
public sealed class ApiConfigFormValidator : AbstractValidator<ApiConfigForm>
{
    public ApiConfigFormValidator(IDbContextFactory<AppDbContext> factory, IStringLocalizer<ApiConfigsText> t)
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation.NameRequired"])
            .MaximumLength(120).WithMessage(_ => t["Validation.NameTooLong"])
            .MustAsync(async (form, name, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var trimmed = name.Trim();
                return !await db.ApiConfigs.AnyAsync(c => c.Name == trimmed && c.Id != form.Id, ct);
            }).WithMessage(_ => t["Validation.NameTaken"]);

        RuleFor(x => x.ChannelId).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(_ => t["Validation.ChannelRequired"])
            .MustAsync(async (id, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.Channels.AnyAsync(c => c.Id == id && c.IsActive, ct);
            }).WithMessage(_ => t["Validation.ChannelInvalid"]);

        RuleFor(x => x.DepartmentId).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(_ => t["Validation.DepartmentRequired"])
            .MustAsync(async (id, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.Departments.AnyAsync(d => d.Id == id && d.IsActive, ct);
            }).WithMessage(_ => t["Validation.DepartmentInvalid"])
            .When(x => x.Action == PostSendAction.RedirectToDepartment);

        RuleFor(x => x.UserId).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(_ => t["Validation.UserRequired"])
            .MustAsync(async (id, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.TenantUsers.AnyAsync(u => u.Id == id && u.IsActive, ct);
            }).WithMessage(_ => t["Validation.UserInvalid"])
            .When(x => x.Action == PostSendAction.RedirectToUser);
    }
}
