using System.Text.RegularExpressions;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Outbound;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Channels;

public sealed partial class ChannelInputValidator : AbstractValidator<ChannelInput>
{
    public ChannelInputValidator(
        IDbContextFactory<AppDbContext> factory, IOptions<OutboundOptions> outbound, IStringLocalizer<CommonText> c, IStringLocalizer<ChannelsText> t)
    {
        RuleFor(x => x.Name).UniqueName(c, async (input, name, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var lower = name.ToLower();
            return await db.Channels.AnyAsync(x => x.Id != input.Id && x.Name.ToLower() == lower, ct);
        });
        RuleFor(x => x.Kind).IsInEnum().WithMessage(_ => t["Kind.Invalid"]);
        RuleFor(x => x.Transport).IsInEnum().WithMessage(_ => t["Transport.Invalid"]);
        RuleFor(x => x.Number).Must(n => Digits().IsMatch(n ?? "")).WithMessage(_ => t["Number.Invalid"]);
        RuleFor(x => x.Status).Must(s => ChannelStatuses.All.Contains(s)).WithMessage(_ => t["Status.Invalid"]);
        RuleFor(x => x.DefaultDepartmentId)
            .MustAsync(async (id, ct) =>
            {
                // Read through the tenant filter: another tenant's department is simply not there.
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.Departments.AnyAsync(d => d.Id == id && d.IsActive, ct);
            })
            .When(x => x.DefaultDepartmentId is not null)
            .WithMessage(_ => t["DefaultDepartment.Invalid"]);

        When(x => x.Transport == ChannelTransport.CloudApi, () =>
        {
            RuleFor(x => x.CloudApiBaseUrl).Cascade(CascadeMode.Stop)
                .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
                .WithMessage(_ => t["CloudApiBaseUrl.Invalid"])
                // The transport's calls go through the SSRF guard anyway; this says so while the form is open.
                .Must(url => OutboundAddresses.ProblemWith(url, outbound.Value.AllowPrivateTargets) is null)
                .WithMessage(_ => t["CloudApiBaseUrl.Private"])
                .When(x => !string.IsNullOrWhiteSpace(x.CloudApiBaseUrl));
            RuleFor(x => x.CloudApiPhoneNumberId)
                .Must(id => PhoneNumberId().IsMatch(id ?? ""))
                .WithMessage(_ => t["CloudApiPhoneNumberId.Invalid"]);
            RuleFor(x => x.CloudApiAccessToken)
                .MaximumLength(2048).WithMessage(_ => t["CloudApiAccessToken.TooLong"])
                // An empty token keeps the stored one, so it is required only when none is stored yet.
                .MustAsync(async (input, token, ct) =>
                {
                    if (!string.IsNullOrWhiteSpace(token)) return true;
                    if (input.Id == 0) return false;
                    await using var db = await factory.CreateDbContextAsync(ct);
                    return await db.Channels.AnyAsync(x => x.Id == input.Id && x.CloudApiAccessTokenProtected != null, ct);
                })
                .WithMessage(_ => t["CloudApiAccessToken.Required"]);
        });
    }

    [GeneratedRegex(@"^\d{10,15}$")]
    private static partial Regex Digits();

    /// <summary>Meta's phone number ids are digits, usually longer than phone numbers.</summary>
    [GeneratedRegex(@"^\d{1,32}$")]
    private static partial Regex PhoneNumberId();
}
