namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/closing-reasons</c>.</summary>
public static class ClosingReasonsApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
