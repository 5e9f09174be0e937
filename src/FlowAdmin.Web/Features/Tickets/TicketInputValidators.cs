using FlowAdmin.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Tickets;

/// <summary>A closing reason is required while the account has any; it must be one of its active ones.</summary>
public sealed class CloseTicketInputValidator : AbstractValidator<CloseTicketInput>
{
    public CloseTicketInputValidator(IDbContextFactory<AppDbContext> factory, IStringLocalizer<TicketsText> t)
    {
        RuleFor(x => x.ClosingReasonId).CustomAsync(async (reasonId, ctx, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            if (reasonId is null)
            {
                if (await db.ClosingReasons.AnyAsync(r => r.IsActive, ct))
                    ctx.AddFailure(nameof(CloseTicketInput.ClosingReasonId), t["Close.ReasonRequired"]);
            }
            else if (!await db.ClosingReasons.AnyAsync(r => r.Id == reasonId && r.IsActive, ct))
            {
                ctx.AddFailure(nameof(CloseTicketInput.ClosingReasonId), t["Close.ReasonUnknown"]);
            }
        });
    }
}

/// <summary>The push API's rules for forceTicketToDepartment/forceTicketToUser, with the screen's words.</summary>
public sealed class TransferTicketInputValidator : AbstractValidator<TransferTicketInput>
{
    public TransferTicketInputValidator(IDbContextFactory<AppDbContext> factory, IStringLocalizer<TicketsText> t)
    {
        RuleFor(x => x.DepartmentId).CustomAsync(async (departmentId, ctx, ct) =>
        {
            if (departmentId is null)
            {
                if (ctx.InstanceToValidate.UserId is null)
                    ctx.AddFailure(nameof(TransferTicketInput.DepartmentId), t["Transfer.TargetRequired"]);
                return;
            }
            await using var db = await factory.CreateDbContextAsync(ct);
            if (!await db.Departments.AnyAsync(d => d.Id == departmentId && d.IsActive, ct))
                ctx.AddFailure(nameof(TransferTicketInput.DepartmentId), t["Transfer.DepartmentUnknown"]);
        });

        RuleFor(x => x.UserId).CustomAsync(async (userId, ctx, ct) =>
        {
            if (userId is null) return;
            await using var db = await factory.CreateDbContextAsync(ct);
            var user = await db.TenantUsers.AsNoTracking().Where(u => u.Id == userId && u.IsActive)
                .Select(u => new { Departments = u.Departments.Select(d => d.Id).ToList() }).SingleOrDefaultAsync(ct);
            if (user is null)
                ctx.AddFailure(nameof(TransferTicketInput.UserId), t["Transfer.UserUnknown"]);
            else if (ctx.InstanceToValidate.DepartmentId is { } departmentId && !user.Departments.Contains(departmentId))
                ctx.AddFailure(nameof(TransferTicketInput.UserId), t["Transfer.UserNoAccess"]);
        });
    }
}

public sealed class TicketNoteInputValidator : AbstractValidator<TicketNoteInput>
{
    public const int MaxLength = 4096;

    public TicketNoteInputValidator(IStringLocalizer<TicketsText> t)
    {
        RuleFor(x => x.Body).Cascade(CascadeMode.Stop)
            .Must(body => !string.IsNullOrWhiteSpace(body)).WithMessage(_ => t["Note.Required"])
            .MaximumLength(MaxLength).WithMessage(_ => t["Note.TooLong", MaxLength]);
    }
}
