namespace FlowAdmin.Web.Components.Layout;

/// <summary>Marker for the layout's strings (LayoutText.resx: pt-BR; LayoutText.en.resx: English).</summary>
public sealed class LayoutText;
