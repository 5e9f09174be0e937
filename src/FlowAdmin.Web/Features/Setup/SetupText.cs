namespace FlowAdmin.Web.Features.Setup;

/// <summary>Marker for the setup page's strings.</summary>
public sealed class SetupText;
