using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Outbound;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// Every rule of SPEC §4–§5 on a push body. The channel it is sent by and the scope's context factory
/// come in the root context data (<see cref="ChannelKey"/>, <see cref="DbKey"/>), so one instance serves
/// every request (building the rules cost more than checking them); lookups go through the scope's
/// tenant, so another tenant's ids are unknown.
/// Messages are English: they are read by the calling system's developers, not shown in the UI.
/// </summary>
public sealed partial class PushBodyValidator : AbstractValidator<PushBody>
{
    public const string ChannelKey = "channel";
    public const string DbKey = "db";

    public PushBodyValidator(IOptionsMonitor<OutboundOptions> outbound)
    {
        RuleFor(x => x.Number).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("number is required.")
            .Matches(@"^\d{10,15}$").WithMessage("number must be 10 to 15 digits: country code, area code and number (e.g. 5511999999999).")
            .OverridePropertyName("number");

        RuleFor(x => x.ExternalKey).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("externalKey is required.")
            .MaximumLength(200).WithMessage("externalKey must be at most 200 characters.")
            .OverridePropertyName("externalKey");

        RuleFor(x => x.Body).Custom((body, ctx) =>
        {
            var push = ctx.InstanceToValidate;
            var waba = Channel(ctx).Kind == ChannelKind.Waba;
            if (waba && push.TemplateId is not null) return;
            if (push.OnlyNote) return;
            if (body is null)
                ctx.AddFailure("body", waba ? "body or templateId is required." : "body is required (it may be \"\" when mediaUrl is given).");
            else if (body.Length == 0 && push.MediaUrl is null)
                ctx.AddFailure("body", "body may be empty only when mediaUrl is given.");
            else if (body.Length > 4096)
                ctx.AddFailure("body", "body must be at most 4096 characters.");
        });

        RuleFor(x => x.MediaUrl).Custom((url, ctx) =>
        {
            if (url is not null && OutboundAddresses.ProblemWith(url, outbound.CurrentValue.AllowPrivateTargets) is { } problem)
                ctx.AddFailure("mediaUrl", "mediaUrl " + problem);
        });

        RuleFor(x => x.TemplateId).Custom((templateId, ctx) =>
        {
            if (templateId is not null && Channel(ctx).Kind != ChannelKind.Waba)
                ctx.AddFailure("templateId", "templateId is only for channels of kind waba.");
            if (templateId is null && ctx.InstanceToValidate.Params is not null)
                ctx.AddFailure("params", "params needs templateId.");
        });

        RuleFor(x => x.TemplateId).CustomAsync(async (templateId, ctx, ct) =>
        {
            var channel = Channel(ctx);
            if (channel.Kind != ChannelKind.Waba) return;
            await using var db = await Db(ctx).CreateDbContextAsync(ct);
            var template = int.TryParse(templateId, out var id)
                ? await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.IsActive && t.ChannelId == channel.Id, ct)
                : null;
            if (template is null)
            {
                ctx.AddFailure("templateId", $"templateId '{templateId}' is not an active template of this channel.");
                return;
            }
            var count = ctx.InstanceToValidate.Params?.Count ?? 0;
            if (count != template.VariableCount)
                ctx.AddFailure("params", $"The template has {template.VariableCount} variable(s); params has {count}.");
        }).When(x => x.TemplateId is not null);

        RuleFor(x => x.UserId).CustomAsync(async (userId, ctx, ct) =>
        {
            var push = ctx.InstanceToValidate;
            if (userId is null)
            {
                if (push.ForceTicketToUser) ctx.AddFailure("userId", "forceTicketToUser needs userId.");
                return;
            }
            await using var db = await Db(ctx).CreateDbContextAsync(ct);
            var user = await db.TenantUsers.AsNoTracking().Where(u => u.Id == userId && u.IsActive)
                .Select(u => new { Departments = u.Departments.Select(d => d.Id).ToList() }).SingleOrDefaultAsync(ct);
            if (user is null)
                ctx.AddFailure("userId", $"userId {userId} is not an active user of this account.");
            else if (push is { ForceTicketToUser: true, ForceTicketToDepartment: true, QueueId: { } queueId } && !user.Departments.Contains(queueId))
                ctx.AddFailure("userId", $"User {userId} has no access to department {queueId} (queueId).");
        });

        RuleFor(x => x.QueueId).CustomAsync(async (queueId, ctx, ct) =>
        {
            if (queueId is null)
            {
                if (ctx.InstanceToValidate.ForceTicketToDepartment) ctx.AddFailure("queueId", "forceTicketToDepartment needs queueId.");
                return;
            }
            await using var db = await Db(ctx).CreateDbContextAsync(ct);
            if (!await db.Departments.AnyAsync(d => d.Id == queueId && d.IsActive, ct))
                ctx.AddFailure("queueId", $"queueId {queueId} is not an active department of this account.");
        });

        RuleFor(x => x.ClosingReasonId).CustomAsync(async (reasonId, ctx, ct) =>
        {
            if (reasonId is null) return;
            await using var db = await Db(ctx).CreateDbContextAsync(ct);
            if (!await db.ClosingReasons.AnyAsync(r => r.Id == reasonId && r.IsActive, ct))
                ctx.AddFailure("closingReasonId", $"closingReasonId {reasonId} is not an active closing reason of this account.");
        });

        RuleFor(x => x.Note).Custom((note, ctx) =>
        {
            if (note is null)
            {
                if (ctx.InstanceToValidate.OnlyNote) ctx.AddFailure("note", "onlyNote needs a note.");
                return;
            }
            if (string.IsNullOrEmpty(note.Body) && note.MediaUrl is null)
                ctx.AddFailure("note.body", "note needs a body or a mediaUrl.");
            if (note.MediaUrl is not null && OutboundAddresses.ProblemWith(note.MediaUrl, outbound.CurrentValue.AllowPrivateTargets) is { } problem)
                ctx.AddFailure("note.mediaUrl", "note.mediaUrl " + problem);
        });
    }

    private static IDbContextFactory<AppDbContext> Db<T>(ValidationContext<T> ctx) =>
        ctx.RootContextData.TryGetValue(DbKey, out var db) && db is IDbContextFactory<AppDbContext> f
            ? f : throw new InvalidOperationException("PushBodyValidator needs the scope's context factory in RootContextData.");

    private static Channel Channel<T>(ValidationContext<T> ctx) =>
        ctx.RootContextData.TryGetValue(ChannelKey, out var channel) && channel is Channel c
            ? c : throw new InvalidOperationException("PushBodyValidator needs the channel in RootContextData.");
}
