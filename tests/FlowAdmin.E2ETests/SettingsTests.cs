using System.Text.RegularExpressions;
using FlowAdmin.E2ETests.Infrastructure;
using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FlowAdmin.E2ETests;

public sealed class SettingsTests
{
    [Fact]
    public async Task An_administrator_creates_a_department_sees_its_id_and_picks_it_as_a_channels_default()
    {
        await using var s = await BrowserSession.StartAsync();
        var tenant = await s.App.CreateTenantAsync("Acme");
        var page = s.Page;
        await s.SignInAsync(FlowAdminApp.AdminEmail("Acme"));
        await s.WaitInteractiveAsync();

        await s.GotoInteractiveAsync("settings/departments");
        await page.GetByTestId("departments-add").ClickAsync();
        await page.GetByTestId("department-name").FillAsync("Vendas");
        await page.GetByTestId("dialog-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("department-dialog")).ToHaveCountAsync(0);

        var id = await s.App.WithTenantAsync(tenant.Id, db => db.Departments.Where(d => d.Name == "Vendas").Select(d => d.Id).SingleAsync());
        var row = page.GetByTestId("departments-grid").Locator("tbody tr", new() { HasText = "Vendas" });
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync(id.ToString());
        await s.ScreenshotAsync("departments");

        await s.GotoInteractiveAsync("settings/channels");
        await page.GetByTestId("channels-add").ClickAsync();
        await page.GetByTestId("channel-name").FillAsync("Linha Vendas");
        await page.GetByTestId("channel-default-department").ClickAsync();
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($@"Vendas \(#{id}\)") });
        await Assertions.Expect(option).ToBeVisibleAsync();
        await s.ScreenshotAsync("channels");

        await option.ClickAsync();
        await page.GetByTestId("channel-number").FillAsync("5511900000001");
        await page.GetByTestId("dialog-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("channels-grid").Locator("tbody tr", new() { HasText = "Linha Vendas" }))
            .ToContainTextAsync($"Vendas (#{id})");

        // The department is now in use: deleting it is refused with a clear message, and it stays.
        await s.GotoInteractiveAsync("settings/departments");
        await page.GetByTestId($"department-{id}-delete").ClickAsync();
        await page.Locator(".mud-dialog-actions button", new() { HasText = "Excluir" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Desative-o em vez de excluir");
        await Assertions.Expect(row).ToHaveCountAsync(1);

        // The other two screens answer too (their services are covered by the integration tests).
        await s.GotoInteractiveAsync("settings/closing-reasons");
        await Assertions.Expect(page.GetByTestId("closing-reasons-grid")).ToBeVisibleAsync();
        await s.GotoInteractiveAsync("settings/templates");
        await Assertions.Expect(page.GetByTestId("templates-grid")).ToBeVisibleAsync();
        await page.GetByTestId("templates-add").ClickAsync();
        await page.GetByTestId("template-name").FillAsync("pedido_enviado");
        await page.GetByTestId("template-body").FillAsync("Olá {{1}}, seu pedido {{2}} foi enviado.");
        await Assertions.Expect(page.GetByTestId("template-variable-count")).ToHaveTextAsync("Variáveis: 2");
        await s.ScreenshotAsync("templates");
    }
}
