using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FlowAdmin.E2ETests.Infrastructure;

/// <summary>
/// Debian's Chromium (never a downloaded browser) driven by Playwright against the real app on a
/// loopback port. One per test: its own app, database and browser context.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public static readonly string ScreenshotFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/screenshots"));

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public required FlowAdminApp App { get; init; }
    public IPage Page { get; private set; } = null!;

    public static async Task<BrowserSession> StartAsync(FlowAdminApp? app = null)
    {
        var session = new BrowserSession { App = app ?? new FlowAdminApp() };
        session._playwright = await Playwright.CreateAsync();
        session._browser = await session._playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FLOWADMIN_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await session._browser.NewContextAsync(new() { BaseURL = session.App.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 850 } });
        context.SetDefaultTimeout(15_000);
        session.Page = await context.NewPageAsync();
        return session;
    }

    /// <summary>Opens a page and waits until its Blazor circuit is interactive (clicks before that are lost).</summary>
    public async Task GotoInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitInteractiveAsync();
    }

    public Task WaitInteractiveAsync() => Page.Locator("[data-fa-interactive='true']").WaitForAsync();

    /// <summary>
    /// Picks <paramref name="option"/> in the MudSelect <paramref name="selectTestId"/> and waits for its list to
    /// close: a click made while the list is still closing lands on its overlay, not on the button under it.
    /// </summary>
    public async Task ChooseAsync(string selectTestId, string option, bool exact = false)
    {
        await Page.GetByTestId(selectTestId).ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText(option, new() { Exact = exact }).ClickAsync();
        await Assertions.Expect(Page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    public async Task SignInAsync(string email, string password = FlowAdminApp.Password)
    {
        await Page.GotoAsync("Account/Login");
        await Page.GetByTestId("login-email").FillAsync(email);
        await Page.GetByTestId("login-password").FillAsync(password);
        await Page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>Saves a screenshot for the README under docs/screenshots.</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png") });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
