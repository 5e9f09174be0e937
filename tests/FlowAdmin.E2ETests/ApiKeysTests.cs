using System.Net;
using System.Net.Http.Headers;
using FlowAdmin.E2ETests.Infrastructure;
using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FlowAdmin.E2ETests;

public sealed class ApiKeysTests
{
    [Fact]
    public async Task An_administrator_creates_a_key_sees_it_once_copies_it_uses_it_and_revokes_it()
    {
        await using var browser = await BrowserSession.StartAsync();
        await browser.App.CreateTenantAsync("Acme");
        var page = browser.Page;
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.App.BaseAddress.ToString().TrimEnd('/') });
        await browser.SignInAsync(FlowAdminApp.AdminEmail("Acme"));
        await browser.WaitInteractiveAsync();

        try
        {
            await CreateUseAndRevokeAsync(browser);
        }
        catch
        {
            await browser.ScreenshotAsync("api-keys-failure");
            throw;
        }
    }

    private static async Task CreateUseAndRevokeAsync(BrowserSession browser)
    {
        var page = browser.Page;
        await browser.GotoInteractiveAsync("settings/api-keys");
        await Assertions.Expect(page.GetByTestId("api-keys-reference")).ToHaveAttributeAsync("href", "/scalar");

        await page.GetByTestId("api-keys-add").ClickAsync();
        await page.GetByTestId("api-key-name").FillAsync("ERP");
        await page.GetByTestId("api-key-scope").GetByText("Admin", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("dialog-save").ClickAsync();

        // Shown once, with the warning; the copy icon puts exactly that key on the clipboard.
        await Assertions.Expect(page.GetByTestId("api-key-created-warning")).ToContainTextAsync("não será mostrada novamente");
        var secret = (await page.GetByTestId("api-key-secret").TextContentAsync())!.Trim();
        Assert.Matches("^fak_[A-Za-z0-9_-]{43}$", secret);
        await page.GetByTestId("api-key-copy").ClickAsync();
        await Assertions.Expect(page.GetByText("Chave copiada para a área de transferência")).ToBeVisibleAsync();
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.GetByTestId("api-key-created-close").ClickAsync();
        await Assertions.Expect(page.GetByTestId("api-key-created")).ToHaveCountAsync(0);

        var row = page.GetByTestId("api-keys-grid").Locator("tbody tr", new() { HasText = "ERP" });
        await Assertions.Expect(row).ToContainTextAsync(secret[..10] + "…");
        await Assertions.Expect(row).ToContainTextAsync("Admin");
        await Assertions.Expect(row).ToContainTextAsync("Nunca");
        Assert.DoesNotContain(secret, await page.ContentAsync());

        using var api = new HttpClient { BaseAddress = new Uri(browser.App.BaseAddress, "api/v1/") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("departments")).StatusCode);

        // The list now shows when it was used (and never the key again, after a reload either).
        await browser.GotoInteractiveAsync("settings/api-keys");
        await Assertions.Expect(row).ToContainTextAsync("Ativa");
        await Assertions.Expect(row).Not.ToContainTextAsync("Nunca");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await browser.ScreenshotAsync("api-keys");

        await row.Locator("[data-testid$='-revoke']").ClickAsync();
        await page.Locator(".mud-dialog-actions button", new() { HasText = "Revogar" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Chave revogada");
        await Assertions.Expect(row).ToContainTextAsync("Revogada");
        await Assertions.Expect(row.Locator("[data-testid$='-revoke']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("departments")).StatusCode);
    }
}
