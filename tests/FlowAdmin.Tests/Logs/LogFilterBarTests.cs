using System.Globalization;
using Bunit;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Logs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Logs;

/// <summary>The Logs filter bar's "body contains": a text under 3 characters is marked and not searched.</summary>
public sealed class LogFilterBarTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public LogFilterBarTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
    }

    [Theory]
    [InlineData("pt-BR", "Digite pelo menos 3 caracteres para buscar no corpo.")]
    [InlineData("en", "Type at least 3 characters to search the body.")]
    public void A_body_text_under_three_characters_is_refused_in_the_field_and_three_are_searched(string culture, string message)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try { Check(message); }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    private void Check(string message)
    {
        var reported = new List<LogFilter>();
        var bar = _ctx.Render<LogFilterBar>(p => p
            .Add(b => b.Filter, new LogFilter { Type = LogType.Push })
            .Add(b => b.FilterChanged, (LogFilter f) => reported.Add(f)));
        // The field's state and its helper line (MudBlazor shows the error text there in place of the help).
        string? Error() => Body(bar).GetAttribute("aria-invalid") == "true" ? Body(bar).Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent.Trim() : null;

        Body(bar).Change(" ab ");
        Assert.Empty(reported);
        Assert.Equal(message, Error());

        Body(bar).Change("abc");
        Assert.Equal("abc", Assert.Single(reported).BodyContains);
        Assert.Equal(LogType.Push, reported[0].Type);
        Assert.Null(Error());
    }

    private static AngleSharp.Dom.IElement Body(IRenderedComponent<LogFilterBar> bar) => bar.Find("input[data-testid=filter-body]");

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();
}
