using Bunit;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Features.Departments;
using FlowAdmin.Web.Features.Templates;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.DataProtection;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Settings;

/// <summary>The settings dialogs on a real database: bad input shows on the field and saves nothing.</summary>
public sealed class SettingsDialogTests : IAsyncDisposable
{
    private readonly SettingsDb _db = new();
    private readonly BunitContext _ctx = new();

    public SettingsDialogTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton<IDbContextFactory<AppDbContext>>(_db);
        _ctx.Services.AddScoped<IValidator<DepartmentInput>, DepartmentInputValidator>();
        _ctx.Services.AddScoped<DepartmentService>();
        _ctx.Services.AddScoped<IValidator<TemplateInput>, TemplateInputValidator>();
        _ctx.Services.AddScoped<TemplateService>();
        _ctx.Services.AddScoped<ChannelService>();
        _ctx.Services.AddSingleton(new FlowAdmin.Web.Features.Push.PushConfigCache(TimeProvider.System));
        _ctx.Services.AddScoped<IValidator<ChannelInput>, ChannelInputValidator>();
        _ctx.Services.AddSingleton(new ChannelTokenProtector(new EphemeralDataProtectionProvider()));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync<TDialog>() where TDialog : IComponent
    {
        var provider = _ctx.Render<MudDialogProvider>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>("Dialog"));
        provider.WaitForElement("[data-testid=dialog-save]");
        return provider;
    }

    [Fact]
    public async Task An_empty_name_shows_its_error_on_the_field_and_nothing_is_saved()
    {
        var provider = await OpenAsync<DepartmentDialog>();

        provider.Find("[data-testid=dialog-save]").Click();

        var expected = _db.Localizer<CommonText>()["Name.Required"].Value;
        provider.WaitForAssertion(() =>
        {
            var field = provider.Find("[data-testid=department-name]").Closest(".mud-input-control")!;
            Assert.Contains(expected, field.TextContent);
        });
        Assert.NotNull(provider.Find("[data-testid=department-dialog]"));
        await using var db = _db.CreateDbContext();
        Assert.Empty(await db.Departments.ToListAsync());
    }

    [Fact]
    public async Task A_taken_name_shows_its_error_on_the_field_and_nothing_is_saved()
    {
        _db.Add(_db.TenantA, new Department { Name = "Vendas" });
        var provider = await OpenAsync<DepartmentDialog>();

        provider.Find("input[data-testid=department-name], [data-testid=department-name] input").Change("vendas");
        provider.Find("[data-testid=dialog-save]").Click();

        var expected = _db.Localizer<CommonText>()["Name.Taken"].Value;
        provider.WaitForAssertion(() =>
            Assert.Contains(expected, provider.Find("[data-testid=department-name]").Closest(".mud-input-control")!.TextContent));
        await using var db = _db.CreateDbContext();
        Assert.Single(await db.Departments.ToListAsync());
    }

    [Fact]
    public async Task The_template_dialog_counts_the_variables_as_the_body_is_typed_and_refuses_a_gap()
    {
        _db.Add(_db.TenantA, new Channel { Name = "WABA", Kind = ChannelKind.Waba });
        var provider = await OpenAsync<TemplateDialog>();
        var t = _db.Localizer<TemplatesText>();

        provider.Find("[data-testid=template-name]").Change("pedido_enviado");
        provider.Find("[data-testid=template-body]").Input("Olá {{1}}, pedido {{3}}");
        provider.WaitForAssertion(() => Assert.Equal(t["VariableCount.Live", 3].Value, provider.Find("[data-testid=template-variable-count]").TextContent));

        provider.Find("[data-testid=dialog-save]").Click();
        provider.WaitForAssertion(() => Assert.Contains("{{1}}, {{2}}, {{3}}",
            provider.Find("[data-testid=template-body]").Closest(".mud-input-control")!.TextContent));
        await using (var db = _db.CreateDbContext())
            Assert.Empty(await db.Templates.ToListAsync());

        provider.Find("[data-testid=template-body]").Input("Olá {{1}}, pedido {{2}}");
        provider.WaitForAssertion(() => Assert.Equal(t["VariableCount.Live", 2].Value, provider.Find("[data-testid=template-variable-count]").TextContent));
        provider.Find("[data-testid=dialog-save]").Click();
        await using var saved = _db.CreateDbContext();
        provider.WaitForAssertion(() => Assert.Equal(2, saved.Templates.AsNoTracking().Single().VariableCount));
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _db.Dispose();
    }
}
