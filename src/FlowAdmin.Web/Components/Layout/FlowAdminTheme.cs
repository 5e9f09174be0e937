using MudBlazor;

namespace FlowAdmin.Web.Components.Layout;

public static class FlowAdminTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#00897b", Secondary = "#5e35b1", AppbarBackground = "#00695c" },
        PaletteDark = new PaletteDark { Primary = "#4db6ac", Secondary = "#b39ddb" },
    };
}
