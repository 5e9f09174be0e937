namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/templates</c>.</summary>
public static class TemplatesApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
