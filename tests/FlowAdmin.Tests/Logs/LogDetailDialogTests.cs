using Bunit;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Logs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Logs;

/// <summary>The log detail dialog: request and response panels, pretty JSON, masked headers, attempts, the ticket link.</summary>
public sealed class LogDetailDialogTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public LogDetailDialogTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(LogDetail detail, Func<long, Task<LogDetail?>>? replay = null)
    {
        var provider = _ctx.Render<MudDialogProvider>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<LogDetailDialog> { { d => d.Detail, detail }, { d => d.TimeZone, TimeZoneInfo.Utc } };
        if (replay is not null) parameters.Add(d => d.Replay, replay);
        await provider.InvokeAsync(() => dialogs.ShowAsync<LogDetailDialog>("Detalhe", parameters));
        provider.WaitForElement("[data-testid=log-detail]", TimeSpan.FromSeconds(10));
        return provider;
    }

    private static void ClickTab(IRenderedComponent<MudDialogProvider> provider, string panel, string tab) =>
        provider.FindAll($"[data-testid={panel}] .mud-tab").Single(t => t.TextContent.Trim() == tab).Click();

    [Fact]
    public async Task A_webhook_attempt_shows_what_was_sent_and_what_came_back_pretty_printed_with_its_attempts()
    {
        var detail = new LogDetail(
            7, LogType.Webhook, "CRM", null, 2, "NewTicket", false, 503, "HTTP 503",
            """{"Content-Type":"application/json","Authorization":"***"}""", """{"event":"NewTicket","data":{"id":42,"open":true}}""",
            """{"Retry-After":"5"}""", """{"error":"busy"}""",
            null, null, 120, 2, 9, null, new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc),
            [new(6, 1, false, null, "Connection refused", 30, new DateTime(2026, 12, 1, 11, 59, 0, DateTimeKind.Utc)),
             new(7, 2, false, 503, "HTTP 503", 120, new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc))]);

        var provider = await OpenAsync(detail);

        // Envio > Payload: indented JSON, keys and values highlighted, with a copy button.
        var payload = provider.Find("[data-testid=log-detail-request] [data-testid=request-body]");
        Assert.Contains("\"event\"</span>: <span class=\"fa-json-string\">\"NewTicket\"</span>", payload.InnerHtml);
        Assert.Contains("\n  \"data\"", payload.TextContent.Replace("\r", ""));
        Assert.Contains("<span class=\"fa-json-number\">42</span>", payload.InnerHtml);
        Assert.Contains("<span class=\"fa-json-literal\">true</span>", payload.InnerHtml);
        Assert.NotNull(provider.Find("[data-testid=request-body-copy]"));
        ClickTab(provider, "log-detail-request", "Header");
        provider.WaitForAssertion(() => Assert.Contains("\"***\"", provider.Find("[data-testid=request-headers]").TextContent));

        // Retorno > Status, Body, Header.
        Assert.Contains("HTTP 503", provider.Find("[data-testid=log-detail-response] [data-testid=response-status]").TextContent);
        ClickTab(provider, "log-detail-response", "Body");
        provider.WaitForAssertion(() => Assert.Contains("busy", provider.Find("[data-testid=response-body]").TextContent));
        ClickTab(provider, "log-detail-response", "Header");
        provider.WaitForAssertion(() => Assert.Contains("Retry-After", provider.Find("[data-testid=response-headers]").TextContent));

        var attempts = provider.Find("[data-testid=log-detail-attempts]").TextContent;
        Assert.Contains("Tentativa 1", attempts);
        Assert.Contains("Falha: Connection refused", attempts);
        Assert.Contains("Tentativa 2", attempts);
        Assert.Contains("Falha 503", attempts);
        Assert.Empty(provider.FindAll("[data-testid=log-detail-ticket]"));
    }

    [Fact]
    public async Task A_push_links_to_its_ticket_and_shows_its_keys_and_a_body_that_is_not_json_as_it_came()
    {
        var detail = new LogDetail(
            3, LogType.Push, "ERP", 1, null, "Push", true, 200, null,
            "{}", "not json {", "{}", """{"message":"Message add queue","id":3}""",
            "123456", "5511999999999", 8, null, null, 42, DateTime.UtcNow, []);

        var provider = await OpenAsync(detail);

        Assert.Equal("atendimentos/42", provider.Find("[data-testid=log-detail-ticket]").GetAttribute("href"));
        Assert.Equal("123456", provider.Find("[data-testid=log-detail-external-key]").TextContent);
        Assert.Equal("not json {", provider.Find("[data-testid=request-body] pre").TextContent);
        Assert.Contains("Sucesso 200", provider.Find("[data-testid=log-status]").TextContent);
        Assert.Empty(provider.FindAll("[data-testid=log-detail-attempts]"));
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Reenviar_replays_the_delivery_and_shows_the_new_attempt_and_is_absent_without_the_right()
    {
        var failed = Webhook(7, attempt: 1, success: false, status: 500);
        var replayedIds = new List<long>();
        var provider = await OpenAsync(failed, deliveryId =>
        {
            replayedIds.Add(deliveryId);
            return Task.FromResult<LogDetail?>(Webhook(8, attempt: 2, success: true, status: 200));
        });

        provider.Find("[data-testid=log-detail-replay]").Click();

        provider.WaitForAssertion(() => Assert.Contains("200", provider.Find("[data-testid=response-status]").TextContent));
        Assert.Equal([9L], replayedIds);

        var agentProvider = await OpenAsync(failed);
        Assert.Empty(agentProvider.FindAll("[data-testid=log-detail-replay]"));
    }

    private static LogDetail Webhook(long id, int attempt, bool success, int status) => new(
        id, LogType.Webhook, "CRM", null, 2, "NewTicket", success, status, success ? null : $"HTTP {status}",
        "{}", """{"event":"NewTicket"}""", "{}", "", null, null, 10, attempt, 9, null,
        new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), []);
}
