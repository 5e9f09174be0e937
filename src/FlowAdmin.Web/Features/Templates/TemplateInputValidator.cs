using System.Text.RegularExpressions;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Templates;

public sealed partial class TemplateInputValidator : AbstractValidator<TemplateInput>
{
    public const int MaxBodyLength = 1024;

    public TemplateInputValidator(IDbContextFactory<AppDbContext> factory, IStringLocalizer<CommonText> c, IStringLocalizer<TemplatesText> t)
    {
        RuleFor(x => x.ChannelId)
            .NotNull().WithMessage(_ => t["Channel.Required"])
            .MustAsync(async (id, ct) =>
            {
                // Through the tenant filter: another tenant's channel is simply not there.
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.Channels.AnyAsync(ch => ch.Id == id && ch.Kind == ChannelKind.Waba, ct);
            })
            .When(x => x.ChannelId is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage(_ => t["Channel.NotWaba"]);

        RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => c["Name.Required"])
            .MaximumLength(NameRules.MaxLength).WithMessage(_ => c["Name.TooLong", NameRules.MaxLength])
            .Must(name => TemplateName().IsMatch(name)).WithMessage(_ => t["Name.Format"])
            // Meta names a template by (name, language) within a WhatsApp account: one channel here.
            .MustAsync(async (input, name, ct) =>
            {
                if (input.ChannelId is null) return true;
                await using var db = await factory.CreateDbContextAsync(ct);
                return !await db.Templates.AnyAsync(x => x.Id != input.Id && x.ChannelId == input.ChannelId
                    && x.Name == name && x.Language == input.Language, ct);
            })
            .WithMessage(_ => t["Name.Taken"]);

        RuleFor(x => x.Language).Must(l => Language().IsMatch(l ?? "")).WithMessage(_ => t["Language.Invalid"]);
        RuleFor(x => x.Category).Must(cat => TemplateCategories.All.Contains(cat)).WithMessage(_ => t["Category.Invalid"]);

        RuleFor(x => x.Body).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Body.Required"])
            .MaximumLength(MaxBodyLength).WithMessage(_ => t["Body.TooLong", MaxBodyLength])
            .Must(VariablesAreConsecutive).WithMessage((_, body) => t["Body.Variables", Expected(body)]);
    }

    /// <summary>{{1}}..{{n}} with none missing: a push fills them from params[0..n-1].</summary>
    public static bool VariablesAreConsecutive(string body)
    {
        var numbers = Template.VariableNumbers(body);
        return numbers.SequenceEqual(Enumerable.Range(1, numbers.Count));
    }

    private static string Expected(string body)
    {
        var max = Template.CountVariables(body);
        return string.Join(", ", Enumerable.Range(1, Math.Max(max, 1)).Select(n => "{{" + n + "}}"));
    }

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex TemplateName();

    /// <summary>Meta's language codes: pt_BR, en_US, es, ...</summary>
    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$")]
    private static partial Regex Language();
}
