using System.Globalization;
using Bunit;
using FlowAdmin.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FlowAdmin.Tests.Localization;

/// <summary>MudBlazor's own texts follow the UI language too (the grid pager is on every list screen).</summary>
public sealed class MudLocalizationTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public MudLocalizationTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddLocalization();
        _ctx.Services.AddTransient<MudLocalizer, FlowAdminMudLocalizer>();
    }

    [Theory]
    [InlineData("pt-BR", "Linhas por página:", "1-2 de 2")]
    [InlineData("en", "Rows per page:", "1-2 of 2")]
    public void The_grid_pager_speaks_the_users_language(string culture, string rowsPerPage, string info)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            var grid = _ctx.Render<MudDataGrid<string>>(p => p
                .Add(g => g.Items, ["a", "b"])
                .Add(g => g.Columns, (RenderFragment)(b =>
                {
                    b.OpenComponent<PropertyColumn<string, string>>(0);
                    b.AddAttribute(1, nameof(PropertyColumn<string, string>.Property), (System.Linq.Expressions.Expression<Func<string, string>>)(s => s));
                    b.CloseComponent();
                }))
                .Add(g => g.PagerContent, (RenderFragment)(b =>
                {
                    b.OpenComponent<MudDataGridPager<string>>(0);
                    b.CloseComponent();
                })));
            Assert.Contains(rowsPerPage, grid.Markup);
            Assert.Contains(info, grid.Markup);
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();
}
