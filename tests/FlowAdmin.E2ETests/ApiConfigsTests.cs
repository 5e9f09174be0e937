using System.Net;
using FlowAdmin.Data.Entities;
using FlowAdmin.E2ETests.Infrastructure;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FlowAdmin.E2ETests;

public sealed class ApiConfigsTests
{
    [Fact]
    public async Task An_administrator_adds_a_config_copies_its_URL_and_a_push_to_it_opens_a_ticket()
    {
        await using var browser = await BrowserSession.StartAsync();
        var kit = await PushKit.CreateAsync(browser.App);
        var page = browser.Page;
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.App.BaseAddress.ToString().TrimEnd('/') });

        await browser.SignInAsync(FlowAdminApp.AdminEmail("Acme"));
        await browser.WaitInteractiveAsync();
        await browser.GotoInteractiveAsync("settings/api-webhook");

        try
        {
            await AddConfigAndPushAsync(browser, kit);
        }
        catch
        {
            await browser.ScreenshotAsync("api-configs-failure");
            throw;
        }
        await browser.ScreenshotAsync("api-configs");
    }

    private static async Task AddConfigAndPushAsync(BrowserSession browser, PushKit kit)
    {
        var page = browser.Page;
        await page.GetByTestId("api-config-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("api-config-hint")).ToContainTextAsync("aba de fechados");
        await page.GetByTestId("api-config-name").FillAsync("ERP Pedidos");
        await browser.ChooseAsync("api-config-channel", "Linha 1");
        await browser.ChooseAsync("api-config-action", "Redirecionar para fila");
        await page.GetByTestId("api-config-save").ClickAsync();
        // Without a department the validator refuses, on the field.
        await Assertions.Expect(page.GetByTestId("api-config-dialog")).ToContainTextAsync("Escolha o departamento");
        await browser.ChooseAsync("api-config-department", "Vendas");
        await page.GetByTestId("api-config-save").ClickAsync();

        var grid = page.GetByTestId("api-configs-grid");
        await Assertions.Expect(grid).ToContainTextAsync("ERP Pedidos");
        await Assertions.Expect(grid).ToContainTextAsync("Redirecionar para fila: Vendas");
        await page.GetByTestId("copy-url-ERP Pedidos").ClickAsync();
        await Assertions.Expect(page.GetByText("URL copiada para a área de transferência")).ToBeVisibleAsync();
        var url = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/api/push/[A-Za-z0-9_-]{43}$", url);
        await Assertions.Expect(page.GetByTestId("push-url-masked").First).ToContainTextAsync("/api/push/" + url[(url.LastIndexOf('/') + 1)..][..6] + "•");

        var response = await PushKit.PostAsync(url, PushKit.TextExample);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await kit.AllPushesDoneAsync(1);
        var ticket = await kit.DbAsync(db => db.Tickets.SingleAsync());
        Assert.Equal(TicketStatus.Pending, ticket.Status);
        Assert.Equal(kit.Sales.Id, ticket.DepartmentId);
        Assert.True(ticket.IsCreatedAtApi);

        // The API reference (Scalar, over the OpenAPI document) opens from the page, in a new tab.
        var reference = page.GetByTestId("api-reference-link");
        await Assertions.Expect(reference).ToContainTextAsync("Referência da API");
        var docs = await page.Context.RunAndWaitForPageAsync(() => reference.ClickAsync());
        await docs.WaitForLoadStateAsync();
        Assert.Equal("/scalar", new Uri(docs.Url).AbsolutePath.TrimEnd('/'));
        await Assertions.Expect(docs).ToHaveTitleAsync("FlowAdmin API");
        await docs.CloseAsync();
    }
}
