using System.Globalization;
using System.Text.Json.Nodes;
using Bunit;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Webhooks;

/// <summary>The "?" dialog: the event's real example, pretty-printed and coloured, and a copy button that copies exactly that JSON.</summary>
public sealed class EventExampleDialogTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public EventExampleDialogTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(string eventName)
    {
        var provider = _ctx.Render<MudDialogProvider>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<EventExampleDialog>(eventName,
            new DialogParameters<EventExampleDialog> { { d => d.EventName, eventName } }));
        provider.WaitForElement("[data-testid=event-example-json]");
        return provider;
    }

    [Theory]
    [InlineData(EventNames.NewTicket, "ticket")]
    [InlineData(EventNames.AckMessage, "ack")]
    [InlineData(EventNames.ConnectionStatusUpdate, "connection")]
    public async Task It_shows_the_events_example_pretty_printed_with_keys_and_values_coloured(string eventName, string firstKey)
    {
        var provider = await OpenAsync(eventName);

        var pre = provider.Find("[data-testid=event-example-json]");
        var shown = JsonNode.Parse(pre.TextContent)!;
        Assert.True(JsonNode.DeepEquals(EventPayloads.Example(eventName), shown));
        Assert.Contains("\n  ", pre.TextContent);
        Assert.Equal($"\"{firstKey}\"", pre.QuerySelector("span.fa-json-key")!.TextContent);
        Assert.Contains(pre.QuerySelectorAll("span.fa-json-string"), s => s.TextContent == $"\"{eventName}\"");
        Assert.Contains(pre.QuerySelectorAll("span.fa-json-number"), s => s.TextContent == "1");
        Assert.Contains("Produced by the same code that builds real deliveries", provider.Markup);
    }

    [Fact]
    public async Task Copy_puts_exactly_the_shown_JSON_on_the_clipboard()
    {
        var provider = await OpenAsync(EventNames.NewMessage);
        var shown = provider.Find("[data-testid=event-example-json]").TextContent;

        provider.Find("[data-testid=event-example-copy]").Click();

        // The button's handler is async (MudBlazor awaits before calling OnClick), so wait for the call rather than expect it at once.
        provider.WaitForAssertion(() => _ctx.JSInterop.VerifyInvoke("navigator.clipboard.writeText"));
        var copy = _ctx.JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal(shown, Assert.IsType<string>(Assert.Single(copy.Arguments)));
        Assert.Contains("\"body\": \"Aguarde, logo você será atendido.\"", shown);
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();
}
