using System.Globalization;
using Bunit;
using FlowAdmin.Web.Features.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Webhooks;

/// <summary>The list's health cell: last result at a glance, and a webhook the sender switched off flagged with its reason and the way back.</summary>
public sealed class WebhookHealthTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public WebhookHealthTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
    }

    private static WebhookRow Row(DateTime? disabledAt = null, string? reason = null, DateTime? lastAt = null, int? status = null, bool? succeeded = null) =>
        new(7, "ERP", "https://hooks.example.com", ["NewTicket"], true, disabledAt, reason, lastAt, status, succeeded, DateTime.UtcNow);

    [Fact]
    public void A_disabled_webhook_shows_why_and_offers_re_enabling()
    {
        var reenabled = 0;
        var cut = _ctx.Render<WebhookHealth>(p => p
            .Add(x => x.Row, Row(disabledAt: DateTime.UtcNow, reason: WebhookDisabledReasons.Gone, lastAt: DateTime.UtcNow, status: 410, succeeded: false))
            .Add(x => x.OnReenable, () => reenabled++));

        Assert.Contains("Disabled after failures", cut.Markup);
        Assert.Equal("The receiver answered 410 Gone: the address no longer exists.", cut.Find("[data-testid='webhook-disabled-reason-ERP']").TextContent);
        cut.Find("[data-testid='webhook-reenable-ERP']").Click();
        cut.WaitForAssertion(() => Assert.Equal(1, reenabled));
    }

    // The stored code never reaches the screen; each reason reads in the viewer's language.
    [Theory]
    [InlineData(WebhookDisabledReasons.Gone, "en", "The receiver answered 410 Gone: the address no longer exists.")]
    [InlineData(WebhookDisabledReasons.Failing, "en", "Every delivery failed for the configured period.")]
    [InlineData(WebhookDisabledReasons.Gone, "pt-BR", "O receptor respondeu 410 Gone: o endereço não existe mais.")]
    [InlineData(WebhookDisabledReasons.Failing, "pt-BR", "Todas as entregas falharam durante o período configurado.")]
    // A code this version does not know (written by a newer one) is shown as stored rather than hidden.
    [InlineData("Blocked", "en", "Blocked")]
    public void The_disabled_reason_is_shown_in_the_viewer_s_language(string reason, string culture, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var cut = _ctx.Render<WebhookHealth>(p => p.Add(x => x.Row, Row(disabledAt: DateTime.UtcNow, reason: reason)));

        Assert.Equal(expected, cut.Find("[data-testid='webhook-disabled-reason-ERP']").TextContent);
    }

    [Theory]
    [InlineData(true, 204, "Success · HTTP 204")]
    [InlineData(false, 500, "Failure · HTTP 500")]
    [InlineData(false, null, "Failure · network error")]
    public void The_last_delivery_result_is_shown(bool succeeded, int? status, string expected)
    {
        var cut = _ctx.Render<WebhookHealth>(p => p.Add(x => x.Row, Row(lastAt: DateTime.UtcNow, status: status, succeeded: succeeded)));

        Assert.Contains(expected, cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid='webhook-reenable-ERP']"));
    }

    [Fact]
    public void A_webhook_never_delivered_says_so() =>
        Assert.Contains("No delivery yet", _ctx.Render<WebhookHealth>(p => p.Add(x => x.Row, Row())).Markup);

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();
}
