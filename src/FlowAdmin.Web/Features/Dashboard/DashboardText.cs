namespace FlowAdmin.Web.Features.Dashboard;

/// <summary>Marker for the dashboard's texts.</summary>
public sealed class DashboardText;
