namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/logs</c>.</summary>
public static class LogsApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
