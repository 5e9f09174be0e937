namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/api-configs</c>.</summary>
public static class ApiConfigsApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
