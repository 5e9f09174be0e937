using Bunit;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Departments;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Settings;

/// <summary>The department dialog on a real database: bad input shows on the field and saves nothing.</summary>
public sealed class DepartmentDialogTests : IAsyncDisposable
{
    private readonly SettingsDb _db = new();
    private readonly BunitContext _ctx = new();

    public DepartmentDialogTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton<IDbContextFactory<AppDbContext>>(_db);
        _ctx.Services.AddScoped<IValidator<DepartmentInput>, DepartmentInputValidator>();
        _ctx.Services.AddScoped<DepartmentService>();
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        var provider = _ctx.Render<MudDialogProvider>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<DepartmentDialog>("Departamento"));
        provider.WaitForElement("[data-testid=dialog-save]");
        return provider;
    }

    [Fact]
    public async Task An_empty_name_shows_its_error_on_the_field_and_nothing_is_saved()
    {
        var provider = await OpenAsync();

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
        var provider = await OpenAsync();

        provider.Find("input[data-testid=department-name], [data-testid=department-name] input").Change("vendas");
        provider.Find("[data-testid=dialog-save]").Click();

        var expected = _db.Localizer<CommonText>()["Name.Taken"].Value;
        provider.WaitForAssertion(() =>
            Assert.Contains(expected, provider.Find("[data-testid=department-name]").Closest(".mud-input-control")!.TextContent));
        await using var db = _db.CreateDbContext();
        Assert.Single(await db.Departments.ToListAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _db.Dispose();
    }
}
