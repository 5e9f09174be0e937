namespace FlowAdmin.Web.Features.ApiConfigs;

/// <summary>Marker for ApiConfigsText.resx (pt-BR) and ApiConfigsText.en.resx.</summary>
public sealed class ApiConfigsText;
