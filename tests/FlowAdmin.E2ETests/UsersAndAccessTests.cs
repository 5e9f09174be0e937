using System.Text.RegularExpressions;
using FlowAdmin.Data.Entities;
using FlowAdmin.E2ETests.Infrastructure;
using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FlowAdmin.E2ETests;

public sealed class UsersAndAccessTests
{
    [Fact]
    public async Task A_wrong_password_shows_the_error_message()
    {
        await using var s = await BrowserSession.StartAsync();
        await s.App.CreateTenantAsync("Acme");

        await s.SignInAsync(FlowAdminApp.AdminEmail("Acme"), "Wrong!Passw0rd");

        await Expect(s.Page.GetByTestId("login-error")).ToHaveTextAsync("E-mail ou senha incorretos.");
        await Expect(s.Page).ToHaveURLAsync(new Regex("Account/Login"));
        await s.ScreenshotAsync("login");
    }

    [Fact]
    public async Task An_administrator_creates_a_user_with_department_access_and_sees_it_in_the_grid()
    {
        await using var s = await BrowserSession.StartAsync();
        var tenant = await s.App.CreateTenantAsync("Acme");
        var sales = await s.App.WithTenantAsync(tenant.Id, async db =>
        {
            var d = new Department { Name = "Vendas" };
            db.Departments.AddRange(d, new Department { Name = "Suporte" });
            await db.SaveChangesAsync();
            return d.Id;
        });
        var page = s.Page;
        await s.SignInAsync(FlowAdminApp.AdminEmail("Acme"));
        await s.WaitInteractiveAsync();
        await s.GotoInteractiveAsync("settings/users");
        await Expect(page.GetByTestId("users-grid")).ToContainTextAsync(FlowAdminApp.AdminEmail("Acme"));

        await page.GetByTestId("user-create").ClickAsync();
        await Input(page, "user-name").FillAsync("Carla Dias");
        await Input(page, "user-email").FillAsync("carla-sem-arroba");
        await Input(page, "user-password").FillAsync(FlowAdminApp.Password);
        await page.GetByTestId($"user-department-{sales}").ClickAsync();
        await page.GetByTestId("user-save").ClickAsync();
        // Bad input: the error shows on the field and nothing is saved.
        await Expect(page.GetByText("Informe um e-mail válido.")).ToBeVisibleAsync();

        await Input(page, "user-email").FillAsync("carla@acme.test");
        await page.GetByTestId("user-save").ClickAsync();

        var row = page.GetByTestId("users-grid").Locator("tr", new() { HasText = "carla@acme.test" });
        await Expect(row).ToContainTextAsync("Carla Dias");
        await Expect(row).ToContainTextAsync("Vendas");
        await Expect(row).ToContainTextAsync("Atendente");
        await Expect(row).Not.ToContainTextAsync("Suporte");
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await s.ScreenshotAsync("users");
    }

    [Fact]
    public async Task The_language_switches_to_english_and_back()
    {
        await using var s = await BrowserSession.StartAsync();
        await s.App.CreateTenantAsync("Acme");
        var page = s.Page;
        await s.SignInAsync(FlowAdminApp.AdminEmail("Acme"));
        await s.WaitInteractiveAsync();
        var nav = page.Locator(".mud-drawer");
        await Expect(nav).ToContainTextAsync("Atendimentos");

        await page.GetByTestId("language-menu").ClickAsync();
        await page.GetByTestId("language-en").ClickAsync();
        await s.WaitInteractiveAsync();
        await Expect(nav).ToContainTextAsync("Tickets");
        await Expect(nav).ToContainTextAsync("Settings");

        await page.GetByTestId("language-menu").ClickAsync();
        await page.GetByTestId("language-pt-BR").ClickAsync();
        await s.WaitInteractiveAsync();
        await Expect(nav).ToContainTextAsync("Atendimentos");
        await Expect(nav).ToContainTextAsync("Configurações");
    }

    [Fact]
    public async Task An_agent_cannot_open_an_administrator_screen_and_has_no_settings_menu()
    {
        await using var s = await BrowserSession.StartAsync();
        var tenant = await s.App.CreateTenantAsync("Acme");
        await s.App.CreateUserAsync(tenant.Id, "agente@acme.test", Roles.Agent);
        var page = s.Page;
        await s.SignInAsync("agente@acme.test");
        await s.WaitInteractiveAsync();
        var nav = page.Locator(".mud-drawer");
        await Expect(nav).ToContainTextAsync("Atendimentos");
        await Expect(nav).Not.ToContainTextAsync("Configurações");

        await s.GotoInteractiveAsync("settings/channels");
        await Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        await Expect(nav).Not.ToContainTextAsync("Configurações");
    }

    [Fact]
    public async Task The_account_pages_offer_an_authenticator_setup_with_a_qr_code_in_both_languages()
    {
        await using var s = await BrowserSession.StartAsync();
        await s.App.CreateTenantAsync("Acme");
        var page = s.Page;
        await s.SignInAsync(FlowAdminApp.AdminEmail("Acme"));
        await s.WaitInteractiveAsync();

        await page.GetByTestId("account-menu").ClickAsync();
        await page.GetByTestId("manage-2fa").ClickAsync();
        await Expect(page.GetByTestId("2fa-disabled")).ToBeVisibleAsync();
        await page.GetByTestId("2fa-setup").ClickAsync();
        await Expect(page.GetByTestId("2fa-qr")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("2fa-uri")).ToContainTextAsync("otpauth://totp/FlowAdmin:");
        await s.ScreenshotAsync("two-factor");

        // Static pages switch language with plain links (no circuit for the menu).
        await page.GetByTestId("static-language").GetByTestId("language-en").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up an authenticator app" })).ToBeVisibleAsync();
        await page.GetByTestId("static-language").GetByTestId("language-pt-BR").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Configurar aplicativo autenticador" })).ToBeVisibleAsync();
    }

    /// <summary>The input of a MudBlazor field, whether the test id lands on the input or on its wrapper.</summary>
    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;
}
