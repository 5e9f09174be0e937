using System.Net;
using FlowAdmin.E2ETests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using Microsoft.Playwright;

namespace FlowAdmin.E2ETests;

public sealed class TicketsTests
{
    // The grid loads after the first render; on a busy machine (test projects run side by side) 5 s is not enough.
    public TicketsTests() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_agent_finds_a_pushed_ticket_reads_its_thread_adds_a_note_and_closes_it_with_a_reason()
    {
        await using var browser = await BrowserSession.StartAsync();
        var kit = await PushKit.CreateAsync(browser.App);
        var (_, url) = await kit.AddConfigAsync("ERP Pedidos", kit.Whatsapp.Id);
        var response = await PushKit.PostAsync(url, PushKit.TextExample);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A push without externalKey is rejected (and counted as such on the dashboard).
        var rejected = await PushKit.PostAsync(url, """{"number": "5511999999999", "body": "sem chave"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        await kit.AllPushesDoneAsync(1);

        await browser.SignInAsync(kit.Agent.Email!);
        await browser.WaitInteractiveAsync();
        try
        {
            await WorkTheTicketAsync(browser, token: url[(url.LastIndexOf('/') + 1)..]);
        }
        catch
        {
            await browser.ScreenshotAsync("tickets-failure");
            throw;
        }
    }

    private static async Task WorkTheTicketAsync(BrowserSession browser, string token)
    {
        var page = browser.Page;
        // The agent's home is the dashboard: the accepted push is counted; agents get no settings.
        await Assertions.Expect(page.GetByTestId("pushes-accepted")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("pushes-rejected")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("tickets-pending")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("deliveries-none")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "API/WEBHOOK" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, await page.ContentAsync());
        await browser.ScreenshotAsync("dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Atendimentos" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Pendentes (1)" })).ToBeVisibleAsync();
        var grid = page.GetByTestId("tickets-grid");
        await Assertions.Expect(grid).ToContainTextAsync("5511999999999");
        await Assertions.Expect(grid).ToContainTextAsync("MENSAGEM");
        await grid.GetByText("MENSAGEM", new() { Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveTextAsync("Pendentes");
        await Assertions.Expect(page.GetByTestId("thread-body")).ToHaveTextAsync("MENSAGEM");
        await Assertions.Expect(page.GetByTestId("thread-external-key")).ToContainTextAsync("123456");
        await Assertions.Expect(page.GetByTestId("thread-ack")).ToHaveAttributeAsync("data-ack", new System.Text.RegularExpressions.Regex("[1-3]"));
        await Assertions.Expect(page.GetByTestId("ticket-history")).ToContainTextAsync("Criado pela configuração de API \"ERP Pedidos\"");

        // An empty note is refused on the field; a real one shows as an internal note.
        await page.GetByTestId("note-add").ClickAsync();
        await Assertions.Expect(page.GetByText("Escreva a nota.")).ToBeVisibleAsync();
        await page.GetByTestId("note-body").FillAsync("Cliente pediu retorno amanhã");
        await page.GetByTestId("note-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("thread-note")).ToContainTextAsync("Nota interna");
        await Assertions.Expect(page.GetByTestId("thread-note")).ToContainTextAsync("Cliente pediu retorno amanhã");
        await Assertions.Expect(page.GetByText("Escreva a nota.")).ToHaveCountAsync(0);

        // Closing needs a reason: refused on the field, then closed with "Resolvido".
        await page.GetByTestId("ticket-close").ClickAsync();
        await page.GetByTestId("close-save").ClickAsync();
        await Assertions.Expect(page.GetByText("Escolha o motivo de encerramento.")).ToBeVisibleAsync();
        await browser.ChooseAsync("close-reason", "Resolvido");
        await page.GetByTestId("close-save").ClickAsync();
        await Assertions.Expect(page.GetByText("Atendimento fechado.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveTextAsync("Fechados");
        await Assertions.Expect(page.GetByTestId("ticket-history")).ToContainTextAsync("Fechado com o motivo \"Resolvido\"");
        await Assertions.Expect(page.GetByTestId("ticket-close")).ToHaveCountAsync(0);
        // The agent sees which config created the ticket, never its push token.
        Assert.DoesNotContain(token, await page.ContentAsync());
        await browser.ScreenshotAsync("ticket");

        await page.GetByTestId("back-to-tickets").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Pendentes (0)" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Fechados (1)" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("tickets-grid")).ToContainTextAsync("Resolvido");
        await Assertions.Expect(page.GetByTestId("tickets-grid")).ToContainTextAsync("5511999999999");
        await browser.ScreenshotAsync("tickets");
    }
}
