namespace FlowAdmin.Web.Localization;

/// <summary>Marker for MudBlazor's own texts (pager, grid menus, close buttons) in pt-BR.</summary>
public sealed class MudText;
