using System.Globalization;
using Bunit;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Tickets;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Tickets;

/// <summary>The ticket page's thread and history as an agent reads them.</summary>
public sealed class TicketThreadTests : IAsyncDisposable
{
    private static readonly DateTime At = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly BunitContext _ctx = new();

    public TicketThreadTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
    }

    private static ThreadMessage Message(string body, bool note = false, int ack = Acks.Sent, string? mediaUrl = null, string mediaType = "chat",
        string? template = null, string[]? parameters = null, string? externalKey = null) =>
        new(Guid.NewGuid(), At, body, mediaUrl, mediaType, FromMe: true, note, ack, externalKey, "api", template, parameters ?? [], "Ana", null);

    [Fact]
    public void Notes_media_template_params_acks_and_external_keys_are_shown_and_unsafe_links_are_not()
    {
        var thread = _ctx.Render<TicketThread>(p => p.Add(x => x.Messages, [
            Message("Olá Ana, seu pedido 42 foi enviado.", ack: Acks.Read, template: "pedido", parameters: ["Ana", "42"], externalKey: "pedido-42"),
            Message("Foto", mediaUrl: "https://cdn.example.test/foto.jpg", mediaType: "image", ack: Acks.Error),
            Message("Ligar amanhã", note: true),
            Message("", mediaUrl: "javascript:alert(1)", mediaType: "document"),
        ]));

        var notes = thread.FindAll("[data-testid=thread-note]");
        Assert.Contains("Internal note", Assert.Single(notes).TextContent);
        // A note is never sent, so it has no delivery state.
        Assert.Empty(notes[0].QuerySelectorAll("[data-testid=thread-ack]"));
        Assert.Equal(["3", "-1", "1"], thread.FindAll("[data-testid=thread-ack]").Select(a => a.GetAttribute("data-ack")!));
        Assert.Contains("Read", thread.FindAll("[data-testid=thread-ack]")[0].TextContent);
        Assert.Contains("Send failed", thread.FindAll("[data-testid=thread-ack]")[1].TextContent);

        var template = thread.Find("[data-testid=thread-template]").TextContent;
        Assert.Contains("Template: pedido", template);
        Assert.Contains("{{1}} = Ana", template);
        Assert.Contains("{{2}} = 42", template);
        Assert.Contains("externalKey: pedido-42", thread.Find("[data-testid=thread-external-key]").TextContent);

        var media = Assert.Single(thread.FindAll("[data-testid=thread-media]"));
        Assert.Equal("https://cdn.example.test/foto.jpg", media.GetAttribute("href"));
        Assert.DoesNotContain("javascript:", thread.Markup);
    }

    [Fact]
    public void History_lines_name_the_api_config_the_transfer_target_and_the_closing_reason()
    {
        var history = _ctx.Render<TicketHistory>(p => p.Add(x => x.Lines, [
            new HistoryLine(At, "Created", "ERP Pedidos", null, null, null, null),
            new HistoryLine(At, "Transferred", null, "Vendas", "Bia", null, "Ana"),
            new HistoryLine(At, "Closed", null, null, null, "Resolvido", "Bia"),
        ]));

        var lines = history.FindAll("[data-testid=history-line]").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal(["Created by API config \"ERP Pedidos\"", "Transferred to department Vendas, with Bia", "Closed with reason \"Resolvido\""], lines);
        Assert.Contains("by Ana", history.Markup);
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();
}
