using Bunit;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.ApiKeys;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Settings;

/// <summary>The API keys screen on a real database: a new key is shown once, then only its prefix; bad input saves nothing.</summary>
public sealed class ApiKeysPageTests : IAsyncDisposable
{
    private readonly SettingsDb _db = new();
    private readonly BunitContext _ctx = new();

    public ApiKeysPageTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton<IDbContextFactory<AppDbContext>>(_db);
        _ctx.Services.AddScoped<IValidator<ApiKeyInput>, ApiKeyInputValidator>();
        _ctx.Services.AddScoped<ApiKeyService>();
    }

    [Fact]
    public async Task A_new_key_is_shown_once_stored_as_a_hash_and_listed_by_its_prefix_only()
    {
        var provider = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<ApiKeysPage>();
        var t = _db.Localizer<ApiKeysText>();

        page.Find("[data-testid=api-keys-add]").Click();
        provider.WaitForElement("[data-testid=api-key-name]");
        provider.Find("[data-testid=api-key-name] input, input[data-testid=api-key-name]").Change("ERP");
        provider.FindAll("[data-testid=api-key-scope] input.mud-radio-input")[1].Click(); // read-only first, then admin
        provider.Find("[data-testid=dialog-save]").Click();

        var secret = provider.WaitForElement("[data-testid=api-key-secret]").TextContent.Trim();
        Assert.True(ApiKeySecrets.LooksLikeKey(secret), secret);
        Assert.Contains(t["Created.Warning"].Value, provider.Markup);
        await using (var db = _db.CreateDbContext())
        {
            var stored = await db.ApiKeys.SingleAsync();
            Assert.Equal(ApiKeyScope.Admin, stored.Scope);
            Assert.True(ApiKeySecrets.Matches(secret, stored.KeyHash));
        }

        provider.Find("[data-testid=api-key-created-close]").Click();
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=api-key-created]")));
        page.WaitForAssertion(() => Assert.Contains(ApiKeySecrets.Display(secret) + "…", page.Markup));
        Assert.DoesNotContain(secret, page.Markup + provider.Markup);
        Assert.Contains(t["Never"].Value, page.Markup);
        Assert.Contains(t["Scope.Admin"].Value, page.Markup);
    }

    [Fact]
    public async Task An_empty_name_shows_its_error_on_the_field_and_creates_no_key()
    {
        var provider = _ctx.Render<MudDialogProvider>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ApiKeyDialog>("Dialog"));
        provider.WaitForElement("[data-testid=dialog-save]").Click();

        var expected = _db.Localizer<CommonText>()["Name.Required"].Value;
        provider.WaitForAssertion(() =>
            Assert.Contains(expected, provider.Find("[data-testid=api-key-name]").Closest(".mud-input-control")!.TextContent));
        Assert.Empty(provider.FindAll("[data-testid=api-key-secret]"));
        await using var db = _db.CreateDbContext();
        Assert.Empty(await db.ApiKeys.ToListAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _db.Dispose();
    }
}
