using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.E2ETests.Infrastructure;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.IntegrationTests.Webhooks;
using FlowAdmin.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FlowAdmin.E2ETests;

/// <summary>
/// The browser journey in one go, as an agent works: a push arrives, the agent finds it in the
/// logs by its externalKey, reads what was sent and answered, follows it to its ticket, closes the ticket
/// with a reason, and finds the FinishedTicket delivery (to a real receiver) in the logs.
/// </summary>
public sealed class JourneyTests
{
    // Grids load after the first render; on a busy machine (test projects run side by side) 5 s is not enough.
    public JourneyTests() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task A_push_is_found_in_the_logs_by_externalKey_followed_to_its_ticket_closed_and_its_FinishedTicket_logged()
    {
        await using var receiver = await Receiver.StartAsync();
        // Fast webhook polling and a loopback receiver (a lab deployment that allows private targets).
        await using var browser = await BrowserSession.StartAsync(new FlowAdminApp(settings: WebhookKit.FastSettings()));
        var kit = await PushKit.CreateAsync(browser.App);
        var (_, url) = await kit.AddConfigAsync("ERP Pedidos", kit.Whatsapp.Id);
        await WebhookKit.AddAsync(kit, "ERP Eventos", receiver.Url("/hook"), [EventNames.FinishedTicket]);

        // Two pushes from the ERP for two customers: the filter must single ours out.
        var ours = PushKit.TextExample.Replace("123456", "pedido-4242").Replace("MENSAGEM", "Seu pedido saiu para entrega");
        var other = PushKit.TextExample.Replace("123456", "pedido-9999").Replace("5511999999999", "5511988887777");
        var accepted = await PushKit.PostAsync(url, ours);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var answer = await accepted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, other)).StatusCode);
        var pushes = await kit.AllPushesDoneAsync(2);
        var ticketId = pushes.Single(p => p.ExternalKey == "pedido-4242").TicketId!.Value;

        await browser.SignInAsync(kit.Agent.Email!);
        await browser.WaitInteractiveAsync();
        try
        {
            await FindThePushAndFollowItToTheTicketAsync(browser, answer, ticketId);
            await CloseTheTicketAsync(browser);
            await kit.EventuallyAsync(db => db.LogEntries.CountAsync(e => e.Event == EventNames.FinishedTicket), n => n == 1);
            await FindFinishedTicketInTheLogsAsync(browser, ticketId);
        }
        catch
        {
            await browser.ScreenshotAsync("journey-failure");
            throw;
        }

        // The receiver got the same delivery the log shows.
        var delivered = Assert.Single(receiver.At("/hook"));
        Assert.Equal(EventNames.FinishedTicket, delivered.Event);
        Assert.Equal(ticketId, (int)delivered.Json["ticket"]!["id"]!);
    }

    private static async Task FindThePushAndFollowItToTheTicketAsync(BrowserSession browser, string answer, int ticketId)
    {
        var page = browser.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Logs" }).ClickAsync();
        await browser.WaitInteractiveAsync();
        var grid = page.GetByTestId("logs-grid");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(2);

        // Typed as a user types it; the filter applies when the field is left with Enter.
        await page.GetByTestId("filter-external-key").PressSequentiallyAsync("pedido-4242");
        await page.GetByTestId("filter-external-key").PressAsync("Enter");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Contains("externalKey=pedido-4242", page.Url);
        await Assertions.Expect(grid).ToContainTextAsync("ERP Pedidos");
        await Assertions.Expect(grid).ToContainTextAsync("API (Push)");
        await Assertions.Expect(grid).ToContainTextAsync("Sucesso 200");

        // What was sent and what came back: the body as posted, and the API's own answer.
        await grid.Locator("[data-testid^=log-open-]").ClickAsync();
        var dialog = page.GetByTestId("log-detail");
        await Assertions.Expect(dialog.GetByTestId("request-body")).ToContainTextAsync("\"externalKey\": \"pedido-4242\"");
        await Assertions.Expect(dialog.GetByTestId("request-body")).ToContainTextAsync("\"body\": \"Seu pedido saiu para entrega\"");
        await Assertions.Expect(dialog.GetByTestId("log-detail-external-key")).ToHaveTextAsync("pedido-4242");
        await Assertions.Expect(dialog.GetByTestId("response-status")).ToContainTextAsync("HTTP 200");
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Body", Exact = true }).ClickAsync();
        var shown = await dialog.GetByTestId("response-body").Locator(".fa-code").TextContentAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(answer), JsonNode.Parse(shown ?? "")), $"Logged response {shown} is not the API's answer {answer}");

        // The link to the ticket the push created.
        await dialog.GetByTestId("log-detail-ticket").ClickAsync();
        await page.WaitForURLAsync($"**/atendimentos/{ticketId}");
        await Assertions.Expect(page.GetByTestId("log-detail")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("ticket-title")).ToContainTextAsync($"#{ticketId}");
        await Assertions.Expect(page.GetByTestId("thread-body")).ToHaveTextAsync("Seu pedido saiu para entrega");
        await Assertions.Expect(page.GetByTestId("thread-external-key")).ToContainTextAsync("pedido-4242");
    }

    private static async Task CloseTheTicketAsync(BrowserSession browser)
    {
        var page = browser.Page;
        await browser.WaitInteractiveAsync();
        await page.GetByTestId("ticket-close").ClickAsync();
        await browser.ChooseAsync("close-reason", "Resolvido");
        await page.GetByTestId("close-save").ClickAsync();
        await Assertions.Expect(page.GetByText("Atendimento fechado.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveTextAsync("Fechados");
        await Assertions.Expect(page.GetByTestId("ticket-history")).ToContainTextAsync("Fechado com o motivo \"Resolvido\"");
    }

    private static async Task FindFinishedTicketInTheLogsAsync(BrowserSession browser, int ticketId)
    {
        var page = browser.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Logs" }).ClickAsync();
        await browser.WaitInteractiveAsync();
        var grid = page.GetByTestId("logs-grid");
        // Two pushes and the one delivery of the only subscribed event.
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(3);

        await browser.ChooseAsync("filter-event", EventNames.FinishedTicket, exact: true);
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Contains($"event={EventNames.FinishedTicket}", page.Url);
        await Assertions.Expect(grid).ToContainTextAsync("ERP Eventos");
        await Assertions.Expect(grid).ToContainTextAsync("Webhook");
        await Assertions.Expect(grid).ToContainTextAsync("Sucesso 200");

        await grid.Locator("[data-testid^=log-open-]").ClickAsync();
        var dialog = page.GetByTestId("log-detail");
        var sent = JsonNode.Parse(await dialog.GetByTestId("request-body").Locator(".fa-code").TextContentAsync() ?? "")!;
        Assert.Equal(EventNames.FinishedTicket, (string)sent["event"]!);
        Assert.Equal(ticketId, (int)sent["ticket"]!["id"]!);
        Assert.Equal("closed", (string)sent["ticket"]!["status"]!);
        await Assertions.Expect(dialog.GetByTestId("response-status")).ToContainTextAsync("HTTP 200");
        await Assertions.Expect(dialog.GetByTestId("log-detail-attempts")).ToBeVisibleAsync();
    }
}
