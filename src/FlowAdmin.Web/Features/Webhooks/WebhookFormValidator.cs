using System.Text.RegularExpressions;
using FlowAdmin.Data;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Outbound;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// Name unique in the tenant; a public http(s) URL (private targets only when the deployment allows them);
/// at least one of the ten events; custom headers with valid names that do not override the headers the
/// sender owns (content type, Standard Webhooks signature...).
/// </summary>
public sealed partial class WebhookFormValidator : AbstractValidator<WebhookForm>
{
    public const int MaxUrlLength = 2048;
    public const int MaxHeaderValueLength = 4096;

    /// <summary>Headers the sender sets itself or that HTTP reserves; a custom header may not replace them.</summary>
    public static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "webhook-id", "webhook-timestamp", "webhook-signature",
        "Content-Type", "Content-Length", "Content-Encoding", "Accept", "User-Agent",
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Expect",
        "Proxy-Authorization", "Proxy-Connection",
    };

    public WebhookFormValidator(
        IDbContextFactory<AppDbContext> factory, IOptionsMonitor<OutboundOptions> outbound,
        IStringLocalizer<CommonText> c, IStringLocalizer<WebhooksText> t)
    {
        RuleFor(x => x.Name).UniqueName(c, async (form, name, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var lower = name.ToLower();
            return await db.Webhooks.AnyAsync(w => w.Id != form.Id && w.Name.ToLower() == lower, ct);
        });

        RuleFor(x => x.Url).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation.UrlRequired"])
            .MaximumLength(MaxUrlLength).WithMessage(_ => t["Validation.UrlTooLong", MaxUrlLength])
            // Asked twice so the message can say which rule failed without parsing the guard's English text.
            .Must(url => OutboundAddresses.ProblemWith(url.Trim(), allowPrivateTargets: true) is null).WithMessage(_ => t["Validation.UrlInvalid"])
            .Must(url => OutboundAddresses.ProblemWith(url.Trim(), outbound.CurrentValue.AllowPrivateTargets) is null).WithMessage(_ => t["Validation.UrlPrivate"]);

        RuleFor(x => x.Events).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation.EventsRequired"])
            .Must(events => events.All(e => EventNames.All.Contains(e))).WithMessage(_ => t["Validation.EventUnknown"]);

        RuleForEach(x => x.Headers).ChildRules(header =>
        {
            header.RuleFor(h => h.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => t["Validation.HeaderNameRequired"])
                .MaximumLength(100).WithMessage(_ => t["Validation.HeaderNameInvalid"])
                .Must(name => HeaderToken().IsMatch(name.Trim())).WithMessage(_ => t["Validation.HeaderNameInvalid"])
                .Must(name => !ReservedHeaders.Contains(name.Trim()) && !name.Trim().StartsWith("webhook-", StringComparison.OrdinalIgnoreCase))
                .WithMessage(h => t["Validation.HeaderReserved", h.Name.Trim()]);
            header.RuleFor(h => h.Value).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => t["Validation.HeaderValueRequired"]).Unless(h => h.KeepsStoredValue)
                .MaximumLength(MaxHeaderValueLength).WithMessage(_ => t["Validation.HeaderValueTooLong", MaxHeaderValueLength])
                .Must(value => !value.Any(char.IsControl)).WithMessage(_ => t["Validation.HeaderValueInvalid"]);
        });

        RuleFor(x => x.Headers)
            .Must(headers => headers.Select(h => h.Name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == headers.Count)
            .WithMessage(_ => t["Validation.HeaderDuplicate"]);
    }

    /// <summary>An HTTP field name is a token (RFC 9110 §5.1).</summary>
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")]
    private static partial Regex HeaderToken();
}
