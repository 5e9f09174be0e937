using Microsoft.Extensions.Localization;
using MudBlazor;

namespace FlowAdmin.Web.Localization;

/// <summary>
/// Gives MudBlazor's built-in texts ("Rows per page", "Close"...) our translations; MudBlazor falls
/// back to its own English for any key MudText.resx does not have.
/// </summary>
public sealed class FlowAdminMudLocalizer(IStringLocalizer<MudText> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}
